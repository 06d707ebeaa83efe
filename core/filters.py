"""The filter toolkit shared by every list of the pages and the API.

Every filter takes several values, repeated or as a comma list (``?sdg=9&sdg=17`` or
``?sdg=9,17``), meaning any of them; filters on different fields combine. Every list's
text filter is `TextSearchFilterSet.q`: the records that match the words as the search
page finds them (every word, else the closest words, else any of them), best first.
"""

import re
from collections.abc import Callable, Iterable
from functools import cache

import django_filters
from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from drf_spectacular.utils import extend_schema_field


def listed_values(raw: Iterable[str], upper: bool = False) -> list[str]:
    """The values of a parameter given several times or as comma lists, each once, in
    the order given, without blanks; upper-cased for codes."""
    values = (part.strip() for value in raw for part in str(value).split(","))
    return list(dict.fromkeys(value.upper() if upper else value for value in values if value))


def filter_query(filterset) -> str:
    """The query string of the filters a filter set was given, its own parameters only
    (not the page number, nor a page's display options), blanks left out: what the API
    list with the same filter set takes."""
    data = filterset.form.data
    pairs = [
        (name, value)
        for name in filterset.filters
        for value in (data.getlist(name) if hasattr(data, "getlist") else [data.get(name)])
        if value not in (None, "")
    ]
    return urlencode(pairs)


def error_messages(filterset) -> dict[str, list[str]]:
    """What a page's filter set could not use, field by field, as plain strings: kept
    with what its query found, and shown beside the list."""
    return {
        field: [str(message) for message in messages]
        for field, messages in filterset.form.errors.items()
    }


class MultiValueWidget(forms.CheckboxSelectMultiple):
    """Reads a parameter given several times or as a comma-separated list."""

    def __init__(self, *args, upper: bool = False, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if raw is None:
            return []
        if isinstance(raw, str):
            raw = [raw]
        return listed_values(raw, upper=self.upper)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class RecordsField(django_filters.fields.ModelMultipleChoiceField):
    """Refuses a number no record can have before the database is asked: SQLite overflows
    and PostgreSQL fails on integers wider than their column."""

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name or "pk")
        if isinstance(key, models.IntegerField):
            for item in value:
                if not re.fullmatch(r"[0-9]{1,9}", str(item)):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)


class RecordsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = RecordsField


def multi(filter_class, **kwargs):
    upper = kwargs.pop("upper", False)
    return filter_class(widget=MultiValueWidget(upper=upper), **kwargs)


def typed(schema: dict, filter_):
    """`filter_`, typed in the API's OpenAPI schema (the pages ignore it)."""
    return extend_schema_field(schema)(filter_)


TEXT_SCHEMA = {"type": "string", "maxLength": 200, "example": "cybersecurity"}

# (query, kind) -> ids of the records of that kind that match, best first; raises
# ValueError for words that cannot be searched for. Which engine answers is the
# composition root's choice (settings.PORTAL_TEXT_SEARCH), so this layer imports none.
TextSearch = Callable[[str, str], list[int]]


@cache
def text_search() -> TextSearch:
    return import_string(settings.PORTAL_TEXT_SEARCH)


class TextSearchFilterSet(django_filters.FilterSet):
    """A FilterSet whose `q` keeps the records of `search_kind` that match, best first
    (unless the list is ordered otherwise). Words that cannot be searched for are an
    error of `q`, and the list is empty."""

    search_kind: str

    q = typed(
        TEXT_SCHEMA,
        django_filters.CharFilter(
            method="filter_text", label="Text", help_text="Words to find, ranked by relevance."
        ),
    )

    # Set by filter_text while filtering: the matching ids, best first.
    text_rank: list[int] | None = None
    # Set by an ordering filter that takes precedence over the rank.
    ordered = False

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value or not value.strip():
            return queryset
        # Facet counts filter again with the same words: search once per filter set.
        if getattr(self, "_text_query", None) != value:
            try:
                ids = text_search()(value, self.search_kind)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from error
            self._text_query, self._text_ids = value, ids
        self.text_rank = self._text_ids
        return queryset.filter(pk__in=self._text_ids)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        self.text_rank, self.ordered = None, False
        try:
            queryset = super().filter_queryset(queryset)
        except forms.ValidationError as error:
            self.form.add_error("q", error)
            return queryset.none()
        if self.text_rank and not self.ordered:
            by_rank = Case(
                *(When(pk=pk, then=Value(position)) for position, pk in enumerate(self.text_rank)),
                output_field=IntegerField(),
            )
            queryset = queryset.order_by(by_rank)
        return queryset
