"""The roadmap-row filters of the API and of the roadmap pages.

As everywhere (`core.filters`), a filter takes several values, meaning any of them. The
SDG and initiative filters go through link tables and are subqueries, so a row matching
several values is listed once.
"""

import django_filters

from core.filters import RecordsFilter, TextSearchFilterSet, multi, typed
from frameworks.models import SDG, ActionLine
from initiatives.filters import ACTION_LINE_SCHEMA, INITIATIVE_SCHEMA, SDG_SCHEMA
from initiatives.models import Initiative
from roadmaps.models import Citation, RoadmapRow, RoadmapRowSDG, Section


class RoadmapRowFilter(TextSearchFilterSet):
    search_kind = "roadmap-row"

    action_line = typed(
        ACTION_LINE_SCHEMA,
        multi(
            RecordsFilter,
            queryset=ActionLine.objects.all(),
            field_name="roadmap__action_line__code",
            to_field_name="code",
            upper=True,
            label="WSIS action line",
            help_text="The roadmap's action line code; ITU's roadmaps are C2, C4, C5 and C6.",
        ),
    )
    section = typed(
        {"type": "string", "enum": Section.values, "example": "wsis-plus-10"},
        multi(
            django_filters.MultipleChoiceFilter,
            choices=Section.choices,
            label="Section",
            help_text="geneva-tunis (Geneva Plan of Action and Tunis Agenda) or wsis-plus-10 "
            "(WSIS+10 Outcome Documents).",
        ),
    )
    sdg = typed(
        SDG_SCHEMA,
        multi(
            RecordsFilter,
            queryset=SDG.objects.all(),
            to_field_name="number",
            method="filter_sdg",
            label="SDG",
            help_text="SDG number, 1 to 17, as the row's SDG linkages name it.",
        ),
    )
    initiative = typed(
        INITIATIVE_SCHEMA,
        multi(
            RecordsFilter,
            queryset=Initiative.objects.published(),
            to_field_name="slug",
            method="filter_initiative",
            label="Initiative",
            help_text="The slug of an initiative the row cites, e.g. 2023-2025-cis1.",
        ),
    )

    class Meta:
        model = RoadmapRow
        fields = ["action_line", "section", "sdg", "initiative", "q"]

    def filter_sdg(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=RoadmapRowSDG.objects.filter(sdg__in=value).values("row"))

    def filter_initiative(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Citation.objects.filter(initiative__in=value).values("row"))


class RoadmapPageFilter(django_filters.FilterSet):
    """A roadmap page narrowed to the rows that name any of the SDGs given (`?sdg=9`, as
    the SDG hubs link to it), to a section, or to the rows that cite a regional initiative
    (`?cites=initiative`). A value it cannot use makes the page a 400 that names it."""

    sdg = multi(
        RecordsFilter,
        queryset=SDG.objects.all(),
        to_field_name="number",
        method="filter_sdg",
        label="SDG",
    )
    section = multi(django_filters.MultipleChoiceFilter, choices=Section.choices, label="Section")
    cites = django_filters.ChoiceFilter(
        choices=[("initiative", "Rows that cite a regional initiative")],
        method="filter_cites",
        label="Citations",
    )

    class Meta:
        model = RoadmapRow
        fields = ["sdg", "section", "cites"]

    filter_sdg = RoadmapRowFilter.filter_sdg

    def filter_cites(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Citation.objects.values("row"))
