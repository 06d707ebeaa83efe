"""ITU's WSIS Action Line Roadmaps and their rows in the API.

A row's cells are kept as sanitised HTML and as plain text: lists and CSV carry the text,
the detail carries both (`outcome` and `outcome_html`, ...).
"""

from django.urls import reverse
from rest_framework import serializers

from core.rest import ApiUrl, PageUrl, absolute
from frameworks.models import Provenance
from roadmaps.models import Citation, Roadmap, RoadmapRow, RoadmapRowSDG, Section

CURATION_NOTE_HELP = (
    "The editors' note on this record where the document was damaged or ambiguous (a "
    "section placed, a cell split, a repeated line); empty when it is as printed."
)
SOURCE_LOCATOR_HELP = "Where in the document the record stands (its lines), as the editors note it."


class RoadmapRowSerializer(serializers.ModelSerializer):
    action_line = serializers.CharField(source="roadmap.action_line.code")
    section = serializers.ChoiceField(choices=Section.choices)
    outcome = serializers.CharField(source="outcome_text", help_text="The WSIS outcome, as text.")
    url = ApiUrl("roadmap-row-detail", lambda row: row.pk)
    html_url = PageUrl()
    section_inferred = serializers.SerializerMethodField(
        help_text="True when the table prints no heading for the row's section: the editors "
        "placed the row in it (the roadmap's `curation_note` says why)."
    )
    source_locator = serializers.CharField(help_text=SOURCE_LOCATOR_HELP)
    curation_note = serializers.CharField(help_text=CURATION_NOTE_HELP)

    class Meta:
        model = RoadmapRow
        fields = [
            "id",
            "action_line",
            "section",
            "label",
            "outcome",
            "timing",
            "url",
            "html_url",
            # Added within v1: the editorial facts.
            "section_inferred",
            "source_locator",
            "curation_note",
        ]

    def get_section_inferred(self, row) -> bool:
        _, printed = row.roadmap.section_heading(row.section)
        return not printed


class RowSDGSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="sdg.number")
    provenance = serializers.ChoiceField(choices=Provenance.choices)
    url = ApiUrl("sdg-detail", lambda link: link.sdg.number)
    html_url = PageUrl(lambda link: link.sdg.get_absolute_url())

    class Meta:
        model = RoadmapRowSDG
        fields = ["number", "targets", "provenance", "url", "html_url"]


class CitationSerializer(serializers.ModelSerializer):
    cycle = serializers.CharField(source="cycle.slug", help_text="The cycle cited.")
    initiative = serializers.SerializerMethodField(
        help_text="The slug of the initiative cited, or null when the knowledge base lacks it."
    )
    initiative_url = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = ["code", "cycle", "cited_text", "initiative", "initiative_url"]

    def get_initiative(self, citation) -> str | None:
        initiative = citation.published_initiative
        return initiative.slug if initiative else None

    def get_initiative_url(self, citation) -> str | None:
        initiative = citation.published_initiative
        if not initiative:
            return None
        path = reverse("api:initiative-detail", args=[initiative.slug])
        return absolute(self.context.get("request"), path)


class RoadmapRowDetailSerializer(RoadmapRowSerializer):
    outcome_html = serializers.CharField(source="outcome")
    goals_and_resolutions = serializers.CharField(source="goals_and_resolutions_text")
    goals_and_resolutions_html = serializers.CharField(source="goals_and_resolutions")
    sdg_linkages = serializers.CharField(source="sdg_linkages_text")
    sdg_linkages_html = serializers.CharField(source="sdg_linkages")
    evidence = serializers.CharField(source="evidence_text")
    evidence_html = serializers.CharField(source="evidence")
    results = serializers.CharField(source="results_text")
    results_html = serializers.CharField(source="results")
    extra = serializers.CharField(
        source="extra_text", help_text="A roadmap's extra column (C6: COVID-19 Response)."
    )
    extra_html = serializers.CharField(source="extra")
    sdgs = RowSDGSerializer(source="sdg_links", many=True)
    citations = CitationSerializer(many=True)

    class Meta(RoadmapRowSerializer.Meta):
        fields = [
            *RoadmapRowSerializer.Meta.fields,
            "order",
            "outcome_html",
            "goals_and_resolutions",
            "goals_and_resolutions_html",
            "sdg_linkages",
            "sdg_linkages_html",
            "evidence",
            "evidence_html",
            "results",
            "results_html",
            "extra",
            "extra_html",
            "sdgs",
            "citations",
        ]


class RoadmapSerializer(serializers.ModelSerializer):
    action_line = serializers.CharField(source="action_line.code")
    row_count = serializers.IntegerField()
    url = ApiUrl("roadmap-detail", lambda roadmap: roadmap.action_line.code)
    html_url = PageUrl()
    source_locator = serializers.CharField(help_text=SOURCE_LOCATOR_HELP)
    curation_note = serializers.CharField(help_text=CURATION_NOTE_HELP)

    class Meta:
        model = Roadmap
        fields = [
            "action_line",
            "title",
            "year",
            "row_count",
            "url",
            "html_url",
            # Added within v1: the editorial facts.
            "source_locator",
            "curation_note",
        ]


class RoadmapDetailSerializer(RoadmapSerializer):
    row_count = serializers.SerializerMethodField()
    column_headings = serializers.ListField(
        child=serializers.CharField(), help_text="The table's column headings, as printed."
    )
    section_headings = serializers.DictField(
        child=serializers.CharField(),
        help_text="Section → heading, as printed; a section the table does not head is "
        "absent (see `inferred_sections`).",
    )
    inferred_sections = serializers.SerializerMethodField(
        help_text="The sections holding rows under no printed heading: the editors placed "
        "those rows (`curation_note` says how), the table does not."
    )
    source = serializers.CharField(source="source.slug")
    rows = RoadmapRowSerializer(many=True)

    class Meta(RoadmapSerializer.Meta):
        fields = [
            *RoadmapSerializer.Meta.fields,
            "introduction",
            "column_headings",
            "section_headings",
            "source",
            "rows",
            # Added within v1.
            "inferred_sections",
        ]

    def get_row_count(self, roadmap) -> int:
        return len(roadmap.rows.all())

    def get_inferred_sections(self, roadmap) -> list[str]:
        held = {row.section for row in roadmap.rows.all()}
        return [
            section
            for section in Section.values
            if section in held and not roadmap.section_heading(section)[1]
        ]
