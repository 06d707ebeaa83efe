"""The machinery that writes the database back as the curated fixture files.

Each app registers, in its ``fixture_export`` module, the inverse of each section loader
of its ``fixture_sections``: a function that returns the section's records as the fixture
holds them. This module puts every record in its file (a record that names a source
document goes to the file that holds that source's records, any other to the file that
holds its section) and writes each file in the layout of the repository's copy.

How the text is written. The files are not of one style: five are PyYAML's output, wrapped
at 96 or 100 columns; three are written by hand, with flow records, double quotes, folded
descriptions, lines never wrapped and comments between the records. A round-trip library
(ruamel.yaml) keeps comments and quotes, but wraps plain text its own way, so every long
value of the PyYAML files would change; dumping everything again with PyYAML keeps none
of the hand layout. So the repository's copy is the template: every record, key and list
item the database still agrees with is kept as it is, byte for byte, with the comments
and blank lines before it; only what changed is written anew by PyYAML, in the layout
read from the file (wrapping width, quote character, sequence indentation) and from the
value it replaces (its quotes, block or flow style). A file nobody changed comes out
identical, and a diff shows only the lines that hold what changed.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml
from django.utils.module_loading import autodiscover_modules
from yaml.emitter import Emitter
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from core.loading import SafeLoader

# A section's records as its files hold them, in the database's order, given the records
# the repository's files hold for it now (every file's, in the order of
# settings.PORTAL_FIXTURES): they tell the order of the lists the database does not order.
Exporter = Callable[[list], list[dict]]


@dataclass(frozen=True)
class SectionExport:
    name: str
    records: Exporter
    # Whether a record goes to the file of the source document it names (its "source"
    # key), rather than to the file that holds the section.
    by_source: bool
    # What names a record, for sections whose order the database does not keep: a file
    # keeps its order, and a new record comes after the one it follows in the database.
    key: Callable[[Any], Hashable] | None


_exports: dict[str, SectionExport] = {}


def register_export(
    name: str,
    records: Exporter,
    *,
    by_source: bool = False,
    key: Callable[[Any], Hashable] | None = None,
) -> None:
    if name in _exports and _exports[name].records is not records:
        raise RuntimeError(f"Fixture section {name!r} has two exporters.")
    _exports[name] = SectionExport(name, records, by_source, key)


def discover_exports() -> dict[str, SectionExport]:
    """Import every app's ``fixture_export`` module; return the exporters by section."""
    autodiscover_modules("fixture_export")
    return dict(_exports)


class ExportError(Exception):
    """The database holds what no fixture file can take; nothing is written."""


def in_file_order(records: list, template: Iterable, key: Callable[[Any], Hashable]) -> list:
    """`records` in the order the fixture lists them; a record it does not list yet comes
    right after the one it follows in `records`.

    For what the database keeps in no order of its own (the initiatives of a report, an
    initiative's links): the file's order is the editors', and must not change on export.
    """
    return _merged_order(records, [key(item) for item in template], key)


def _merged_order(items: list, old_keys: list, key: Callable[[Any], Hashable]) -> list:
    position = {item_key: index for index, item_key in enumerate(old_keys)}
    by_key = {key(item): item for item in items}
    order = [item_key for item_key in position if item_key in by_key]
    previous = None
    for item in items:
        item_key = key(item)
        if item_key not in position:
            order.insert(order.index(previous) + 1 if previous is not None else 0, item_key)
        previous = item_key
    return [by_key[item_key] for item_key in order]


@dataclass
class ExportedFile:
    name: str
    text: str
    # The repository's copy the file was written after, or None if it had none.
    template: str | None

    @property
    def changed(self) -> bool:
        return self.text != self.template


def export_fixtures(names: list[str], template_dir: Path) -> list[ExportedFile]:
    """The text of every fixture file, written from the database in the layout of the
    copies in `template_dir`; every file ends with YAML's end of document ("...")."""
    exports = discover_exports()
    templates = {name: _Template.read(template_dir / name) for name in names}
    # What each file of the repository holds now: its sections and their records.
    held = {name: template.data if template else {} for name, template in templates.items()}
    section_templates: dict[str, list] = {}
    for name in names:
        for section, records in held[name].items():
            if section not in exports:
                raise ExportError(f"{name}: no exporter for section {section!r}")
            section_templates.setdefault(section, []).extend(records or [])
    sources = {name: _sources(held[name], exports) for name in names}
    files: dict[str, dict[str, list]] = {name: {} for name in names}
    for section, export in exports.items():
        holders = [name for name in names if section in held[name]]
        for name in holders:
            files[name][section] = []
        for record in export.records(section_templates.get(section, [])):
            name = _file_of(export, record, holders, sources)
            files[name].setdefault(section, []).append(record)
        if export.key:
            for name in names:
                if section in files[name]:
                    old = held[name].get(section) or []
                    files[name][section] = in_file_order(files[name][section], old, export.key)
    order = list(exports)
    exported = []
    for name in names:
        present = sorted(files[name], key=order.index)
        sections = _merged_order(present, list(held[name]), lambda section: section)
        document = {section: files[name][section] for section in sections}
        template = templates[name]
        if template:
            exported.append(ExportedFile(name, template.patched(document), template.text))
        else:
            exported.append(ExportedFile(name, _Writer(_Layout()).document(document), None))
    return exported


