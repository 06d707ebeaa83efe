"""Draft beside adopted: word-level differences, results matched to their counterparts."""

import pytest

from initiatives.comparison import Segment, compare, match_results, word_diff, word_key
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
    # "The development" became "Development": "The" is a change of wording, the capital
    # only a minor change, marked otherwise and labelled as such.
    assert '<del><span class="visually-hidden">deleted: </span>The</del>' in html
    minor = '<span class="minor-change"><span class="visually-hidden">case or punctuation only: '
    assert f"{minor}</span>development</span>" in html
    assert f"{minor}</span>Development</span>" in html
    assert '<ins><span class="visually-hidden">inserted: </span>of</ins>' in html
    assert "Expected result: draft result 4 → adopted result 4" in html
    # Title, objective and the four expected results, each with both texts.
    assert html.count('<h3 class="comparison__label">RPM draft</h3>') == 2 + 4
    assert html.count('<h3 class="comparison__label">Adopted (WTDC-25)</h3>') == 2 + 4


def test_case_and_punctuation_changes_are_minor_and_words_are_not():
    segments = word_diff(
        "Resilient Infrastructure, secure, and the access",
        "resilient infrastructure secure and (new) access",
    )
    assert [(s.op, s.text, s.minor) for s in segments if s.op != "equal"] == [
        ("delete", "Resilient Infrastructure, secure,", True),
        ("insert", "resilient infrastructure secure", True),
        ("delete", "the", False),
        ("insert", "(new)", False),
    ]
    assert rebuild(segments, "draft") == "Resilient Infrastructure, secure, and the access"
    assert rebuild(segments, "adopted") == "resilient infrastructure secure and (new) access"
    assert word_key("Sub-regional,") == word_key("subregional") == "subregional"
    assert word_key("–") == "–"


def test_the_ams1_title_changed_only_in_case_and_its_objective_in_wording():
    draft = Initiative.objects.get(slug="2026-2029-ams1-draft")
    adopted = Initiative.objects.get(slug="2026-2029-ams1")
    title, objective = compare(draft, adopted)[:2]
    assert title.changed
    assert not title.substantive
    assert all(s.minor for s in title.segments if s.op != "equal")
    assert objective.substantive
    assert [(s.text, s.minor) for s in objective.segments if s.op != "equal"] == [
        ("secure,", True),
        ("secure", True),
        ("(ICT)", False),
    ]


def test_only_substantive_changes_hides_the_minor_parts_and_marks(client):
    every = client.get("/initiatives/2026-2029/ams1/compare/").content.decode()
    assert '<h2 id="part-1">Title <span class="tag">case or punctuation only</span></h2>' in every
    assert "The wording of 4 of 7 parts differs." in every
    assert "2 more parts differ only in case or punctuation." in every

    response = client.get("/initiatives/2026-2029/ams1/compare/?changes=substantive")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="changes" value="substantive" checked' in html
    assert "Title <span" not in html
    assert "Objective <span" in html
    # Only the legend's example is marked as a minor change.
    assert every.count('class="minor-change"') > 1
    assert html.count('class="minor-change"') == 1
    # A minor change stays as each text writes it, unmarked: "secure," in the draft.
    assert "modern, resilient, secure, and sustainable" in html
    assert "modern, resilient, secure and sustainable" in html
    assert '<ins><span class="visually-hidden">inserted: </span>(ICT)</ins>' in html
    assert "Showing the 4 of 7 parts whose wording changed" in html


def test_an_unknown_choice_of_changes_is_a_400(client):
    response = client.get("/initiatives/2026-2029/ams1/compare/?changes=everything")
    assert response.status_code == 400


def test_comparing_an_initiative_without_two_stages_is_a_404(client):
    response = client.get("/initiatives/2026-2029/eur1/compare/")
    assert response.status_code == 404
    assert "has no adopted text" in response.content.decode()


def test_segments_are_plain_data():
    assert Segment("insert", "x") == Segment("insert", "x")
