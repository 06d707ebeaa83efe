"""The download files in the API."""

from django.urls import reverse
from rest_framework import serializers

from core.rest import PageUrl


class DownloadSerializer(serializers.Serializer):
    name = serializers.CharField()
    format = serializers.ChoiceField(choices=[("json", "json"), ("csv", "csv"), ("xlsx", "xlsx")])
    kind = serializers.CharField(
        help_text="The table the CSV file holds (its name in the Data Package, the same as "
        "the API endpoint for the kinds the API lists); `all` for the JSON file, the Data "
        "Package and the workbook."
    )
    records = serializers.IntegerField()
    size = serializers.IntegerField(help_text="In bytes.")
    sha256 = serializers.CharField(help_text="The file's SHA-256 checksum, in hexadecimal.")
    # Added within v1.
    title = serializers.CharField(default="", help_text="What the file is, in a few words.")
    description = serializers.CharField(default="", help_text="What the file holds.")
    url = PageUrl(
        lambda file: reverse("downloads:file", args=[file["name"]]),
        help_text="The file itself.",
    )
    html_url = PageUrl(lambda file: f"{reverse('downloads:index')}#{file['name']}")