def _sources(data: dict, exports: dict[str, SectionExport]) -> set:
    """The source documents whose records a file holds."""
    return {
        record.get("source")
        for section, records in data.items()
        if exports[section].by_source
        for record in records or []
        if isinstance(record, dict)
    }


def _file_of(
    export: SectionExport, record: dict, holders: list[str], sources: dict[str, set]
) -> str:
    """The file a record belongs in: that of its source document, or of its section."""
    if not export.by_source:
        if not holders:
            raise ExportError(f"No fixture file has a {export.name!r} section for its records.")
        return holders[0]
    source = record.get("source")
    for name, held in sources.items():
        if source in held:
            return name
    raise ExportError(
        f"No fixture file holds the records of source {source!r} ({export.name}); add one "
        "to settings.PORTAL_FIXTURES."
    )


@dataclass(frozen=True)
class _Layout:
    """What a file's text shows of how it is written, for the values written anew."""

    # The column past which PyYAML wraps plain text; None: lines are never wrapped.
    width: int | None = 100
    # The quote of values that need one: PyYAML's single, or the editors' double.
    quote: str = "'"
    # Whether a list under a key is indented ("key:\n  - a") or not ("key:\n- a").
    indent_sequences: bool = False


STR = "tag:yaml.org,2002:str"
_LINE = re.compile(
    r"[^\n\r\x85\u2028\u2029]*(?:\r\n|[\n\r\x85\u2028\u2029])|[^\n\r\x85\u2028\u2029]+$"
)
_END = "..."


def _lines(text: str) -> list[str]:
    """The text's lines with their breaks, numbered as YAML's reader numbers them."""
    return _LINE.findall(text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_gap(line: str, column: int) -> bool:
    """A blank line, or a comment at `column` or left of it: what separates two records."""
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and _indent(line) <= column)


class _Unpatchable(Exception):
    """Text laid out as none of the fixtures is (an item's first key below its dash, a key
    given twice): the whole file is then written anew, without its comments."""


@dataclass
class _Child:
    """A key and its value, or a list item, in a block collection of the template."""

    key: Any
    node: Node
    value: Any
    lead: list[str]  # the blank and comment lines before it
    body: list[str]  # its own lines
    start: int  # the line its body starts on


class _Template:
    """A fixture file of the repository: its text, its records, and the nodes they were
    read from, whose positions locate each record's text."""

    def __init__(self, text: str, root: MappingNode, data: dict):
        self.text, self.root, self.data = text, root, data
        self.lines = _lines(text)
        self.layout = _read_layout(self.lines, root)

    @classmethod
    def read(cls, path: Path) -> _Template | None:
        if not path.exists():
            return None
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=SafeLoader)
        if root is None:
            return None
        if not isinstance(root, MappingNode):
            raise ExportError(f"{path.name}: must be a mapping of section names to records")
        return cls(text, root, SafeLoader("").construct_document(root))

    def patched(self, document: dict) -> str:
        """The file's text with the records of `document` in place of its own."""
        end = len(self.lines)
        for index in range(len(self.lines) - 1, -1, -1):
            if self.lines[index].rstrip("\r\n") == _END:
                end = index
                break
        writer = _Writer(self.layout)
        try:
            lines = _Patcher(self.lines, writer).mapping(
                self.root, self.data, document, first=0, last=end - 1, dash=None
            )
        except _Unpatchable:
            return writer.document(document)
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        return "".join(lines) + _END + "\n"


