"""Every stored text occurs verbatim in its source document, and nothing is missing.

The check reads the repository's own copy of the documents (sources/documents/), so a
person who clones the repository can verify the knowledge base against its sources.
Texts are compared whitespace-normalised; the extraction's inline footnote markers
("[footnoteRef:1]") are removed from the source first, as the curation rules remove them
from the stored text.
"""

import re

import pytest

from core.loading import normalise_whitespace
from initiatives.models import ExpectedResult, ExpectedResultSubitem, Footnote, Initiative
from regions.models import MeetingPriority, PreparatoryMeeting
from sources.models import Source, SourceSection

pytestmark = pytest.mark.django_db

FOOTNOTE_MARKER = re.compile(r"\[footnoteRef:\d+\]")


def comparable(text: str) -> str:
    return normalise_whitespace(FOOTNOTE_MARKER.sub("", text))


def missing_from_source(texts_by_source: dict[Source, list[tuple[str, str]]]) -> list[str]:
    """The (label, text) pairs whose text is not in their source document."""
    missing = []
    for source, texts in texts_by_source.items():
        document = comparable(source.read_text())
        for label, text in texts:
            if not text or normalise_whitespace(text) not in document:
                missing.append(f"{source.file_name}: {label}: {text[:80]!r}")
    return missing


def test_the_checker_catches_a_changed_word():
    source = Source.objects.get(slug="regional-initiatives-2023-2025-cis")
    assert (
        missing_from_source({source: [("ok", "Bridging the digital divide in the countries")]})
        == []
    )
    assert missing_from_source({source: [("changed", "Bridging the digital gap in the countries")]})
    assert missing_from_source({source: [("empty", "")]})


def test_every_initiative_text_occurs_verbatim_in_its_source():
    texts: dict[Source, list] = {}
    for initiative in Initiative.objects.select_related("source"):
        for field in ("label_as_printed", "title", "objective", "results_intro"):
            value = getattr(initiative, field)
            if value or field != "results_intro":
                texts.setdefault(initiative.source, []).append(
                    (f"{initiative.slug} {field}", value)
                )
    assert missing_from_source(texts) == []


def test_every_expected_result_subitem_and_footnote_occurs_verbatim_in_its_source():
    texts: dict[Source, list] = {}
    for result in ExpectedResult.objects.select_related("initiative__source"):
        label = f"{result.initiative.slug} result {result.number}"
        texts.setdefault(result.initiative.source, []).append((label, result.text))
    for item in ExpectedResultSubitem.objects.select_related("result__initiative__source"):
        initiative = item.result.initiative
        label = f"{initiative.slug} result {item.result.number} {item.label})"
        texts.setdefault(initiative.source, []).append((label, item.text))
    for note in Footnote.objects.select_related("result__initiative__source"):
        initiative = note.result.initiative
        label = f"{initiative.slug} result {note.result.number} footnote {note.marker}"
        texts.setdefault(initiative.source, []).append((label, note.text))
    assert missing_from_source(texts) == []


def test_every_meeting_field_and_priority_occurs_verbatim_in_its_source():
    texts: dict[Source, list] = {}
    for meeting in PreparatoryMeeting.objects.select_related("source"):
        fields = ["name", "dates_as_printed", "city", "country", "chair", "summary"]
        entries = [(f"{meeting.name} {field}", getattr(meeting, field)) for field in fields]
        entries += [(f"{meeting.name} vice-chair", name) for name in meeting.vice_chairs]
        entries.append((f"{meeting.name} city and country", f"{meeting.city}, {meeting.country}"))
        texts.setdefault(meeting.source, []).extend(entries)
    for priority in MeetingPriority.objects.select_related("meeting__source"):
        texts.setdefault(priority.meeting.source, []).append(
            (
                f"{priority.meeting.name} priority {priority.number}",
                f"{priority.number}. {priority.title}",
            )
        )
    assert missing_from_source(texts) == []


