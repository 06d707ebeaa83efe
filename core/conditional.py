"""Conditional GET: ETags computed from the data version, and 304 answered before rendering.

A response of the portal depends on three things only: the code, the curated data and the
request (its address and the representation asked for). The code does not change while a
process runs, and the data carries a version (`core.models.DataVersion`, raised by every
load and every save: `connect()` below), so the ETag of a response is known before its
body is built, at the cost of one small query. The API applies it through
`ConditionalGetMixin`; the pages through `conditional_page`. Both keep what they render
in the cache under its ETag, and `cached_response` (called by
`core.middleware.CachedResponseMiddleware`) answers a 304 or a kept response before
anything else runs. Responses that depend on the code only (the OpenAPI schema, its
documentation page) hash their body instead: `conditional_on_content`.
"""

import dataclasses
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import cache as memoize
from functools import lru_cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING

import django
import rest_framework
from django.conf import settings
from django.core.cache import cache, caches
from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import parse_etags, urlencode
from django.utils.translation import get_language
from rest_framework.views import APIView

from core.loading import data_edited, defer_version_bump
from core.models import DataVersion
from core.routers import REPLICA

logger = logging.getLogger("portal.cache")

# Public, read-only data that changes only when the editors load or edit it: any cache may
# keep a response for five minutes, then revalidate it cheaply with If-None-Match.
MAX_AGE = 300

# What shapes a response besides the data: the code, templates, styles, the translations
# and the fonts the sharing images are drawn with.
_CODE_SUFFIXES = {".py", ".html", ".css", ".js", ".ttf", ".po"}
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
    """The ETag of the response to `request` in `representation`, without rendering it.

    The address it covers is the request's, its query string included: a page's view
    sees only the parameters it understands (`conditional_page(query=...)`), so that an
    unknown parameter never makes one more response to keep, and the API refuses them.
    """
    # With a read replica, the version this process last read may come from the other
    # database (an editor's request reads the primary's): each request then reads it
    # afresh, where its content is read, so that a replica that lags keeps and labels
    # what it serves under its own, older version (core/routers.py).
    max_age = 0 if REPLICA in settings.DATABASES else settings.PORTAL_DATA_VERSION_MAX_AGE
    version = DataVersion.current(max_age=max_age)
    # What the rest of the request keeps for this data may reuse it (`kept_for_data`).
    request.data_version = version
    parts = [code_fingerprint(), str(version), request.build_absolute_uri(), representation]
    key = "\n".join(parts)
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


# What the mixin extends, for the type checker: DRF's APIView.
if TYPE_CHECKING:
    _APIView = APIView
else:
    _APIView = object


class ConditionalGetMixin(_APIView):
    """For DRF views: an ETag on every successful GET, and 304 on a match, before the view runs.

    The check follows content negotiation (so the representation is known) and throttling.
    A successful JSON response the middleware looked up and missed is kept in the cache
    (unless `keeps_responses` is off), so that the next request for it is answered there.
    """

    etag: str | None = None
    keeps_responses = True

    def etag_variant(self, request) -> str:
        """What, besides the data and the address, the response depends on."""
        return request.accepted_media_type

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            variant = self.etag_variant(request)
            # The middleware computed it already for the default representation.
            looked_up = getattr(request._request, "response_etag", None)
            if looked_up and looked_up[0] == variant:
                _, self.etag, _ = looked_up
            else:
                self.etag = data_etag(request, variant)
            if etag_matches(request.headers.get("If-None-Match"), self.etag):
                raise NotModified

    def handle_exception(self, exc):
        if isinstance(exc, NotModified) and self.etag is not None:
            return not_modified(self.etag)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.etag and 200 <= response.status_code < 300:
            set_cache_headers(response, self.etag)
            looked_up = getattr(request._request, "response_etag", None)
            if looked_up and looked_up[1:] == (self.etag, True):
                _keep(self.etag, response)
        return response


