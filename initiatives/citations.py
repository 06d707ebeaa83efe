"""Citations of an initiative, or of one of its expected results, in plain text, BibTeX, RIS
and CSL-JSON: the page shows them and the addresses `cite.bib`, `cite.ris` and `cite.json`
serve them.

The texts are ITU's, so ITU is the author and the publisher, and the source document is the
work they stand in; the portal is only where they were retrieved from. No retrieval date is
given: a citation is built once per version of the data (pages are cached by it), so the
date it can honestly carry is when the portal's data last changed.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime

from initiatives.models import ExpectedResult, Initiative, Stage

AUTHOR = "International Telecommunication Union"

# What each format is served as, and the name of its download.
MEDIA_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}


@dataclass(frozen=True)
class Citation:
    """What every format says about one cited record."""

    key: str
    title: str
    description: str
    source_title: str
    publisher: str
    source_date: str
    source_address: str
    url: str
    data_date: datetime | None
    site_name: str

    @property
    def year(self) -> str:
        return self.source_date[:4]

    @property
    def data_note(self) -> str:
        if self.data_date is None:
            return f"Retrieved from {self.site_name}"
        return f"Retrieved from {self.site_name}; data as of {self.data_date:%Y-%m-%d}"


def _stage_words(initiative: Initiative) -> str:
    stage = "RPM draft" if initiative.stage == Stage.DRAFT else "adopted text"
    return f"regional initiative, {stage}, {initiative.cycle.slug}"


def for_initiative(
    initiative: Initiative, url: str, data_date: datetime | None, site_name: str
) -> Citation:
    """`url` is the initiative's permanent address, absolute."""
    return Citation(
        key=f"itu-{initiative.slug}",
        title=f"{initiative.code}: {initiative.title}",
        description=_stage_words(initiative),
        source_title=initiative.source.title,
        publisher=initiative.source.publisher,
        source_date=initiative.source.date,
        source_address=initiative.source.address,
        url=url,
        data_date=data_date,
        site_name=site_name,
    )


def for_result(
    result: ExpectedResult, initiative_url: str, data_date: datetime | None, site_name: str
) -> Citation:
    """`initiative_url` is the permanent address of the result's initiative, absolute."""
    initiative = result.initiative
    return Citation(
        key=f"itu-{initiative.slug}-result-{result.number}",
        title=f"{initiative.code}, expected result {result.number}",
        description=f"{_stage_words(initiative)}: {initiative.title}",
        source_title=initiative.source.title,
        publisher=initiative.source.publisher,
        source_date=initiative.source.date,
        source_address=initiative.source.address,
        url=f"{initiative_url}#{result.anchor}",
        data_date=data_date,
        site_name=site_name,
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def plain_text(citation: Citation) -> str:
    source = f"{citation.source_title} ({citation.year})"
    if citation.source_address:
        source += f", {citation.source_address}"
    return (
        f"{AUTHOR}. “{citation.title}” ({citation.description}). In: {source}. "
        f"{citation.data_note}: {citation.url}"
    )


# BibTeX's special characters, each as LaTeX writes it.
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIALS))


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_SPECIALS[match.group()], text)


def bibtex(citation: Citation) -> str:
    # An institution is one name, braced twice, or BibTeX would read "Union" as a surname.
    fields = [
        ("author", f"{{{bibtex_escape(AUTHOR)}}}"),
        ("title", bibtex_escape(citation.title)),
        ("howpublished", bibtex_escape(f"In: {citation.source_title}")),
        ("publisher", bibtex_escape(citation.publisher)),
        ("year", citation.year),
        ("url", citation.url),
        ("note", bibtex_escape(f"{_capitalised(citation.description)}. {citation.data_note}")),
    ]
    lines = [f"@misc{{{citation.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(citation: Citation) -> str:
    fields = [
        ("TY", "ELEC"),
        ("AU", AUTHOR),
        ("TI", citation.title),
        ("T2", citation.source_title),
        ("PB", citation.publisher),
        ("PY", citation.year),
        ("UR", citation.url),
        ("N1", _capitalised(citation.description)),
        ("N1", citation.data_note),
    ]
    if citation.source_address:
        fields.append(("L2", citation.source_address))
    fields.append(("ER", ""))
    # RIS ends every line with CR LF; "ER  - " closes the record.
    return "".join(f"{tag}  - {value}\r\n" for tag, value in fields)


def csl_json(citation: Citation) -> str:
    item = {
        "id": citation.key,
        "type": "document",
        "title": citation.title,
        "author": [{"literal": AUTHOR}],
        "publisher": citation.publisher,
        "container-title": citation.source_title,
        "genre": citation.description,
        "issued": {"date-parts": [[int(part) for part in citation.source_date.split("-")]]},
        "URL": citation.url,
        "note": citation.data_note,
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


FORMATS = {"bib": bibtex, "ris": ris, "json": csl_json}


def all_formats(citation: Citation) -> dict[str, str]:
    """Each format's text, by name: what the page shows."""
    return {
        "text": plain_text(citation),
        "bibtex": bibtex(citation),
        "ris": ris(citation),
        "csl_json": csl_json(citation),
    }
