"""The rules an initiative and its curated alignments keep however they are written: by
a fixture (`fixture_sections`) or in the admin (`admin`). Each answers with the one
message both show, or None when the rule holds."""

import re

from core.loading import normalise_whitespace
from frameworks.models import Provenance
from initiatives.models import Cycle, Initiative, Stage

QUOTED = re.compile(r'"([^"]+)"')


def code_problem(code: str) -> str | None:
    """An initiative's code is its region's code and a number: AMS4."""
    if not code[3:].isdigit():
        return f"code {code!r} is not a region code followed by a number"
    return None


def draft_problem(draft: Initiative, code: str, cycle: Cycle) -> str | None:
    """An adopted initiative links the RPM draft of the same code and cycle, no other."""
    if draft.code != code or draft.cycle_id != cycle.pk or draft.stage != Stage.DRAFT:
        return f"draft {draft.slug!r} is not the draft of {code} {cycle.slug}"
    return None


def initiative_words(initiative: Initiative) -> str:
    """All the text of an initiative, whitespace-normalised: what a rationale may quote.
    An initiative not saved yet has no results to quote yet."""
    parts = [initiative.title, initiative.objective, initiative.results_intro]
    if initiative.pk is not None:
        for result in initiative.expected_results.prefetch_related("subitems"):
            parts.append(result.text)
            parts.extend(item.text for item in result.subitems.all())
    return normalise_whitespace(" ".join(parts))


def quote_occurs(quote: str, words: str) -> bool:
    """Whether a quotation occurs in `words`; "…" may elide text between its parts."""
    parts = [normalise_whitespace(part) for part in quote.split("…")]
    return any(parts) and all(part in words for part in parts if part)


def rationale_problem(rationale: str, words: str) -> str | None:
    """A curated rationale quotes, in straight double quotes, the initiative's words."""
    quotes = QUOTED.findall(rationale)
    if not quotes:
        return 'rationale must quote the initiative\'s words in "..."'
    for quote in quotes:
        if not quote_occurs(quote, words):
            return f"quoted words are not in the initiative: {quote!r}"
    return None


def stated_problem(link_model, initiative: Initiative, link_field: str, target) -> str | None:
    """A curated link never repeats one a source or a roadmap states."""
    stated = link_model.objects.filter(initiative=initiative, **{link_field: target})
    if stated.exclude(provenance=Provenance.CURATED).exists():
        return "is already stated by a source or a roadmap"
    return None
