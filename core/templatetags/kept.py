"""`{% kept NAME PART… %}…{% endkept %}`: a part of a page rendered once per data version
and kept (`core.conditional.kept_for_data`), for what a record shows the same way on
every page and every request: a roadmap row's cells, an initiative's line in a list.

The key is NAME, the PARTs (ids, numbers, short strings: what the part depends on besides
the data and the language being shown) and, always, the request's scheme and host (for
the absolute addresses some parts print). What is inside must depend on nothing else: not
on the request's query, not on variables set around it that its PARTs do not name. It is
Django's `{% cache %}` with the data version in the key, and a cache that is down only
costs the rendering. A kept part is also kept in each process's memory;
`{% kept_shared NAME PART… %}…{% endkept_shared %}` keeps it in the shared cache only, for
parts as many as what people type (a search's results), which only that cache's bounds
should hold.

`{% fixed NAME PART… %}…{% endfixed %}` is for what depends on the code alone (and the
language, the site and its PARTs), not on the data: the frame of every page, its links to
the sections and its stylesheets. Rendered once by each process and kept in its memory.
"""

import threading

from django import template
from django.core.signals import setting_changed
from django.template.loader_tags import BlockNode
from django.utils.translation import get_language

from core.conditional import kept_for_data, request_site

register = template.Library()


class KeptNode(template.Node):
    tag = "kept"
    in_process = True
    # Not searched for blocks by {% extends %} on every rendering (the page frame's parts
    # are most of its nodes): a kept part holds no block, as _parse makes sure.
    child_nodelists = ()

    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def key(self, context) -> tuple:
        parts = (
            request_site(context.get("request")),
            *(part.resolve(context) for part in self.parts),
        )
        for part in parts[1:]:
            if not isinstance(part, str | int | bool | None):
                raise template.TemplateSyntaxError(
                    f"{{% {self.tag} {self.name} %}} takes ids, numbers and short strings, "
                    f"not {type(part).__name__}."
                )
        return parts

    def render(self, context) -> str:
        return kept_for_data(
            context.get("request"),
            f"fragment:{self.name}",
            self.key(context),
            lambda: self.nodelist.render(context),
            in_process=self.in_process,
        )


class SharedKeptNode(KeptNode):
    tag = "kept_shared"
    in_process = False


# Bounded by the templates' names, the languages, the allowed hosts and the few values
# of the parts (a section's name); emptied when a test changes the settings.
_fixed: dict[tuple, str] = {}
_fixed_lock = threading.Lock()
_FIXED_ENTRIES = 4096


def forget_fixed(**kwargs) -> None:
    with _fixed_lock:
        _fixed.clear()


setting_changed.connect(forget_fixed)


class FixedNode(KeptNode):
    tag = "fixed"

    def render(self, context) -> str:
        key = (self.name, get_language(), *self.key(context))
        found = _fixed.get(key)
        if found is None:
            found = self.nodelist.render(context)
            with _fixed_lock:
                if len(_fixed) >= _FIXED_ENTRIES:
                    _fixed.clear()
                _fixed[key] = found
        return found


def _parse(parser, token, end: str, node_class):
    bits = token.split_contents()
    if len(bits) < 2 or not (bits[1][0] == bits[1][-1] and bits[1][0] in "\"'"):
        raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} needs a name in quotes first.")
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        # A block in it could not be overridden, and once rendered would be kept as is.
        raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} cannot hold a {{% block %}}.")
    return node_class(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])


@register.tag
def kept(parser, token):
    return _parse(parser, token, "endkept", KeptNode)


@register.tag
def kept_shared(parser, token):
    return _parse(parser, token, "endkept_shared", SharedKeptNode)


@register.tag
def fixed(parser, token):
    return _parse(parser, token, "endfixed", FixedNode)
