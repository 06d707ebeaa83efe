"""Related initiatives: the same initiative across cycles, and explainable similarity across
regions and cycles."""

import math
import re
from collections import Counter, defaultdict
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives import related
from initiatives.models import Cycle, Initiative, RelatedInitiative

pytestmark = pytest.mark.django_db

CYBERSECURITY = {
    "2023-2025-cis2",
    "2026-2029-ams4",
    "2026-2029-ams4-draft",
    "2026-2029-afr3-draft",
    "2026-2029-asp5-draft",
    "2026-2029-cis3-draft",
    "2026-2029-eur4-draft",
}


def matches(slug):
    initiative = Initiative.objects.get(slug=slug)
    return list(initiative.related.select_related("related__cycle").order_by("rank"))


def similar(slug):
    """The matches by wording, without the same number in other cycles."""
    initiative = Initiative.objects.select_related("cycle").get(slug=slug)
    return [
        m
        for m in matches(slug)
        if related.relation(initiative, m.related) == related.SIMILAR_WORDING
    ]


def test_related_initiatives_of_a_cybersecurity_initiative_are_cybersecurity_initiatives():
    found = [m.related.slug for m in similar("2023-2025-cis2")]
    assert len(found) == related.TOP_MATCHES
    assert set(found) <= CYBERSECURITY
    assert all("cybersecurity" in m.shared_terms for m in similar("2023-2025-cis2"))


@pytest.mark.parametrize("number", range(1, 6))
def test_a_cis_initiative_of_2023_2025_and_its_number_in_2026_2029_are_related_first(number):
    earlier, later = f"2023-2025-cis{number}", f"2026-2029-cis{number}-draft"
    first = matches(earlier)[0]
    assert first.related.slug == later
    assert related.relation(first.initiative, first.related) == related.NEXT_CYCLE
    back = matches(later)[0]
    assert back.related.slug == earlier
    assert related.relation(back.initiative, back.related) == related.EARLIER_CYCLE
    # However little their words share: 2023-2025 CIS5 (smart cities) and 2026-2029 CIS5 (AI).
    assert first.score == back.score


def test_an_initiative_of_one_cycle_only_has_no_earlier_or_next_cycle():
    for match in matches("2026-2029-ams4"):
        assert related.relation(match.initiative, match.related) == related.SIMILAR_WORDING


def test_shared_terms_are_words_of_the_two_texts_never_stems():
    checked = 0
    for row in RelatedInitiative.objects.select_related("initiative", "related"):
        a, b = related_text(row.initiative), related_text(row.related)
        written = set(related.words(a)) | set(related.words(b))
        for term in row.shared_terms:
            assert term in written, (row.initiative.slug, row.related.slug, term)
            # ... and each text writes it, or its singular or plural.
            assert related.stem(term) in related.terms(a), (row.initiative.slug, term)
            assert related.stem(term) in related.terms(b), (row.related.slug, term)
            checked += 1
    assert checked > 500
    shown = {term for row in RelatedInitiative.objects.all() for term in row.shared_terms}
    assert {"cities", "focus"} <= shown or {"city", "focus"} <= shown
    assert not shown & {"citie", "focu", "capabilitie"}


def test_words_most_initiatives_use_never_relate_two_of_them():
    shown = {term for row in RelatedInitiative.objects.all() for term in row.shared_terms}
    total = Initiative.objects.count()
    texts = [related_text(i) for i in Initiative.objects.all()]
    for word in ("digital", "infrastructure", "capacity", "transformation", "itu"):
        using = sum(1 for text in texts if word in related.terms(text))
        assert using >= related.GENERIC_SHARE * total, word
        assert word not in shown, word


def test_the_stemmer_folds_plurals_only():
    assert [related.stem(w) for w in ("cities", "policies", "networks", "focus", "analysis")] == [
        "city",
        "policy",
        "network",
        "focus",
        "analysis",
    ]
    written = [related.written_words(text) for text in ("smart cities", "a smart city, cities")]
    assert related.surface_word("city", *written) == "cities"


def related_text(initiative):
    return related.initiative_text(
        Initiative.objects.prefetch_related("expected_results__subitems").get(pk=initiative.pk)
    )


