"""The filters of the changes, shared by the changes page, its feed and the API.

Kinds and regions take several values, repeated or as a comma list, meaning any of them;
`since` and `until` are days (YYYY-MM-DD, both included); `record` names one record as
KIND:ID (an initiative's changes include those of its expected results and alignments);
`batch` names one batch of changes.
"""

import re

from django import forms

from core.filters import MultiValueWidget
from hubs.changes import KINDS, RECORD_KINDS, ChangeFilters
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
                f"Write KIND:ID, the kind one of {', '.join(RECORD_KINDS)}, e.g. initiative:12."
            )
        return found["kind"], int(found["id"])

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "Must not be before since.")
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