def _read_layout(lines: list[str], root: Node) -> _Layout:
    """How the file is written: from its wrapped plain values, the width PyYAML wrapped
    them at; from its quoted values, the quote; from its lists, their indentation."""
    low, high = 0, None
    quotes: Counter = Counter()
    indent_sequences = None
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if node.style in ("'", '"'):
                quotes[node.style] += 1
            start, end = node.start_mark, node.end_mark
            if not node.style and end.line > start.line:
                # PyYAML breaks a line at the first space past the width: every space
                # left in a line stands at or before it, every line broken ends past it.
                for number in range(start.line, end.line + 1):
                    line = lines[number].rstrip("\r\n")
                    begin = start.column if number == start.line else _indent(line)
                    stop = end.column if number == end.line else len(line)
                    spaces = [i for i in range(begin, stop) if line[i] == " "]
                    if spaces:
                        low = max(low, spaces[-1])
                    if number != end.line:
                        high = len(line) - 1 if high is None else min(high, len(line) - 1)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if (
                    indent_sequences is None
                    and isinstance(value, SequenceNode)
                    and not value.flow_style
                    and value.value
                ):
                    indent_sequences = value.value[0].start_mark.column - 2 > key.start_mark.column
                stack.extend([key, value])
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    width = None if high is None else (low if low <= high else high)
    quote = '"' if quotes['"'] > quotes["'"] else "'"
    return _Layout(width=width, quote=quote, indent_sequences=bool(indent_sequences))


class _Patcher:
    """Rewrites a block collection of the template: what did not change is kept as text."""

    def __init__(self, lines: list[str], writer: _Writer):
        self.lines, self.writer = lines, writer

    def _children(self, node: Node, old: Any, first: int, last: int) -> tuple[list, list]:
        """The children of a block collection whose text is lines first..last, and the
        blank and comment lines after the last of them."""
        if len(node.value) != len(old):
            raise _Unpatchable  # a key given twice, or a merge key
        if isinstance(node, MappingNode):
            entries = [
                (key, key_node, value_node, value)
                for (key_node, value_node), (key, value) in zip(
                    node.value, old.items(), strict=True
                )
            ]
            column = node.value[0][0].start_mark.column
        else:
            entries = [
                (None, item, item, value) for item, value in zip(node.value, old, strict=True)
            ]
            column = node.value[0].start_mark.column - 2
            for item in node.value:
                line = self.lines[item.start_mark.line]
                if line[column : column + 2] != "- ":
                    raise _Unpatchable
        starts = [start_node.start_mark.line for _, start_node, _, _ in entries]
        if starts != sorted(set(starts)) or starts[0] < first:
            raise _Unpatchable
        children, previous_end = [], first - 1
        for index, (key, _, value_node, value) in enumerate(entries):
            start = starts[index]
            end = starts[index + 1] - 1 if index + 1 < len(entries) else last
            while end > start and _is_gap(self.lines[end], column):
                end -= 1
            children.append(
                _Child(
                    key=key,
                    node=value_node,
                    value=value,
                    lead=self.lines[previous_end + 1 : start],
                    body=self.lines[start : end + 1],
                    start=start,
                )
            )
            previous_end = end
        return children, self.lines[previous_end + 1 : last + 1]

    def mapping(
        self, node: MappingNode, old: dict, new: dict, first: int, last: int, dash: int | None
    ) -> list[str]:
        """A block mapping's text for `new`; `dash` is the column of the "- " that opens
        it when it is a list item (its first key stands on the dash's line)."""
        if not node.value:
            raise _Unpatchable
        children, tail = self._children(node, old, first, last)
        column = node.value[0][0].start_mark.column
        if dash is not None:
            # Every key written as if at the item's column; the dash goes back on the
            # first line, whichever key it now holds.
            children[0].body = [_swap(children[0].body[0], dash, "- ", "  ")] + children[0].body[1:]
        by_key = {child.key: child for child in children}
        keys = _merged_order(list(new), [child.key for child in children], lambda key: key)
        plan = [(by_key.get(key), key, new[key]) for key in keys]
        lines = self._emit(children, plan, column, tail, typical=[])
        if dash is not None:
            lines[0] = _swap(lines[0], dash, "  ", "- ")
        return lines

    def sequence(self, node: SequenceNode, old: list, new: list, first: int, last: int):
        children, tail = self._children(node, old, first, last)
        dash = node.value[0].start_mark.column - 2
        old_keys = [_canonical(child.value) for child in children]
        new_keys = [_canonical(value) for value in new]
        pairs: dict[int, _Child] = {}
        used: set[int] = set()
        blocks = []
        matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for offset in range(i2 - i1):
                    pairs[j1 + offset] = children[i1 + offset]
                    used.add(i1 + offset)
            else:
                blocks.append((list(range(i1, i2)), list(range(j1, j2))))
        for old_block, new_block in blocks:
            # A record changed in place: the old one of the same identity in its stretch.
            for j in new_block:
                for i in old_block:
                    if i not in used and _identity(children[i].value) == _identity(new[j]):
                        pairs[j] = children[i]
                        used.add(i)
                        break
        for j in range(len(new)):
            # A record moved: the same record elsewhere.
            if j not in pairs:
                for i, child in enumerate(children):
                    if i not in used and old_keys[i] == new_keys[j]:
                        pairs[j] = child
                        used.add(i)
                        break
        typical = _typical_lead([child.lead for child in children[1:]])
        plan = [(pairs.get(j), None, value) for j, value in enumerate(new)]
        return self._emit(children, plan, dash, tail, typical=typical, hint=children[0].node)

    def _emit(
        self,
        children: list[_Child],
        plan: list[tuple[_Child | None, Any, Any]],
        column: int,
        tail: list[str],
        typical: list[str],
        hint: Node | None = None,
    ) -> list[str]:
        """The text of a collection's children in the order of `plan`: each is kept, its
        old child patched, or written anew. The comments before a child that goes pass
        to the next one that stays."""
        kept = {id(child) for child, _, _ in plan if child is not None}
        leads: dict[int, list[str]] = {}
        carried: list[str] = []
        for old in children:
            if id(old) not in kept:
                if _has_comment_lines(old.lead):
                    carried += old.lead
                continue
            lead = old.lead
            if carried:
                lead = carried + (lead if _has_comment_lines(lead) else [])
                carried = []
            leads[id(old)] = lead
        lines: list[str] = []
        for index, (child, key, value) in enumerate(plan):
            if child is None:
                lead = typical
                if index == 0 and kept:
                    # Before every record that was there: the file's opening comment
                    # still opens it.
                    first = next(c for c, _, _ in plan if c is not None)
                    lead, leads[id(first)] = leads[id(first)], typical
                lines += lead
                lines += self._fresh(key, value, column, hint)
                continue
            lines += leads[id(child)]
            lines += self._patched(child, key, value, column)
        return lines + tail

    def _fresh(self, key: Any, value: Any, column: int, hint: Node | None) -> list[str]:
        if key is None:
            return self.writer.item(value, column, hint)
        return self.writer.pair(key, value, column, None)

    def _patched(self, child: _Child, key: Any, value: Any, column: int) -> list[str]:
        if child.value == value and type(child.value) is type(value):
            return child.body
        node, last = child.node, child.start + len(child.body) - 1
        # A key's block value starts on the line after the key (the key's line is kept);
        # a list item's mapping starts on the item's line, after its dash.
        below = key is not None and node.start_mark.line > child.start
        if _block(node) and isinstance(node, MappingNode) and isinstance(value, dict) and value:
            if key is None:
                return self.mapping(node, child.value, value, child.start, last, column)
            if below:
                inner = self.mapping(node, child.value, value, child.start + 1, last, None)
                return child.body[:1] + inner
        if (
            below
            and _block(node)
            and isinstance(node, SequenceNode)
            and isinstance(value, list)
            and value
        ):
            inner = self.sequence(node, child.value, value, child.start + 1, last)
            return child.body[:1] + inner
        if key is None:
            return self.writer.item(value, column, node)
        return self.writer.pair(key, value, column, node)


