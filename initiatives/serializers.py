"""Cycles, initiatives and expected results in the API.

Lists carry the flat fields of DESIGN.md §5 (and so the columns of their CSV); the
initiative's detail nests its expected results, its alignments and its citations.
"""

from django.urls import reverse
from rest_framework import serializers

from core.rest import ApiUrl, PageUrl
from frameworks.models import Provenance
from initiatives.models import (
    Cycle,
    ExpectedResult,
    ExpectedResultSubitem,
    Footnote,
    Initiative,
    Stage,
)
from initiatives.related import relation


class CycleSerializer(serializers.ModelSerializer):
    url = ApiUrl("cycle-detail", lambda cycle: cycle.slug)
    # A cycle has no page of its own: the initiatives list filtered to it stands for one.
    html_url = PageUrl(lambda cycle: f"{reverse('initiatives:list')}?cycle={cycle.slug}")

    class Meta:
        model = Cycle
        fields = ["slug", "name", "conference", "start_year", "end_year", "url", "html_url"]


class CycleDetailSerializer(CycleSerializer):
    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "conference_city", "action_plan"]


# The editorial facts of a record (DESIGN.md §1): what the editors decided where the
# extraction was damaged, so that a program can tell it from what the source prints.
CURATION_NOTE_HELP = (
    "The editors' note on this record where the source was damaged or ambiguous: a number "
    "restored, a label read as a code, a heading or section placed; empty when the record "
    "is as the source prints it."
)
SOURCE_LOCATOR_HELP = "Where in its source document the record stands, as the editors note it."


class InitiativeSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    cycle = serializers.CharField(source="cycle.slug")
    stage = serializers.ChoiceField(choices=Stage.choices)
    url = ApiUrl("initiative-detail", lambda initiative: initiative.slug)
    html_url = PageUrl()
    label_as_printed = serializers.CharField(
        help_text='The code as the source prints it ("RI 1" for CIS1); when it differs '
        "from `code`, the code is the editors' reading, explained in `curation_note`."
    )
    source_locator = serializers.CharField(help_text=SOURCE_LOCATOR_HELP)
    curation_note = serializers.CharField(help_text=CURATION_NOTE_HELP)

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "code",
            "title",
            "region",
            "cycle",
            "stage",
            "url",
            "html_url",
            # Added within v1: the editorial facts.
            "label_as_printed",
            "source_locator",
            "curation_note",
        ]


class SubitemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpectedResultSubitem
        fields = ["label", "text"]


class FootnoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Footnote
        fields = ["marker", "text"]


class NestedResultSerializer(serializers.ModelSerializer):
    """An expected result inside its initiative's detail."""

    subitems = SubitemSerializer(many=True)
    footnotes = FootnoteSerializer(many=True)
    url = ApiUrl("expected-result-detail", lambda result: result.pk)
    html_url = PageUrl()
    curation_note = serializers.CharField(help_text=CURATION_NOTE_HELP)

    class Meta:
        model = ExpectedResult
        fields = [
            "number",
            "text",
            "subitems",
            "footnotes",
            "url",
            "html_url",
            # Added within v1.
            "id",
            "curation_note",
        ]


class AlignmentSerializer(serializers.Serializer):
    provenance = serializers.ChoiceField(choices=Provenance.choices)
    rationale = serializers.CharField(
        help_text="Why the editors made a curated alignment; may be empty otherwise."
    )


class SDGAlignmentSerializer(AlignmentSerializer):
    number = serializers.IntegerField(source="sdg.number")
    url = ApiUrl("sdg-detail", lambda link: link.sdg.number)
    html_url = PageUrl(lambda link: link.sdg.get_absolute_url())


class ActionLineAlignmentSerializer(AlignmentSerializer):
    code = serializers.CharField(source="action_line.code")
    url = ApiUrl("action-line-detail", lambda link: link.action_line.code)
    html_url = PageUrl(lambda link: link.action_line.get_absolute_url())


class GDCAlignmentSerializer(AlignmentSerializer):
    number = serializers.IntegerField(source="objective.number")
    url = ApiUrl("gdc-objective-detail", lambda link: link.objective.number)
    html_url = PageUrl(lambda link: link.objective.get_absolute_url())


