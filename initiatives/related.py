"""Related initiatives: TF-IDF cosine similarity over each initiative's own words.

Explainable and testable without a network or a model: a term weighs more the more an
initiative uses it and the fewer initiatives use it; two initiatives are related by the
terms they both weigh heavily, and those terms are shown as the reason.
"""

import math
import re
from collections import Counter

from django.db import transaction

from initiatives.models import Initiative, RelatedInitiative

TOP_MATCHES = 5
SHARED_TERMS = 6
MIN_SCORE = 0.08

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


def stem(word: str) -> str:
    """A light, predictable stemmer: plurals only, nothing clever."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


# Spelled-out names the texts also abbreviate, so both spellings meet.
ABBREVIATIONS = [
    (re.compile(r"\bartificial intelligence\b"), "ai"),
    (re.compile(r"\binformation and communication technolog(?:y|ies)\b"), "ict"),
    (re.compile(r"\bsmall and medium[- ]sized enterprises\b"), "sme"),
]


def terms(text: str) -> list[str]:
    text = text.lower()
    for pattern, abbreviation in ABBREVIATIONS:
        text = pattern.sub(abbreviation, text)
    return [stem(w) for w in WORD.findall(text) if w not in STOPWORDS and len(w) > 1]


def initiative_text(initiative: Initiative) -> str:
    parts = [initiative.title, initiative.title, initiative.objective, initiative.results_intro]
    for result in initiative.expected_results.all():
        parts.append(result.text)
        parts.extend(item.text for item in result.subitems.all())
    return " ".join(parts)


def vectors(texts: dict[int, str]) -> dict[int, dict[str, float]]:
    counts = {key: Counter(terms(text)) for key, text in texts.items()}
    document_frequency = Counter(term for counter in counts.values() for term in counter)
    total = len(counts)
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


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def shared_terms(a: dict[str, float], b: dict[str, float]) -> list[str]:
    common = sorted((a[t] * b[t], t) for t in a.keys() & b.keys())
    return [term for _, term in reversed(common[-SHARED_TERMS:])]


def compute() -> dict[tuple[int, int], dict]:
    """For each initiative, its best matches among other regions or other cycles."""
    initiatives = list(
        Initiative.objects.prefetch_related("expected_results__subitems").order_by("pk")
    )
    by_id = {i.pk: i for i in initiatives}
    weighted = vectors({i.pk: initiative_text(i) for i in initiatives})
    rows = {}
    for initiative in initiatives:
        candidates = [
            (round(cosine(weighted[initiative.pk], weighted[other.pk]), 4), other.pk)
            for other in initiatives
            if other.pk != initiative.pk
            and not (
                other.region_id == initiative.region_id and other.cycle_id == initiative.cycle_id
            )
        ]
        candidates.sort(key=lambda pair: (-pair[0], by_id[pair[1]].slug))
        # The draft and the adopted text of one initiative count as one match: the
        # closer of the two stands for both.
        best, seen = [], set()
        for score, pk in candidates:
            other = by_id[pk]
            if score < MIN_SCORE or (other.cycle_id, other.code) in seen:
                continue
            seen.add((other.cycle_id, other.code))
            best.append((score, pk))
        best = best[:TOP_MATCHES]
        for rank, (score, pk) in enumerate(best, start=1):
            rows[(initiative.pk, pk)] = {
                "rank": rank,
                "score": score,
                "shared_terms": shared_terms(weighted[initiative.pk], weighted[pk]),
            }
    return rows


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
