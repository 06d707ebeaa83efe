"""Conditional GET: ETags computed from the data version, and 304 answered before rendering.

A response of the portal depends on three things only: the code, the curated data and the
request (its address and the representation asked for). The code does not change while a
process runs, and the data carries a version (`sources.DataVersion`, raised by every
load and every save), so the ETag of a response is known before its body is built, at the
cost of one small query. The API applies it through `ConditionalGetMixin`; function views
(the pages) can through `conditional_page`. Responses that depend on the code only (the
OpenAPI schema, its documentation page) hash their body instead: `conditional_on_content`.
"""

import hashlib
from functools import cache, wraps
from pathlib import Path

import django
import rest_framework
from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from sources.models import DataVersion

# Public, read-only data that changes only when the editors load or edit it: any cache may
# keep a response for five minutes, then revalidate it cheaply with If-None-Match.
MAX_AGE = 300

# What shapes a response besides the data: the project's own code and templates.
_CODE_SUFFIXES = {".py", ".html", ".css", ".js"}
_NOT_CODE = {"tests", "var", "docs", "fixtures", "staticfiles", "node_modules"}


@cache
def code_fingerprint() -> str:
    """A digest of the code that renders responses, fixed for the life of the process.

    Part of every ETag, so that a response cached before a deployment is not confirmed
    as current afterwards when only the code changed; identical deployments agree on it.
    """
    digest = hashlib.sha256(f"{django.get_version()} {rest_framework.VERSION}".encode())
    for path in sorted(_code_files(Path(settings.BASE_DIR))):
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _code_files(root: Path):
    for top in root.iterdir():
        if not top.is_dir() or top.name.startswith(".") or top.name in _NOT_CODE:
            continue
        for path in top.rglob("*"):
            if path.suffix in _CODE_SUFFIXES and path.is_file():
                yield path


def data_etag(request, representation: str) -> str:
    """The ETag of the response to `request` in `representation`, without rendering it."""
    version = str(DataVersion.current())
    key = "\n".join([code_fingerprint(), version, request.build_absolute_uri(), representation])
    return f'"{hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:40]}"'


def content_etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:40]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Weak comparison, as If-None-Match requires (RFC 9110, 13.1.2)."""
    if not if_none_match:
        return False
    candidates = parse_etags(if_none_match)
    return "*" in candidates or any(tag.removeprefix("W/") == etag for tag in candidates)


def set_cache_headers(response, etag: str) -> None:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Accept"])


def not_modified(etag: str) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    set_cache_headers(response, etag)
    return response


class NotModified(Exception):
    """Raised before a view runs when the client already holds the current response."""


class ConditionalGetMixin:
    """For DRF views: an ETag on every successful GET, and 304 on a match, before the view runs.

    The check follows content negotiation (so the representation is known) and throttling.
    """

    etag = None

    def etag_variant(self, request) -> str:
        """What, besides the data and the address, the response depends on."""
        return request.accepted_media_type

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            self.etag = data_etag(request, self.etag_variant(request))
            if etag_matches(request.headers.get("If-None-Match"), self.etag):
                raise NotModified

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return not_modified(self.etag)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.etag and 200 <= response.status_code < 300:
            set_cache_headers(response, self.etag)
        return response


def conditional_page(view):
    """For function views rendering HTML from the data: the same ETag and 304 as the API."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        etag = data_etag(request, "text/html")
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        response = view(request, *args, **kwargs)
        # A response setting a cookie is someone's own: never shared through caches.
        if 200 <= response.status_code < 300 and not response.cookies:
            set_cache_headers(response, etag)
        return response

    return wrapped


def conditional_on_content(view):
    """For responses that depend on the code only: an ETag from the rendered body."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.streaming:
            return response
        if hasattr(response, "render"):
            response.render()
        if response.cookies:
            return response
        etag = content_etag(response.content)
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        set_cache_headers(response, etag)
        return response

    return wrapped
