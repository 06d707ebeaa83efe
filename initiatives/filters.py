"""The initiative filters, shared by the initiatives page and the API, and the API's
expected-result filters, built with the toolkit of `core.filters`. The labels the
initiatives page shows are translated; the help texts document the API, which stays English.

Alignment filters (SDG, action line, GDC objective) honour ``provenance``:
``?sdg=9&provenance=source`` keeps only what a source document itself states.
"""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import RecordsFilter, TextSearchFilterSet, multi, typed
from core.viewsets import filtered_without
from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
from initiatives import tallies
from initiatives.models import (
    Cycle,
    ExpectedResult,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
    Stage,
)
from regions.models import REGION_CODES, Region

# How the API's OpenAPI schema types each filter: the type of one value, and an example.
REGION_SCHEMA = {"type": "string", "enum": REGION_CODES, "example": "AMS"}
CYCLE_SCHEMA = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{4}$", "example": "2026-2029"}
STAGE_SCHEMA = {"type": "string", "enum": Stage.values, "example": "adopted"}
SDG_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 17, "example": [9, 17]}
ACTION_LINE_SCHEMA = {"type": "string", "enum": ActionLine.CODES, "example": "C5"}
GDC_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 5, "example": 3}
PROVENANCE_SCHEMA = {"type": "string", "enum": Provenance.values, "example": "source"}
INITIATIVE_SCHEMA = {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{4}-[a-z]{3}[0-9]{1,2}(-draft)?$",
    "example": "2026-2029-ams1",
}


# The alignment filters: (parameter, link model, field on the link holding the target).
ALIGNMENTS = [
    ("sdg", InitiativeSDG, "sdg"),
    ("action_line", InitiativeActionLine, "action_line"),
    ("gdc", InitiativeGDCObjective, "objective"),
]

ORDERINGS = {
    "code": ["region__code", "number", "cycle__start_year", "stage"],
    # An adopted text and its draft may share a title: the rest keeps their order fixed.
    "title": ["title", "cycle__start_year", "region__code", "number", "stage"],
    "cycle": ["cycle__start_year", "region__code", "number", "stage"],
    "region": ["region__code", "cycle__start_year", "number", "stage"],
}
ORDERING_CHOICES = [*ORDERINGS, *(f"-{key}" for key in ORDERINGS)]


