"""Draft beside adopted text: which parts changed, word by word.

Texts are compared as words (whitespace-separated tokens, punctuation attached), which is
what a reader sees change; each expected result of the adopted text is matched with the
draft result it grew from by textual similarity, so a renumbered result still finds its
counterpart and the results added or dropped stand out. A word that changed only in case
or punctuation ("Resilient" and "resilient", "secure," and "secure") is a minor change:
shown, but not counted as a change of wording.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from initiatives.models import Initiative

# Below this similarity two results are different results, not two versions of one.
MATCH_THRESHOLD = 0.5


@dataclass
class Segment:
    """A run of words: unchanged ("equal"), only in the adopted text ("insert"), or only in
    the draft ("delete"). A `minor` deletion and the insertion after it are the same words
    written with another case or punctuation."""

    op: str
    text: str
    minor: bool = False


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
    def substantive(self) -> bool:
        """Whether words changed, not only their case or punctuation."""
        return any(segment.op != "equal" and not segment.minor for segment in self.segments)

    @property
    def status(self) -> str:
        if not self.draft:
            return "added"
        if not self.adopted:
            return "dropped"
        return "changed" if self.changed else "unchanged"


_NOT_A_LETTER = re.compile(r"[\W_]+")


def word_key(word: str) -> str:
    """A word as compared for wording: lower case, without punctuation. A word of
    punctuation only ("–") stands for itself."""
    return _NOT_A_LETTER.sub("", word.lower()) or word


def word_diff(old: str, new: str) -> list[Segment]:
    """Words aligned by their keys: words of equal key written alike are "equal"; written
    otherwise, a minor deletion and insertion; the rest are changes of wording."""
    old_words, new_words = old.split(), new.split()
    matcher = SequenceMatcher(
        a=[word_key(w) for w in old_words], b=[word_key(w) for w in new_words], autojunk=False
    )
    segments: list[Segment] = []

    def add(op: str, words: list[str], minor: bool = False) -> None:
        if not words:
            return
        if segments and segments[-1].op == op and segments[-1].minor == minor:
            segments[-1].text += " " + " ".join(words)
        else:
            segments.append(Segment(op, " ".join(words), minor))

    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            add("delete", old_words[a1:a2])
            add("insert", new_words[b1:b2])
            continue
        # Runs of words written alike, and runs written otherwise (a minor change).
        position = 0
        pairs = list(zip(old_words[a1:a2], new_words[b1:b2], strict=True))
        while position < len(pairs):
            alike = pairs[position][0] == pairs[position][1]
            end = position
            while end < len(pairs) and (pairs[end][0] == pairs[end][1]) == alike:
                end += 1
            run = pairs[position:end]
            if alike:
                add("equal", [a for a, _ in run])
            else:
                add("delete", [a for a, _ in run], minor=True)
                add("insert", [b for _, b in run], minor=True)
            position = end
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