def test_an_ai_initiative_finds_the_other_region_s_ai_initiative_first():
    best = matches("2026-2029-afr2-draft")[0]
    assert best.related.slug == "2026-2029-cis5-draft"
    assert "ai" in best.shared_terms


def test_matches_come_from_other_regions_or_cycles_never_the_same_initiative_twice():
    for initiative in Initiative.objects.all():
        keys = []
        for match in matches(initiative.slug):
            other = match.related
            assert (other.region_id, other.cycle_id) != (initiative.region_id, initiative.cycle_id)
            keys.append((other.cycle_id, other.code))
        assert len(keys) == len(set(keys)), initiative.slug


def test_scores_fall_with_rank_and_stay_within_cosine_bounds():
    for initiative in Initiative.objects.all():
        scores = [m.score for m in similar(initiative.slug)]
        assert scores == sorted(scores, reverse=True)
        assert all(related.MIN_SCORE <= s <= 1 for s in scores)
        assert all(0 <= m.score <= 1 for m in matches(initiative.slug))


def test_the_similarity_is_the_cosine_of_tf_idf_vectors():
    vectors = related.vectors(
        {1: "cybersecurity incident response", 2: "cybersecurity drills", 3: "spectrum"}
    )
    assert related.cosine(vectors[1], vectors[1]) == pytest.approx(1.0)
    assert related.cosine(vectors[1], vectors[3]) == 0
    assert 0 < related.cosine(vectors[1], vectors[2]) < 1
    assert related.shared_terms(vectors[1], vectors[2]) == ["cybersecurity"]


def test_rebuilding_changes_nothing_when_the_texts_did_not_change():
    before = list(RelatedInitiative.objects.order_by("pk").values_list())
    lines = []
    related.rebuild(report=lines.append)
    assert list(RelatedInitiative.objects.order_by("pk").values_list()) == before
    assert lines == [f"  related initiatives: {RelatedInitiative.objects.count()} unchanged"]


def test_the_initiative_page_lists_related_initiatives_with_their_shared_terms(client):
    html = client.get("/initiatives/2023-2025/cis2/").content.decode()
    assert "Related initiatives in other regions and cycles" in html
    assert 'href="/initiatives/2026-2029/afr3/draft/"' in html
    assert "shared words: cybersecurity" in html


def test_both_pages_show_the_same_number_in_the_other_cycle_as_earlier_or_next(client):
    html = client.get("/initiatives/2023-2025/cis2/").content.decode()
    assert re.search(
        r'<strong>Next cycle:</strong>\s*<a href="/initiatives/2026-2029/cis2/draft/">'
        r'CIS2 \(2026-2029, RPM draft\): <span lang="en">'
        r"Telecommunication/ICTs education and skills",
        html,
    )
    html = client.get("/initiatives/2026-2029/cis2/draft/").content.decode()
    assert re.search(
        r'<strong>Earlier cycle:</strong>\s*<a href="/initiatives/2023-2025/cis2/">'
        r'CIS2 \(2023-2025\): <span lang="en">'
        r"Cybersecurity and personal data protection</span></a>",
        html,
    )


# The ranking as first written: every initiative scored against every other, then sorted.
# related_matches() must give exactly its answer, however it gets there.


def reference_stem(word):
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and len(word) > 4 and word[-2:] not in ("ss", "us", "is"):
        return word[:-1]
    return word


def reference_words(text):
    text = text.lower()
    for _, pattern, abbreviation in related.ABBREVIATIONS:
        text = pattern.sub(abbreviation, text)
    words = related.WORD.findall(text)
    return [w for w in words if w not in related.STOPWORDS and len(w) > 1]


def reference_terms(text):
    return [reference_stem(w) for w in reference_words(text)]


def reference_surface(term, *texts):
    """The word the texts write most for a term; the shorter, then the first, on a tie."""
    written = defaultdict(Counter)
    for text in texts:
        for word in reference_words(text):
            written[reference_stem(word)][word] += 1
    return sorted(written[term].items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0][0]


