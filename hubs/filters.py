"""The filters of the changes, shared by the changes page, its feed and the API; and
those of the alignment matrix, shared by its page and the API.

Kinds and regions take several values, repeated or as a comma list, meaning any of them;
`since` and `until` are days (YYYY-MM-DD, both included); `record` names one record as
KIND:ID (an initiative's changes include those of its expected results and alignments);
`batch` names one batch of changes.
"""

import re

from django import forms
from django.utils.translation import gettext as _

from core.filters import MultiValueWidget
from frameworks.models import Provenance
from hubs.changes import KINDS, RECORD_KINDS, ChangeFilters
from hubs.matrix import DEFAULT_FRAMEWORK, FRAMEWORKS, MatrixFilters
from initiatives.models import Cycle, Stage
from regions.models import REGION_CODES

RECORD = re.compile(r"(?P<kind>[a-z-]{1,20}):(?P<id>[0-9]{1,9})")


class ChangeFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        choices=list(KINDS.items()),
        required=False,
        widget=MultiValueWidget(),
        help_text="Only changes to records of these kinds.",
    )
    region = forms.MultipleChoiceField(
        choices=[(code, code) for code in REGION_CODES],
        required=False,
        widget=MultiValueWidget(upper=True),
        help_text="Only changes to records of these regions (initiatives and their parts, "
        "meetings, regions, citations).",
    )
    since = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="Changes made on or after this day."
    )
    until = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="Changes made on or before this day."
    )
    record = forms.CharField(
        required=False,
        max_length=40,
        help_text="The changes of one record and its parts, as KIND:ID.",
    )
    batch = forms.UUIDField(required=False, help_text="The changes of one batch.")

    def clean_record(self) -> tuple[str, int] | None:
        value = self.cleaned_data["record"].strip()
        if not value:
            return None
        found = RECORD.fullmatch(value)
        if found is None or found["kind"] not in RECORD_KINDS:
            raise forms.ValidationError(
                _("Write KIND:ID, the kind one of %(kinds)s, e.g. initiative:12.")
                % {"kinds": ", ".join(RECORD_KINDS)}
            )
        return found["kind"], int(found["id"])

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("Must not be before since."))
        return cleaned

    def filters(self) -> ChangeFilters:
        """The filters given, each that is valid; the others are left out (and are the
        form's errors)."""
        self.is_valid()
        cleaned = self.cleaned_data
        return ChangeFilters(
            kinds=tuple(cleaned.get("kind") or ()),
            regions=tuple(cleaned.get("region") or ()),
            since=cleaned.get("since"),
            until=cleaned.get("until"),
            record=cleaned.get("record"),
            batch=cleaned.get("batch"),
        )


class MatrixFilterForm(forms.Form):
    """The filters of the alignment matrix, shared by its page and the API. Regions, cycles
    and stages choose the initiatives (the rows); provenances narrow the cells."""

    framework = forms.ChoiceField(
        choices=[(slug, framework.short_name) for slug, framework in FRAMEWORKS.items()],
        required=False,
        help_text="The columns: sdg (the 17 SDGs, the default), action-line (the 11 WSIS "
        "Action Lines) or gdc (the 5 Global Digital Compact objectives).",
    )
    region = forms.MultipleChoiceField(
        choices=[(code, code) for code in REGION_CODES],
        required=False,
        widget=MultiValueWidget(upper=True),
        help_text="Only the initiatives of these regions: AFR, AMS, ARB, ASP, CIS or EUR.",
    )
    cycle = forms.MultipleChoiceField(
        required=False,
        widget=MultiValueWidget(),
        help_text="Only the initiatives of these cycles, by slug, e.g. 2026-2029.",
    )
    stage = forms.MultipleChoiceField(
        choices=Stage.choices,
        required=False,
        widget=MultiValueWidget(),
        help_text="Only these texts: adopted or draft. Without it, an adopted initiative and "
        "its RPM draft are one row.",
    )
    provenance = forms.MultipleChoiceField(
        choices=Provenance.choices,
        required=False,
        widget=MultiValueWidget(),
        help_text="Only the alignments stated so: source, roadmap or curated.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: the page lists the same cycles as its options.
        self.cycles = list(Cycle.objects.all())
        self.fields["cycle"].choices = [(cycle.slug, cycle.name) for cycle in self.cycles]

    def filters(self) -> MatrixFilters:
        """The filters given, each that is valid; the others are left out (and are the
        form's errors)."""
        self.is_valid()
        cleaned = self.cleaned_data
        return MatrixFilters(
            framework=cleaned.get("framework") or DEFAULT_FRAMEWORK,
            regions=tuple(cleaned.get("region") or ()),
            cycles=tuple(cleaned.get("cycle") or ()),
            stages=tuple(cleaned.get("stage") or ()),
            provenances=tuple(cleaned.get("provenance") or ()),
        )