def conditional_page(view=None, *, cached: bool = True, query: Iterable[str] = ()):
    """For function views rendering HTML from the data: the same ETag and 304 as the API,
    and, when `cached`, the rendered page kept in the cache under its ETag.

    The ETag covers everything the page depends on (code, data version, address), so it
    is also the cache key: a load or a save raises the data version, and every process
    then misses and renders afresh. Stale entries are never read again and age out.

    `query` names the parameters the page understands; the view sees only those, in a
    canonical order (`understood_query`), and so does the key: `?utm_source=…` or a
    thousand junk parameters give the same page and the same single entry.
    """
    if view is None:
        return lambda view: conditional_page(view, cached=cached, query=query)
    understood = frozenset(query)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        keep_understood_query(request, understood)
        # CachedResponseMiddleware has computed the ETag, and looked the page up, and missed.
        looked_up = getattr(request, "response_etag", None)
        etag = looked_up[1] if looked_up else data_etag(request, page_representation(request))
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        use_cache = cached and settings.PORTAL_PAGE_CACHE_SECONDS > 0
        response = _cached(etag) if use_cache and not looked_up else None
        if response is None:
            response = view(request, *args, **kwargs)
            # A response setting a cookie is someone's own: never shared through caches.
            if not (200 <= response.status_code < 300) or response.cookies:
                return response
            if use_cache:
                _keep(etag, response)
        set_cache_headers(response, etag)
        return response

    wrapped.keeps_pages = cached  # type: ignore[attr-defined]
    wrapped.page_query = understood  # type: ignore[attr-defined]
    return wrapped


# Parameters read as one value, the last given (Django's QueryDict.get): a page repeated
# is the page shown, and the page's address, key and printed address say only that one.
SINGLE_VALUED = frozenset({"page"})


def understood_query(query: QueryDict, names: frozenset[str]) -> str:
    """The query string of the parameters in `names`, by name; each name's values keep
    their order, but for SINGLE_VALUED names, whose last value alone counts."""
    pairs = sorted(
        (
            (name, value)
            for name, values in query.lists()
            if name in names
            for value in (values[-1:] if name in SINGLE_VALUED else values)
        ),
        key=lambda pair: pair[0],
    )
    return urlencode(pairs)


def keep_understood_query(request, names: frozenset[str]) -> None:
    """Leave a page's request only the parameters the page understands, once."""
    if getattr(request, "query_understood", False):
        return
    canonical = understood_query(request.GET, names)
    if canonical != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = canonical
        request.GET = QueryDict(canonical)
    request.query_understood = True


RESPONSE_CACHE_PREFIX = "portal:response:"
PAGE_REPRESENTATION = "text/html"
API_REPRESENTATION = "application/json"
# The Accept headers that leave an API endpoint its default representation, JSON (no
# header at all is None; an empty one accepts nothing, and DRF answers it 406).
_DEFAULT_ACCEPT = {None, "*/*", API_REPRESENTATION}
# What a kept response carries besides its body.
_KEPT_HEADERS = ("Content-Type", "Allow", "Link")


