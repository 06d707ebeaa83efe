"""Values every page template uses."""

from django.conf import settings
from django.utils.translation import get_language, gettext

from core.languages import (
    DEFAULT,
    OWN_NAMES,
    alternates,
    is_right_to_left,
    language_bar,
    language_links,
    tag_of,
)

# The portal's name as the interface gives it in each language.
DEFAULT_SITE_NAME = "ITU-D Regional Initiatives"


def site(request):
    name = settings.PORTAL_SITE_NAME
    if name == DEFAULT_SITE_NAME:
        name = gettext("ITU-D Regional Initiatives")
    return {"site_name": name}


def languages(request):
    """The page's language and direction, the language bar, the page's address in each
    language (hreflang), and the language its reader's browser suggests, if any."""
    code = get_language() or DEFAULT
    if code not in OWN_NAMES:
        code = DEFAULT
    path = getattr(request, "path", "/")
    origin = f"{request.scheme}://{request.get_host()}" if hasattr(request, "get_host") else ""
    suggested = getattr(request, "suggested_language", None)
    query = request.META.get("QUERY_STRING", "") if request else ""
    return {
        "page_language": tag_of(code),
        "page_direction": "rtl" if is_right_to_left(code) else "ltr",
        "language_bar": language_bar(path, query),
        "page_alternates": alternates(origin, path),
        "language_suggestion": next(
            (link for link in language_links(path, query) if link.code == suggested), None
        )
        if suggested
        else None,
    }
