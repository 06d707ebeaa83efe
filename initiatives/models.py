"""Regional initiatives, their expected results, and their alignment to the frameworks."""

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_noop, pgettext_lazy

from core.history import recorded_history
from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
from regions.models import Region
from sources.models import Source

# The action plans' names, as the interface gives them in each language (a template says
# `{% translate cycle.action_plan %}`); a plan not listed here shows as it is stored.
ACTION_PLAN_NAMES = (gettext_noop("Kigali Action Plan"), gettext_noop("Baku Action Plan"))


class Cycle(models.Model):
    """A four-year (or three-year) planning period adopted by a WTDC."""

    slug = models.SlugField(max_length=9, unique=True, help_text="e.g. 2026-2029")
    name = models.CharField(max_length=40)
    conference = models.CharField(max_length=10, help_text="e.g. WTDC-25")
    conference_city = models.CharField(max_length=40)
    action_plan = models.CharField(max_length=60)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()

    history = recorded_history()

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="cycle_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.conference}, {self.action_plan})"


class Stage(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("stage", "RPM draft")
    ADOPTED = "adopted", pgettext_lazy("stage", "adopted")


# What the `published` fields say: an unpublished record is seen in the admin only.
PUBLISHED_HELP = (
    "Unticked, only the admin shows it: no page, list, count, search result, API answer "
    "or download does."
)


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        """What readers may see. Every public read goes through it, mostly by way of
        for_listing() and for_detail(); the admin reads the default manager, unfiltered."""
        return self.filter(published=True)

    def for_listing(self):
        return self.published().select_related("cycle", "region")

    def for_detail(self):
        # The related records it brings are the published ones too; its other stage, read
        # with it, is shown only when published (Initiative.other_stage()).
        return (
            self.published()
            .select_related("cycle", "region", "source", "draft__cycle", "adopted_version__cycle")
            .prefetch_related(
                Prefetch(
                    "expected_results",
                    queryset=ExpectedResult.objects.filter(published=True).prefetch_related(
                        "subitems", "footnotes"
                    ),
                ),
                Prefetch(
                    "sdg_links",
                    queryset=InitiativeSDG.objects.filter(published=True).select_related("sdg"),
                ),
                Prefetch(
                    "action_line_links",
                    queryset=InitiativeActionLine.objects.filter(published=True).select_related(
                        "action_line"
                    ),
                ),
                Prefetch(
                    "gdc_links",
                    queryset=InitiativeGDCObjective.objects.filter(published=True).select_related(
                        "objective"
                    ),
                ),
                # With their rows and roadmaps, in roadmap order (roadmaps.Citation's manager).
                "citations",
                Prefetch(
                    "related",
                    queryset=RelatedInitiative.objects.filter(
                        related__published=True
                    ).select_related("related__region", "related__cycle"),
                ),
            )
        )

    def at_address(self, cycle: str, code: str, draft: bool = False) -> "Initiative | None":
        """What `/initiatives/<cycle>/<code>/` shows: the adopted text, or the RPM draft
        when nothing was adopted; with `draft`, what `.../draft/` shows."""
        stages = [Stage.DRAFT] if draft else [Stage.ADOPTED, Stage.DRAFT]
        # One query, unordered (a cycle holds one text of a code per stage): ordering by
        # the model's related fields costs more than the query itself.
        found = {
            text.stage: text
            for text in self.filter(
                cycle__slug=cycle, code=code.upper(), stage__in=stages
            ).order_by()
        }
        return next((found[stage] for stage in stages if stage in found), None)

    def adopted(self):
        return self.filter(stage=Stage.ADOPTED)

    def drafts(self):
        return self.filter(stage=Stage.DRAFT)


class Initiative(models.Model):
    """A regional initiative, in one stage (RPM draft or adopted text) of one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="initiatives")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="initiatives")
    code = models.CharField(max_length=8, help_text="e.g. AMS1")
    number = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=10, choices=Stage.choices)
    slug = models.SlugField(
        max_length=40, unique=True, help_text="Permanent: {cycle}-{code}[-draft]."
    )
    label_as_printed = models.CharField(
        max_length=20, help_text="The code as the source writes it, e.g. 'RI 1' or 'AMS1'."
    )
    title = models.TextField()
    objective = models.TextField()
    results_intro = models.TextField(
        blank=True, help_text="A lead-in to the expected results, as printed."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="initiatives")
    source_locator = models.CharField(max_length=120, help_text="Where in the source it stands.")
    curation_note = models.TextField(blank=True)
    draft = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_version",
        help_text="For an adopted initiative, the RPM draft it grew from.",
    )
    sdgs = models.ManyToManyField(SDG, through="InitiativeSDG", related_name="initiatives")
    action_lines = models.ManyToManyField(
        ActionLine, through="InitiativeActionLine", related_name="initiatives"
    )
    gdc_objectives = models.ManyToManyField(
        GDCObjective, through="InitiativeGDCObjective", related_name="initiatives"
    )
    published = models.BooleanField(default=True, help_text=PUBLISHED_HELP)

    objects = InitiativeQuerySet.as_manager()

    history = recorded_history()

    class Meta:
        ordering = ["cycle__start_year", "region__code", "number", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "code", "stage"], name="unique_initiative_code_per_cycle_and_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="initiative_stage_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="initiative_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(stage=Stage.ADOPTED) | models.Q(draft__isnull=True),
                name="only_adopted_initiatives_have_a_draft",
            ),
        ]

    def __str__(self):
        stage = " (draft)" if self.stage == Stage.DRAFT else ""
        return f"{self.code} {self.cycle.slug}{stage}: {self.title}"

    def get_absolute_url(self):
        args = [self.cycle.slug, self.code.lower()]
        if self.stage == Stage.DRAFT:
            return reverse("initiatives:draft", args=args)
        return reverse("initiatives:detail", args=args)

    def adopted_version_or_none(self) -> "Initiative | None":
        try:
            return self.adopted_version
        except Initiative.DoesNotExist:
            return None

    def other_stage(self) -> "Initiative | None":
        """The RPM draft of adopted text, or the adopted text of a draft, if published."""
        other = self.adopted_version_or_none() if self.stage == Stage.DRAFT else self.draft
        return other if other is not None and other.published else None

    @staticmethod
    def make_slug(cycle_slug: str, code: str, stage: str) -> str:
        suffix = "-draft" if stage == Stage.DRAFT else ""
        return f"{cycle_slug}-{code}{suffix}".lower()


class ExpectedResultQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published results of published initiatives."""
        return self.filter(published=True, initiative__published=True)

    def for_listing(self):
        # What a result's addresses need: its initiative's slug, code, stage and cycle.
        return self.published().select_related("initiative__cycle")

    def for_detail(self):
        return self.for_listing().prefetch_related("subitems", "footnotes")


class ExpectedResult(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="expected_results"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    curation_note = models.TextField(blank=True)
    published = models.BooleanField(default=True, help_text=PUBLISHED_HELP)

    objects = ExpectedResultQuerySet.as_manager()

    history = recorded_history()

    class Meta:
        ordering = ["initiative", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "number"], name="unique_result_number_per_initiative"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="result_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.initiative.code} result {self.number}"

    def get_absolute_url(self):
        return f"{self.initiative.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"result-{self.number}"


class ExpectedResultSubitem(models.Model):
    """A lettered sub-item of an expected result: a), b), ..."""

    result = models.ForeignKey(ExpectedResult, on_delete=models.CASCADE, related_name="subitems")
    label = models.CharField(max_length=4, help_text="The letter, without its parenthesis.")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    history = recorded_history()

    class Meta:
        ordering = ["result", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "label"], name="unique_subitem_label_per_result"
            ),
            models.UniqueConstraint(
                fields=["result", "order"], name="unique_subitem_order_per_result"
            ),
        ]

    def __str__(self):
        return f"{self.result} {self.label})"


