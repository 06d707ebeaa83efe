"""HTML pages of the source documents, with every record that came from each."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.conditional import conditional_page
from core.querysets import one_or_none
from sources.models import Source


@conditional_page
def source_list(request):
    return render(
        request,
        "sources/list.html",
        {
            "sources": Source.objects.all(),
            "nav": "sources",
            "breadcrumbs": [{"label": _("Sources")}],
        },
    )


def _get(slug: str) -> Source:
    source = one_or_none(Source.objects.filter(slug=slug))
    if source is None:
        raise Http404(_("There is no source document %(slug)s.") % {"slug": repr(slug)})
    return source


@conditional_page
def source_detail(request, slug):
    source = _get(slug)
    # Records of the apps that build on sources, reached through their relations.
    initiatives = source.initiatives.for_listing()
    meetings = source.meetings.select_related("region")
    roadmaps = source.roadmaps.select_related("action_line")
    sections = source.sections.all()
    text = source.read_text()
    return render(
        request,
        "sources/detail.html",
        {
            "source": source,
            "initiatives": initiatives,
            "meetings": meetings,
            "roadmaps": roadmaps,
            "sections": sections,
            "document_text": text,
            "document_size": len(text.encode("utf-8")),
            "nav": "sources",
            "breadcrumbs": [
                {"label": _("Sources"), "url": reverse("sources:list")},
                {"label": source.title, "lang": "en"},
            ],
        },
    )


def source_document(request, slug):
    source = _get(slug)
    response = HttpResponse(source.read_text(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{source.file_name}"'
    return response
