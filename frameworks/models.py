"""The global frameworks the initiatives align to: SDGs, WSIS Action Lines, GDC objectives."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import recorded_history
from core.names import NamedInLanguages, names_field
from core.querysets import CountsQuerySet


class SDG(NamedInLanguages, models.Model):
    """One of the 17 Sustainable Development Goals (UN General Assembly resolution 70/1)."""

    number = models.PositiveSmallIntegerField(unique=True)
    short_name = models.CharField(max_length=80)
    title = models.TextField(help_text="The official goal text.")
    colour = models.CharField(max_length=7, help_text="The official UN colour, as #RRGGBB.")
    names = names_field()

    english_name_field = "short_name"

    objects = CountsQuerySet.as_manager()

    history = recorded_history()

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG"
        verbose_name_plural = "SDGs"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17"
            ),
        ]

    def __str__(self):
        return f"SDG {self.number}: {self.short_name}"

    def get_absolute_url(self):
        return reverse("frameworks:sdg", args=[self.number])

    @property
    def text_colour(self) -> str:
        """Black or white, whichever reads better on the official colour (WCAG contrast)."""
        background = _relative_luminance(self.colour)
        on_white = 1.05 / (background + 0.05)
        on_black = (background + 0.05) / 0.05
        return "#000000" if on_black > on_white else "#ffffff"


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


ACTION_LINE_CODES = [f"C{n}" for n in range(1, 12)]


class ActionLine(NamedInLanguages, models.Model):
    """A WSIS Action Line, C1 to C11 (Geneva Plan of Action, 2003)."""

    CODES = ACTION_LINE_CODES

    code = models.CharField(max_length=3, unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    names = names_field()

    english_name_field = "title"

    objects = CountsQuerySet.as_manager()

    history = recorded_history()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__in=ACTION_LINE_CODES), name="action_line_code_c1_to_c11"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=11), name="action_line_number_1_to_11"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"

    def get_absolute_url(self):
        return reverse("frameworks:action_line", args=[self.code.lower()])


class GDCObjective(NamedInLanguages, models.Model):
    """One of the five objectives of the Global Digital Compact (2024)."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.TextField(help_text="As written in the RPM Coordination Meeting report.")
    names = names_field()

    english_name_field = "title"

    history = recorded_history()

    class Meta:
        ordering = ["number"]
        verbose_name = "GDC objective"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=5), name="gdc_objective_number_1_to_5"
            ),
        ]

    def __str__(self):
        return f"GDC Objective {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("frameworks:gdc", args=[self.number])


class Provenance(models.TextChoices):
    """Who states that a record serves an SDG, action line or GDC objective."""

    SOURCE = "source", _("stated in the source document")
    ROADMAP = "roadmap", _("via a WSIS roadmap citation")
    CURATED = "curated", _("curated by the editors")
