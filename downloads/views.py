"""The downloads page, the files themselves, and their DCAT catalogue."""

import hashlib
import json

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.conditional import etag_matches, not_modified, set_cache_headers
from core.models import DataVersion
from downloads import licence
from downloads.exports import CONTENT_TYPES, downloads_dir, read_manifest
from downloads.linked_data import dcat_catalog, schema_org_dataset

JSON_LD = "application/ld+json"


def index(request):
    manifest = read_manifest()
    return render(
        request,
        "downloads/index.html",
        {
            "files": manifest["files"],
            "data_version": manifest["data_version"],
            "stale": manifest["files"] and manifest["data_version"] != DataVersion.current(),
            "dataset_jsonld": schema_org_dataset(manifest, request.build_absolute_uri),
            "licence": licence.page_statement(),
            "nav": "downloads",
            "breadcrumbs": [{"label": _("Downloads")}],
        },
    )


def catalog(request):
    """The DCAT catalogue of the files, in JSON-LD, at a stable address."""
    manifest = read_manifest()
    # The catalogue depends on the files on disk and on the address it is read at.
    files = [(file["name"], file["sha256"]) for file in manifest["files"]]
    key = f"{request.build_absolute_uri('/')} {manifest.get('changed_at')} {files}"
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()}"'
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return not_modified(etag)
    document = dcat_catalog(manifest, request.build_absolute_uri)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type=JSON_LD
    )
    set_cache_headers(response, etag)
    return response


def download(request, name):
    entry = next((file for file in read_manifest()["files"] if file["name"] == name), None)
    path = downloads_dir() / name
    if entry is None or not path.is_file():
        raise Http404(_("There is no download %(name)s.") % {"name": repr(name)})
    # The checksum names the content: the file's own ETag.
    etag = f'"{entry["sha256"]}"'
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return not_modified(etag)
    response = FileResponse(
        path.open("rb"), as_attachment=True, content_type=CONTENT_TYPES[entry["format"]]
    )
    set_cache_headers(response, etag)
    return response
