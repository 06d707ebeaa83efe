"""Fixture sections of the regions app: regions, meetings."""

import datetime

from core.loading import LoadContext, normalise_whitespace, register_section
from frameworks.fixture_sections import load_names
from regions.models import MeetingPriority, PreparatoryMeeting, Region
from sources.models import Source


def load_regions(context: LoadContext, records: list) -> None:
    for data in records:
        record = f"region {data.get('code')!r}" if isinstance(data, dict) else "region"
        context.fields(data, record, required=["code", "name"], optional=["names"])
        context.upsert(
            Region,
            record,
            {"code": data["code"]},
            {"name": data["name"], "names": load_names(context, record, data)},
        )


def _date(context: LoadContext, record: str, value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        context.fail(record, f"{value!r} is not a date (YYYY-MM-DD)")


def load_meetings(context: LoadContext, records: list) -> None:
    for data in records:
        record = f"meeting {data.get('name')!r}" if isinstance(data, dict) else "meeting"
        context.fields(
            data,
            record,
            required=[
                "name",
                "region",
                "dates_as_printed",
                "start_date",
                "end_date",
                "city",
                "country",
                "chair",
                "summary",
                "source",
                "source_locator",
            ],
            optional=["vice_chairs", "priorities", "curation_note"],
        )
        vice_chairs = data.get("vice_chairs", [])
        if not isinstance(vice_chairs, list) or not all(isinstance(v, str) for v in vice_chairs):
            context.fail(record, "vice_chairs: must be a list of names")
        meeting = context.upsert(
            PreparatoryMeeting,
            record,
            {"name": data["name"]},
            {
                "region": context.get(Region, record, code=data["region"]),
                "dates_as_printed": normalise_whitespace(data["dates_as_printed"]),
                "start_date": _date(context, record, data["start_date"]),
                "end_date": _date(context, record, data["end_date"]),
                "city": data["city"],
                "country": data["country"],
                "chair": normalise_whitespace(data["chair"]),
                "vice_chairs": [normalise_whitespace(v) for v in vice_chairs],
                "summary": normalise_whitespace(data["summary"]),
                "source": context.get(Source, record, slug=data["source"]),
                "source_locator": data["source_locator"],
                "curation_note": normalise_whitespace(data.get("curation_note", "")),
            },
        )
        kept = []
        for number, title in enumerate(data.get("priorities", []), start=1):
            kept.append(
                context.upsert(
                    MeetingPriority,
                    f"{record}, priority {number}",
                    {"meeting": meeting, "number": number},
                    {"title": normalise_whitespace(title)},
                )
            )
        context.prune(meeting.priorities.all(), kept)


register_section("regions", load_regions)
register_section("meetings", load_meetings)
