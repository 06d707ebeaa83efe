"""Middleware of the portal: requests for another host name and methods the public
surface does not answer refused first, pages and API responses served from the cache
early, and an unreachable database answered with 503 and a clear page, never a traceback."""

import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import override
from django.utils.translation.trans_real import (
    get_supported_language_variant,
    parse_accept_lang_header,
)

from core.conditional import cached_response
from core.languages import DEFAULT, codes, path_in, split_path

logger = logging.getLogger("portal.availability")
security_logger = logging.getLogger("portal.security")

# What the public surface answers: it only reads.
READ_METHODS = ("GET", "HEAD", "OPTIONS")

# How long a client is asked to wait before trying again (seconds).
RETRY_AFTER = 30

# Errors that mean "the database cannot be reached", not "this query is wrong".
UNAVAILABLE = (OperationalError, InterfaceError)


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, UNAVAILABLE) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


def service_unavailable(request):
    response: HttpResponse
    if request.path.startswith("/api/") or request.path.startswith("/health/"):
        response = JsonResponse(
            {"detail": "The database is unavailable; please try again shortly."}, status=503
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class AllowedHostMiddleware:
    """A Host header outside ALLOWED_HOSTS is answered 400 with a short text and one log
    line, before anything else reads the host (the HTTPS redirect, the pages' canonical
    links): Django's own path would log a traceback per request, a cheap way to fill a
    disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            host = request.META.get("HTTP_HOST", "")
            security_logger.warning("Refused host %r", host[:100], extra={"request": request})
            response = HttpResponse(
                "Bad Request: this site does not answer to that host name.\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
            # The line above is its log: Django's request logger would add a second.
            response._has_been_logged = True  # type: ignore[attr-defined]
            return response
        return self.get_response(request)


class ReadOnlyMethodsMiddleware:
    """The pages, the downloads and every other public address only read: OPTIONS is
    answered with what they allow, any other method but GET and HEAD with 405, before the
    CSRF check would answer 403 for a reason that is not the client's. Class-based views
    (the API, its documentation) answer for themselves; the admin has its forms.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method in ("GET", "HEAD") or request.resolver_match.app_name == "admin":
            return None
        if getattr(view, "answers_every_method", False):
            return None
        if getattr(view, "cls", None) or getattr(view, "view_class", None):
            return None
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        return HttpResponseNotAllowed(READ_METHODS)


def preferred_language(accept_language: str) -> str | None:
    """The first of the browser's languages (Accept-Language) the interface speaks."""
    for tag, _ in parse_accept_lang_header(accept_language):
        if tag == "*":
            break
        try:
            return get_supported_language_variant(tag)
        except LookupError:
            continue
    return None


# Bounded: a path is remembered once, and there are as many as a crawler invents.
@lru_cache(maxsize=4096)
def is_page(path: str) -> bool:
    """Whether `path` is one of the pages that exist in every language."""
    with override("fr"):
        try:
            resolve(path_in(path, "fr"))
        except Resolver404:
            return False
    return True


class ChosenLanguageMiddleware:
    """A reader's choice of language, made in the language bar and kept in a cookie, wins:
    an English address sends them on to the same page in their language. Before any choice,
    the browser's languages (Accept-Language) only suggest: the English page is shown,
    offering the page in the preferred language (`request.suggested_language`).

    Only the English addresses depend on the cookie and the header; the others say their
    language in their address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.suggested_language = None
        if split_path(request.path_info)[0] != DEFAULT or not is_page(request.path_info):
            return self.get_response(request)
        if request.method in ("GET", "HEAD"):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen in codes() and chosen != DEFAULT:
                response = HttpResponseRedirect(path_in(request.get_full_path(), chosen))
                patch_cache_control(response, private=True, max_age=0)
                patch_vary_headers(response, ["Cookie"])
                return response
            if chosen is None:
                preferred = preferred_language(request.headers.get("Accept-Language", ""))
                if preferred != DEFAULT:
                    request.suggested_language = preferred
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response


class CachedResponseMiddleware:
    """Pages and API responses already rendered, and 304s for them, straight from the cache.

    Placed right after the middleware that sets security and CORS headers, it spares a
    cached response the sessions, CSRF, authentication, throttle and view it does not
    need. A miss goes on to the view, which renders and stores the response
    (`conditional_page`, `ConditionalGetMixin`). An API answer from here is not counted
    by the throttle: it costs what a static file costs, as a CDN's answer would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = cached_response(request)
        except UNAVAILABLE:
            # The view answers this request, with 503 while the database is away.
            response = None
        return response or self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Connections are opened per request (with health checks, `CONN_HEALTH_CHECKS`), so
    once the database answers again the next request simply succeeds: nothing to restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning("Database unavailable while serving %s: %s", request.path, exception)
        return service_unavailable(request)
