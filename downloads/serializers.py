"""The download files in the API."""

from django.urls import reverse
from rest_framework import serializers

from core.rest import PageUrl


class DownloadSerializer(serializers.Serializer):
    name = serializers.CharField()
    format = serializers.ChoiceField(choices=[("json", "json"), ("csv", "csv")])
    kind = serializers.CharField(
        help_text="The API endpoint whose records the file holds; `all` for the JSON file."
    )
    records = serializers.IntegerField()
    size = serializers.IntegerField(help_text="In bytes.")
    sha256 = serializers.CharField(help_text="The file's SHA-256 checksum, in hexadecimal.")
    url = PageUrl(
        lambda file: reverse("downloads:file", args=[file["name"]]),
        help_text="The file itself.",
    )
    html_url = PageUrl(lambda file: f"{reverse('downloads:index')}#{file['name']}")
