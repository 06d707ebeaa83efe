"""How the portal counts and groups initiatives: the one place every number it shows is
computed (the facet counts of the initiatives list and of the API, the counts and charts of
the home page, the region pages and the hubs, the alignment matrix's aggregate), and where
the lists learn to show one row per initiative.

An initiative is a code in a cycle, AMS4 of 2026-2029. Its adopted text and the RPM draft
it grew from are two texts of that one initiative (initiatives.rules: an adopted text's
draft has its code and cycle). Counted in INITIATIVES, the two count once; counted in
TEXTS, each text counts, as the API's lists count them (one object per text).

Each counting function runs one grouped query, whatever the number of rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from frameworks.models import SDG, ActionLine, GDCObjective
from initiatives.models import (
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
    Stage,
)

Unit = Literal["initiatives", "texts"]
INITIATIVES: Unit = "initiatives"
TEXTS: Unit = "texts"


def initiative_identity(path: str = "") -> Concat:
    """What the texts of one initiative share, as an expression: "7:AMS4" (cycle key and
    code); `path` leads from the counted rows to the text ("initiative__" from a link)."""
    return Concat(
        Cast(f"{path}cycle_id", models.CharField()),
        Value(":"),
        f"{path}code",
        output_field=models.CharField(),
    )


def counted(unit: Unit, path: str = "") -> Count:
    """COUNT(DISTINCT ...) of the initiatives, or of the texts, `path` leads to."""
    if unit == TEXTS:
        return Count(f"{path}pk" if path else "pk", distinct=True)
    return Count(initiative_identity(path), distinct=True)


Units = Unit | tuple[Unit, ...]


def _grouped(rows: QuerySet, by: str | tuple[str, ...] | None, unit: Units, path: str = ""):
    """The counts of `rows` in `unit`, or, for several units, a {unit: count} per count:
    several units are counted in the same query."""
    units = (unit,) if isinstance(unit, str) else unit
    counts = {name: counted(name, path) for name in units}

    def shown(numbers: dict):
        return numbers[unit] if isinstance(unit, str) else numbers

    if by is None:
        return shown(rows.order_by().aggregate(**counts))
    paths = (by,) if isinstance(by, str) else by
    values = rows.order_by().values(*paths).annotate(**counts)
    keys = [(row, tuple(str(row[path]) for path in paths)) for row in values]
    return {
        key[0] if isinstance(by, str) else key: shown({name: row[name] for name in units})
        for row, key in keys
    }


def count_texts(
    texts: QuerySet, by: str | tuple[str, ...] | None = None, unit: Units = INITIATIVES
):
    """How many initiatives (or texts) `texts` holds: in all (`by` None), or per value of a
    field of the text (`by` "region__code": {"AMS": 5, ...}), or per combination of
    several ({("AMS", "2026-2029"): 5, ...}). With several units, each count is a
    {unit: number} of them all, from the one query."""
    # The texts are read as a set of keys: whatever joins and filters made them, each
    # counts once.
    rows = Initiative.objects.filter(pk__in=texts.order_by().values("pk"))
    return _grouped(rows, by, unit)


def count_links(
    links: QuerySet, by: str | tuple[str, ...] | None = None, unit: Units = INITIATIVES
):
    """How many initiatives (or texts) alignment `links` align: in all, or per value of a
    field of the link (`by` "sdg__number", "provenance", "initiative__region__code", ...).
    The caller decides which links count (published ones, a provenance, some texts)."""
    return _grouped(links, by, unit, "initiative__")


# Each framework's alignment links, the path to a link's target's key, and that key.
ALIGNMENT_LINKS = {
    SDG: (InitiativeSDG, "sdg__number", "number"),
    ActionLine: (InitiativeActionLine, "action_line__code", "code"),
    GDCObjective: (InitiativeGDCObjective, "objective__number", "number"),
}


def with_initiative_counts(targets, links: QuerySet | None = None) -> list:
    """The SDGs, action lines or GDC objectives `targets`, each with `initiative_count`: the
    initiatives that published links (or those of `links`) align to it (one query)."""
    targets = list(targets)
    if not targets:
        return targets
    link_model, key_path, key = ALIGNMENT_LINKS[type(targets[0])]
    counts = count_links(link_model.objects.published() if links is None else links, by=key_path)
    for target in targets:
        target.initiative_count = counts.get(str(getattr(target, key)), 0)
    return targets


def count_per_provenance(
    link_querysets: list[QuerySet], unit: Unit = INITIATIVES
) -> dict[str, int]:
    """How many initiatives (or texts) each provenance aligns, whichever kinds of link
    (SDG, action line, GDC) carry it: one query, the UNION of the distinct (provenance,
    initiative) pairs of every link table."""
    key = "initiative_id" if unit == TEXTS else "identity"
    pairs = [
        links.order_by()
        .annotate(identity=initiative_identity("initiative__"))
        .values_list("provenance", key)
        for links in link_querysets
    ]
    return dict(Counter(provenance for provenance, _ in pairs[0].union(*pairs[1:])))


Item = TypeVar("Item")


def by_initiative(items: Iterable[Item], text: Callable[[Item], object] = lambda item: item):
    """`items` (texts, or records `text` leads to a text from) grouped by initiative, each
    group where its first item stands; within a group the items keep their order."""
    groups: dict[tuple, list[Item]] = {}
    for item in items:
        of = text(item)
        groups.setdefault((of.cycle_id, of.code), []).append(item)  # type: ignore[attr-defined]
    return list(groups.values())


def adopted_and_draft(texts: Iterable) -> list[tuple]:
    """`texts` by initiative, each as (its adopted text, its RPM draft), None for a text
    not among them; in the order the first of each stands."""
    pairs = []
    for group in by_initiative(texts):
        by_stage = {text.stage: text for text in group}
        pairs.append((by_stage.get(Stage.ADOPTED), by_stage.get(Stage.DRAFT)))
    return pairs


def one_text_per_initiative(texts: QuerySet) -> QuerySet:
    """`texts` without the RPM drafts whose initiative's adopted text is among them: one
    row per initiative in a list, the adopted text standing for both."""
    adopted_among = texts.order_by().filter(
        stage=Stage.ADOPTED, cycle_id=OuterRef("cycle_id"), code=OuterRef("code")
    )
    return texts.exclude(Q(stage=Stage.DRAFT) & Q(Exists(adopted_among)))
