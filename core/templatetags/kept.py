"""`{% kept NAME PART… %}…{% endkept %}`: a part of a page rendered once per data version
and kept (`core.conditional.kept_for_data`), for what a record shows the same way on
every page and every request: a roadmap row's cells, an initiative's line in a list.

The key is NAME, the PARTs (ids, numbers, short strings: what the part depends on besides
the data and the language being shown) and, always, the request's scheme and host (for
the absolute addresses some parts print). What is inside must depend on nothing else: not
on the request's query, not on variables set around it that its PARTs do not name. It is
Django's `{% cache %}` with the data version in the key, and a cache that is down only
costs the rendering.
"""

from django import template

from core.conditional import kept_for_data

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context) -> str:
        request = context.get("request")
        site = (request.scheme, request.get_host()) if request is not None else None
        parts = (site, *(part.resolve(context) for part in self.parts))
        for part in parts[1:]:
            if not isinstance(part, str | int | bool | None):
                raise template.TemplateSyntaxError(
                    f"{{% kept {self.name} %}} takes ids, numbers and short strings, "
                    f"not {type(part).__name__}."
                )
        return kept_for_data(
            request, f"fragment:{self.name}", parts, lambda: self.nodelist.render(context)
        )


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or not (bits[1][0] == bits[1][-1] and bits[1][0] in "\"'"):
        raise template.TemplateSyntaxError("{% kept %} needs a name in quotes first.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