def test_every_source_section_heading_and_paragraph_occurs_verbatim_in_its_source():
    texts: dict[Source, list] = {}
    for section in SourceSection.objects.select_related("source"):
        entries = [(f"§{section.order} paragraph", p) for p in section.paragraphs]
        if section.heading:
            entries.append((f"§{section.order} heading", section.heading))
        texts.setdefault(section.source, []).extend(entries)
    assert texts, "no source sections were loaded"
    assert missing_from_source(texts) == []


def test_every_non_blank_line_of_the_cstd_answers_is_in_a_section():
    source = Source.objects.get(slug="cstd-priority-theme-2-2023-24")
    stored = {normalise_whitespace(p) for s in source.sections.all() for p in s.paragraphs}
    stored |= {s.heading for s in source.sections.all()}
    lines = [normalise_whitespace(line) for line in source.read_text().splitlines()]
    # The rule line at the end is the extraction's footnote separator, not text.
    missing = [line for line in lines if line and line != "_______________" and line not in stored]
    assert missing == []


# Initiative headings as each document prints them.
HEADINGS = {
    "regional-initiatives-2023-2025-cis": re.compile(r"^RI (\d+): ", re.M),
    "regional-initiatives-2026-2029-ams": re.compile(r"^(AMS)(\d+): ", re.M),
    "rpm-coordination-meeting-2025": re.compile(r"^(AFR|AMS|ASP|CIS|EUR)(\d+): ", re.M),
}


def test_initiative_counts_per_region_cycle_and_stage_match_the_documents():
    from_documents = {}
    for slug, heading in HEADINGS.items():
        for match in heading.finditer(Source.objects.get(slug=slug).read_text()):
            region = "CIS" if slug.endswith("-cis") else match[1]
            cycle, stage = (
                ("2023-2025", "adopted")
                if slug.endswith("-cis")
                else ("2026-2029", "adopted")
                if slug.endswith("-ams")
                else ("2026-2029", "draft")
            )
            key = (region, cycle, stage)
            from_documents[key] = from_documents.get(key, 0) + 1
    stored = {}
    for region, cycle, stage in Initiative.objects.values_list(
        "region__code", "cycle__slug", "stage"
    ):
        stored[(region, cycle, stage)] = stored.get((region, cycle, stage), 0) + 1
    assert stored == from_documents
    assert stored == {
        ("CIS", "2023-2025", "adopted"): 5,
        ("AMS", "2026-2029", "adopted"): 5,
        ("AFR", "2026-2029", "draft"): 5,
        ("AMS", "2026-2029", "draft"): 5,
        ("ASP", "2026-2029", "draft"): 5,
        ("CIS", "2026-2029", "draft"): 5,
        ("EUR", "2026-2029", "draft"): 5,
    }


# Expected results per initiative, read from the documents. Numbered items are counted
# from each initiative's block; AMS4 and AMS5 of source 001 each have one result whose
# number the page lost (restored from the RPM draft, see their curation notes).
EXPECTED_RESULT_COUNTS = {
    "2023-2025-cis1": 5,
    "2023-2025-cis2": 4,
    "2023-2025-cis3": 5,
    "2023-2025-cis4": 7,
    "2023-2025-cis5": 5,
    "2026-2029-ams1": 5,
    "2026-2029-ams2": 4,
    "2026-2029-ams3": 6,
    "2026-2029-ams4": 4,
    "2026-2029-ams5": 5,
    "2026-2029-eur1-draft": 6,
    "2026-2029-eur2-draft": 5,
    "2026-2029-eur3-draft": 5,
    "2026-2029-eur4-draft": 6,
    "2026-2029-eur5-draft": 6,
    "2026-2029-asp1-draft": 5,
    "2026-2029-asp2-draft": 6,
    "2026-2029-asp3-draft": 8,
    "2026-2029-asp4-draft": 6,
    "2026-2029-asp5-draft": 10,
    "2026-2029-ams1-draft": 5,
    "2026-2029-ams2-draft": 4,
    "2026-2029-ams3-draft": 6,
    "2026-2029-ams4-draft": 4,
    "2026-2029-ams5-draft": 5,
    "2026-2029-afr1-draft": 17,
    "2026-2029-afr2-draft": 13,
    "2026-2029-afr3-draft": 12,
    "2026-2029-afr4-draft": 10,
    "2026-2029-afr5-draft": 8,
    "2026-2029-cis1-draft": 3,
    "2026-2029-cis2-draft": 5,
    "2026-2029-cis3-draft": 4,
    "2026-2029-cis4-draft": 4,
    "2026-2029-cis5-draft": 4,
}
RESULTS_WITHOUT_PRINTED_NUMBER = {"2026-2029-ams4": 1, "2026-2029-ams5": 1}
NUMBERED_RESULT = {
    "regional-initiatives-2023-2025-cis": re.compile(r"^\s+\d+\. ", re.M),
    "regional-initiatives-2026-2029-ams": re.compile(r"^\d+\)\s", re.M),
    "rpm-coordination-meeting-2025": re.compile(r"^\d+\. ", re.M),
}


