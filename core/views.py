"""Error pages in the site's design, the health check, the site's icon, and the one
redirect of an address written with a code in capitals to its lower-case form."""

import logging
import sys
import time
from functools import wraps

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from core.middleware import is_database_unavailable, service_unavailable
from core.models import DataVersion

logger = logging.getLogger("portal.availability")


def page_not_found(request, exception):
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"exception_message": message}, status=404)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def server_error(request):
    """500, unless the error was the database being out of reach: then 503, which says
    to come back shortly (and which a load balancer does not count as a broken process)."""
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return render(request, "500.html", status=500)


@never_cache
def health(request):
    """For load balancers and monitoring: 200 when this process can serve, 503 when not."""
    database = _check(_database_status)
    cache = _check(_cache_status)
    healthy = database["status"] == "ok"
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": database,
        "cache": cache,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def _check(probe) -> dict:
    started = time.perf_counter()
    try:
        details = probe()
    except Exception as error:  # every failure is a status to report
        # The kind of error only: its text names hosts and ports the public need not know.
        logger.warning("Health check failed: %s", error)
        return {"status": "unavailable", "error": type(error).__name__}
    elapsed = round((time.perf_counter() - started) * 1000, 2)
    return {"status": "ok", "response_ms": elapsed, **details}


def _database_status() -> dict:
    return {"vendor": connection.vendor, "data_version": DataVersion.current()}


def _cache_status() -> dict:
    key = "portal:health"
    caches["default"].set(key, "ok", 10)
    if caches["default"].get(key) != "ok":
        raise RuntimeError("the cache did not keep a value")
    return {"backend": type(caches["default"]).__name__}


@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the pages link to. The icon
    has a hashed name that changes with it, so the redirect is temporary."""
    return redirect(static("img/favicon.svg"))


def lower_case_codes(view):
    """Addresses are written in lower case (`/regions/ams/`); one whose `code` is written
    otherwise (`/regions/AMS/`) is answered 301 to the lower-case address."""

    @wraps(view)
    def wrapped(request, *args, code, **kwargs):
        if code != code.lower():
            name = request.resolver_match.view_name
            target = reverse(name, args=args, kwargs={**kwargs, "code": code.lower()})
            return redirect(target, permanent=True)
        return view(request, *args, code=code, **kwargs)

    return wrapped


def without_blank_parameters(view=None, *, fragment: str = ""):
    """A filter form submitted without JavaScript sends every field, the empty ones too:
    such an address answers with a redirect to the one without them (and to `fragment`,
    where the results start), so that one list has one address."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            query = request.GET
            if not any(not value.strip() for _, values in query.lists() for value in values):
                return view(request, *args, **kwargs)
            kept = query.copy()
            for name, values in query.lists():
                kept.setlist(name, [value for value in values if value.strip()])
                if not kept.getlist(name):
                    del kept[name]
            encoded = kept.urlencode(safe=",")
            target = request.path + (f"?{encoded}" if encoded else "")
            return redirect(target + (f"#{fragment}" if fragment else ""))

        return wrapped

    return decorate(view) if view is not None else decorate
