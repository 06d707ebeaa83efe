"""ITU's WSIS Action Line Roadmaps (C2, C4, C5, C6): tables of WSIS outcomes and ITU's work."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.urls import reverse

from core.history import recorded_history
from frameworks.models import SDG, ActionLine, Provenance
from initiatives.models import Cycle, Initiative
from roadmaps.sanitise import plain_text, sanitise
from sources.models import Source


class Section(models.TextChoices):
    GENEVA_TUNIS = (
        "geneva-tunis",
        "Geneva Plan of Action and Tunis Agenda for the Information Society",
    )
    WSIS_PLUS_10 = "wsis-plus-10", "WSIS+10 Outcome Documents"


class RoadmapQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("action_line", "source").annotate(row_count=models.Count("rows"))

    def for_detail(self):
        return self.select_related("action_line", "source").prefetch_related(
            models.Prefetch("rows", queryset=RoadmapRow.objects.with_links())
        )


class Roadmap(models.Model):
    action_line = models.OneToOneField(ActionLine, on_delete=models.PROTECT, related_name="roadmap")
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, help_text="As printed.")
    column_headings = models.JSONField(help_text="The table's column headings, as printed.")
    section_headings = models.JSONField(
        default=dict,
        blank=True,
        help_text="Section → heading as printed, for the sections the table heads.",
    )
    introduction = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="roadmaps")
    source_locator = models.CharField(max_length=120, help_text="Where in the source it stands.")
    curation_note = models.TextField(blank=True)

    # A roadmap page shows this many rows, each with six rich cells: every roadmap ITU has
    # published fits on one page (C6, the longest, has 24 rows).
    rows_per_page = 25

    objects = RoadmapQuerySet.as_manager()

    history = recorded_history()

    class Meta:
        ordering = ["action_line__number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2003), name="roadmap_year_not_before_wsis"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmaps:detail", args=[self.action_line.code.lower()])

    def section_heading(self, section: str) -> tuple[str, bool]:
        """The heading of a section and whether the table prints it: where it prints
        none, the editors placed the rows (see `curation_note`) and the heading is the
        section's name."""
        printed = self.section_headings.get(section)
        return (printed, True) if printed else (Section(section).label, False)

    @cached_property
    def sections_held(self) -> list["SummarySection"]:
        """Its sections that hold rows, in order, with their rows counted (one query)."""
        counts = dict(self.rows.values_list("section").annotate(n=models.Count("pk")).order_by())
        sections = []
        for value in Section.values:
            if counts.get(value):
                heading, printed = self.section_heading(value)
                sections.append(SummarySection(value, heading, printed, counts[value]))
        return sections

    def summary(self) -> "RoadmapSummary":
        """What the roadmap holds, for the top of its page: its rows per section, the
        SDGs they name and the initiatives they cite (three queries)."""
        sections = self.sections_held
        sdgs = list(
            SDG.objects.filter(roadmap_row_links__row__roadmap=self)
            .annotate(row_count=models.Count("roadmap_row_links__row", distinct=True))
            .order_by("number")
        )
        cited: dict[tuple[str, str], CitedInitiative] = {}
        for citation in Citation.objects.filter(row__roadmap=self).select_related(
            "cycle", "initiative__cycle"
        ):
            entry = cited.setdefault(
                (citation.code, citation.cycle.slug),
                CitedInitiative(citation.code, citation.cycle, citation.published_initiative),
            )
            if citation.row not in entry.rows:
                entry.rows.append(citation.row)
        initiatives = sorted(
            cited.values(), key=lambda entry: (entry.code[:3], len(entry.code), entry.code)
        )
        return RoadmapSummary(sections, sdgs, initiatives)


@dataclass
class SummarySection:
    value: str
    heading: str
    printed: bool
    row_count: int


@dataclass
class CitedInitiative:
    """An initiative a roadmap cites, once, with the rows citing it; `initiative` is None
    when the knowledge base does not hold it (or does not publish it)."""

    code: str
    cycle: Cycle
    initiative: Initiative | None
    rows: list["RoadmapRow"] = field(default_factory=list)


# The summary names this many cited initiatives at most (the real roadmaps cite 26 at
# most); the others are found through the rows that cite an initiative.
CITED_INITIATIVES_SHOWN = 60


@dataclass
class RoadmapSummary:
    sections: list[SummarySection]
    sdgs: list[SDG]
    initiatives: list[CitedInitiative]

    @property
    def initiatives_shown(self) -> list[CitedInitiative]:
        return self.initiatives[:CITED_INITIATIVES_SHOWN]

    @property
    def initiatives_not_shown(self) -> int:
        return max(0, len(self.initiatives) - CITED_INITIATIVES_SHOWN)


def row_links() -> list[models.Prefetch]:
    """What a row shows besides its own cells: its SDGs and the initiatives it cites."""
    return [
        models.Prefetch("sdg_links", queryset=RoadmapRowSDG.objects.select_related("sdg")),
        models.Prefetch(
            "citations",
            queryset=Citation.objects.select_related("cycle", "initiative__cycle"),
        ),
    ]


class RoadmapRowQuerySet(models.QuerySet):
    def with_links(self):
        return self.prefetch_related(*row_links())

    def for_listing(self):
        return self.select_related("roadmap__action_line")

    def for_detail(self):
        return self.for_listing().with_links()


