"""Conditional GET: ETags computed from the data version, and 304 answered before rendering.

A response of the portal depends on three things only: the code, the curated data and the
request (its address and the representation asked for). The code does not change while a
process runs, and the data carries a version (`sources.DataVersion`, raised by every
load and every save), so the ETag of a response is known before its body is built, at the
cost of one small query. The API applies it through `ConditionalGetMixin`; the pages
through `conditional_page`, which also keeps rendered pages in the cache. Responses that
depend on the code only (the OpenAPI schema, its documentation page) hash their body
instead: `conditional_on_content`.
"""

import hashlib
import logging
from functools import cache as memoize
from functools import wraps
from pathlib import Path

import django
import rest_framework
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from sources.models import DataVersion

logger = logging.getLogger("portal.cache")

# Public, read-only data that changes only when the editors load or edit it: any cache may
# keep a response for five minutes, then revalidate it cheaply with If-None-Match.
MAX_AGE = 300

# What shapes a response besides the data: the project's own code and templates.
_CODE_SUFFIXES = {".py", ".html", ".css", ".js"}
_NOT_CODE = {"tests", "var", "docs", "fixtures", "staticfiles", "node_modules"}


@memoize
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
    version = str(DataVersion.current(max_age=settings.PORTAL_DATA_VERSION_MAX_AGE))
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


def conditional_page(view=None, *, cached: bool = True):
    """For function views rendering HTML from the data: the same ETag and 304 as the API,
    and, when `cached`, the rendered page kept in the cache under its ETag.

    The ETag covers everything the page depends on (code, data version, address), so it
    is also the cache key: a load or a save raises the data version, and every process
    then misses and renders afresh. Stale entries are never read again and age out.
    """
    if view is None:
        return lambda view: conditional_page(view, cached=cached)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        # CachedPageMiddleware has computed the ETag, and looked the page up, and missed.
        looked_up = hasattr(request, "page_etag")
        etag = request.page_etag if looked_up else data_etag(request, "text/html")
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        use_cache = cached and settings.PORTAL_PAGE_CACHE_SECONDS > 0
        response = _cached_page(etag) if use_cache and not looked_up else None
        if response is None:
            response = view(request, *args, **kwargs)
            # A response setting a cookie is someone's own: never shared through caches.
            if not (200 <= response.status_code < 300) or response.cookies:
                return response
            if use_cache:
                _keep_page(etag, response)
        set_cache_headers(response, etag)
        return response

    wrapped.keeps_pages = cached
    return wrapped


PAGE_CACHE_PREFIX = "portal:page:"


def cached_page_response(request) -> HttpResponse | None:
    """The answer to a GET of a page when no view needs to run: 304 when the client holds
    the current page, the page itself when the cache holds it; None otherwise.

    For `config.middleware.CachedPageMiddleware`, which asks before the rest of the
    middleware runs. A page's ETag is only ever sent with that page, and it covers the
    address, the data and the code: a match proves the client's copy current, whatever
    this process's cache holds.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    if not hasattr(view, "keeps_pages"):
        return None
    etag = request.page_etag = data_etag(request, "text/html")
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return not_modified(etag)
    if not view.keeps_pages or settings.PORTAL_PAGE_CACHE_SECONDS <= 0:
        return None
    response = _cached_page(etag)
    if response is not None:
        set_cache_headers(response, etag)
    return response


def _cached_page(etag: str) -> HttpResponse | None:
    try:
        stored = cache.get(PAGE_CACHE_PREFIX + etag)
    except Exception:  # a cache that is down only costs a rendering
        logger.warning("Page cache unavailable; rendering without it.", exc_info=True)
        return None
    if stored is None:
        return None
    content_type, content = stored
    return HttpResponse(content, content_type=content_type)


def _keep_page(etag: str, response) -> None:
    if response.streaming:
        return
    if hasattr(response, "render"):
        response.render()
    try:
        cache.set(
            PAGE_CACHE_PREFIX + etag,
            (response["Content-Type"], response.content),
            settings.PORTAL_PAGE_CACHE_SECONDS,
        )
    except Exception:  # as above
        logger.warning("Page cache unavailable; page not kept.", exc_info=True)


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
