"""Related initiatives: the same initiative in the cycles before and after, and TF-IDF
cosine similarity over each initiative's own words.

Explainable and testable without a network or a model: a term weighs more the more an
initiative uses it and the fewer initiatives use it; a term that most initiatives use says
nothing about any two of them and is left out; two initiatives are related by the terms they
both weigh heavily, and those terms are shown, as words of the texts, as the reason.
"""

import functools
import heapq
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from django.db import transaction
from django.db.models import Prefetch

from initiatives.models import Cycle, ExpectedResult, Initiative, RelatedInitiative

TOP_MATCHES = 5
SHARED_TERMS = 6
MIN_SCORE = 0.08
# A term used by at least this share of the initiatives is the knowledge base's common
# vocabulary, not a subject two initiatives share: of 35 initiatives, "digital" is in 31,
# "infrastructure" 23, "capacity" 22, "transformation", "building" and "itu" 14, while
# "cybersecurity" is in 10 and "disabilities" 5.
GENERIC_SHARE = 0.4

# How the match of a stored RelatedInitiative came about (initiatives.related.relation).
EARLIER_CYCLE = "earlier_cycle"
NEXT_CYCLE = "next_cycle"
SIMILAR_WORDING = "similar_wording"

# Words that carry no subject in these texts: English function words and the boilerplate
# every initiative shares ("assistance", "member states", "development" ...).
_STOPWORD_TEXT = """
    a about above across after all also among an and any are as at be been being between
    both but by can could do does each either etc for from further has have having how i if
    in including into is it its itself may more most must no not of on one only or other
    our out over own same should so some such than that the their them then there these
    they this those through to under until up upon very via was we well were what when
    where whether which while who will with within would assist assistance assisting
    support supporting ensure ensuring promote promoting promotion facilitate facilitating
    enhance enhancing enhancement development developing develop member states region
    regional regions countries country national level levels area areas initiative
    initiatives objective need needs necessary relevant related various particular special
    including inter alia taking account well new use using
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
WORD = re.compile(r"[a-z][a-z0-9]+(?:[-/][a-z0-9]+)*")


# A text repeats its words, and the texts share most of them: each word is stemmed once.
@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light, predictable stemmer: plurals only, nothing clever. "-us" and "-is" are not
    plurals (focus, analysis)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and len(word) > 4 and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Spelled-out names the texts also abbreviate, so both spellings meet. Each comes with the
# words every spelling starts with: most texts lack them, and looking for plain words is
# much quicker than running the pattern over the whole text.
ABBREVIATIONS = [
    ("artificial intelligence", re.compile(r"\bartificial intelligence\b"), "ai"),
    (
        "information and communication technolog",
        re.compile(r"\binformation and communication technolog(?:y|ies)\b"),
        "ict",
    ),
    ("small and medium", re.compile(r"\bsmall and medium[- ]sized enterprises\b"), "sme"),
    # "telecommunication/ICTs" and its spellings are the texts' way of saying ICT.
    ("telecommunication", re.compile(r"\btelecommunications?/icts?\b"), "ict"),
]


def words(text: str) -> list[str]:
    """The words of a text that may carry its subject, lower case, as written."""
    text = text.lower()
    for opening, pattern, abbreviation in ABBREVIATIONS:
        if opening in text:
            text = pattern.sub(abbreviation, text)
    return [w for w in WORD.findall(text) if w not in STOPWORDS and len(w) > 1]


def terms(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def written_words(text: str) -> dict[str, Counter]:
    """For each term of a text, how often the text writes each word for it."""
    written: dict[str, Counter] = defaultdict(Counter)
    for word in words(text):
        written[stem(word)][word] += 1
    return written


def surface_word(term: str, *written: dict[str, Counter]) -> str:
    """The word these texts write most for a term ("cities" or "city" for "city"), the
    shorter then the first alphabetically on a tie: what a reader is shown."""
    counts = sum((w.get(term, Counter()) for w in written), Counter())
    return min(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]


def generic_terms(document_frequency: Counter, total: int) -> set[str]:
    """The terms at least GENERIC_SHARE of the texts use."""
    return {term for term, count in document_frequency.items() if count >= GENERIC_SHARE * total}


def initiative_text(initiative: Initiative) -> str:
    parts = [initiative.title, initiative.title, initiative.objective, initiative.results_intro]
    for result in initiative.expected_results.all():
        parts.append(result.text)
        parts.extend(item.text for item in result.subitems.all())
    return " ".join(parts)


def vectors(texts: dict[int, str], without_generic: bool = False) -> dict[int, dict[str, float]]:
    """TF-IDF vectors of the texts; `without_generic`, leaving out generic_terms()."""
    counts = {key: Counter(terms(text)) for key, text in texts.items()}
    document_frequency = Counter(term for counter in counts.values() for term in counter)
    total = len(counts)
    if without_generic:
        generic = generic_terms(document_frequency, total)
        counts = {
            key: Counter({t: n for t, n in counter.items() if t not in generic})
            for key, counter in counts.items()
        }
    inverse_frequency = {
        term: math.log((1 + total) / (1 + frequency)) + 1
        for term, frequency in document_frequency.items()
    }
    result = {}
    for key, counter in counts.items():
        length = sum(counter.values())
        weights = {
            term: (count / length) * inverse_frequency[term] for term, count in counter.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        result[key] = {term: w / norm for term, w in weights.items()}
    return result


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def shared_terms(a: dict[str, float], b: dict[str, float]) -> list[str]:
    common = sorted((a[t] * b[t], t) for t in a.keys() & b.keys())
    return [term for _, term in reversed(common[-SHARED_TERMS:])]


class Candidate(Protocol):
    """What ranking needs of an initiative."""

    pk: int
    slug: str
    region_id: int
    cycle_id: int
    code: str
    number: int
    stage: str


# Scores are compared once rounded to 4 places; rounding adds at most half a step.
HALF_ROUNDING_STEP = 0.00005
# The index adds up a dot product in another order than cosine() does, which changes it by
# far less than this (a few hundred products of unit-vector weights). So the index only
# chooses which vectors to score, and every score that decides a match is cosine()'s own.
SUMMATION_SLACK = 1e-9


class RankedCandidates:
    """The initiatives that may match one vector, by falling rounded score then slug.

    Produced only as far as asked, and replayed for every initiative with this vector.
    Vectors are scored exactly in the order of their estimate from the index, and an
    initiative is released only once no vector left unscored could reach its rounded
    score: a handful of vectors are usually scored, not all of them.
    """

    def __init__(
        self,
        vector: dict[str, float],
        estimates: list[float],
        distinct_vectors: list[dict[str, float]],
        members: list[list[Candidate]],
    ):
        self.vector = vector
        self.distinct_vectors = distinct_vectors
        self.members = members
        lowest = MIN_SCORE - HALF_ROUNDING_STEP - SUMMATION_SLACK
        self.unscored = [
            (-estimate, index) for index, estimate in enumerate(estimates) if estimate >= lowest
        ]
        heapq.heapify(self.unscored)
        # For each scored vector with members left to release, the next member by slug.
        self.releasing: list[tuple[float, str, int, int]] = []
        self.released: list[tuple[float, int, Candidate]] = []

    def __iter__(self) -> Iterator[tuple[float, int, Candidate]]:
        """(score, index of its vector, initiative), replaying those already released."""
        position = 0
        while position < len(self.released) or self._release_next():
            yield self.released[position]
            position += 1

    def _release_next(self) -> bool:
        while True:
            if self.unscored:
                ceiling = -self.unscored[0][0] + SUMMATION_SLACK + HALF_ROUNDING_STEP
                if self.releasing and -self.releasing[0][0] > ceiling:
                    break
                _, index = heapq.heappop(self.unscored)
                score = round(cosine(self.vector, self.distinct_vectors[index]), 4)
                if score >= MIN_SCORE:
                    first = self.members[index][0]
                    heapq.heappush(self.releasing, (-score, first.slug, index, 0))
            elif self.releasing:
                break
            else:
                return False
        negative_score, _, index, position = heapq.heappop(self.releasing)
        group = self.members[index]
        self.released.append((-negative_score, index, group[position]))
        if position + 1 < len(group):
            following = group[position + 1]
            heapq.heappush(self.releasing, (negative_score, following.slug, index, position + 1))
        return True


def across_cycles(
    initiatives: Sequence[Candidate], cycle_order: dict[int, int]
) -> dict[int, list[Candidate]]:
    """For each initiative, the initiative of its region with its number in the cycle before
    and in the cycle after (in that order): the adopted text, or the RPM draft when nothing
    was adopted. Numbers are the region's, so these are always related, whatever their words."""
    by_place: dict[tuple[int, int, int], list[Candidate]] = defaultdict(list)
    for initiative in initiatives:
        position = cycle_order[initiative.cycle_id]
        by_place[(initiative.region_id, initiative.number, position)].append(initiative)
    found = {}
    for initiative in initiatives:
        position = cycle_order[initiative.cycle_id]
        found[initiative.pk] = [
            min(stages, key=lambda other: (other.stage != "adopted", other.slug))
            for offset in (-1, 1)
            if (
                stages := by_place.get((initiative.region_id, initiative.number, position + offset))
            )
        ]
    return found


