"""Snippets: the record's text escaped, the matched words marked, and nothing else."""

import pytest

from search.text import prepare, render_snippet
from tests.search.naming import found


def test_a_snippet_escapes_the_text_and_marks_only_the_matched_words():
    raw = prepare("<b>Early</b> & ") + "\x02warning\x03 systems"
    assert render_snippet(raw) == "&lt;b&gt;Early&lt;/b&gt; &amp; <mark>warning</mark> systems"


def test_control_characters_in_a_record_cannot_forge_a_mark():
    raw = prepare("forged \x02mark\x03 here") + " \x02real\x03"
    assert render_snippet(raw) == "forged  mark  here <mark>real</mark>"


@pytest.mark.parametrize(
    ("raw", "html"),
    [
        ("\x03stray end", "stray end"),
        ("\x02open \x02twice\x03", "<mark>open twice</mark>"),
        ("\x02never closed", "<mark>never closed</mark>"),
    ],
)
def test_unbalanced_markers_still_give_balanced_marks(raw, html):
    assert render_snippet(raw) == html


def test_the_word_breaks_added_for_indexing_leave_the_snippet():
    assert render_snippet(prepare("telecommunications/ICTs at itu.int")) == (
        "telecommunications/ICTs at itu.int"
    )


@pytest.mark.django_db
def test_words_joined_by_a_slash_are_found_on_both_databases():
    # "Security in the use of telecommunications/ICTs, including combating fraud": read
    # whole, PostgreSQL's parser would take "telecommunications/ICTs" for a file path.
    assert "2026-2029-cis3-draft" in found("ICTs fraud")
    assert "2026-2029-cis3-draft" in found("telecommunications security fraud")