class RelatedInitiativeSerializer(serializers.Serializer):
    slug = serializers.CharField(source="related.slug")
    code = serializers.CharField(source="related.code")
    title = serializers.CharField(source="related.title")
    region = serializers.CharField(source="related.region.code")
    cycle = serializers.CharField(source="related.cycle.slug")
    stage = serializers.CharField(source="related.stage")
    score = serializers.FloatField(help_text="TF-IDF cosine similarity of the two texts, 0 to 1.")
    shared_terms = serializers.ListField(
        child=serializers.CharField(), help_text="The terms that weigh most in both texts."
    )
    url = ApiUrl("initiative-detail", lambda match: match.related.slug)
    html_url = PageUrl(lambda match: match.related.get_absolute_url())
    relation = serializers.SerializerMethodField(
        help_text="earlier_cycle or next_cycle: the region's initiative of the same number in "
        "the cycle before or after; similar_wording: found by TF-IDF similarity."
    )

    def get_relation(self, match) -> str:
        return relation(match.initiative, match.related)


class InitiativeDetailSerializer(InitiativeSerializer):
    expected_results = NestedResultSerializer(many=True)
    sdgs = SDGAlignmentSerializer(source="sdg_links", many=True)
    action_lines = ActionLineAlignmentSerializer(source="action_line_links", many=True)
    gdc_objectives = GDCAlignmentSerializer(source="gdc_links", many=True)
    source = serializers.CharField(source="source.slug")
    draft = serializers.SerializerMethodField(
        help_text="For adopted text, the slug of the RPM draft it grew from, if known."
    )
    adopted = serializers.SerializerMethodField(
        help_text="For an RPM draft, the slug of the text adopted from it, if any."
    )
    cited_by = serializers.SerializerMethodField(
        help_text="The ids of the roadmap rows that cite this initiative."
    )
    related = RelatedInitiativeSerializer(
        many=True,
        help_text="Initiatives of other regions or cycles that address the same things.",
    )

    class Meta(InitiativeSerializer.Meta):
        fields = [
            *InitiativeSerializer.Meta.fields,
            "objective",
            "results_intro",
            "expected_results",
            "sdgs",
            "action_lines",
            "gdc_objectives",
            "source",
            "draft",
            "adopted",
            "cited_by",
            "related",
        ]

    def get_draft(self, initiative) -> str | None:
        other = initiative.other_stage()
        return other.slug if other and other.stage == Stage.DRAFT else None

    def get_adopted(self, initiative) -> str | None:
        other = initiative.other_stage()
        return other.slug if other and other.stage == Stage.ADOPTED else None

    def get_cited_by(self, initiative) -> list[int]:
        return list(dict.fromkeys(citation.row_id for citation in initiative.citations.all()))


class ExpectedResultSerializer(serializers.ModelSerializer):
    initiative = serializers.CharField(source="initiative.slug")
    url = ApiUrl("expected-result-detail", lambda result: result.pk)
    html_url = PageUrl()
    curation_note = serializers.CharField(help_text=CURATION_NOTE_HELP)

    class Meta:
        model = ExpectedResult
        # Added within v1: `id` (the key of expected-results/<id>/) and `curation_note`.
        fields = ["initiative", "number", "text", "url", "html_url", "id", "curation_note"]


class ExpectedResultDetailSerializer(ExpectedResultSerializer):
    subitems = SubitemSerializer(many=True)
    footnotes = FootnoteSerializer(many=True)

    class Meta(ExpectedResultSerializer.Meta):
        fields = [*ExpectedResultSerializer.Meta.fields, "subitems", "footnotes"]


class SegmentSerializer(serializers.Serializer):
    op = serializers.ChoiceField(
        choices=["equal", "insert", "delete"],
        help_text="equal: in both texts; insert: only adopted; delete: only in the draft.",
    )
    text = serializers.CharField()
    minor = serializers.BooleanField(
        help_text="A deletion or insertion that only changes the case or punctuation of the "
        "words beside it (the same words, written otherwise)."
    )


class ComparedPartSerializer(serializers.Serializer):
    part = serializers.ChoiceField(
        source="name", choices=["title", "objective", "results_intro", "expected_result"]
    )
    draft_number = serializers.IntegerField(allow_null=True)
    adopted_number = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=["unchanged", "changed", "added", "dropped"])
    substantive = serializers.BooleanField(
        help_text="Whether words changed, not only their case or punctuation."
    )
    draft = serializers.CharField(allow_blank=True)
    adopted = serializers.CharField(allow_blank=True)
    segments = SegmentSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    draft = serializers.CharField(help_text="The RPM draft's slug.")
    adopted = serializers.CharField(help_text="The adopted initiative's slug.")
    html_url = serializers.CharField(help_text="The comparison page.")
    parts = ComparedPartSerializer(many=True)
