"""Search results named as a person would name the records, for readable assertions."""

from initiatives.models import ExpectedResult, Initiative
from regions.models import PreparatoryMeeting
from roadmaps.models import RoadmapRow
from search.engine import search
from sources.models import SourceSection


def name_of(result) -> str:
    """'2026-2029-asp5-draft #4' for an expected result, the slug for an initiative, ..."""
    if result.kind == "expected-result":
        er = ExpectedResult.objects.select_related("initiative").get(pk=result.object_id)
        return f"{er.initiative.slug} #{er.number}"
    if result.kind == "initiative":
        return Initiative.objects.get(pk=result.object_id).slug
    if result.kind == "roadmap-row":
        row = RoadmapRow.objects.select_related("roadmap__action_line").get(pk=result.object_id)
        return f"{row.roadmap.action_line.code} {row.section} {row.label}"
    if result.kind == "meeting":
        return PreparatoryMeeting.objects.get(pk=result.object_id).name
    section = SourceSection.objects.select_related("source").get(pk=result.object_id)
    return f"{section.source.slug} §{section.order}"


def found(query: str, kinds: list[str] | None = None, page_size: int = 100) -> list[str]:
    """The names of the records matching `query`, best first."""
    return [name_of(result) for result in search(query, kinds, page_size=page_size).results]
