"""The API's own views: its root, its interactive documentation, the router that lists the
endpoints, and the JSON 404 for any address under it that no route matches."""

from csp.constants import UNSAFE_INLINE
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import routers

from core.viewsets import PortalAPIMixin


class APIRoot(PortalAPIMixin, routers.APIRootView):
    """The endpoints of the API; the schema is at schema/, its documentation at docs/."""


class DocsView(SpectacularSwaggerSplitView):
    """The interactive documentation, its assets served from this site (drf-spectacular-sidecar)
    and its script from its own address, not inline.

    Swagger UI would send a CSRF token with requests other than GET; a read-only API has
    none to protect, and leaving it out keeps the page free of cookies, the same for everyone
    and so cacheable.

    drf-spectacular's page sets its layout in a `<style>` element: the only page whose
    policy allows inline style elements (scripts stay files).
    """

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["csrf_token"] = ""
        response._csp_update = {"style-src-elem": [UNSAFE_INLINE]}
        return response

    def options(self, request, *args, **kwargs):
        # DRF would describe the view in the page's own template, which needs a name to
        # render anything; what a client asking OPTIONS wants is the Allow header.
        return HttpResponse(status=200)


class Router(routers.DefaultRouter):
    APIRootView = APIRoot
    # One way to ask for CSV (?format=csv), not two.
    include_format_suffixes = False


@csrf_exempt  # it writes nothing: a POST to an unknown address is a 404 like any other
def not_found(request, rest=""):
    """Any other address under the API: 404 in JSON, or the address with its slash."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{request.path}/{'?' + query if query else ''}")
    return JsonResponse({"detail": "Not found."}, status=404)


# Whatever the method: an address that does not exist is not found.
not_found.answers_every_method = True  # type: ignore[attr-defined]
