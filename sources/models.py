"""The source documents the knowledge base is curated from, and their headed sections."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from core.history import recorded_history


class SourceKind(models.TextChoices):
    WEB_PAGE = "web-page", pgettext_lazy("kind of document", "web page")
    MEETING_REPORT = "meeting-report", pgettext_lazy("kind of document", "meeting report")
    QUESTIONNAIRE = (
        "questionnaire-response",
        pgettext_lazy("kind of document", "questionnaire response"),
    )
    ROADMAP = "roadmap", pgettext_lazy("kind of document", "roadmap")


class Source(models.Model):
    """A document of `sources/documents/`; every curated record names the one it came from."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    date = models.CharField(
        max_length=10,
        help_text="ISO 8601 at the precision the document gives: 2025-05-12, 2025-11 or 2025.",
    )
    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    file_name = models.CharField(max_length=100, unique=True)
    address = models.URLField(
        max_length=500,
        blank=True,
        help_text="The publisher's own address of the document, only where it is confirmed "
        "(its published text matches the document); empty when unknown, never guessed.",
    )
    symbol = models.CharField(
        max_length=60,
        blank=True,
        help_text="The document's symbol, as the document itself prints it; empty when it "
        "prints none.",
    )
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(unique=True)

    history = recorded_history()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date__regex=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
                name="source_date_is_iso_8601",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:detail", args=[self.slug])

    @property
    def publisher_short(self) -> str:
        """The publisher's abbreviation where its name gives one: "ITU" of
        "International Telecommunication Union (ITU)"."""
        name, _, rest = self.publisher.partition(" (")
        return rest.removesuffix(")") if rest.endswith(")") else name

    @property
    def path(self):
        return settings.PORTAL_DOCUMENTS_DIR / self.file_name

    def read_text(self) -> str:
        return self.path.read_text(encoding="utf-8")


class SourceSection(models.Model):
    """A headed part of a source document, such as one question of the CSTD questionnaire."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    heading = models.TextField(
        blank=True, help_text="As printed; empty where the document has none."
    )
    body = models.TextField(help_text="Paragraphs separated by blank lines, verbatim.")
    curation_note = models.TextField(blank=True)

    history = recorded_history()

    class Meta:
        ordering = ["source", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "order"], name="unique_section_order_per_source"
            ),
        ]

    def __str__(self):
        return f"{self.source.slug} §{self.order}: {self.heading[:60] or '(untitled)'}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"section-{self.order}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]
