"""Draft beside adopted: word-level differences, results matched to their counterparts."""

import pytest

from initiatives.comparison import Segment, compare, match_results, word_diff
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def rebuild(segments, side):
    keep = {"draft": ("equal", "delete"), "adopted": ("equal", "insert")}[side]
    return " ".join(s.text for s in segments if s.op in keep)


def changes(segments):
    return [(s.op, s.text) for s in segments if s.op != "equal"]


def test_a_word_diff_rebuilds_both_texts_and_marks_only_what_changed():
    segments = word_diff("to the access of ITU resources", "to the use of ITU resources now")
    assert rebuild(segments, "draft") == "to the access of ITU resources"
    assert rebuild(segments, "adopted") == "to the use of ITU resources now"
    assert changes(segments) == [("delete", "access"), ("insert", "use"), ("insert", "now")]


def test_the_ams1_comparison_marks_exactly_the_differences_of_the_two_texts():
    draft = Initiative.objects.get(slug="2026-2029-ams1-draft")
    adopted = Initiative.objects.get(slug="2026-2029-ams1")
    parts = {(p.name, p.adopted_number): p for p in compare(draft, adopted)}

    title = parts[("title", None)]
    assert changes(title.segments) == [
        ("delete", "Resilient Infrastructure"),
        ("insert", "resilient infrastructure"),
        ("delete", "Enable Deployment"),
        ("insert", "enable deployment"),
        ("delete", "Universal"),
        ("insert", "universal"),
        ("delete", "Meaningful Connectivity"),
        ("insert", "meaningful connectivity"),
    ]
    objective = parts[("objective", None)]
    assert changes(objective.segments) == [
        ("delete", "secure,"),
        ("insert", "secure"),
        ("insert", "(ICT)"),
    ]
    # Result 2: the draft's "LDCs, LLDCs and SIDS" is spelled out in the adopted text.
    second = parts[("expected_result", 2)]
    assert second.draft_number == 2
    assert changes(second.segments) == [
        ("delete", "LDCs, LLDCs"),
        ("insert", "the least developed countries, landlocked developing countries"),
        ("delete", "SIDS."),
        ("insert", "small island developing states."),
    ]
    assert changes(parts[("expected_result", 4)].segments) == [
        ("delete", "telecommunications"),
        ("insert", "telecommunication"),
    ]
    for part in parts.values():
        assert rebuild(part.segments, "draft") == part.draft
        assert rebuild(part.segments, "adopted") == part.adopted
    # Result 1 differs only by the draft's footnote marker, which is not text.
    assert [p.status for p in parts.values()] == ["changed"] * 2 + ["unchanged"] + ["changed"] * 4


def test_every_adopted_americas_result_faces_its_draft_counterpart():
    for n in range(1, 6):
        draft = Initiative.objects.get(slug=f"2026-2029-ams{n}-draft")
        adopted = Initiative.objects.get(slug=f"2026-2029-ams{n}")
        results = [p for p in compare(draft, adopted) if p.name == "expected_result"]
        assert [(p.draft_number, p.adopted_number) for p in results] == [
            (k, k) for k in range(1, adopted.expected_results.count() + 1)
        ], f"AMS{n}"


def test_results_too_different_are_added_and_dropped_not_matched():
    class Result:
        def __init__(self, number, text):
            self.number, self.text = number, text

        class subitems:  # noqa: N801 - stands in for the related manager
            @staticmethod
            def all():
                return []

    draft = [Result(1, "Capacity building in spectrum management"), Result(2, "Old text")]
    adopted = [
        Result(1, "Entirely new work on satellites"),
        Result(2, "Capacity building in spectrum management"),
    ]
    pairs = [(d and d.number, a and a.number) for d, a in match_results(draft, adopted)]
    assert pairs == [(None, 1), (1, 2), (2, None)]


def test_the_compare_page_shows_both_texts_marked_for_screen_readers(client):
    response = client.get("/initiatives/2026-2029/ams4/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<del><span class="visually-hidden">deleted: </span>The development</del>' in html
    assert '<ins><span class="visually-hidden">inserted: </span>Development</ins>' in html
    assert "Expected result: draft result 4 → adopted result 4" in html
    # Title, objective and the four expected results.
    assert html.count('<th scope="col">RPM draft</th>') == 2 + 4


def test_comparing_an_initiative_without_two_stages_is_a_404(client):
    response = client.get("/initiatives/2026-2029/eur1/compare/")
    assert response.status_code == 404
    assert "has no adopted text" in response.content.decode()


def test_segments_are_plain_data():
    assert Segment("insert", "x") == Segment("insert", "x")
