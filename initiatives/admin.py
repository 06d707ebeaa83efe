"""The curation admin of cycles, initiatives, their expected results and alignments.

An editor adds or corrects records here; the forms check what the loader checks, with its
messages, so that a record saved here loads, and exports, like one from a fixture.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.loading import normalise_whitespace
from frameworks.models import Provenance
from initiatives.admin_actions import publish, unpublish
from initiatives.models import (
    Cycle,
    ExpectedResult,
    ExpectedResultSubitem,
    Footnote,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
)
from initiatives.rules import (
    code_problem,
    draft_problem,
    initiative_words,
    rationale_problem,
    stated_problem,
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
        # A new initiative's results are saved after its alignments are checked: its
        # title, objective and lead-in may be quoted at once, its results once saved.
        rationale = normalise_whitespace(cleaned.get("rationale") or "")
        if problem := rationale_problem(rationale, initiative_words(initiative)):
            raise forms.ValidationError(problem)
        if initiative.pk is not None and (
            problem := stated_problem(
                type(self.instance), initiative, self.target_field, cleaned.get(self.target_field)
            )
        ):
            raise forms.ValidationError(problem)
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
        if problem := code_problem(code):
            self.add_error("code", problem)
            return cleaned
        region_code, number = code[:3], code[3:]
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            self.add_error("code", f"refers to a region that does not exist (code={region_code!r})")
            return cleaned
        self.instance.region, self.instance.number = region, int(number)
        self.instance.slug = Initiative.make_slug(cycle.slug, code, stage)
        draft = cleaned.get("draft")
        if draft is not None and (problem := draft_problem(draft, code, cycle)):
            self.add_error("draft", problem)
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