def _blocks(text: str, heading: re.Pattern) -> list[str]:
    starts = [m.start() for m in heading.finditer(text)] + [len(text)]
    blocks = [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    # A block ends where the next region's section of the report begins.
    return [re.split(r"^2\.\d ", block, flags=re.M)[0] for block in blocks]


def test_expected_result_counts_match_the_documents():
    counted = {}
    for slug, heading in HEADINGS.items():
        source = Source.objects.get(slug=slug)
        initiatives = list(Initiative.objects.filter(source=source).order_by("pk"))
        blocks = _blocks(source.read_text(), heading)
        assert len(blocks) == len(initiatives)
        for block in blocks:
            code = re.match(heading, block)
            number = code[2] if code.re.groups == 2 else code[1]
            prefix = "CIS" if slug.endswith("-cis") else code[1]
            match = next(i for i in initiatives if i.code == f"{prefix}{number}")
            found = len(NUMBERED_RESULT[slug].findall(block))
            counted[match.slug] = found + RESULTS_WITHOUT_PRINTED_NUMBER.get(match.slug, 0)
    stored = {i.slug: i.expected_results.count() for i in Initiative.objects.all()}
    assert counted == EXPECTED_RESULT_COUNTS
    assert stored == EXPECTED_RESULT_COUNTS


def test_subitems_and_footnotes_match_the_documents():
    stored_items = sorted(
        (i.result.initiative.slug, i.result.number, i.label)
        for i in ExpectedResultSubitem.objects.select_related("result__initiative")
    )
    assert stored_items == [
        ("2026-2029-ams4", 1, "a"),
        ("2026-2029-ams4", 1, "b"),
        ("2026-2029-ams4-draft", 1, "a"),
        ("2026-2029-ams4-draft", 1, "b"),
    ]
    documents = "".join(
        s.read_text() for s in Source.objects.filter(kind__in=["web-page", "meeting-report"])
    )
    assert len(re.findall(r"^[a-z]\)\s", documents, re.M)) == len(stored_items)
    assert len(re.findall(r"\[footnoteRef:\d+\]", documents)) == Footnote.objects.count() == 1


def test_the_six_meetings_and_the_arab_states_priorities_are_present():
    assert sorted(PreparatoryMeeting.objects.values_list("name", flat=True)) == [
        "RPM-AFR",
        "RPM-AMS",
        "RPM-ARB",
        "RPM-ASP",
        "RPM-CIS",
        "RPM-EUR",
    ]
    report = Source.objects.get(slug="rpm-coordination-meeting-2025").read_text()
    assert len(re.findall(r"^\s*RPM-[A-Z]{3}\s*$", report, re.M)) == 6
    assert list(
        MeetingPriority.objects.filter(meeting__name="RPM-ARB").values_list("number", "title")
    ) == [
        (1, "Sector Specific Transformation: Sustainable Digital Futures"),
        (2, "Infrastructure and Connectivity"),
        (3, "Fostering Economic Development and Digital Inclusion"),
        (4, "Skills Development & Job Creation"),
        (5, "Advancing Cyber Resilience in the Arab World"),
        (6, "Innovation Ecosystems and Emerging Technologies"),
    ]
