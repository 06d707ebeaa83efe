"""What changed in the published knowledge base, for the changes page, its feed and the API.

Every curated record keeps its history (core/history.py): one historical row per save or
delete, in batches (a load, an admin request). `ChangeLog` reads the historical tables of
every curated model as one list, filtered, newest first: by batch for the page and the
feed, by record change for the API. Each change comes with its record's label, page and
API address, and the fields it changed, before and after; text fields also carry their
word-level difference (initiatives.comparison.word_diff, as the draft/adopted comparison).

Whatever the number of changes, a page of them costs a fixed number of queries: the
page's batches (or changes) in one query across the tables, then, per model on the page,
its rows and their previous versions, then one query per kind of record they name.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import CharField, Count, Max, Min, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from core.history import LOAD_REASON, RESTORE_REASON
from frameworks.models import SDG, ActionLine, GDCObjective
from initiatives.comparison import Segment, word_diff
from initiatives.models import (
    Cycle,
    ExpectedResult,
    ExpectedResultSubitem,
    Footnote,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
    Stage,
)
from regions.models import MeetingPriority, PreparatoryMeeting, Region
from roadmaps.models import Citation, Roadmap, RoadmapRow, RoadmapRowSDG
from roadmaps.sanitise import plain_text
from sources.models import Source, SourceSection

# The kinds of record a change is filed under (`?kind=`), as readers name them.
KINDS = {
    "initiative": gettext_lazy("Initiative"),
    "expected-result": gettext_lazy("Expected result"),
    "alignment": gettext_lazy("Alignment"),
    "roadmap": gettext_lazy("Roadmap"),
    "roadmap-row": gettext_lazy("Roadmap row"),
    "meeting": gettext_lazy("Preparatory meeting"),
    "region": gettext_lazy("Region"),
    "cycle": gettext_lazy("Cycle"),
    "source": gettext_lazy("Source"),
    "sdg": gettext_lazy("SDG"),
    "action-line": gettext_lazy("WSIS action line"),
    "gdc-objective": gettext_lazy("GDC objective"),
}
# The kinds whose records `?record=KIND:ID` names: every kind but the alignments, which
# are parts of their initiative and have no page or number of their own.
RECORD_KINDS = [kind for kind in KINDS if kind != "alignment"]

# The actions as the API names them; the pages show ACTION_LABELS, in the reader's language.
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
ACTION_LABELS = {
    "created": pgettext_lazy("record", "created"),
    "changed": pgettext_lazy("record", "changed"),
    "deleted": pgettext_lazy("record", "deleted"),
}
# What a change says of who made it when a load of the fixtures made it.
LOAD_AUTHOR = gettext_lazy("the curated fixtures (load)")
RESTORE_AUTHOR = gettext_lazy("a backup (restore)")


@dataclass(frozen=True)
class Described:
    label: str
    html_path: str | None = None
    api_path: str | None = None


Found = dict[str, dict[int, Any]]


@dataclass(frozen=True, eq=False)
class Tracked:
    """How the changes of one curated model are filed, filtered and described."""

    model: type[models.Model]
    kind: str
    describe: Callable[[Any, Found], Described]
    # The records of other tables a description needs, by lookup name (LOOKUPS): their ids.
    refs: Callable[[Any], dict[str, int | None]] = lambda row: {}
    # From a historical row to the code of its region, when it has one.
    region: str | None = None
    # Which changes readers may see, as a condition on the historical row: for records
    # that can be unpublished, those made while published, of records still published.
    public: Q | None = None
    # From a historical row to the id of the record of each kind it belongs to, for
    # `?record=`: an expected result belongs to its initiative too.
    records: dict[str, str] = field(default_factory=dict)
    # Fields holding sanitised HTML: compared, and shown, as their text.
    html_fields: tuple[str, ...] = ()

    @property
    def history(self) -> type[models.Model]:
        return self.model.history.model  # type: ignore[attr-defined]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


@dataclass
class FieldChange:
    name: str
    label: str
    before: Any
    after: Any
    # For text: the word-level difference of before and after; None for other values.
    segments: list[Segment] | None = None

    @property
    def before_display(self) -> str:
        return _display(self.before)

    @property
    def after_display(self) -> str:
        return _display(self.after)


@dataclass
class Change:
    """One record created, changed or deleted: one historical row."""

    tracked: Tracked
    row: Any
    action: str
    fields: list[FieldChange]
    described: Described
    # The name of the editor who made it; None for a load.
    user: str | None = None

    @property
    def kind(self) -> str:
        return self.tracked.kind

    @property
    def kind_label(self) -> str:
        return KINDS[self.tracked.kind]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def batch(self) -> UUID:
        return self.row.batch

    @property
    def date(self) -> datetime:
        return self.row.history_date

    @property
    def user_id(self) -> int | None:
        return self.row.history_user_id

    @property
    def reason(self) -> str:
        return self.row.history_change_reason or ""

    @property
    def record(self) -> str:
        return self.described.label

    @property
    def html_path(self) -> str | None:
        return self.described.html_path

    @property
    def api_path(self) -> str | None:
        return self.described.api_path


@dataclass
class Batch:
    """The changes made together: by one load, one admin request, or one save."""

    id: UUID
    first: datetime
    last: datetime
    user: str | None
    reason: str
    count: int
    created: int
    changes: list[Change] = field(default_factory=list)
    # For a load that only created records: the one line that stands for them.
    summary: str = ""

    @property
    def is_load(self) -> bool:
        return self.reason in (LOAD_REASON, RESTORE_REASON)

    @property
    def author(self) -> str:
        if self.user:
            return self.user
        if self.reason == RESTORE_REASON:
            return str(RESTORE_AUTHOR)
        return str(LOAD_AUTHOR) if self.is_load else _("no recorded user")

    @property
    def title(self) -> str:
        if self.summary:
            return self.summary
        if self.count == 1 and self.changes:
            change = self.changes[0]
            return _("%(kind)s %(action)s: %(record)s") % {
                "kind": change.kind_label,
                "action": change.action_label,
                "record": change.record,
            }
        return ngettext(
            "%(count)s change by %(author)s", "%(count)s changes by %(author)s", self.count
        ) % {"count": self.count, "author": self.author}


@dataclass(frozen=True)
class ChangeFilters:
    kinds: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    record: tuple[str, int] | None = None
    batch: UUID | None = None


# Descriptions: each record's label, page and API address, from its historical row and
# the records it refers to (found in bulk, by LOOKUPS).


def _api(view: str, key) -> str:
    return reverse(f"api:{view}", args=[key])


def _initiative_name(initiative) -> str:
    names = {"code": initiative.code, "cycle": initiative.cycle.slug}
    if initiative.stage == Stage.DRAFT:
        return _("%(code)s %(cycle)s (draft)") % names
    return "{code} {cycle}".format(**names)


def _deleted_since(label: str) -> str:
    return _("%(record)s (deleted since)") % {"record": label}


def _initiative_page(initiative, anchor: str = "") -> str | None:
    if initiative is None or not initiative.published:
        return None
    return initiative.get_absolute_url() + anchor


def _initiative_api(initiative) -> str | None:
    if initiative is None or not initiative.published:
        return None
    return _api("initiative-detail", initiative.slug)


def _describe_initiative(row, found: Found) -> Described:
    current = found["initiative"].get(row.id)
    if current is None:
        return Described(_deleted_since(f"{row.code}: {row.title}"))
    name = f"{_initiative_name(current)}: {current.title}"
    return Described(name, _initiative_page(current), _initiative_api(current))


def _describe_result(row, found: Found) -> Described:
    initiative = found["initiative"].get(row.initiative_id)
    result = found["result"].get(row.id)
    if initiative:
        label = _("%(initiative)s, expected result %(number)s") % {
            "initiative": _initiative_name(initiative),
            "number": row.number,
        }
    else:
        label = _("An initiative deleted since, expected result %(number)s") % {
            "number": row.number
        }
    if result is None:
        return Described(_deleted_since(label), _initiative_page(initiative))
    api = _api("expected-result-detail", result.pk) if result.published else None
    return Described(label, _initiative_page(initiative, f"#{result.anchor}"), api)


def _describe_result_part(part: Callable[[Any], str]) -> Callable[[Any, Found], Described]:
    def describe(row, found: Found) -> Described:
        result = found["result"].get(row.result_id)
        name = part(row)
        if result is None:
            return Described(_("An expected result deleted since, %(part)s") % {"part": name})
        initiative = result.initiative
        label = _("%(initiative)s, expected result %(number)s, %(part)s") % {
            "initiative": _initiative_name(initiative),
            "number": result.number,
            "part": name,
        }
        api = _api("expected-result-detail", result.pk) if result.published else None
        return Described(label, _initiative_page(initiative, f"#{result.anchor}"), api)

    return describe


def _describe_alignment(target: str, name: Callable[[Any], str]) -> Callable:
    def describe(row, found: Found) -> Described:
        initiative = found["initiative"].get(row.initiative_id)
        goal = found[target].get(getattr(row, f"{target}_id"))
        initiative_name = (
            _initiative_name(initiative) if initiative else _("An initiative deleted since")
        )
        target_name = name(goal) if goal else _("a target deleted since")
        label = f"{initiative_name} → {target_name} ({row.provenance})"
        return Described(label, _initiative_page(initiative), _initiative_api(initiative))

    return describe


def _describe_roadmap(row, found: Found) -> Described:
    current = found["roadmap"].get(row.id)
    if current is None:
        return Described(_deleted_since(row.title))
    code = current.action_line.code
    return Described(current.title, current.get_absolute_url(), _api("roadmap-detail", code))


def _row_label(row) -> str:
    return _("Roadmap %(code)s, row %(label)s") % {
        "code": row.roadmap.action_line.code,
        "label": row.label,
    }


def _describe_row(row, found: Found) -> Described:
    current = found["row"].get(row.id)
    if current is not None:
        api = _api("roadmap-row-detail", current.pk)
        return Described(_row_label(current), current.get_absolute_url(), api)
    roadmap = found["roadmap"].get(row.roadmap_id)
    if roadmap is None:
        return Described(_("Roadmap row %(label)s (deleted since)") % {"label": row.label})
    label = _("Roadmap %(code)s, row %(label)s (deleted since)") % {
        "code": roadmap.action_line.code,
        "label": row.label,
    }
    return Described(label, roadmap.get_absolute_url())


def _describe_row_part(name: Callable[[Any, Found], str]) -> Callable:
    def describe(row, found: Found) -> Described:
        current = found["row"].get(row.row_id)
        if current is None:
            return Described(
                _("A roadmap row deleted since: %(part)s") % {"part": name(row, found)}
            )
        api = _api("roadmap-row-detail", current.pk)
        label = f"{_row_label(current)}: {name(row, found)}"
        return Described(label, current.get_absolute_url(), api)

    return describe


def _sdg_name(row, found: Found) -> str:
    sdg = found["sdg"].get(row.sdg_id)
    return _("SDG %(number)s") % {"number": sdg.number} if sdg else _("an SDG")


def _describe_priority(row, found: Found) -> Described:
    meeting = found["meeting"].get(row.meeting_id)
    if meeting is None:
        return Described(
            _("Priority %(number)s: %(title)s") % {"number": row.number, "title": row.title}
        )
    label = _("%(meeting)s, priority %(number)s: %(title)s") % {
        "meeting": meeting.name,
        "number": row.number,
        "title": row.title,
    }
    return Described(label, meeting.get_absolute_url(), _api("meeting-detail", meeting.name))


def _describe_section(row, found: Found) -> Described:
    source = found["source"].get(row.source_id)
    if source is None:
        return Described(_("Section %(order)s of a source deleted since") % {"order": row.order})
    page = f"{source.get_absolute_url()}#section-{row.order}"
    label = _("%(source)s, section %(order)s") % {"source": source.title, "order": row.order}
    return Described(label, page, _api("source-detail", source.slug))


def _describe_cycle(row, found: Found) -> Described:
    page = f"{reverse('initiatives:list')}?cycle={row.slug}"
    return Described(f"{row.name} ({row.conference})", page, _api("cycle-detail", row.slug))


# The records a description may name, read in bulk by id: one query per name on a page.
LOOKUPS: dict[str, Callable[[], models.QuerySet]] = {
    "initiative": lambda: Initiative._base_manager.select_related("cycle"),
    "result": lambda: ExpectedResult._base_manager.select_related("initiative__cycle"),
    "roadmap": lambda: Roadmap._base_manager.select_related("action_line"),
    "row": lambda: RoadmapRow._base_manager.select_related("roadmap__action_line").only(
        "label", "section", "order", "roadmap__action_line__code"
    ),
    "meeting": lambda: PreparatoryMeeting._base_manager.all(),
    "source": lambda: Source._base_manager.all(),
    "sdg": lambda: SDG._base_manager.all(),
    "action_line": lambda: ActionLine._base_manager.all(),
    "objective": lambda: GDCObjective._base_manager.all(),
}


def _hidden(model: type[models.Model]) -> models.QuerySet:
    """The ids of the records of `model` readers may not see now: those its `published()`
    leaves out (a record deleted since is not among them)."""
    published = model.objects.published().values("pk")  # type: ignore[attr-defined]
    return model._base_manager.exclude(pk__in=published).values("pk")


def _published(model: type[models.Model], initiative: bool = True) -> Q:
    """Readers see the changes of initiatives, results and alignments made while the
    record was published, if it still is (or is deleted since), in a published initiative."""
    condition = Q(published=True) & ~Q(id__in=_hidden(model))
    if initiative:
        condition &= ~Q(initiative__in=_hidden(Initiative))
    return condition


_INITIATIVE_PARTS = {"initiative": "result__initiative", "expected-result": "result"}
_ROW_PARTS = {"roadmap": "row__roadmap", "roadmap-row": "row"}


@cache
def tracked_models() -> tuple[Tracked, ...]:
    """Every curated model with a history, in the order the kinds are listed."""
    alignment = {
        "kind": "alignment",
        "region": "initiative__region__code",
        "records": {"initiative": "initiative"},
    }
    result_part = ~Q(result__in=_hidden(ExpectedResult))
    return (
        Tracked(
            Initiative,
            "initiative",
            _describe_initiative,
            refs=lambda row: {"initiative": row.id},
            region="region__code",
            public=_published(Initiative, initiative=False),
            records={"initiative": "id"},
        ),
        Tracked(
            ExpectedResult,
            "expected-result",
            _describe_result,
            refs=lambda row: {"initiative": row.initiative_id, "result": row.id},
            region="initiative__region__code",
            public=_published(ExpectedResult),
            records={"initiative": "initiative", "expected-result": "id"},
        ),
        Tracked(
            ExpectedResultSubitem,
            "expected-result",
            _describe_result_part(lambda row: _("sub-item %(label)s)") % {"label": row.label}),
            refs=lambda row: {"result": row.result_id},
            region="result__initiative__region__code",
            public=result_part,
            records=_INITIATIVE_PARTS,
        ),
        Tracked(
            Footnote,
            "expected-result",
            _describe_result_part(lambda row: _("footnote %(marker)s") % {"marker": row.marker}),
            refs=lambda row: {"result": row.result_id},
            region="result__initiative__region__code",
            public=result_part,
            records=_INITIATIVE_PARTS,
        ),
        Tracked(
            InitiativeSDG,
            public=_published(InitiativeSDG),
            describe=_describe_alignment(
                "sdg", lambda sdg: _("SDG %(number)s") % {"number": sdg.number}
            ),
            refs=lambda row: {"initiative": row.initiative_id, "sdg": row.sdg_id},
            **alignment,
        ),
        Tracked(
            InitiativeActionLine,
            public=_published(InitiativeActionLine),
            describe=_describe_alignment("action_line", lambda line: line.code),
            refs=lambda row: {"initiative": row.initiative_id, "action_line": row.action_line_id},
            **alignment,
        ),
        Tracked(
            InitiativeGDCObjective,
            public=_published(InitiativeGDCObjective),
            describe=_describe_alignment(
                "objective", lambda o: _("GDC objective %(number)s") % {"number": o.number}
            ),
            refs=lambda row: {"initiative": row.initiative_id, "objective": row.objective_id},
            **alignment,
        ),
        Tracked(
            Roadmap,
            "roadmap",
            _describe_roadmap,
            refs=lambda row: {"roadmap": row.id},
            records={"roadmap": "id"},
        ),
        Tracked(
            RoadmapRow,
            "roadmap-row",
            _describe_row,
            refs=lambda row: {"row": row.id, "roadmap": row.roadmap_id},
            records={"roadmap": "roadmap", "roadmap-row": "id"},
            html_fields=tuple(RoadmapRow.RICH_CELLS),
        ),
        Tracked(
            RoadmapRowSDG,
            "roadmap-row",
            _describe_row_part(
                lambda row, found: _("linked to %(sdg)s") % {"sdg": _sdg_name(row, found)}
            ),
            refs=lambda row: {"row": row.row_id, "sdg": row.sdg_id},
            records=_ROW_PARTS,
        ),
        Tracked(
            Citation,
            "roadmap-row",
            _describe_row_part(lambda row, found: _("cites %(code)s") % {"code": row.code}),
            refs=lambda row: {"row": row.row_id},
            region="initiative__region__code",
            records=_ROW_PARTS,
        ),
        Tracked(
            PreparatoryMeeting,
            "meeting",
            lambda row, found: Described(
                row.name, row.instance.get_absolute_url(), _api("meeting-detail", row.name)
            ),
            region="region__code",
            records={"meeting": "id"},
        ),
        Tracked(
            MeetingPriority,
            "meeting",
            _describe_priority,
            refs=lambda row: {"meeting": row.meeting_id},
            region="meeting__region__code",
            records={"meeting": "meeting"},
        ),
        Tracked(
            Region,
            "region",
            lambda row, found: Described(
                f"{row.name} ({row.code})",
                row.instance.get_absolute_url(),
                _api("region-detail", row.code),
            ),
            region="code",
            records={"region": "id"},
        ),
        Tracked(Cycle, "cycle", _describe_cycle, records={"cycle": "id"}),
        Tracked(
            Source,
            "source",
            lambda row, found: Described(
                row.title, row.instance.get_absolute_url(), _api("source-detail", row.slug)
            ),
            records={"source": "id"},
        ),
        Tracked(
            SourceSection,
            "source",
            _describe_section,
            refs=lambda row: {"source": row.source_id},
            records={"source": "source"},
        ),
        Tracked(
            SDG,
            "sdg",
            lambda row, found: Described(
                _("SDG %(number)s: %(name)s")
                % {"number": row.number, "name": row.instance.local_name},
                row.instance.get_absolute_url(),
                _api("sdg-detail", row.number),
            ),
            records={"sdg": "id"},
        ),
        Tracked(
            ActionLine,
            "action-line",
            lambda row, found: Described(
                f"{row.code}: {row.instance.local_name}",
                row.instance.get_absolute_url(),
                _api("action-line-detail", row.code),
            ),
            records={"action-line": "id"},
        ),
        Tracked(
            GDCObjective,
            "gdc-objective",
            lambda row, found: Described(
                _("GDC objective %(number)s: %(title)s")
                % {"number": row.number, "title": row.instance.local_name},
                row.instance.get_absolute_url(),
                _api("gdc-objective-detail", row.number),
            ),
            records={"gdc-objective": "id"},
        ),
    )


@cache
def _tracked_by_label() -> dict[str, Tracked]:
    return {tracked.label: tracked for tracked in tracked_models()}


class ChangeLog:
    """The recorded changes readers may see, under `filters`, newest first."""

    def __init__(self, filters: ChangeFilters | None = None):
        self.filters = filters or ChangeFilters()

    def rows(self, tracked: Tracked) -> models.QuerySet | None:
        """The historical rows of one model that pass the filters, or None when the
        filters leave none of its kind (another kind, or a kind without regions)."""
        filters = self.filters
        if filters.kinds and tracked.kind not in filters.kinds:
            return None
        rows = tracked.history._default_manager.order_by()
        if tracked.public is not None:
            rows = rows.filter(tracked.public)
        if filters.record is not None:
            kind, key = filters.record
            path = tracked.records.get(kind)
            if path is None:
                return None
            rows = rows.filter(**{path: key})
        if filters.regions:
            if tracked.region is None:
                return None
            rows = rows.filter(**{f"{tracked.region}__in": filters.regions})
        if filters.since is not None:
            rows = rows.filter(history_date__gte=_start_of(filters.since))
        if filters.until is not None and filters.until < date.max:
            rows = rows.filter(history_date__lt=_start_of(filters.until + timedelta(days=1)))
        if filters.batch is not None:
            rows = rows.filter(batch=filters.batch)
        return rows

    def _parts(self) -> list[tuple[Tracked, models.QuerySet]]:
        parts = [(tracked, self.rows(tracked)) for tracked in tracked_models()]
        return [(tracked, rows) for tracked, rows in parts if rows is not None]

    @staticmethod
    def _union(queries: list[models.QuerySet], distinct: bool = False) -> models.QuerySet:
        if len(queries) == 1:
            return queries[0].distinct() if distinct else queries[0]
        return queries[0].union(*queries[1:], all=not distinct)

    def batches(self) -> models.QuerySet | list:
        """The ids of the batches holding a change, newest first (one query when read)."""
        parts = [rows.values_list("batch", flat=True) for _, rows in self._parts()]
        if not parts:
            return []
        # UNION, not UNION ALL: a batch touching several tables is listed once.
        return self._union(parts, distinct=True).order_by("-batch")

    def entries(self) -> models.QuerySet | list:
        """(model label, history id, date) of every change, newest first."""
        parts = [
            rows.annotate(model=Value(tracked.label, output_field=CharField())).values_list(
                "model", "history_id", "history_date"
            )
            for tracked, rows in self._parts()
        ]
        if not parts:
            return []
        return self._union(parts).order_by("-history_date", "model", "-history_id")

    def latest(self) -> datetime | None:
        """When the last change under the filters was made."""
        parts = [rows.values_list("history_date", flat=True) for _, rows in self._parts()]
        if not parts:
            return None
        return self._union(parts).order_by("-history_date").first()

    def batch_page(self, ids: list[UUID], oldest: bool = False) -> list[Batch]:
        """The batches of `ids`, in that order, with their changes; a load that only
        created records stands as one line. `oldest`: the last of them is the oldest."""
        parts = self._parts()
        if not ids or not parts:
            return []
        summaries = self._union(
            [
                rows.filter(batch__in=ids)
                .values("batch")
                .annotate(
                    model=Value(tracked.label, output_field=CharField()),
                    rows=Count("pk"),
                    created=Count("pk", filter=Q(history_type="+")),
                    reason=Max("history_change_reason"),
                    user=Max("history_user_id"),
                    first=Min("history_date"),
                    last=Max("history_date"),
                )
                .values_list("batch", "model", "rows", "created", "reason", "user", "first", "last")
                for tracked, rows in parts
            ]
        )
        found: dict[UUID, dict] = {}
        for batch, model, count, created, reason, user, first, last in summaries:
            entry = found.setdefault(
                batch,
                {"models": set(), "count": 0, "created": 0, "reason": "", "user": None,
                 "first": first, "last": last},
            )  # fmt: skip
            entry["models"].add(model)
            entry["count"] += count
            entry["created"] += created
            entry["reason"] = entry["reason"] or reason or ""
            entry["user"] = entry["user"] or user
            entry["first"], entry["last"] = min(entry["first"], first), max(entry["last"], last)
        names = user_names(entry["user"] for entry in found.values())
        batches: list[Batch] = []
        for batch_id in ids:
            entry = found.get(batch_id)
            if entry is None:
                continue
            batch = Batch(
                batch_id,
                entry["first"],
                entry["last"],
                names.get(entry["user"]),
                entry["reason"],
                entry["count"],
                entry["created"],
            )
            if batch.is_load and batch.created == batch.count:
                batch.summary = _created_summary(batch, first_load=oldest and batch_id == ids[-1])
            batches.append(batch)
        detailed = {batch.id for batch in batches if not batch.summary}
        models_of = {model for batch_id in detailed for model in found[batch_id]["models"]}
        changes = self._changes(
            {
                tracked: rows.filter(batch__in=detailed)
                for tracked, rows in parts
                if tracked.label in models_of
            }
        )
        by_batch: dict[UUID, list[Change]] = defaultdict(list)
        for change in sorted(changes, key=_newest_first):
            by_batch[change.batch].append(change)
        for batch in batches:
            batch.changes = by_batch.get(batch.id, [])
        return batches

    def changes_at(self, entries: Iterable[tuple[str, int, datetime]]) -> list[Change]:
        """The changes of `entries` (rows of `entries()`), in their order."""
        entries = list(entries)
        ids: dict[str, list[int]] = defaultdict(list)
        for label, history_id, _date in entries:
            ids[label].append(history_id)
        changes = self._changes(
            {
                tracked: rows.filter(history_id__in=ids[tracked.label])
                for tracked, rows in self._parts()
                if tracked.label in ids
            }
        )
        by_key = {(change.tracked.label, change.row.history_id): change for change in changes}
        return [by_key[(label, key)] for label, key, _ in entries if (label, key) in by_key]

    def all_changes(self, chunk: int = 500) -> Iterator[Change]:
        """Every change, newest first, read `chunk` at a time."""
        entries = self.entries()
        start = 0
        while True:
            page = list(entries[start : start + chunk])
            yield from self.changes_at(page)
            if len(page) < chunk:
                return
            start += chunk

    def _changes(self, queries: dict[Tracked, models.QuerySet]) -> list[Change]:
        """The changes of each model's rows: two queries per model (its rows, then their
        previous versions), then one per kind of record the descriptions name, and one for
        the editors' names."""
        fetched: list[tuple[Tracked, Any]] = []
        previous: dict[Tracked, dict[int, Any]] = {}
        for tracked, rows in queries.items():
            manager = tracked.history._default_manager
            earlier = manager.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            found = list(
                rows.annotate(
                    previous_id=Subquery(earlier.order_by("-history_id").values("history_id")[:1])
                )
            )
            wanted = [row.previous_id for row in found if row.history_type == "~"]
            previous[tracked] = manager.in_bulk([key for key in wanted if key]) if wanted else {}
            fetched.extend((tracked, row) for row in found)
        keys: dict[str, set[int]] = defaultdict(set)
        for tracked, row in fetched:
            for name, key in tracked.refs(row).items():
                if key is not None:
                    keys[name].add(key)
        records: Found = defaultdict(dict)
        for name, wanted_keys in keys.items():
            records[name] = LOOKUPS[name]().in_bulk(wanted_keys)
        names = user_names(row.history_user_id for _, row in fetched)
        return [
            Change(
                tracked,
                row,
                ACTIONS[row.history_type],
                field_changes(tracked, row, previous[tracked].get(row.previous_id)),
                tracked.describe(row, records),
                names.get(row.history_user_id),
            )
            for tracked, row in fetched
        ]


