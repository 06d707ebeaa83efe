"""The downloads page, and the files themselves."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from core.conditional import etag_matches, not_modified, set_cache_headers
from core.models import DataVersion
from downloads.exports import CONTENT_TYPES, downloads_dir, read_manifest


def index(request):
    manifest = read_manifest()
    return render(
        request,
        "downloads/index.html",
        {
            "files": manifest["files"],
            "data_version": manifest["data_version"],
            "stale": manifest["files"] and manifest["data_version"] != DataVersion.current(),
            "nav": "downloads",
            "breadcrumbs": [{"label": "Downloads"}],
        },
    )


def download(request, name):
    entry = next((file for file in read_manifest()["files"] if file["name"] == name), None)
    path = downloads_dir() / name
    if entry is None or not path.is_file():
        raise Http404(f"There is no download {name!r}.")
    # The checksum names the content: the file's own ETag.
    etag = f'"{entry["sha256"]}"'
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return not_modified(etag)
    response = FileResponse(
        path.open("rb"), as_attachment=True, content_type=CONTENT_TYPES[entry["format"]]
    )
    set_cache_headers(response, etag)
    return response
