"""Horizontal bar charts drawn on the server as SVG (templates/includes/bar_chart.html):
each bar a link with its label and value written beside it as text, a sentence saying what
the chart shows, and the same numbers in a table. No script, no library. And the charts of
the pages: the home page, the hubs, a region, a roadmap."""

import re
import textwrap
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import get_language_bidi, ngettext, pgettext_lazy
from django.utils.translation import gettext as _

from core.names import name_in
from frameworks.models import SDG
from initiatives import tallies
from initiatives.models import Initiative, InitiativeSDG

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

# Geometry. Down the chart, lengths are in em of its text, so rows grow with the reader's
# font size; across, in per cent of its width, so the bars stretch with the container while
# the text keeps its size, and a phone never scrolls sideways. Labels stand above their bar,
# wrapped to lines that fit the narrowest screen (320 px, less the page's margins).
LABEL_CHARACTERS = 34
LINE = 1.25  # a line of text
BAR = 1.15  # a bar's thickness
BAR_GAP = 0.3  # between a label's last line and its bar
ROW_GAP = 0.7  # between a bar and the next label
GROUP_GAP = 0.8  # above a group's heading, but the first
RING = 0.2  # a focused bar's ring, around its label and bar
BAR_SPAN = 85  # the longest bar's share of the width: the rest holds its value


def _number(value: float) -> str:
    """A length for an SVG attribute: short, and the same on every run."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def isolated(text: str) -> str:
    """`text` set apart in a right-to-left sentence (FIRST STRONG ISOLATE … POP DIRECTIONAL
    ISOLATE), so that "2026-2029" after Arabic words does not read "2029-2026"."""
    return f"\u2068{text}\u2069" if get_language_bidi() else text


def _join(names: list[str]) -> str:
    return get_text_list(names, _("and"))


@dataclass(frozen=True)
class Noun:
    """What a bar stands for or counts, in the sentences of its chart: the charts of the
    pages give it in the reader's language (`pgettext_lazy`)."""

    one: str
    many: str

    def of(self, count: int) -> str:
        return self.one if count == 1 else self.many


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str
    colour: str = ""  # "#RRGGBB"; anything else draws the bar in the site's palette
    group: str = ""  # bars of one group follow each other, under its heading
    name: str = ""  # what sentences call it, when the label alone is not enough

    @property
    def full_name(self) -> str:
        return self.name or self.label

    @property
    def fill(self) -> str:
        """The bar's colour, only ever a colour: it is written into a style attribute."""
        return self.colour if HEX_COLOUR.fullmatch(self.colour) else ""


@dataclass(frozen=True)
class Row:
    """One bar as drawn: where its label, bar and value stand."""

    bar: Bar
    spoken: str  # the link's accessible name: its label, value, unit and group
    lines: list[str]
    top: str  # of the row (em), where its focus ring starts
    height: str
    label_y: str  # baseline of the label's first line
    bar_y: str
    value_y: str
    width: str  # of the bar, in per cent
    end: str  # where the bar ends when it grows from the right (right to left), in per cent


@dataclass(frozen=True)
class Heading:
    text: str
    y: str


@dataclass(frozen=True)
class LeftOut:
    """What a chart does not draw, said beside it: how many groups of bars (cycles), what
    they add up to, and where they are listed."""

    groups: int
    total: int
    url: str


