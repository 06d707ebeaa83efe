"""The regions app's fixture sections as the fixtures hold them: the inverse of its
``fixture_sections`` (regions, meetings)."""

from core.exporting import register_export
from core.loading import normalise_whitespace
from frameworks.fixture_export import with_names
from regions.models import PreparatoryMeeting, Region


def export_regions(template: list) -> list[dict]:
    return [
        with_names({"code": region.code, "name": region.name}, region.names)
        for region in Region.objects.order_by("code")
    ]


def export_meetings(template: list) -> list[dict]:
    records = []
    meetings = (
        PreparatoryMeeting.objects.select_related("region", "source")
        .prefetch_related("priorities")
        .order_by("start_date", "name")
    )
    for meeting in meetings:
        record = {
            "name": meeting.name,
            "region": meeting.region.code,
            "dates_as_printed": normalise_whitespace(meeting.dates_as_printed),
            "start_date": meeting.start_date.isoformat(),
            "end_date": meeting.end_date.isoformat(),
            "city": meeting.city,
            "country": meeting.country,
            "chair": normalise_whitespace(meeting.chair),
        }
        if meeting.vice_chairs:
            record["vice_chairs"] = [normalise_whitespace(name) for name in meeting.vice_chairs]
        record["summary"] = normalise_whitespace(meeting.summary)
        record["source"] = meeting.source.slug
        record["source_locator"] = meeting.source_locator
        if meeting.curation_note.strip():
            record["curation_note"] = normalise_whitespace(meeting.curation_note)
        # Numbered from 1 in the order listed: the file lists the titles only.
        priorities = sorted(meeting.priorities.all(), key=lambda priority: priority.number)
        if priorities:
            record["priorities"] = [normalise_whitespace(p.title) for p in priorities]
        records.append(record)
    return records


register_export("regions", export_regions)
register_export("meetings", export_meetings, by_source=True)