class InitiativeFilter(TextSearchFilterSet):
    search_kind = "initiative"

    region = typed(
        REGION_SCHEMA,
        multi(
            RecordsFilter,
            queryset=Region.objects.all(),
            field_name="region__code",
            to_field_name="code",
            upper=True,
            label=_("Region"),
            help_text="Region code: AFR, AMS, ARB, ASP, CIS or EUR.",
        ),
    )
    cycle = typed(
        CYCLE_SCHEMA,
        multi(
            RecordsFilter,
            queryset=Cycle.objects.all(),
            field_name="cycle__slug",
            to_field_name="slug",
            label=_("Cycle"),
            help_text="Cycle slug, e.g. 2026-2029.",
        ),
    )
    stage = typed(
        STAGE_SCHEMA,
        multi(
            django_filters.MultipleChoiceFilter,
            choices=Stage.choices,
            label=_("Stage"),
            help_text="adopted or draft.",
        ),
    )
    sdg = typed(
        SDG_SCHEMA,
        multi(
            RecordsFilter,
            queryset=SDG.objects.all(),
            to_field_name="number",
            method="filter_alignment",
            label=_("SDG"),
            help_text="SDG number, 1 to 17.",
        ),
    )
    action_line = typed(
        ACTION_LINE_SCHEMA,
        multi(
            RecordsFilter,
            queryset=ActionLine.objects.all(),
            to_field_name="code",
            upper=True,
            method="filter_alignment",
            label=_("WSIS action line"),
            help_text="WSIS action line code, C1 to C11.",
        ),
    )
    gdc = typed(
        GDC_SCHEMA,
        multi(
            RecordsFilter,
            queryset=GDCObjective.objects.all(),
            to_field_name="number",
            method="filter_alignment",
            label=_("GDC objective"),
            help_text="Global Digital Compact objective number, 1 to 5.",
        ),
    )
    provenance = typed(
        PROVENANCE_SCHEMA,
        multi(
            django_filters.MultipleChoiceFilter,
            choices=Provenance.choices,
            method="filter_provenance",
            label=_("Alignment provenance"),
            help_text="source, roadmap or curated: who states the alignment.",
        ),
    )
    ordering = typed(
        {"type": "string", "enum": ORDERING_CHOICES, "example": "code"},
        django_filters.ChoiceFilter(
            choices=[(key, key) for key in ORDERING_CHOICES],
            method="filter_ordering",
            label=_("Order"),
            help_text="code, title, cycle or region; prefix with - to reverse.",
        ),
    )

    class Meta:
        model = Initiative
        fields = ["region", "cycle", "stage", "sdg", "action_line", "gdc", "provenance", "q"]

    _excluded: str | None = None

    def _provenances(self) -> list[str]:
        if self._excluded == "provenance":
            return Provenance.values
        return self.form.cleaned_data.get("provenance") or Provenance.values

    def filter_alignment(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        link_model, target_field = next((m, f) for n, m, f in ALIGNMENTS if n == name)
        # A subquery rather than a join: an initiative matching several values (or the
        # same value under several provenances) is still listed once.
        links = link_model.objects.published().filter(
            **{f"{target_field}__in": value}, provenance__in=self._provenances()
        )
        return queryset.filter(pk__in=links.values("initiative"))

    def filter_provenance(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        if any(self.form.cleaned_data.get(n) for n, *_ in ALIGNMENTS if n != self._excluded):
            return queryset  # applied inside the alignment filters
        having = Q()
        for _name, link_model, _field in ALIGNMENTS:
            links = link_model.objects.published().filter(provenance__in=value)
            having |= Q(pk__in=links.values("initiative"))
        return queryset.filter(having)

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        fields = ORDERINGS[value.lstrip("-")]
        if value.startswith("-"):
            fields = [f"-{field}" for field in fields]
        self.ordered = True
        return queryset.order_by(*fields)

    # Facets: for each filter, how many initiatives each of its options would give, with
    # every other active filter applied (one query per facet). The API counts texts, as its
    # list does; the initiatives page counts initiatives, an adopted text with its draft once.
    counting: tallies.Unit = tallies.TEXTS

    def facet_counts(self) -> dict[str, dict[str, int]]:
        facets = {}
        for name in ("region", "cycle", "stage", "sdg", "action_line", "gdc", "provenance"):
            others = self._filtered_without(name)
            facets[name] = self._count_options(name, others)
        return facets

    def _filtered_without(self, name: str) -> QuerySet:
        """The results with every active filter but `name` applied, from the cleaned form."""
        # The alignment filters read it: with provenance left out, they count every one.
        self._excluded = name
        try:
            return filtered_without(self, name)
        finally:
            self._excluded = None

    def _count_options(self, name: str, queryset: QuerySet) -> dict[str, int]:
        ids = queryset.order_by().values("pk")
        if name in ("region", "cycle", "stage"):
            key = {"region": "region__code", "cycle": "cycle__slug", "stage": "stage"}[name]
            return tallies.count_texts(queryset, by=key, unit=self.counting)
        if name == "provenance":
            links = [
                link_model.objects.published().filter(initiative__in=ids)
                for _, link_model, _ in ALIGNMENTS
            ]
            return tallies.count_per_provenance(links, unit=self.counting)
        link_model = next(m for n, m, _ in ALIGNMENTS if n == name)
        key = {"sdg": "sdg__number", "action_line": "action_line__code", "gdc": "objective__number"}
        links = link_model.objects.published().filter(
            initiative__in=ids, provenance__in=self._provenances()
        )
        return tallies.count_links(links, by=key[name], unit=self.counting)


class ExpectedResultFilter(TextSearchFilterSet):
    """The API's expected-results filters: by their initiative's region, cycle and stage."""

    search_kind = "expected-result"

    region = typed(
        REGION_SCHEMA,
        multi(
            RecordsFilter,
            queryset=Region.objects.all(),
            field_name="initiative__region__code",
            to_field_name="code",
            upper=True,
            label="Region",
            help_text="The initiative's region code: AFR, AMS, ARB, ASP, CIS or EUR.",
        ),
    )
    cycle = typed(
        CYCLE_SCHEMA,
        multi(
            RecordsFilter,
            queryset=Cycle.objects.all(),
            field_name="initiative__cycle__slug",
            to_field_name="slug",
            label="Cycle",
            help_text="The initiative's cycle slug, e.g. 2026-2029.",
        ),
    )
    stage = typed(
        STAGE_SCHEMA,
        multi(
            django_filters.MultipleChoiceFilter,
            field_name="initiative__stage",
            choices=Stage.choices,
            label="Stage",
            help_text="The initiative's stage: adopted or draft.",
        ),
    )
    initiative = typed(
        INITIATIVE_SCHEMA,
        multi(
            RecordsFilter,
            queryset=Initiative.objects.published(),
            field_name="initiative__slug",
            to_field_name="slug",
            label="Initiative",
            help_text="The initiative's slug, e.g. 2026-2029-ams1 or 2026-2029-ams1-draft.",
        ),
    )

    class Meta:
        model = ExpectedResult
        fields = ["region", "cycle", "stage", "initiative", "q"]