def best_matches(
    initiative: Candidate,
    ranked: Iterable[tuple[float, int, Candidate]],
    already: Iterable[Candidate] = (),
) -> list[tuple[float, int, Candidate]]:
    """The closest initiatives of other regions or cycles, leaving out those `already`
    related (and the other stage of each)."""
    best, seen = [], {(other.cycle_id, other.code) for other in already}
    for score, index, other in ranked:
        if other.pk == initiative.pk or (
            other.region_id == initiative.region_id and other.cycle_id == initiative.cycle_id
        ):
            continue
        # The draft and the adopted text of one initiative count as one match: the
        # closer of the two stands for both.
        if (other.cycle_id, other.code) in seen:
            continue
        seen.add((other.cycle_id, other.code))
        best.append((score, index, other))
        if len(best) == TOP_MATCHES:
            break
    return best


def related_matches(
    initiatives: Sequence[Candidate],
    texts: dict[int, str],
    cycle_order: dict[int, int] | None = None,
    without_generic: bool = False,
) -> dict[tuple[int, int], dict]:
    """For each initiative, its own number in the cycles before and after (with
    `cycle_order`, cycle id -> position), then its best matches among other regions or
    other cycles (by vectors(texts, without_generic))."""
    weighted = vectors(texts, without_generic)
    written = {key: written_words(text) for key, text in texts.items()}
    lineage = across_cycles(initiatives, cycle_order) if cycle_order else {}
    index_by_pk: dict[int, int] = {}
    # Initiatives with the same terms in the same order have the same vector and the same
    # scores (a draft adopted unchanged, a copied text): each vector is compared once.
    index_of_vector: dict[tuple, int] = {}
    distinct_vectors: list[dict[str, float]] = []
    members: list[list[Candidate]] = []
    for initiative in initiatives:
        vector = weighted[initiative.pk]
        index = index_of_vector.setdefault(tuple(vector.items()), len(distinct_vectors))
        if index == len(distinct_vectors):
            distinct_vectors.append(vector)
            members.append([])
        members[index].append(initiative)
        index_by_pk[initiative.pk] = index
    for group in members:
        group.sort(key=lambda member: member.slug)
    # Every vector reads the postings of its terms: packed arrays stay in the processor's
    # caches where lists of tuples do not, which makes the loop below several times faster.
    posting_indexes: dict[str, array] = defaultdict(lambda: array("l"))
    posting_weights: dict[str, array] = defaultdict(lambda: array("d"))
    for index, vector in enumerate(distinct_vectors):
        for term, weight in vector.items():
            posting_indexes[term].append(index)
            posting_weights[term].append(weight)

    rows_of: dict[int, dict[tuple[int, int], dict]] = {}
    for index, vector in enumerate(distinct_vectors):
        # Only the vectors that share a term with this one can score above zero, and only
        # their estimates grow here.
        estimates = [0.0] * len(distinct_vectors)
        for term, weight in vector.items():
            for other_index, other_weight in zip(
                posting_indexes[term], posting_weights[term], strict=True
            ):
                estimates[other_index] += weight * other_weight
        ranked = RankedCandidates(vector, estimates, distinct_vectors, members)
        terms_shared_with: dict[int, list[str]] = {}
        for initiative in members[index]:
            rows = rows_of[initiative.pk] = {}
            same_number = lineage.get(initiative.pk, [])
            matches = [
                (
                    round(cosine(vector, distinct_vectors[index_by_pk[other.pk]]), 4),
                    index_by_pk[other.pk],
                    other,
                )
                for other in same_number
            ]
            matches += best_matches(initiative, ranked, already=same_number)
            for rank, (score, other_index, other) in enumerate(matches, start=1):
                if other_index not in terms_shared_with:
                    terms_shared_with[other_index] = shared_terms(
                        vector, distinct_vectors[other_index]
                    )
                rows[(initiative.pk, other.pk)] = {
                    "rank": rank,
                    "score": score,
                    "shared_terms": [
                        surface_word(term, written[initiative.pk], written[other.pk])
                        for term in terms_shared_with[other_index]
                    ],
                }
    return {key: row for initiative in initiatives for key, row in rows_of[initiative.pk].items()}