def cached_response(request) -> HttpResponse | None:
    """The answer to a GET when no view needs to run: 304 when the client holds the
    current response, the response itself when the cache holds it; None otherwise.

    For `core.middleware.CachedResponseMiddleware`, which asks before the rest of the
    middleware runs. It knows the representation of pages (HTML) and of API endpoints
    asked for their default JSON; anything else goes on to the view. An ETag is only
    ever sent with its response, and it covers the address, the data, the code and the
    representation: a match proves the client's copy current, whatever this process's
    cache holds.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    view = view_at(request.path_info)
    if view is None:
        return None
    policy = _cache_policy(view, request)
    if policy is None:
        return None
    if hasattr(view, "page_query"):
        keep_understood_query(request, view.page_query)
    representation, keeps = policy
    if representation == PAGE_REPRESENTATION:
        representation = page_representation(request)
    keeps = keeps and settings.PORTAL_PAGE_CACHE_SECONDS > 0
    etag = data_etag(request, representation)
    # For the view, on a miss: the ETag it would compute, and whether to keep its response.
    request.response_etag = (representation, etag, keeps)
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return not_modified(etag)
    if not keeps:
        return None
    response = _cached(etag)
    if response is not None:
        set_cache_headers(response, etag)
    return response


def view_at(path: str):
    """The view an address is answered by in the active language, or None: resolved once
    per address and language, since the handler resolves it again for the view to run."""
    return _resolved(path, get_language())


@lru_cache(maxsize=4096)
def _resolved(path: str, language: str | None):
    # `language` is only the key: the active language's prefix is what resolve() matches
    # addresses with, which is why view_at() alone passes it.
    try:
        return resolve(path).func
    except Resolver404:
        return None


def _forget_views(**kwargs) -> None:
    _resolved.cache_clear()


# A test may change the URLconf, or anything the views are found by.
setting_changed.connect(_forget_views)


def page_representation(request) -> str:
    """A page's representation: HTML, and on an English page seen before any choice of
    language, the language it suggests (`core.middleware.ChosenLanguageMiddleware`)."""
    suggested = getattr(request, "suggested_language", None)
    return f"{PAGE_REPRESENTATION}; suggest={suggested}" if suggested else PAGE_REPRESENTATION


def _cache_policy(view, request) -> tuple[str, bool] | None:
    """(representation, whether responses are kept) for a view the middleware can answer."""
    if hasattr(view, "keeps_pages"):
        return PAGE_REPRESENTATION, view.keeps_pages
    api_view = getattr(view, "cls", None)
    if not (isinstance(api_view, type) and issubclass(api_view, ConditionalGetMixin)):
        return None
    # A view whose ETag depends on more than data and address computes it itself, as
    # does a request for another representation (`?format=csv`, a specific Accept).
    if api_view.etag_variant is not ConditionalGetMixin.etag_variant:
        return None
    if "format" in request.GET or request.headers.get("Accept") not in _DEFAULT_ACCEPT:
        return None
    return API_REPRESENTATION, api_view.keeps_responses


def request_site(request) -> tuple[str, str] | None:
    """The scheme and host a request was made to, read once per request (the host is
    validated against ALLOWED_HOSTS on every reading): part of the key of whatever is kept
    with absolute addresses in it."""
    if request is None:
        return None
    try:
        return request._kept_site
    except AttributeError:
        request._kept_site = (request.scheme, request.get_host())
        return request._kept_site


def kept_for_data(request, name: str, parts, compute, *, in_process: bool = True):
    """`compute()`, kept in the cache for as long as the data this request was answered
    from and the language being shown, under `name` and `parts` (what else the result
    depends on). An unchangeable result is kept in the process's memory as well, unless
    `in_process` is off: for results that a query can make as many and as large as it
    likes, which only the shared cache's bounds should hold.

    For results that many responses share, such as the facet counts of every page and
    order of one filtered list, or what a record shows on every page that lists it. Kept
    apart from the page cache (`PORTAL_DERIVED_CACHE_SECONDS`): a page missed by the page
    cache is built from them. Computed afresh when that is 0, the cache is down, or the
    request read no data version.
    """
    version = getattr(request, "data_version", None)
    seconds = settings.PORTAL_DERIVED_CACHE_SECONDS
    if version is None or seconds <= 0:
        return compute()
    # Whatever holds an address or a word of the interface holds it in a language.
    language = get_language()
    digest = hashlib.sha256(repr((code_fingerprint(), version, language, parts)).encode())
    key = f"portal:{name}:{digest.hexdigest()[:40]}"
    with _kept_in_process_lock:
        found = _kept_in_process.get(key)
        if found is not None:
            _kept_in_process.move_to_end(key)
            return found
    stored = _cache_get(key)
    if stored is None:
        # Kept in a tuple: a result may be None, which the cache returns for a miss.
        stored = (compute(),)
        _cache_set(key, stored, seconds)
    found = stored[0]
    if in_process and _unchangeable(found):
        _keep_in_process(key, found)
    return found


def _unchangeable(value) -> bool:
    """Whether nothing can change `value`: a string, or a frozen dataclass of strings,
    numbers and tuples of them (what `kept_for_data` may share between the requests of a
    process)."""
    if isinstance(value, str):
        return True
    if not (dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen):  # type: ignore[union-attr]
        return False
    return all(_scalars(getattr(value, field.name)) for field in dataclasses.fields(value))


def _scalars(value) -> bool:
    if isinstance(value, tuple):
        return all(_scalars(item) for item in value)
    return isinstance(value, str | int | float | bool | None)


# Rendered parts and other unchangeable values, kept in the process as well as in the
# shared cache: read without a round trip to Redis or unpickling, most recent last.
_kept_in_process: OrderedDict[str, object] = OrderedDict()
_kept_in_process_lock = threading.Lock()


def _keep_in_process(key: str, value: object) -> None:
    with _kept_in_process_lock:
        _kept_in_process[key] = value
        while len(_kept_in_process) > settings.PORTAL_KEPT_IN_PROCESS_ENTRIES:
            _kept_in_process.popitem(last=False)


def forget_everything_kept() -> None:
    """Empty every cache and the process's own store of kept values, as a process starts:
    for tests, which roll data back without changing its version, and measurements."""
    for alias in caches:
        caches[alias].clear()
    with _kept_in_process_lock:
        _kept_in_process.clear()


def when_shown(compute) -> SimpleLazyObject:
    """`compute()`, as a value of a template's context computed when the template first
    reads it, and once: inside `{% kept %}`, a part kept for the data version never reads
    it, so its queries are not made. It stands for the value (iteration, length, items,
    attributes, comparison), but not in arithmetic: not for numbers a plural is chosen by."""
    return SimpleLazyObject(compute)


def _cache_get(key: str):
    """The cached value, or None when there is none or the cache is down: a cache that is
    down only costs the work it would have saved."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Cache unavailable; reading %s without it.", key, exc_info=True)
        return None