def _newest_first(change: Change):
    return (-change.date.timestamp(), change.tracked.label, -change.row.history_id)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# Fields whose value every change visible to readers shares: not news on creation.
_SAME_FOR_EVERY_READER = {"id", "published"}


def field_changes(tracked: Tracked, row, before) -> list[FieldChange]:
    """What the change did to each field: for a record changed, the fields that differ
    from its previous version; created or deleted, its values (the references to other
    records aside, which its label names)."""
    fields = [f for f in row.tracked_fields if f.name != "id"]
    order = {f.name: index for index, f in enumerate(fields)}
    action = ACTIONS[row.history_type]
    if action == "changed" and before is not None:
        delta = row.diff_against(before)
        pairs = [(c.field, c.old, c.new) for c in delta.changes]
        pairs.sort(key=lambda pair: order.get(pair[0], len(order)))
    else:
        values = [
            (f.name, getattr(row, f.attname))
            for f in fields
            if not f.is_relation and f.name not in _SAME_FOR_EVERY_READER
        ]
        values = [(name, value) for name, value in values if value not in ("", None, [], {})]
        if action == "deleted":
            pairs = [(name, value, None) for name, value in values]
        else:
            pairs = [(name, None, value) for name, value in values]
    return [_field_change(tracked, name, old, new) for name, old, new in pairs]