def compute() -> dict[tuple[int, int], dict]:
    """related_matches() of every published initiative, by its published text: an
    unpublished initiative neither has related initiatives nor is one."""
    results = ExpectedResult.objects.filter(published=True).prefetch_related("subitems")
    initiatives = list(
        Initiative.objects.published()
        .prefetch_related(Prefetch("expected_results", queryset=results))
        .order_by("pk")
    )
    cycle_order = {
        pk: position for position, pk in enumerate(Cycle.objects.values_list("pk", flat=True))
    }
    texts = {i.pk: initiative_text(i) for i in initiatives}
    return related_matches(initiatives, texts, cycle_order, without_generic=True)


def relation(initiative, other) -> str:
    """How `other` is related to `initiative`: the same number of the region in the cycle
    before or after, or similar wording. Reads the two cycles, which the page and the API
    bring with the initiative."""
    if other.region_id == initiative.region_id and other.number == initiative.number:
        if other.cycle.start_year < initiative.cycle.start_year:
            return EARLIER_CYCLE
        if other.cycle.start_year > initiative.cycle.start_year:
            return NEXT_CYCLE
    return SIMILAR_WORDING


@transaction.atomic
def rebuild(report=lambda line: None) -> None:
    """Bring the stored related initiatives in line with the texts; unchanged rows stay."""
    wanted = compute()
    existing = {(r.initiative_id, r.related_id): r for r in RelatedInitiative.objects.all()}
    stale = [r.pk for key, r in existing.items() if key not in wanted]
    RelatedInitiative.objects.filter(pk__in=stale).delete()
    # Ranks are unique per initiative: clear the ranks of rows that move before saving.
    changed = []
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            continue
        if any(getattr(row, name) != value for name, value in values.items()):
            changed.append((row, values))
    for offset, (row, _) in enumerate(changed, start=1000):
        row.rank = offset
        row.save(update_fields=["rank"])
    for row, values in changed:
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    created = [
        RelatedInitiative(initiative_id=key[0], related_id=key[1], **values)
        for key, values in wanted.items()
        if key not in existing
    ]
    RelatedInitiative.objects.bulk_create(created)
    counts = {
        "created": len(created),
        "updated": len(changed),
        "deleted": len(stale),
        "unchanged": len(wanted) - len(created) - len(changed),
    }
    report(
        "  related initiatives: " + ", ".join(f"{n} {action}" for action, n in counts.items() if n)
    )