class RoadmapRow(models.Model):
    """One row of a roadmap table: a WSIS outcome and ITU's work towards it.

    Rich cells keep sanitised HTML; each has a plain-text twin (`*_text`) for search,
    derived on every save so that an edit in the admin cannot leave them apart.
    """

    RICH_CELLS = [
        "outcome",
        "goals_and_resolutions",
        "sdg_linkages",
        "evidence",
        "results",
        "extra",
    ]

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="rows")
    section = models.CharField(max_length=20, choices=Section.choices)
    label = models.CharField(max_length=8, help_text="As printed: A, B, A1, a, ...")
    order = models.PositiveSmallIntegerField(help_text="Position in the table, from 1.")
    source_locator = models.CharField(max_length=120, help_text="Where in the source it stands.")
    outcome = models.TextField()
    outcome_text = models.TextField()
    timing = models.TextField(blank=True)
    goals_and_resolutions = models.TextField(blank=True)
    goals_and_resolutions_text = models.TextField(blank=True)
    sdg_linkages = models.TextField(blank=True)
    sdg_linkages_text = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    evidence_text = models.TextField(blank=True)
    results = models.TextField(blank=True)
    results_text = models.TextField(blank=True)
    extra = models.TextField(
        blank=True, help_text="A roadmap's extra column (C6: COVID-19 Response)."
    )
    extra_text = models.TextField(blank=True)
    curation_note = models.TextField(blank=True)
    sdgs = models.ManyToManyField(SDG, through="RoadmapRowSDG", related_name="roadmap_rows")

    objects = RoadmapRowQuerySet.as_manager()

    # The plain-text twins are derived from the rich cells on every save: not history.
    history = recorded_history(excluded_fields=[f"{name}_text" for name in RICH_CELLS])

    class Meta:
        ordering = ["roadmap", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "order"], name="unique_row_order_per_roadmap"
            ),
            models.UniqueConstraint(
                fields=["roadmap", "section", "label"], name="unique_row_label_per_roadmap_section"
            ),
            models.CheckConstraint(
                condition=models.Q(section__in=Section.values), name="roadmap_row_section_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(order__gte=1), name="roadmap_row_order_positive"
            ),
        ]

    def __str__(self):
        return f"{self.roadmap.action_line.code} {self.label}"

    def save(self, *args, **kwargs):
        for name, value in self.cell_values(
            {name: getattr(self, name) for name in self.RICH_CELLS}
        ).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        page = self.page_number
        query = f"?page={page}" if page > 1 else ""
        return f"{self.roadmap.get_absolute_url()}{query}#{self.anchor}"

    @property
    def page_number(self) -> int:
        """The page of its roadmap the row stands on: rows are numbered 1 to n in table
        order (a data check holds them to it), and each page shows `rows_per_page`."""
        return (self.order - 1) // Roadmap.rows_per_page + 1

    @property
    def anchor(self) -> str:
        return f"{self.section}-{self.label}"

    @classmethod
    def cell_values(cls, cells: dict[str, str]) -> dict[str, str]:
        """Each rich cell sanitised, with its plain-text twin."""
        values = {}
        for name in cls.RICH_CELLS:
            values[name] = sanitise(cells.get(name) or "")
            values[f"{name}_text"] = plain_text(values[name])
        return values


class RoadmapRowSDG(models.Model):
    row = models.ForeignKey(RoadmapRow, on_delete=models.CASCADE, related_name="sdg_links")
    sdg = models.ForeignKey(SDG, on_delete=models.PROTECT, related_name="roadmap_row_links")
    targets = models.CharField(
        max_length=200, blank=True, help_text="Target numbers the cell names, e.g. 16.2."
    )
    provenance = models.CharField(
        max_length=10, choices=Provenance.choices, default=Provenance.SOURCE
    )

    history = recorded_history()

    class Meta:
        ordering = ["row", "sdg__number"]
        verbose_name = "roadmap row SDG link"
        constraints = [
            models.UniqueConstraint(fields=["row", "sdg"], name="unique_sdg_per_roadmap_row"),
            models.CheckConstraint(
                condition=models.Q(provenance__in=Provenance.values),
                name="roadmap_row_sdg_provenance_valid",
            ),
        ]

    def __str__(self):
        return f"{self.row} → SDG {self.sdg.number}"


class CitationManager(models.Manager):
    """Every citation read comes with the row, roadmap and action line it stands in: an
    initiative's page and API list its citations through `initiative.citations`, and the
    initiatives app, which this one depends on, does not name this model."""

    def get_queryset(self):
        return super().get_queryset().select_related("row__roadmap__action_line")


class Citation(models.Model):
    """A regional initiative cited by a roadmap row, resolved when the knowledge base has it.

    The roadmaps cite initiatives by code only; `cycle` is the cycle the roadmap cites them
    under, and `initiative` stays empty when the knowledge base lacks that initiative in
    that cycle, so that an unresolved citation is visible rather than dropped.
    """

    row = models.ForeignKey(RoadmapRow, on_delete=models.CASCADE, related_name="citations")
    order = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=8, help_text="As cited, e.g. AFR4.")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="roadmap_citations")
    cited_text = models.TextField(help_text="The words of the citation, as printed.")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="citations"
    )

    objects = CitationManager()

    history = recorded_history()

    class Meta:
        # By action line, then row, then place in the row (the orders of Roadmap and RoadmapRow).
        ordering = ["row", "order"]
        constraints = [
            models.UniqueConstraint(fields=["row", "order"], name="unique_citation_order_per_row"),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{3}[0-9]{1,2}$"),
                name="citation_code_is_region_and_number",
            ),
        ]

    def __str__(self):
        return f"{self.row} cites {self.code}"

    @property
    def published_initiative(self) -> Initiative | None:
        """The initiative cited, as readers see it: an unpublished one is not shown, and
        the citation reads as one the knowledge base cannot resolve."""
        initiative = self.initiative
        return initiative if initiative is not None and initiative.published else None