@dataclass
class BarChart:
    slug: str  # unique on its page: the ids of its parts derive from it
    question: str  # what it answers: its caption, the SVG's title, the table's caption
    bars: list[Bar]
    item: Noun  # what a bar stands for: an SDG
    unit: Noun  # what it counts: initiatives
    total: int | None = None  # out of how many, in the summary
    label_heading: str = ""  # the table's column headings
    value_heading: str = ""
    left_out: LeftOut | None = None

    line = _number(LINE)
    bar_height = _number(BAR)

    @property
    def total_with_left_out(self) -> int:
        """What the bars and what the chart leaves out (left_out) add up to."""
        return (self.total or 0) + (self.left_out.total if self.left_out else 0)

    @cached_property
    def summary(self) -> str:
        """One sentence: which bar leads, with its value, and how many have none."""
        top = max((bar.value for bar in self.bars), default=0)
        if top == 0:
            return _("No %(item)s has any %(unit)s yet.") % {
                "item": self.item.one,
                "unit": self.unit.one,
            }
        leaders = [bar.full_name for bar in self.bars if bar.value == top]
        names = {"units": self.unit.many, "top": top, "total": self.total}
        if len(leaders) == 1:
            names["leader"] = leaders[0]
            if self.total is None:
                lead = _("%(leader)s has the most %(units)s (%(top)s)") % names
            else:
                lead = _("%(leader)s has the most %(units)s (%(top)s of %(total)s)") % names
        else:
            if len(leaders) <= 3:
                names["leaders"] = _join(leaders)
            else:
                names["leaders"] = f"{len(leaders)} {self.item.many}"
            if self.total is None:
                lead = _("%(leaders)s have the most %(units)s (%(top)s each)") % names
            else:
                lead = _("%(leaders)s have the most %(units)s (%(top)s each, of %(total)s)") % names
        zeros = sum(1 for bar in self.bars if bar.value == 0)
        if zeros:
            rest = ngettext(
                "%(count)s %(items)s has none", "%(count)s %(items)s have none", zeros
            ) % {"count": zeros, "items": self.item.of(zeros)}
        else:
            rest = _("every %(item)s has at least one") % {"item": self.item.one}
        return _("%(lead)s; %(rest)s.") % {"lead": lead, "rest": rest}

    @cached_property
    def _layout(self) -> tuple[list[Row | Heading], float]:
        top = max((bar.value for bar in self.bars), default=0)
        drawn: list[Row | Heading] = []
        y, group = RING, None
        for bar in self.bars:
            if bar.group and bar.group != group:
                y += GROUP_GAP if drawn else 0
                drawn.append(Heading(bar.group, _number(y + 1)))
                y += LINE + RING
            group = bar.group
            lines = textwrap.wrap(bar.label, LABEL_CHARACTERS, break_on_hyphens=False) or [""]
            # A bar of nothing takes no line of its own: its 0 follows its label.
            bottom = y + len(lines) * LINE
            bar_y = bottom + BAR_GAP
            end = bar_y + BAR if bar.value else bottom
            drawn.append(
                Row(
                    bar=bar,
                    spoken=self._spoken(bar),
                    lines=lines,
                    top=_number(y - RING),
                    height=_number(end + 2 * RING - y),
                    label_y=_number(y + 1),
                    bar_y=_number(bar_y),
                    value_y=_number(bar_y + BAR / 2 + 0.35),
                    width=_number(BAR_SPAN * bar.value / top if top else 0),
                    end=_number(100 - (BAR_SPAN * bar.value / top if top else 0)),
                )
            )
            y = end + ROW_GAP
        return drawn, y

    def _spoken(self, bar: Bar) -> str:
        # Its visible label and value come first, as a voice user says them (WCAG 2.5.3).
        group = f", {bar.group}" if bar.group else ""
        return f"{bar.label}: {bar.value} {self.unit.of(bar.value)}{group}"

    @property
    def drawn(self) -> list[Row | Heading]:
        return self._layout[0]

    @property
    def height(self) -> str:
        return _number(self._layout[1])

    @property
    def groups(self) -> list[dict]:
        """The bars for the table, a body per group."""
        groups: list[dict] = []
        for bar in self.bars:
            if not groups or groups[-1]["heading"] != bar.group:
                groups.append({"heading": bar.group, "bars": []})
            groups[-1]["bars"].append(bar)
        return groups


INITIATIVES = Noun(pgettext_lazy("chart", "initiative"), pgettext_lazy("chart", "initiatives"))
SDGS = Noun(pgettext_lazy("chart", "SDG"), pgettext_lazy("chart", "SDGs"))


def _sdg_chart(slug, question, sdgs, count: str, href, unit: Noun, total: int) -> BarChart:
    """Bars of the 17 goals in their official colours, from SDGs annotated with `count`."""
    return BarChart(
        slug=slug,
        question=question,
        bars=[
            Bar(
                label=_("SDG %(number)s: %(name)s")
                % {"number": sdg.number, "name": sdg.local_name},
                name=_("SDG %(number)s") % {"number": sdg.number},
                value=getattr(sdg, count),
                href=href(sdg),
                colour=sdg.colour,
            )
            for sdg in sdgs
        ],
        item=SDGS,
        unit=unit,
        total=total,
        label_heading=_("SDG"),
        value_heading=unit.many.capitalize(),
    )


def initiatives_per_sdg(sdgs, total: int) -> BarChart:
    """The home page's: its SDGs annotated with `initiative_count`, each linking its hub."""
    return _sdg_chart(
        "chart-sdgs",
        _("How many initiatives serve each SDG?"),
        sdgs,
        "initiative_count",
        lambda sdg: sdg.get_absolute_url(),
        INITIATIVES,
        total,
    )


def initiatives_per_action_line(action_lines, total: int) -> BarChart:
    """The home page's: its action lines annotated with `initiative_count`."""
    return BarChart(
        slug="chart-action-lines",
        question=_("How many initiatives serve each WSIS action line?"),
        bars=[
            Bar(
                label=f"{line.code}: {line.local_name}",
                name=line.code,
                value=line.initiative_count,
                href=line.get_absolute_url(),
            )
            for line in action_lines
        ],
        item=Noun(pgettext_lazy("chart", "action line"), pgettext_lazy("chart", "action lines")),
        unit=INITIATIVES,
        total=total,
        label_heading=_("WSIS action line"),
        value_heading=_("Initiatives"),
    )