def _cache_set(key: str, value, seconds: int | None = None) -> None:
    try:
        cache.set(key, value, settings.PORTAL_PAGE_CACHE_SECONDS if seconds is None else seconds)
    except Exception:  # as above
        logger.warning("Cache unavailable; %s not kept.", key, exc_info=True)


def _cached(etag: str) -> HttpResponse | None:
    stored = _cache_get(RESPONSE_CACHE_PREFIX + etag)
    if stored is None:
        return None
    headers, content = stored
    response = HttpResponse(content, content_type=headers.pop("Content-Type"))
    for name, value in headers.items():
        response[name] = value
    return response


def _keep(etag: str, response) -> None:
    if response.streaming or response.cookies:
        return
    if hasattr(response, "render"):
        response.render()
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    _cache_set(RESPONSE_CACHE_PREFIX + etag, (headers, response.content))


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


def record_changed(sender, **kwargs):
    """Every save or delete of a knowledge-base record raises the data version, so every
    cached response and ETag derived from the version before it goes stale. A load writes
    through saves and deletes too, and raises it once at its end if anything changed: a
    load that changes nothing leaves the cache valid."""
    # A history row (django-simple-history) records a change, and is none itself.
    if hasattr(sender, "instance_type"):
        return
    if sender._meta.app_label in settings.PORTAL_DATA_APPS and not defer_version_bump():
        DataVersion.bump()
        data_edited()


def connect() -> None:
    post_save.connect(record_changed, dispatch_uid="core.record_saved")
    post_delete.connect(record_changed, dispatch_uid="core.record_deleted")