class Footnote(models.Model):
    """A footnote of the source, attached to the expected result whose text carried its marker."""

    result = models.ForeignKey(ExpectedResult, on_delete=models.CASCADE, related_name="footnotes")
    marker = models.CharField(max_length=4, help_text="The marker as printed in the source.")
    text = models.TextField()

    history = recorded_history()

    class Meta:
        ordering = ["result", "marker"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "marker"], name="unique_footnote_marker_per_result"
            ),
        ]

    def __str__(self):
        return f"{self.result} footnote {self.marker}"


def published_links(prefix: str = "") -> models.Q:
    """The alignment links readers may see, published and of a published initiative, as a
    condition; `prefix` is the path to the links ("initiative_links__" from an SDG)."""
    return models.Q(**{f"{prefix}published": True, f"{prefix}initiative__published": True})


class AlignmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_links())


class Alignment(models.Model):
    """What every alignment link carries: who states it, and why."""

    provenance = models.CharField(max_length=10, choices=Provenance.choices)
    rationale = models.TextField(blank=True)
    published = models.BooleanField(default=True, help_text=PUBLISHED_HELP)

    objects = AlignmentQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def provenance_constraints(cls, prefix: str):
        return [
            models.CheckConstraint(
                condition=models.Q(provenance__in=Provenance.values),
                name=f"{prefix}_provenance_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(provenance=Provenance.CURATED) | ~models.Q(rationale=""),
                name=f"{prefix}_curated_has_rationale",
            ),
        ]