def _block(node: Node) -> bool:
    """A collection written one entry a line, which can be patched entry by entry."""
    return (
        isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and bool(node.value)
    )


def _swap(line: str, column: int, old: str, new: str) -> str:
    if line[column : column + len(old)] != old:
        raise _Unpatchable
    return line[:column] + new + line[column + len(old) :]


def _has_comment_lines(lines: list[str]) -> bool:
    return any(line.strip().startswith("#") for line in lines)


def _typical_lead(leads: list[list[str]]) -> list[str]:
    """What most often separates two records of a list (blank lines), for a new one."""
    counts = Counter(sum(1 for line in lead if not line.strip()) for lead in leads)
    blank = counts.most_common(1)[0][0] if counts else 0
    return ["\n"] * blank


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _identity(value: Any) -> Any:
    """What names a record among its neighbours: its first key and value."""
    if isinstance(value, dict) and value:
        first = next(iter(value))
        return (first, _canonical(value[first]))
    return None


class _Dumper(yaml.SafeDumper):
    layout = _Layout()
    # Where a file wraps no plain text, its folded text (">", the descriptions of
    # sources.yaml) is folded by hand, at about 88 columns; PyYAML, which breaks at the
    # first space past its width, comes nearest to that at 85.
    folded_width = 85

    def increase_indent(self, flow=False, indentless=False):
        indentless = indentless and not self.layout.indent_sequences
        return super().increase_indent(flow, indentless)

    def write_folded(self, text):
        if self.layout.width is None:
            self.best_width, width = self.folded_width, self.best_width
            try:
                return super().write_folded(text)
            finally:
                self.best_width = width
        return super().write_folded(text)

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        if style == "'" and self.layout.quote == '"' and getattr(self.event, "style", None) != "'":
            return '"'
        return style


