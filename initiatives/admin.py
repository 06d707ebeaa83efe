"""The curation admin of cycles, initiatives, their expected results and alignments.

An editor adds or corrects records here; the forms check what the loader checks, with its
messages, so that a record saved here loads, and exports, like one from a fixture.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frameworks.models import Provenance
from initiatives.admin_actions import publish, unpublish
from initiatives.fixture_sections import QUOTED, initiative_words, quote_occurs
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
from regions.models import Region


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "conference", "action_plan", "start_year", "end_year"]


class ExpectedResultInline(admin.StackedInline):
    model = ExpectedResult
    extra = 0
    ordering = ["number"]
    show_change_link = True
    fields = ["number", "text", "curation_note", "published"]


class AlignmentForm(forms.ModelForm):
    """A curated alignment, held to the loader's rules: its rationale quotes the
    initiative's own words, and it does not repeat a link a source or roadmap states."""

    def clean(self):
        cleaned = super().clean()
        initiative = getattr(self, "initiative", None)
        if initiative is None or cleaned.get("provenance") != Provenance.CURATED:
            return cleaned
        rationale = " ".join((cleaned.get("rationale") or "").split())
        quotes = QUOTED.findall(rationale)
        if not quotes:
            raise forms.ValidationError('rationale must quote the initiative\'s words in "..."')
        # A new initiative's results are saved after its alignments are checked: its
        # title, objective and lead-in may be quoted at once, its results once saved.
        words = (
            initiative_words(initiative)
            if initiative.pk
            else " ".join(
                f"{initiative.title} {initiative.objective} {initiative.results_intro}".split()
            )
        )
        for quote in quotes:
            if not quote_occurs(quote, words):
                raise forms.ValidationError(f"quoted words are not in the initiative: {quote!r}")
        target_field = self.target_field
        if initiative.pk is None:
            return cleaned
        stated = type(self.instance).objects.filter(
            initiative=initiative, **{target_field: cleaned.get(target_field)}
        )
        if stated.exclude(provenance=Provenance.CURATED).exists():
            raise forms.ValidationError("is already stated by a source or a roadmap")
        return cleaned


def alignment_form(field_name: str) -> type[AlignmentForm]:
    return type(f"{field_name}AlignmentForm", (AlignmentForm,), {"target_field": field_name})


class AlignmentFormSet(forms.BaseInlineFormSet):
    """Hands each form the initiative as the page's form left it, saved or not yet."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.initiative = self.instance
        return form


class InitiativeSDGInline(admin.TabularInline):
    model = InitiativeSDG
    form = alignment_form("sdg")
    formset = AlignmentFormSet
    extra = 0


class InitiativeActionLineInline(admin.TabularInline):
    model = InitiativeActionLine
    form = alignment_form("action_line")
    formset = AlignmentFormSet
    extra = 0


class InitiativeGDCObjectiveInline(admin.TabularInline):
    model = InitiativeGDCObjective
    form = alignment_form("objective")
    formset = AlignmentFormSet
    extra = 0


class InitiativeForm(forms.ModelForm):
    """The region, number and permanent address follow from the code, the cycle and the
    stage, as when a fixture is loaded; the same mistakes get the same messages."""

    class Meta:
        model = Initiative
        fields = [
            "cycle",
            "code",
            "stage",
            "label_as_printed",
            "title",
            "objective",
            "results_intro",
            "source",
            "source_locator",
            "curation_note",
            "draft",
            "published",
        ]

    def clean(self):
        cleaned = super().clean()
        code, cycle, stage = cleaned.get("code"), cleaned.get("cycle"), cleaned.get("stage")
        if not (code and cycle and stage):
            return cleaned
        code = code.strip().upper()
        cleaned["code"] = self.instance.code = code
        region_code, number = code[:3], code[3:]
        if not number.isdigit():
            self.add_error("code", f"code {code!r} is not a region code followed by a number")
            return cleaned
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            self.add_error("code", f"refers to a region that does not exist (code={region_code!r})")
            return cleaned
        self.instance.region, self.instance.number = region, int(number)
        self.instance.slug = Initiative.make_slug(cycle.slug, code, stage)
        draft = cleaned.get("draft")
        if draft is not None and (
            draft.code != code or draft.cycle_id != cycle.pk or draft.stage != Stage.DRAFT
        ):
            self.add_error("draft", f"draft {draft.slug!r} is not the draft of {code} {cycle.slug}")
        return cleaned


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    form = InitiativeForm
    list_display = ["code", "cycle", "stage", "region", "title", "published"]
    list_filter = ["published", "cycle", "stage", "region", "source"]
    actions = [publish, unpublish]
    search_fields = ["code", "slug", "title", "objective", "expected_results__text"]
    list_select_related = ["cycle", "region"]
    readonly_fields = ["slug"]
    raw_id_fields = ["draft"]
    inlines = [
        ExpectedResultInline,
        InitiativeSDGInline,
        InitiativeActionLineInline,
        InitiativeGDCObjectiveInline,
    ]


class SubitemInline(admin.TabularInline):
    model = ExpectedResultSubitem
    extra = 0
    ordering = ["order"]


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0


@admin.register(ExpectedResult)
class ExpectedResultAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "number", "text", "published"]
    list_filter = ["published", "initiative__cycle", "initiative__stage", "initiative__region"]
    actions = [publish, unpublish]
    search_fields = ["text", "initiative__code", "subitems__text", "footnotes__text"]
    list_select_related = ["initiative__cycle"]
    inlines = [SubitemInline, FootnoteInline]
