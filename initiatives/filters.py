"""The initiative filters, shared by the initiatives page and the API, and the API's
expected-result filters.

Every filter takes several values, repeated or as a comma list (``?sdg=9&sdg=17`` or
``?sdg=9,17``), meaning any of them; filters on different fields combine. Alignment
filters (SDG, action line, GDC objective) honour ``provenance``: ``?sdg=9&provenance=source``
keeps only what a source document itself states.
"""

import re
from collections import Counter

import django_filters
from django import forms
from django.db import models
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from drf_spectacular.utils import extend_schema_field

from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
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
from search.engine import MAX_PAGE_SIZE, QueryError, clean_query, owner_ids, search


class MultiValueWidget(forms.CheckboxSelectMultiple):
    """Reads a parameter given several times or as a comma-separated list."""

    def __init__(self, *args, upper: bool = False, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if raw is None:
            return []
        if isinstance(raw, str):
            raw = [raw]
        values = [part.strip() for value in raw for part in str(value).split(",")]
        values = [value.upper() if self.upper else value for value in values if value]
        return list(dict.fromkeys(values))

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class RecordsField(django_filters.fields.ModelMultipleChoiceField):
    """Refuses a number no record can have before the database is asked: SQLite overflows
    and PostgreSQL fails on integers wider than their column."""

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name or "pk")
        if isinstance(key, models.IntegerField):
            for item in value:
                if not re.fullmatch(r"[0-9]{1,9}", str(item)):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)


class RecordsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = RecordsField


def multi(filter_class, **kwargs):
    upper = kwargs.pop("upper", False)
    return filter_class(widget=MultiValueWidget(upper=upper), **kwargs)


# How the API's OpenAPI schema types each filter: the type of one value, and an example.
REGION_SCHEMA = {"type": "string", "enum": REGION_CODES, "example": "AMS"}
CYCLE_SCHEMA = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{4}$", "example": "2026-2029"}
STAGE_SCHEMA = {"type": "string", "enum": Stage.values, "example": "adopted"}
SDG_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 17, "example": [9, 17]}
ACTION_LINE_SCHEMA = {"type": "string", "enum": ActionLine.CODES, "example": "C5"}
GDC_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 5, "example": 3}
PROVENANCE_SCHEMA = {"type": "string", "enum": Provenance.values, "example": "source"}
TEXT_SCHEMA = {"type": "string", "maxLength": 200, "example": "cybersecurity"}
INITIATIVE_SCHEMA = {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{4}-[a-z]{3}[0-9]{1,2}(-draft)?$",
    "example": "2026-2029-ams1",
}


def typed(schema: dict, filter_):
    """`filter_`, typed in the API's OpenAPI schema (the pages ignore it)."""
    return extend_schema_field(schema)(filter_)


# The alignment filters: (parameter, link model, field on the link holding the target).
ALIGNMENTS = [
    ("sdg", InitiativeSDG, "sdg"),
    ("action_line", InitiativeActionLine, "action_line"),
    ("gdc", InitiativeGDCObjective, "objective"),
]

ORDERINGS = {
    "code": ["region__code", "number", "cycle__start_year", "stage"],
    "title": ["title"],
    "cycle": ["cycle__start_year", "region__code", "number", "stage"],
    "region": ["region__code", "cycle__start_year", "number", "stage"],
}
ORDERING_CHOICES = [*ORDERINGS, *(f"-{key}" for key in ORDERINGS)]


