"""How a typed query is read: words, phrases, codes; operators of neither engine survive."""

import pytest

from search.query import QueryError, Unit, clean_query, parse


def test_words_must_all_be_found_and_a_quoted_phrase_is_one_unit():
    assert parse('"early warning" e-waste') == [
        (Unit("early warning", phrase=True),),
        (Unit("e-waste"),),
    ]


@pytest.mark.parametrize("typed", ["AMS 4", "AMS4", "AMS-4"])
def test_a_code_is_searched_joined_and_spaced_as_the_sources_write_both(typed):
    (group,) = parse(typed)
    assert {unit.text for unit in group} == {"AMS4", "AMS 4"}


def test_a_common_word_is_not_taken_for_a_code():
    assert parse("in 2") == [(Unit("2"),)]


def test_engine_operators_are_read_as_words_or_dropped():
    assert parse("NEAR(early OR warning*) title:x ^y") == [
        (Unit("NEAR"),),
        (Unit("early"),),
        (Unit("warning"),),
        (Unit("title"),),
        (Unit("x"),),
        (Unit("y"),),
    ]


def test_an_unbalanced_quote_leaves_the_words_after_it_as_words():
    assert parse('"early warning" "e-waste policy') == [
        (Unit("early warning", phrase=True),),
        (Unit("e-waste"),),
        (Unit("policy"),),
    ]


def test_a_word_repeated_is_asked_for_once():
    assert parse("Warning warning WARNING") == [(Unit("Warning"),)]


def test_typographic_quotes_make_a_phrase():
    assert parse(clean_query("“early warning”")) == [(Unit("early warning", phrase=True),)]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "Type a word"),
        ("\x00\x01", "Type a word"),
        ("*** ??? &&&", "punctuation and symbols alone"),
        ("the of and", "too common"),
        ("x" * 201, "limited to 200 characters"),
    ],
)
def test_a_query_with_nothing_to_search_for_is_refused_saying_why(typed, reason):
    with pytest.raises(QueryError, match=reason):
        clean_query(typed)


def test_a_long_query_within_the_cap_is_accepted():
    assert clean_query("word " * 40) == " ".join(["word"] * 40)
