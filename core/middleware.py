"""Middleware of the portal: pages and API responses served from the cache early, and an
unreachable database answered with 503 and a clear page, never a traceback."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from core.conditional import cached_response

logger = logging.getLogger("portal.availability")

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
