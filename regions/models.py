"""The six ITU-D regions and their Regional Preparatory Meetings (RPMs) for WTDC-25."""

from django.db import models
from django.urls import reverse

from core.history import recorded_history
from core.names import NamedInLanguages, names_field
from sources.models import Source

REGION_CODES = ["AFR", "AMS", "ARB", "ASP", "CIS", "EUR"]


class Region(NamedInLanguages, models.Model):
    CODES = REGION_CODES

    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)
    names = names_field()

    english_name_field = "name"

    history = recorded_history()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__in=REGION_CODES), name="region_code_among_six"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("regions:detail", args=[self.code.lower()])


class PreparatoryMeetingQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("region", "source").prefetch_related("priorities")


class PreparatoryMeeting(models.Model):
    """An RPM of 2025, as reported to the RPM Coordination Meeting (source 002)."""

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="meeting")
    name = models.CharField(max_length=20, unique=True, help_text="As printed, e.g. RPM-ARB.")
    dates_as_printed = models.CharField(max_length=40)
    start_date = models.DateField()
    end_date = models.DateField()
    city = models.CharField(max_length=80)
    country = models.CharField(max_length=80)
    chair = models.CharField(max_length=200)
    vice_chairs = models.JSONField(default=list, blank=True, help_text="As printed, in order.")
    summary = models.TextField(help_text="The report's summary of the contributions received.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="meetings")
    source_locator = models.CharField(max_length=120, help_text="Where in the source it stands.")
    curation_note = models.TextField(blank=True)

    objects = PreparatoryMeetingQuerySet.as_manager()

    history = recorded_history()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city}, {self.dates_as_printed} {self.start_date.year})"

    def get_absolute_url(self):
        return f"{reverse('regions:meetings')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return self.name.lower()


class MeetingPriority(models.Model):
    """A regional priority agreed by an RPM in place of draft initiatives (RPM-ARB)."""

    meeting = models.ForeignKey(
        PreparatoryMeeting, on_delete=models.CASCADE, related_name="priorities"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    history = recorded_history()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name_plural = "meeting priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="unique_priority_number_per_meeting"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="priority_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.meeting.name} priority {self.number}: {self.title}"