def _field_change(tracked: Tracked, name: str, before, after) -> FieldChange:
    model_field = tracked.model._meta.get_field(name)
    change = FieldChange(name, str(model_field.verbose_name), before, after)
    is_text = isinstance(model_field, models.CharField | models.TextField)
    if is_text and not model_field.choices:
        old, new = before or "", after or ""
        if name in tracked.html_fields:
            old, new = plain_text(old), plain_text(new)
        change.segments = word_diff(old, new)
    return change


def _display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def user_names(ids: Iterable[int | None]) -> dict[int, str]:
    """The names editors are shown by: full name, else user name; one query."""
    wanted = {key for key in ids if key is not None}
    if not wanted:
        return {}
    users = get_user_model()._base_manager.filter(pk__in=wanted)
    return {user.pk: user.get_full_name() or user.get_username() for user in users}


def tracked_by_label(label: str) -> Tracked:
    return _tracked_by_label()[label]


def _created_summary(batch: Batch, first_load: bool) -> str:
    """The one line standing for a load that only created records."""
    if batch.reason == RESTORE_REASON:
        message = ngettext(
            "%(count)s record created by a restore",
            "%(count)s records created by a restore",
            batch.count,
        )
    elif first_load:
        message = ngettext(
            "%(count)s record created by the first load",
            "%(count)s records created by the first load",
            batch.count,
        )
    else:
        message = ngettext(
            "%(count)s record created by a load",
            "%(count)s records created by a load",
            batch.count,
        )
    return message % {"count": batch.count}