class InitiativeSDG(Alignment):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sdg_links")
    sdg = models.ForeignKey(SDG, on_delete=models.PROTECT, related_name="initiative_links")

    history = recorded_history()

    class Meta:
        ordering = ["initiative", "sdg__number", "provenance"]
        verbose_name = "SDG alignment"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "sdg", "provenance"], name="unique_initiative_sdg_provenance"
            ),
            *Alignment.provenance_constraints("initiative_sdg"),
        ]

    def __str__(self):
        return f"{self.initiative.code} → SDG {self.sdg.number} ({self.provenance})"


class InitiativeActionLine(Alignment):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="action_line_links"
    )
    action_line = models.ForeignKey(
        ActionLine, on_delete=models.PROTECT, related_name="initiative_links"
    )

    history = recorded_history()

    class Meta:
        ordering = ["initiative", "action_line__number", "provenance"]
        verbose_name = "WSIS action line alignment"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "action_line", "provenance"],
                name="unique_initiative_action_line_provenance",
            ),
            *Alignment.provenance_constraints("initiative_action_line"),
        ]

    def __str__(self):
        return f"{self.initiative.code} → {self.action_line.code} ({self.provenance})"


class InitiativeGDCObjective(Alignment):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="gdc_links")
    objective = models.ForeignKey(
        GDCObjective, on_delete=models.PROTECT, related_name="initiative_links"
    )

    history = recorded_history()

    class Meta:
        ordering = ["initiative", "objective__number", "provenance"]
        verbose_name = "GDC objective alignment"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "objective", "provenance"],
                name="unique_initiative_gdc_objective_provenance",
            ),
            *Alignment.provenance_constraints("initiative_gdc"),
        ]

    def __str__(self):
        return f"{self.initiative.code} → GDC {self.objective.number} ({self.provenance})"


class RelatedInitiative(models.Model):
    """Another initiative, of another region or cycle, that addresses the same things.

    Computed from the texts when the data loads (initiatives.related): TF-IDF cosine
    similarity, with the terms that weigh most in both texts kept as the explanation.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="related")
    related = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    shared_terms = models.JSONField(default=list)

    class Meta:
        ordering = ["initiative", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "related"], name="unique_related_pair"),
            models.UniqueConstraint(fields=["initiative", "rank"], name="unique_related_rank"),
            models.CheckConstraint(
                condition=~models.Q(initiative=models.F("related")), name="related_to_another"
            ),
        ]

    def __str__(self):
        return f"{self.initiative.code} ~ {self.related.code} ({self.score:.2f})"
