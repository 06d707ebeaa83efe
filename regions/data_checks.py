from core.integrity import data_check
from regions.models import PreparatoryMeeting, Region


@data_check
def every_region_has_its_preparatory_meeting():
    with_meeting = set(PreparatoryMeeting.objects.values_list("region__code", flat=True))
    for region in Region.objects.exclude(code__in=with_meeting):
        yield f"{region} has no Regional Preparatory Meeting"
