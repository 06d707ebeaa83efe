"""The six languages of the interface: their addresses, their names, and a reader's choice.

English is at the unprefixed addresses, the others under a prefix: /ar/, /zh/, /fr/, /ru/,
/es/. Every page has the same path in every language after that prefix, so the page in
another language is found by swapping the prefix, without resolving the address.
Simplified Chinese is Django's `zh-hans` (its own catalogs and formats) at the shorter
`/zh/` the UN's sites use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import LocalePrefixPattern, URLResolver, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language

DEFAULT = "en"
# The address prefix of a language, where it differs from Django's code.
_PREFIXES = {"zh-hans": "zh"}
_CODES_BY_PREFIX = {_PREFIXES.get(code, code): code for code, _ in settings.LANGUAGES}
# Each language's name in itself, as the UN's language bars write them.
OWN_NAMES = {
    "ar": "عربي",
    "zh-hans": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
RIGHT_TO_LEFT = frozenset({"ar"})


def codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def prefix_of(code: str) -> str:
    """The first segment of an address in `code`: "" for English, else "fr", "zh", …"""
    return "" if code == DEFAULT else _PREFIXES.get(code, code)


def tag_of(code: str) -> str:
    """The BCP 47 tag of `code`, for `lang` and `hreflang`: zh-Hans, not zh-hans."""
    return "zh-Hans" if code == "zh-hans" else code


def is_right_to_left(code: str) -> bool:
    return code in RIGHT_TO_LEFT


def split_path(path: str) -> tuple[str, str]:
    """(language code, the path in English) of a path of the portal."""
    first, _, rest = path.lstrip("/").partition("/")
    code = _CODES_BY_PREFIX.get(first)
    if code is None or code == DEFAULT:
        return DEFAULT, path
    return code, "/" + rest


def path_in(path: str, code: str) -> str:
    """The same page's path in language `code`."""
    _, english = split_path(path)
    prefix = prefix_of(code)
    return f"/{prefix}{english}" if prefix else english


def safe_next(target: str | None, request) -> str:
    """`target` if it is a path on this site, else the home page."""
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return "/"


class LanguagePrefixPattern(LocalePrefixPattern):
    """Django's language prefix, with the UN's short `zh` for Simplified Chinese."""

    @property
    def language_prefix(self) -> str:
        prefix = prefix_of(get_language() or settings.LANGUAGE_CODE)
        return f"{prefix}/" if prefix else ""


def i18n_patterns(*urls) -> list[URLResolver]:
    """Like Django's, English unprefixed; the other languages under their prefix."""
    return [URLResolver(LanguagePrefixPattern(prefix_default_language=False), list(urls))]


@dataclass(frozen=True)
class LanguageLink:
    code: str
    tag: str
    name: str
    path: str  # the current page in this language
    current: bool

    @cached_property
    def choose_url(self) -> str:
        """The address that remembers this language as the reader's, then shows `path`."""
        return f"{_choose_path(self.code)}?{urlencode({'next': self.path})}"


@cache
def _choose_path(code: str) -> str:
    return reverse("choose_language", args=[prefix_of(code) or DEFAULT])


# Bounded, as the paths and queries crawlers invent are not: every page shows its links.
@lru_cache(maxsize=4096)
def language_links(path: str, query: str = "") -> tuple[LanguageLink, ...]:
    """The current page in each language, in the UN's order."""
    current, _ = split_path(path)
    suffix = f"?{query}" if query else ""
    return tuple(
        LanguageLink(
            code, tag_of(code), OWN_NAMES[code], path_in(path, code) + suffix, code == current
        )
        for code in codes()
    )


# The two parts of every page's frame that name the page in each language, rendered once
# per address: a template loop over six languages costs more than the rest of the head.
@lru_cache(maxsize=4096)
def language_bar(path: str, query: str = "") -> SafeString:
    """The items of the language bar: the current page in each language."""
    return format_html_join(
        "",
        '<li><a href="{}" lang="{}" hreflang="{}"{}>{}</a></li>\n        ',
        (
            (link.choose_url, link.tag, link.tag, _CURRENT if link.current else "", link.name)
            for link in language_links(path, query)
        ),
    )


_CURRENT = SafeString(' aria-current="true"')


@lru_cache(maxsize=4096)
def alternates(origin: str, path: str) -> SafeString:
    """The page's address in each language, and English's as the default (hreflang)."""
    each = format_html_join(
        "",
        '<link rel="alternate" hreflang="{}" href="{}">\n  ',
        ((tag_of(code), origin + path_in(path, code)) for code in codes()),
    )
    english = format_html(
        '<link rel="alternate" hreflang="x-default" href="{}">', origin + path_in(path, DEFAULT)
    )
    return SafeString(each + english)


def choose_language(request, prefix: str):
    """/language/<prefix>/?next=<path>: remember the reader's choice, and show them the
    page they were on in that language. A plain link, so the language bar needs no script
    and no form (pages are shared from caches: they carry no CSRF token)."""
    code = _CODES_BY_PREFIX.get(prefix)
    if code is None:
        raise Http404("No such language.")
    response = HttpResponseRedirect(path_in(safe_next(request.GET.get("next"), request), code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    add_never_cache_headers(response)
    return response
