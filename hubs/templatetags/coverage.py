"""`{% coverage_note %}`: one sentence saying what the knowledge base holds and lacks, of
everything (the home page), of a region (`region=`) or of a cycle (`cycle=`), linked to
/coverage/. Five queries once per data version (`hubs.coverage.kept_coverage`), none on /coverage/
itself."""

from django import template

from hubs.coverage import Coverage, kept_coverage

register = template.Library()


@register.inclusion_tag("includes/coverage_note.html", takes_context=True)
def coverage_note(context, region=None, cycle=None) -> dict:
    # The coverage page has built it already.
    coverage = context.get("coverage")
    if not isinstance(coverage, Coverage):
        coverage = kept_coverage(context.get("request"))
    note = coverage.note(region=getattr(region, "code", None), cycle=getattr(cycle, "slug", None))
    return {"note": note, "region": region, "cycle": cycle}
