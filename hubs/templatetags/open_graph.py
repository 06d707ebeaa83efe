"""The Open Graph and X (Twitter) card tags of a page's <head>, for `templates/base.html`.

`{% page_block "title" %}` says once more what a block of the page says (its title,
description, canonical address), for the tags that repeat it: what the block rendered in
its place when it stands in `{% remembered %}…{% endremembered %}`, without rendering it
again. `{% open_graph_image record %}` names the image for sharing a page about
`record`, or the site's (`hubs/og.py`); a page template overrides the `og` block of
base.html with it.
"""

from django import template
from django.core.exceptions import DisallowedHost
from django.template import NodeList
from django.template.loader_tags import BlockNode
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from hubs import og

register = template.Library()


_REMEMBERED = "open_graph.remembered_blocks"


class RememberedNode(template.Node):
    """Renders its content, and remembers it for `page_block` by the name of the block
    it holds."""

    def __init__(self, nodelist: NodeList, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        rendered = self.nodelist.render(context)
        context.render_context.setdefault(_REMEMBERED, {})[self.name] = rendered
        return rendered


@register.tag
def remembered(parser, token):
    """`{% remembered %}{% block NAME %}…{% endblock %}{% endremembered %}`."""
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    blocks = nodelist.get_nodes_by_type(BlockNode)
    if len(nodelist) != 1 or len(blocks) != 1:
        raise template.TemplateSyntaxError("{% remembered %} holds one block and nothing else.")
    return RememberedNode(nodelist, blocks[0].name)


@register.simple_tag(takes_context=True)
def page_block(context, name: str) -> SafeString:
    """The block `name` as the page renders it: the most derived template's, as Django's
    own block tag would render it, or nothing when no template defines it."""
    rendered = context.render_context.get(_REMEMBERED, {}).get(name)
    if rendered is None:
        # A block node renders whichever template's block of that name the page uses;
        # this one, with no content of its own, stands for it outside the block's place.
        rendered = BlockNode(name, NodeList()).render(context)
    return mark_safe(rendered.strip())  # rendered by the template engine, escaped there


@register.simple_tag(takes_context=True)
def open_graph_image(context, record=None) -> SafeString:
    """The page's type and its image for sharing, with size and text alternative, for
    Open Graph and X; absolute addresses, as both require. Reads nothing the page has
    not read (the site's image, nothing at all: the error pages show it too)."""
    image = og.shared_image(record)
    return format_html(
        '<meta property="og:type" content="{type}">\n'
        '  <meta property="og:image" content="{url}">\n'
        '  <meta property="og:image:type" content="{media_type}">\n'
        '  <meta property="og:image:width" content="{width}">\n'
        '  <meta property="og:image:height" content="{height}">\n'
        '  <meta property="og:image:alt" content="{alt}">\n'
        '  <meta name="twitter:image" content="{url}">\n'
        '  <meta name="twitter:image:alt" content="{alt}">',
        type=image.page_type,
        url=_absolute(context.get("request"), image.path),
        media_type=og.MEDIA_TYPE,
        width=og.WIDTH,
        height=og.HEIGHT,
        alt=image.alt,
    )


def _absolute(request, path: str) -> str:
    if request is None:
        return path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        # Only the error pages of a refused host get here; a relative address will do.
        return path
