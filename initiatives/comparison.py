"""Draft beside adopted text: which parts changed, word by word.

Texts are compared as words (whitespace-separated tokens, punctuation attached), which is
what a reader sees change; each expected result of the adopted text is matched with the
draft result it grew from by textual similarity, so a renumbered result still finds its
counterpart and the results added or dropped stand out.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from initiatives.models import Initiative

# Below this similarity two results are different results, not two versions of one.
MATCH_THRESHOLD = 0.5


@dataclass
class Segment:
    """A run of words: unchanged ("equal"), only in the adopted text ("insert"), or only in
    the draft ("delete")."""

    op: str
    text: str


@dataclass
class PartComparison:
    name: str
    draft: str
    adopted: str
    segments: list[Segment] = field(default_factory=list)
    draft_number: int | None = None
    adopted_number: int | None = None

    @property
    def changed(self) -> bool:
        return any(segment.op != "equal" for segment in self.segments)

    @property
    def status(self) -> str:
        if not self.draft:
            return "added"
        if not self.adopted:
            return "dropped"
        return "changed" if self.changed else "unchanged"


def word_diff(old: str, new: str) -> list[Segment]:
    old_words, new_words = old.split(), new.split()
    matcher = SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    segments: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment("delete", " ".join(old_words[a1:a2])))
        if b2 > b1:
            segments.append(Segment("insert", " ".join(new_words[b1:b2])))
    return segments


def similarity(old: str, new: str) -> float:
    return SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).ratio()


def _result_text(result) -> str:
    items = " ".join(f"{item.label}) {item.text}" for item in result.subitems.all())
    return f"{result.text} {items}".strip()


def match_results(draft_results: list, adopted_results: list) -> list[tuple]:
    """Pairs (draft result or None, adopted result or None), in adopted order, dropped last.

    Greedy one-to-one matching on similarity, best pairs first.
    """
    scores = sorted(
        (
            (similarity(_result_text(d), _result_text(a)), i, j)
            for i, d in enumerate(draft_results)
            for j, a in enumerate(adopted_results)
        ),
        reverse=True,
    )
    draft_for: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in scores:
        if score < MATCH_THRESHOLD:
            break
        if i in used or j in draft_for:
            continue
        draft_for[j] = i
        used.add(i)
    pairs = [
        (draft_results[draft_for[j]] if j in draft_for else None, adopted)
        for j, adopted in enumerate(adopted_results)
    ]
    pairs += [(draft, None) for i, draft in enumerate(draft_results) if i not in used]
    return pairs


def compare(draft: Initiative, adopted: Initiative) -> list[PartComparison]:
    """Title, objective, lead-in and every expected result, draft against adopted."""
    parts = [
        PartComparison("title", draft.title, adopted.title),
        PartComparison("objective", draft.objective, adopted.objective),
    ]
    if draft.results_intro or adopted.results_intro:
        parts.append(PartComparison("results_intro", draft.results_intro, adopted.results_intro))
    pairs = match_results(list(draft.expected_results.all()), list(adopted.expected_results.all()))
    for old, new in pairs:
        parts.append(
            PartComparison(
                "expected_result",
                _result_text(old) if old else "",
                _result_text(new) if new else "",
                draft_number=old.number if old else None,
                adopted_number=new.number if new else None,
            )
        )
    for part in parts:
        part.segments = word_diff(part.draft, part.adopted)
    return parts
