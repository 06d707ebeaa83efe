"""Near-misses: both databases offer the same closest words for a misspelt one."""

import pytest

from search.backends import get_backend
from search.query import lookup_words, parse

pytestmark = pytest.mark.django_db


def test_a_misspelt_word_gets_the_closest_words_of_the_index_best_first():
    similar = get_backend().similar_words(["satelite", "cybersecurty", "telecomunications"])
    # pg_trgm similarity: "satellite" shares 8 of the 11 trigrams of both words.
    assert similar["satelite"][0] == "satellite"
    assert similar["cybersecurty"][0] == "cybersecurity"
    assert similar["telecomunications"][0] == "telecommunications"
    assert all(len(words) <= 3 for words in similar.values())


def test_a_word_of_the_index_gets_no_alternatives():
    assert get_backend().similar_words(["warning", "satellite"]) == {}


def test_a_word_like_nothing_in_the_index_gets_none():
    assert get_backend().similar_words(["zyzzyva", "qqqq"]) == {}


def test_the_closest_words_are_the_same_on_both_databases():
    # Pinned from pg_trgm's similarity() (0.85, 0.71, 0.54; "communications", 0.5, is
    # fourth); the SQLite backend computes the same measure in Python.
    assert get_backend().similar_words(["satelite", "resilence", "telecomunications"]) == {
        "satelite": ["satellite", "satellites"],
        "resilence": ["resilience"],
        "telecomunications": ["telecommunications", "telecommunication", "telecomunicaciones"],
    }


def test_new_words_of_the_index_become_alternatives_at_once(e_waste_result):
    assert "zeolitic" not in str(get_backend().similar_words(["zeolitc"]))
    e_waste_result.text = "Zeolitic antennas."
    e_waste_result.save()
    assert get_backend().similar_words(["zeolitc"]) == {"zeolitc": ["zeolitic"]}


def test_only_single_words_are_looked_up_never_phrases():
    assert lookup_words(parse('satelite "early warnng" ab')) == ["satelite"]