class _Writer:
    """Writes values anew with PyYAML, in a file's layout."""

    def __init__(self, layout: _Layout):
        self.layout = layout
        self._analyser = Emitter(io.StringIO(), allow_unicode=True)
        self._resolver = Resolver()

    def document(self, document: dict) -> str:
        """A whole file, for a file the repository does not have yet."""
        text = self._dump(self._node(document, None, flow=False), 0) if document else ""
        return text + _END + "\n"

    def pair(self, key: str, value: Any, column: int, hint: Node | None) -> list[str]:
        node = MappingNode(
            "tag:yaml.org,2002:map",
            [(ScalarNode(STR, key), self._node(value, hint, flow=False))],
            flow_style=False,
        )
        return self._shifted(self._dump(node, column), column)

    def item(self, value: Any, column: int, hint: Node | None) -> list[str]:
        node = SequenceNode(
            "tag:yaml.org,2002:seq", [self._node(value, hint, flow=False)], flow_style=False
        )
        return self._shifted(self._dump(node, column), column)

    def _shifted(self, text: str, column: int) -> list[str]:
        return [(" " * column + line) if line.strip() else line for line in _lines(text)]

    def _dump(self, node: Node, column: int) -> str:
        # Written at column 0 and moved right: PyYAML wraps by the column it writes at.
        width = 10**6 if self.layout.width is None else max(self.layout.width - column, 20)
        stream = io.StringIO()
        dumper = _Dumper(stream, width=width, indent=2, allow_unicode=True)
        dumper.layout = self.layout
        dumper.folded_width = max(_Dumper.folded_width - column, 20)
        try:
            dumper.open()
            dumper.serialize(node)
            dumper.close()
        finally:
            dumper.dispose()
        return stream.getvalue()

    def _node(self, value: Any, hint: Node | None, flow: bool) -> Node:
        """The node of `value`, in the style of `hint`, the value it replaces (or one
        like it): its flow or block style, its quotes where they were a choice."""
        if isinstance(value, dict):
            hints = {}
            if isinstance(hint, MappingNode):
                hints = {key.value: item for key, item in hint.value}
            flow = flow or bool(isinstance(hint, MappingNode) and hint.value and hint.flow_style)
            return MappingNode(
                "tag:yaml.org,2002:map",
                [
                    (ScalarNode(STR, str(key)), self._node(item, hints.get(key), flow))
                    for key, item in value.items()
                ],
                flow_style=flow,
            )
        if isinstance(value, list):
            # Each item styled as the old one in its place, or as the first.
            olds = hint.value if isinstance(hint, SequenceNode) else []
            flow = flow or bool(isinstance(hint, SequenceNode) and hint.value and hint.flow_style)
            items = [
                self._node(item, olds[index] if index < len(olds) else (olds or [None])[0], flow)
                for index, item in enumerate(value)
            ]
            return SequenceNode("tag:yaml.org,2002:seq", items, flow_style=flow)
        if isinstance(value, bool):
            return ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false")
        if isinstance(value, int):
            return ScalarNode("tag:yaml.org,2002:int", str(value))
        if value is None:
            return ScalarNode("tag:yaml.org,2002:null", "null")
        if isinstance(value, str):
            return ScalarNode(STR, value, style=self._style(value, hint, flow))
        raise TypeError(f"cannot write {type(value).__name__} into a fixture: {value!r}")

    def _style(self, value: str, hint: Node | None, flow: bool) -> str | None:
        if "\n" in value:
            return "|"
        if isinstance(hint, ScalarNode) and hint.tag == STR:
            if hint.style == ">":
                return ">"
            if hint.style in ("'", '"') and self._plain_allowed(hint.value, flow):
                # Quoted where it need not be: the editors' choice, kept.
                return hint.style
        return None

    def _plain_allowed(self, value: str, flow: bool) -> bool:
        if not value or self._resolver.resolve(ScalarNode, value, (True, False)) != STR:
            return False
        analysis = self._analyser.analyze_scalar(value)
        allowed = analysis.allow_flow_plain if flow else analysis.allow_block_plain
        return allowed and not analysis.multiline
