"""The allow-list sanitiser of the roadmaps' rich cells, and their plain-text twins.

The roadmap cells come from an HTML page flattened into text: lists are opened and never
closed, their items are marked by "•" characters instead of ``<li>``, and paragraphs are cut
at page breaks. :func:`sanitise` gives such a fragment a clean structure (paragraphs and
flat lists) and lets only the tags of :data:`ALLOWED_TAGS` through, without attributes.
Pages render the result with ``|safe``, so everything that is not plain structure must be
removed here: scripts, styles, event handlers, links of any scheme, embedded documents,
and the table rules the extraction left behind.
"""

import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset({"p", "ul", "ol", "li", "em", "i", "strong", "b", "u", "br"})
INLINE_TAGS = frozenset({"em", "i", "strong", "b", "u"})
BLOCK_TAGS = frozenset({"p", "ul", "ol", "li", "br"})

# Elements whose content is code or a separate document, never text of the cell; the
# rest of the disallowed elements lose their tags and keep their text.
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "noscript",
        "noembed",
        "noframes",
        "template",
        "textarea",
        "select",
        "svg",
        "math",
        "title",
        "xmp",
    }
)

BULLET = "•"
_LISTS = ("ul", "ol")
# What a page break leaves of a table's rule: runs of dashes ("---\t--\t------"), which are
# never text. A single dash, or a dash inside a word, is.
_TABLE_RULE = re.compile(r"(?<!\S)-{2,}(?:\s+-{2,})*(?!\S)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
# In a list written with dashes ("- Policy,- Competition"), a dash opens an item where it
# starts the list or follows a space or comma; a hyphen inside a word never does.
_DASH_ITEM = re.compile(r"(?:^|(?<=[\s,]))(?=-\s)")


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={},
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )


def sanitise(html: str) -> str:
    """Safe, structured HTML of a cell: paragraphs and lists, one block per line."""
    if not html or not html.strip():
        return ""
    html = _TABLE_RULE.sub(" ", html)
    # The first pass removes what is not allowed before the structure is rebuilt from the
    # remaining tags; the second closes whatever the rebuilt structure leaves open.
    return _clean(_Structure().build(_clean(html))).strip()


class _Structure:
    """Rebuilds a flat sequence of blocks from the tags and text of a cleaned fragment.

    A new ``<p>`` or list closes the open block, so lists never nest into one another as
    the browser would nest the source's unclosed ``<ul>``s; a list that directly follows
    another continues it. Each "•" opens a list item: inside a list, or in a paragraph,
    whose bullets become a list after its lead text (or join the list before it).
    The bullet characters stay in the text, as in the source (its lists had no markers).
    """

    def __init__(self):
        self.blocks: list[tuple[str, list[str]]] = []
        self.kind: str | None = None
        self.parts: list[str] = []
        self.items: list[list[str]] = []
        self.open_inline: list[str] = []

    def build(self, html: str) -> str:
        position = 0
        for match in _TAG.finditer(html):
            self._text(html[position : match.start()])
            self._tag(match.group(2).lower(), closing=bool(match.group(1)))
            position = match.end()
        self._text(html[position:])
        self._close()
        return "\n".join(self._render(kind, content) for kind, content in self.blocks)

    def _tag(self, name: str, closing: bool) -> None:
        if name == "p":
            self._close()
            if not closing:
                self.kind = "p"
        elif name in _LISTS:
            self._close()
            if not closing:
                self.kind, self.items = name, []
        elif name == "li":
            if not closing:
                if self.kind not in _LISTS:
                    self._close()
                    self.kind, self.items = "ul", []
                self._new_item()
        elif name == "br":
            self._append("<br>")
        elif name in INLINE_TAGS:
            if not closing:
                self.open_inline.append(name)
                self._append(f"<{name}>")
            elif name in self.open_inline:
                while self.open_inline:
                    inner = self.open_inline.pop()
                    self._append(f"</{inner}>")
                    if inner == name:
                        break

    def _text(self, text: str) -> None:
        if not text:
            return
        if self.kind is None:
            if not text.strip():
                return
            self.kind = "p"
        if self.kind in _LISTS:
            self._list_text(text)
        else:
            self._append(text)

    def _list_text(self, text: str) -> None:
        pieces = text.split(BULLET)
        if len(pieces) == 1 and not self._has_text() and text.lstrip().startswith("-"):
            pieces = _DASH_ITEM.split(text.lstrip())
            for piece in pieces:
                if piece.strip():
                    self._new_item()
                    self._append(piece)
            return
        self._append(pieces[0])
        for piece in pieces[1:]:
            self._new_item()
            self._append(BULLET + piece)

    def _has_text(self) -> bool:
        return bool(self.items) and any(
            part.strip() for part in self.items[-1] if not part.startswith("<")
        )

    def _new_item(self) -> None:
        if self.items and not "".join(self.items[-1]).strip():
            return
        self._close_inline()
        self.items.append([])

    def _append(self, part: str) -> None:
        if self.kind in _LISTS:
            if not self.items:
                self.items.append([])
            self.items[-1].append(part)
        else:
            if self.kind is None:
                self.kind = "p"
            self.parts.append(part)

    def _close_inline(self) -> None:
        while self.open_inline:
            self._append(f"</{self.open_inline.pop()}>")

    def _close(self) -> None:
        self._close_inline()
        if self.kind == "p":
            lead, *items = _squash("".join(self.parts)).split(BULLET)
            items = [_squash(BULLET + item) for item in items]
            if _has_words(lead):
                self.blocks.append(("p", [lead.strip()]))
            if items and self.blocks and self.blocks[-1][0] == "ul" and not _has_words(lead):
                self.blocks[-1][1].extend(items)
            elif items:
                self.blocks.append(("ul", items))
        elif self.kind in _LISTS:
            items = [_squash("".join(item)) for item in self.items]
            items = [item for item in items if _has_words(item)]
            if items and self.blocks and self.blocks[-1][0] == self.kind:
                # Each page of the source reopened its list: consecutive lists are one.
                self.blocks[-1][1].extend(items)
            elif items:
                self.blocks.append((self.kind, items))
        self.kind, self.parts, self.items = None, [], []

    @staticmethod
    def _render(kind: str, content: list[str]) -> str:
        if kind == "p":
            return f"<p>{content[0]}</p>"
        items = "\n".join(f"<li>{item}</li>" for item in content)
        return f"<{kind}>\n{items}\n</{kind}>"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _has_words(html: str) -> bool:
    return bool(plain_text(html))


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.chunks.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.chunks.append(" ")

    def handle_data(self, data):
        self.chunks.append(data)


def plain_text(html: str) -> str:
    """The text of an HTML fragment: tags stripped, entities decoded, whitespace normalised."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return " ".join("".join(collector.chunks).split())