class InitiativeFilter(django_filters.FilterSet):
    region = typed(
        REGION_SCHEMA,
        multi(
            RecordsFilter,
            queryset=Region.objects.all(),
            field_name="region__code",
            to_field_name="code",
            upper=True,
            label="Region",
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
            label="Cycle",
            help_text="Cycle slug, e.g. 2026-2029.",
        ),
    )
    stage = typed(
        STAGE_SCHEMA,
        multi(
            django_filters.MultipleChoiceFilter,
            choices=Stage.choices,
            label="Stage",
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
            label="SDG",
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
            label="WSIS action line",
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
            label="GDC objective",
            help_text="Global Digital Compact objective number, 1 to 5.",
        ),
    )
    provenance = typed(
        PROVENANCE_SCHEMA,
        multi(
            django_filters.MultipleChoiceFilter,
            choices=Provenance.choices,
            method="filter_provenance",
            label="Alignment provenance",
            help_text="source, roadmap or curated: who states the alignment.",
        ),
    )
    q = typed(
        TEXT_SCHEMA,
        django_filters.CharFilter(
            method="filter_text", label="Text", help_text="Words to find, ranked by relevance."
        ),
    )
    ordering = typed(
        {"type": "string", "enum": ORDERING_CHOICES, "example": "code"},
        django_filters.ChoiceFilter(
            choices=[(key, key) for key in ORDERING_CHOICES],
            method="filter_ordering",
            label="Order",
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
        links = link_model.objects.filter(
            **{f"{target_field}__in": value}, provenance__in=self._provenances()
        )
        return queryset.filter(pk__in=links.values("initiative"))

    def filter_provenance(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        if any(self.form.cleaned_data.get(n) for n, *_ in ALIGNMENTS if n != self._excluded):
            return queryset  # applied inside the alignment filters
        having = Q()
        for _, link_model, _ in ALIGNMENTS:
            having |= Q(pk__in=link_model.objects.filter(provenance__in=value).values("initiative"))
        return queryset.filter(having)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value or not value.strip():
            return queryset
        try:
            query = clean_query(value)
        except QueryError as error:
            raise forms.ValidationError(str(error)) from error
        # Facets filter again with the same words: search once per request.
        if getattr(self, "_text_query", None) != query:
            self._text_query, self._text_ids = query, owner_ids(query, "initiative")
        self.text_rank = self._text_ids
        return queryset.filter(pk__in=self._text_ids)

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        fields = ORDERINGS[value.lstrip("-")]
        if value.startswith("-"):
            fields = [f"-{field}" for field in fields]
        self.ordered = True
        return queryset.order_by(*fields)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        self.text_rank, self.ordered = None, False
        try:
            queryset = super().filter_queryset(queryset)
        except forms.ValidationError as error:
            self.form.add_error("q", error)
            return queryset.none()
        if self.text_rank and not self.ordered:
            by_rank = Case(
                *(When(pk=pk, then=Value(position)) for position, pk in enumerate(self.text_rank)),
                output_field=IntegerField(),
            )
            queryset = queryset.order_by(by_rank)
        return queryset

    # Facets: for each filter, how many initiatives each of its options would give,
    # with every other active filter applied (one query per facet).
    def facet_counts(self) -> dict[str, dict[str, int]]:
        facets = {}
        for name in ("region", "cycle", "stage", "sdg", "action_line", "gdc", "provenance"):
            others = self._filtered_without(name)
            facets[name] = self._count_options(name, others)
        return facets

    def _filtered_without(self, name: str) -> QuerySet:
        """The results with every active filter but `name` applied, from the cleaned form."""
        self._excluded = name
        try:
            queryset = self.queryset.all()
            for other, value in self.form.cleaned_data.items():
                if other not in (name, "ordering"):
                    queryset = self.filters[other].filter(queryset, value)
            return queryset
        finally:
            self._excluded = None

    def _count_options(self, name: str, queryset: QuerySet) -> dict[str, int]:
        ids = queryset.order_by().values("pk")
        if name in ("region", "cycle", "stage"):
            key = {"region": "region__code", "cycle": "cycle__slug", "stage": "stage"}[name]
            rows = (
                Initiative.objects.filter(pk__in=ids)
                .order_by()
                .values_list(key)
                .annotate(n=Count("pk"))
            )
            return {str(value): n for value, n in rows}
        if name == "provenance":
            return self._provenance_counts(ids)
        link_model = next(m for n, m, _ in ALIGNMENTS if n == name)
        lookup = {
            "sdg": "sdg__number",
            "action_line": "action_line__code",
            "gdc": "objective__number",
        }
        rows = (
            link_model.objects.filter(initiative__in=ids, provenance__in=self._provenances())
            .order_by()
            .values_list(lookup[name])
            .annotate(n=Count("initiative", distinct=True))
        )
        return {str(value): n for value, n in rows}

    def _provenance_counts(self, ids) -> dict[str, int]:
        # An initiative counts once per provenance, whichever kinds of link carry it: the
        # UNION of the (provenance, initiative) pairs of every link table, in one query.
        pairs = [
            link_model.objects.filter(initiative__in=ids)
            .order_by()
            .values_list("provenance", "initiative")
            for _, link_model, _ in ALIGNMENTS
        ]
        return dict(Counter(provenance for provenance, _ in pairs[0].union(*pairs[1:])))


def matching_ids(raw: str, kind: str) -> list[int]:
    """Ids of the records of one search kind that match `raw`, best first, as the search
    page finds them. Raises forms.ValidationError for a query that cannot be searched for."""
    try:
        found = search(raw, kinds=[kind], page=1, page_size=MAX_PAGE_SIZE)
        ids = [result.object_id for result in found.results]
        while len(ids) < found.count:
            found = search(raw, kinds=[kind], page=found.page + 1, page_size=MAX_PAGE_SIZE)
            ids += [result.object_id for result in found.results]
    except QueryError as error:
        raise forms.ValidationError(str(error)) from error
    return ids


class RankedTextFilterSet(django_filters.FilterSet):
    """A FilterSet whose `q` keeps the records of `search_kind` that match, best first."""

    search_kind: str

    q = typed(
        TEXT_SCHEMA,
        django_filters.CharFilter(
            method="filter_text", label="Text", help_text="Words to find, ranked by relevance."
        ),
    )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value or not value.strip():
            return queryset
        self.text_rank = matching_ids(value, self.search_kind)
        return queryset.filter(pk__in=self.text_rank)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        self.text_rank = None
        try:
            queryset = super().filter_queryset(queryset)
        except forms.ValidationError as error:
            self.form.add_error("q", error)
            return queryset.none()
        if self.text_rank:
            by_rank = Case(
                *(When(pk=pk, then=Value(position)) for position, pk in enumerate(self.text_rank)),
                output_field=IntegerField(),
            )
            queryset = queryset.order_by(by_rank)
        return queryset


class ExpectedResultFilter(RankedTextFilterSet):
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
            queryset=Initiative.objects.all(),
            field_name="initiative__slug",
            to_field_name="slug",
            label="Initiative",
            help_text="The initiative's slug, e.g. 2026-2029-ams1 or 2026-2029-ams1-draft.",
        ),
    )

    class Meta:
        model = ExpectedResult
        fields = ["region", "cycle", "stage", "initiative", "q"]
