"""What the regions app contributes to search: the Regional Preparatory Meetings."""

from collections.abc import Collection

from django.utils.translation import gettext_lazy

from regions.models import MeetingPriority, PreparatoryMeeting
from search.registry import Document, Registration, register


def meeting_documents(ids: Collection[int] | None):
    meetings = PreparatoryMeeting.objects.for_listing()
    if ids is not None:
        meetings = meetings.filter(pk__in=ids)
    for meeting in meetings:
        priorities = [f"{p.number}. {p.title}" for p in meeting.priorities.all()]
        yield Document(
            kind="meeting",
            object_id=meeting.pk,
            owner_kind="meeting",
            owner_id=meeting.pk,
            title=f"{meeting.name}: {meeting.city}, {meeting.country}",
            body="\n".join([meeting.summary, *priorities]),
            html_url=meeting.get_absolute_url(),
            label=(
                f"{meeting.region.name} · {meeting.dates_as_printed} {meeting.start_date.year}"
                f" · chaired by {meeting.chair}"
            ),
            keywords=" ".join(
                [meeting.region.code, meeting.region.name, meeting.chair, *meeting.vice_chairs]
            ),
            title_weight="A",
            body_weight="B",
            keywords_weight="D",
        )


register(
    Registration(
        kind="meeting",
        name=gettext_lazy("Preparatory meeting"),
        name_plural=gettext_lazy("Preparatory meetings"),
        documents=meeting_documents,
        refreshed_by={
            PreparatoryMeeting: lambda meeting: [meeting.pk],
            MeetingPriority: lambda priority: [priority.meeting_id],
        },
        order=40,
        api_view="api:meeting-detail",
        api_keys=lambda ids: dict(
            PreparatoryMeeting.objects.filter(pk__in=ids).values_list("pk", "name")
        ),
    )
)