def region_profile(region, total: int) -> BarChart:
    """A region's published initiatives per SDG, each bar linking the initiatives list
    filtered the same way (two queries)."""
    sdgs = tallies.with_initiative_counts(
        SDG.objects.all(), InitiativeSDG.objects.published().filter(initiative__region=region)
    )
    listing = reverse("initiatives:list")
    return _sdg_chart(
        "chart-region-sdgs",
        _("Which SDGs do the %(region)s initiatives serve?") % {"region": region.code},
        sdgs,
        "initiative_count",
        lambda sdg: f"{listing}?region={region.code}&sdg={sdg.number}",
        INITIATIVES,
        total,
    )


def roadmap_rows_per_sdg(roadmap) -> BarChart:
    """A roadmap's rows per SDG their linkages name, each bar linking the roadmap narrowed
    to that goal (one query)."""
    sdgs = SDG.objects.with_counts(row_count=("roadmap_row_links__row", Q(row__roadmap=roadmap)))
    address = roadmap.get_absolute_url()
    return _sdg_chart(
        "chart-roadmap-sdgs",
        _("Which SDGs do the rows of the %(code)s roadmap name?")
        % {"code": roadmap.action_line.code},
        sdgs,
        "row_count",
        lambda sdg: f"{address}?sdg={sdg.number}",
        Noun(pgettext_lazy("chart", "row"), pgettext_lazy("chart", "rows")),
        roadmap.row_count,
    )


# A hub's chart draws the newest cycles: the size of the chart, and of the hub, stays the
# same however many cycles the knowledge base comes to hold (two today). The aligned
# initiatives of earlier cycles are counted beside it, and the initiatives list shows them.
HUB_CHART_CYCLES = 6


def regions_and_cycles(links, filter_query: str, target: str, colour: str = "") -> BarChart:
    """A hub's: for each region and cycle the knowledge base holds initiatives of, how many
    are aligned by `links` (published ones), newest cycle first and of the newest
    HUB_CHART_CYCLES cycles only; each bar links the initiatives list filtered the same way
    (two queries). The bars and what is left out add up to the hub's count."""
    cells = (
        Initiative.objects.published()
        .values(
            "cycle__slug",
            "cycle__conference",
            "cycle__start_year",
            "region__code",
            "region__name",
            "region__names",
        )
        .distinct()
        .order_by("-cycle__start_year", "region__code")
    )
    aligned = tallies.count_links(links, by=("initiative__region__code", "initiative__cycle__slug"))
    cycles = list(dict.fromkeys(cell["cycle__slug"] for cell in cells))
    newest = cycles[:HUB_CHART_CYCLES]
    drawn, earlier = [], []
    for cell in cells:
        cell["aligned"] = aligned.get((cell["region__code"], cell["cycle__slug"]), 0)
        cell["region__local_name"] = name_in(cell["region__name"], cell["region__names"])
        (drawn if cell["cycle__slug"] in newest else earlier).append(cell)
    listing = reverse("initiatives:list")
    left_out = None
    if earlier:
        left_out = LeftOut(
            groups=len(cycles) - len(newest),
            total=sum(cell["aligned"] for cell in earlier),
            url=f"{listing}?{filter_query}",
        )
    bars = [
        Bar(
            label=f"{cell['region__local_name']} ({cell['region__code']})",
            name=_("%(region)s (%(code)s) in %(cycle)s")
            % {
                "region": cell["region__local_name"],
                "code": cell["region__code"],
                "cycle": isolated(cell["cycle__slug"]),
            },
            value=cell["aligned"],
            href=f"{listing}?region={cell['region__code']}&cycle={cell['cycle__slug']}"
            f"&{filter_query}",
            colour=colour,
            group=f"{cell['cycle__slug']} ({cell['cycle__conference']})",
        )
        for cell in drawn
    ]
    return BarChart(
        slug="chart-regions",
        question=_("Which regions and cycles have initiatives aligned to %(target)s?")
        % {"target": target},
        bars=bars,
        item=Noun(
            pgettext_lazy("chart", "region and cycle"), pgettext_lazy("chart", "regions and cycles")
        ),
        unit=Noun(
            pgettext_lazy("chart", "aligned initiative"),
            pgettext_lazy("chart", "aligned initiatives"),
        ),
        total=sum(bar.value for bar in bars),
        label_heading=_("Region"),
        value_heading=_("Aligned initiatives"),
        left_out=left_out,
    )