def reference_vectors(texts, without_generic=False):
    counts = {key: Counter(reference_terms(text)) for key, text in texts.items()}
    document_frequency = Counter(term for counter in counts.values() for term in counter)
    total = len(counts)
    if without_generic:
        counts = {
            key: Counter(
                {
                    term: n
                    for term, n in counter.items()
                    if document_frequency[term] < related.GENERIC_SHARE * total
                }
            )
            for key, counter in counts.items()
        }
    result = {}
    for key, counter in counts.items():
        weights = {
            term: (count / sum(counter.values()))
            * (math.log((1 + total) / (1 + document_frequency[term])) + 1)
            for term, count in counter.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        result[key] = {term: w / norm for term, w in weights.items()}
    return result


def reference_cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def reference_shared_terms(a, b):
    common = sorted((a[t] * b[t], t) for t in a.keys() & b.keys())
    return [term for _, term in reversed(common[-related.SHARED_TERMS :])]


def reference_lineage(initiative, initiatives, cycle_order):
    """The same region and number one cycle before, then one after; adopted text first."""
    found = []
    for offset in (-1, 1):
        same = [
            other
            for other in initiatives
            if other.region_id == initiative.region_id
            and other.number == initiative.number
            and cycle_order[other.cycle_id] == cycle_order[initiative.cycle_id] + offset
        ]
        same.sort(key=lambda other: (other.stage != "adopted", other.slug))
        found += same[:1]
    return found


def reference_matches(initiatives, texts, cycle_order=None, without_generic=False):
    by_id = {i.pk: i for i in initiatives}
    weighted = reference_vectors(texts, without_generic)
    rows = {}
    for initiative in initiatives:
        lineage = reference_lineage(initiative, initiatives, cycle_order) if cycle_order else []
        candidates = [
            (round(reference_cosine(weighted[initiative.pk], weighted[other.pk]), 4), other.pk)
            for other in initiatives
            if other.pk != initiative.pk
            and not (
                other.region_id == initiative.region_id and other.cycle_id == initiative.cycle_id
            )
        ]
        candidates.sort(key=lambda pair: (-pair[0], by_id[pair[1]].slug))
        best, seen = [], {(other.cycle_id, other.code) for other in lineage}
        for score, pk in candidates:
            other = by_id[pk]
            if score < related.MIN_SCORE or (other.cycle_id, other.code) in seen:
                continue
            seen.add((other.cycle_id, other.code))
            best.append((score, pk))
        first = [
            (round(reference_cosine(weighted[initiative.pk], weighted[other.pk]), 4), other.pk)
            for other in lineage
        ]
        for rank, (score, pk) in enumerate(first + best[: related.TOP_MATCHES], start=1):
            rows[(initiative.pk, pk)] = {
                "rank": rank,
                "score": score,
                "shared_terms": [
                    reference_surface(term, texts[initiative.pk], texts[pk])
                    for term in reference_shared_terms(weighted[initiative.pk], weighted[pk])
                ],
            }
    return rows


def assert_same_as_reference(initiatives, texts, cycle_order=None, without_generic=False):
    found = related.related_matches(initiatives, texts, cycle_order, without_generic)
    expected = reference_matches(initiatives, texts, cycle_order, without_generic)
    assert found == expected
    assert list(found) == list(expected)
    return found


def test_the_ranking_of_the_real_initiatives_is_the_one_of_comparing_every_pair():
    initiatives = list(
        Initiative.objects.prefetch_related("expected_results__subitems").order_by("pk")
    )
    texts = {i.pk: related.initiative_text(i) for i in initiatives}
    cycle_order = {
        c.pk: position for position, c in enumerate(Cycle.objects.order_by("start_year"))
    }
    expected = reference_matches(initiatives, texts, cycle_order, without_generic=True)
    assert len(expected) > 100
    found = related.compute()
    assert found == expected
    assert list(found) == list(expected)


def candidate(pk, cycle, region, number, draft=False):
    code = f"R{region}N{number}"
    return SimpleNamespace(
        pk=pk,
        slug=f"c{cycle}-{code}{'-draft' if draft else ''}".lower(),
        region_id=region,
        cycle_id=cycle,
        code=code,
        number=number,
        stage="draft" if draft else "adopted",
    )


CYBER = "Cybersecurity incident response teams and child online protection"
CYBER_DRILLS = "Cybersecurity drills for incident response teams"
SPECTRUM = "Spectrum management and the transition to digital broadcasting"


def test_copied_texts_tie_and_the_slug_decides_as_when_comparing_every_pair():
    # pks run against the slugs, so that only the slug can put tied matches in order.
    initiatives, texts = [], {}

    def add(text, cycle, region, number, draft=False):
        initiative = candidate(100 - len(initiatives), cycle, region, number, draft)
        initiatives.append(initiative)
        texts[initiative.pk] = text
        return initiative

    asking = add(CYBER, cycle=1, region=1, number=1)
    add(CYBER, cycle=1, region=1, number=2)  # same region and cycle: never a match
    for cycle in (2, 3, 4):
        for region in (1, 2, 3):
            # The draft adopted unchanged: two equal texts, one match.
            add(CYBER, cycle, region, number=1, draft=True)
            add(CYBER, cycle, region, number=1)
    add(CYBER_DRILLS, cycle=1, region=2, number=3)
    add(SPECTRUM, cycle=1, region=3, number=1)
    add(SPECTRUM, cycle=2, region=3, number=2)
    alone = add("Broadband for schools", cycle=1, region=2, number=4)
    initiatives.sort(key=lambda i: i.pk)

    found = assert_same_as_reference(initiatives, texts)

    first = {key[1]: row for key, row in found.items() if key[0] == asking.pk}
    by_pk = {i.pk: i for i in initiatives}
    ranked = [by_pk[pk] for pk, _ in sorted(first.items(), key=lambda item: item[1]["rank"])]
    assert [row["score"] for row in first.values()] == [1.0] * related.TOP_MATCHES
    # Drafts tie with their adopted texts, whose slugs come first, and stand aside for them.
    assert [i.slug for i in ranked] == ["c2-r1n1", "c2-r2n1", "c2-r3n1", "c3-r1n1", "c3-r2n1"]
    assert not any(alone.pk in key for key in found)


def test_a_copied_draft_and_its_adopted_text_count_as_one_match():
    initiatives = [
        candidate(1, cycle=1, region=1, number=1),
        candidate(2, cycle=2, region=2, number=1, draft=True),
        candidate(3, cycle=2, region=2, number=1),
        candidate(4, cycle=2, region=3, number=1),
    ]
    texts = {1: CYBER, 2: CYBER, 3: CYBER, 4: CYBER_DRILLS}
    found = assert_same_as_reference(initiatives, texts)
    assert [key for key in found if key[0] == 1] == [(1, 3), (1, 4)]


WORDS = ["cybersecurity", "spectrum", "broadband", "skills", "youth", "ai", "emergency"]


@st.composite
def corpora(draw):
    """Initiatives of a few cycles and regions, most of them sharing their text with others."""
    slots = draw(
        st.lists(
            st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.booleans()),
            min_size=4,
            max_size=40,
            unique=True,
        )
    )
    pks = draw(st.permutations(range(1, len(slots) + 1)))
    texts_pool = draw(
        st.lists(
            st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join), min_size=2, max_size=12
        )
    )
    initiatives, texts = [], {}
    for pk, (cycle, region, number, draft) in zip(pks, slots, strict=True):
        initiatives.append(candidate(pk, cycle, region, number, draft))
        texts[pk] = draw(st.sampled_from(texts_pool))
    return sorted(initiatives, key=lambda i: i.pk), texts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.booleans(), st.booleans())
def test_any_small_corpus_is_ranked_as_when_comparing_every_pair(
    corpus, across_cycles, without_generic
):
    # Cycles 1, 2 and 3 follow one another, so number n of a region has its earlier and
    # next cycle in the same region.
    cycle_order = {1: 0, 2: 1, 3: 2} if across_cycles else None
    assert_same_as_reference(*corpus, cycle_order, without_generic)


def test_abbreviations_meet_their_spelled_out_names():
    assert related.terms(
        "Artificial Intelligence for Small and Medium-sized Enterprises; "
        "information and communication technologies"
    ) == ["ai", "sme", "ict"]
    assert related.terms("Telecommunication/ICTs and telecommunications/ICT") == ["ict", "ict"]
