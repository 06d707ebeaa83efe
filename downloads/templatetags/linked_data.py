"""The linked-data blocks of the pages: `{% initiative_jsonld initiative %}` on an
initiative's page, `{{ data|jsonld_script }}` for a description a view built."""

from django import template

from downloads.linked_data import initiative_description, jsonld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def initiative_jsonld(context, initiative):
    request = context["request"]
    page_address = context.get("permanent_url") or request.build_absolute_uri(
        initiative.get_absolute_url()
    )
    return jsonld_script(
        initiative_description(initiative, request.build_absolute_uri, page_address)
    )


register.filter("jsonld_script", jsonld_script)
