"""The API's list of the download files, with their sizes and checksums."""

from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer

from core.rest import CSVRenderer, csv_response
from core.viewsets import PortalAPIMixin
from downloads.exports import read_manifest
from downloads.serializers import DownloadSerializer


class DownloadViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """The whole knowledge base as files: normalised CSV tables, their Data Package, a
    workbook and one JSON document."""

    serializer_class = DownloadSerializer
    filter_backends = []

    def get_renderers(self):
        return [JSONRenderer(), CSVRenderer()]

    def etag_variant(self, request) -> str:
        # The files are rewritten after the data changes; name the ones on disk too.
        files = [(file["name"], file["sha256"]) for file in read_manifest()["files"]]
        return f"{request.accepted_media_type} {files}"

    def list(self, request, *args, **kwargs):
        files = read_manifest()["files"]
        if request.accepted_renderer.format == CSVRenderer.format:
            serializer = self.get_serializer(files, many=True)
            return csv_response(serializer.data, list(serializer.child.fields), "downloads")
        page = self.paginate_queryset(files)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
