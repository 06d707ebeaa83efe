"""`{% coverage_note %}`: one sentence saying what the knowledge base holds and lacks, of
everything (the home page), of a region (`region=`) or of a cycle (`cycle=`), linked to
/coverage/. Five queries (`hubs.coverage.build_coverage`), none on /coverage/ itself."""

from django import template

from hubs.coverage import Coverage, build_coverage

register = template.Library()


@register.inclusion_tag("includes/coverage_note.html", takes_context=True)
def coverage_note(context, region=None, cycle=None) -> dict:
    # The coverage page has built it already.
    coverage = context.get("coverage")
    if not isinstance(coverage, Coverage):
        coverage = build_coverage()
    note = coverage.note(region=getattr(region, "code", None), cycle=getattr(cycle, "slug", None))
    return {"note": note, "region": region, "cycle": cycle}
