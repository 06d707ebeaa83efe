"""Images for sharing: a 1200×630 PNG of each initiative, each SDG, action-line and GDC hub
and the site, the picture that Facebook, LinkedIn, X, Slack and Teams show beside a link.

Drawn from the published data with Pillow and the DejaVu fonts kept in `static/fonts/`, so
that every machine draws the same picture, and served like the pages: ETag from the data
version and the code, 304, and the response cache (`conditional_page`). The tags that name
them in a page's <head> are `hubs/templatetags/open_graph.py`.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from core.conditional import conditional_page
from core.views import lower_case_codes
from frameworks.models import SDG, ActionLine, GDCObjective
from initiatives.models import Initiative, InitiativeSDG, Stage
from initiatives.views import initiative_or_404

WIDTH, HEIGHT = 1200, 630
MEDIA_TYPE = "image/png"

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

# The portal's colours (static/css/portal.css): every pairing drawn reads at WCAG AA.
PAPER, INK, MUTED, BRAND = "#ffffff", "#1b1f24", "#4a5560", "#00507a"

# The layout, in pixels. A preview is often shown at 500 pixels wide or less, 0.4 of this:
# the smallest text (30 px) is still 12 px there, a title at least 18 px.
MARGIN = 64
TEXT_WIDTH = WIDTH - 2 * MARGIN
BAND_HEIGHT = 88  # the site's name, on the brand colour, at the top
STRIP_HEIGHT = 96  # the SDG colours, at the foot
FOOT_HEIGHT = 16  # the foot of a card without them
BADGE_SIZE = 128  # a goal's number, large, as on the SDG icons
SITE_NAME_SIZE = 34
KICKER_SIZE, KICKER_LEADING = 38, 56
# A title is drawn at the largest size that holds it in three lines, or at the smallest,
# cut with an ellipsis.
TITLE_SIZES, TITLE_LINES = (58, 52, 46), 3
DETAIL_SIZE, DETAIL_LEADING, DETAIL_LINES = 32, 44, 3
STRIP_LABEL_SIZE = 30
ELLIPSIS = "…"
# More characters than three lines hold at the smallest size, even of the narrowest
# glyphs: what lies beyond is never measured, however long an edited text grows.
MAX_CHARACTERS = 400

# What a wrapped line may end with before its ellipsis: not a comma or a dash.
TRAILING = " ,;:–—-/"


@dataclass(frozen=True)
class Band:
    """One segment of the strip at the foot of a card: an SDG in its official colour."""

    colour: str
    ink: str
    number: int


@dataclass(frozen=True)
class Card:
    """What an image shows, top to bottom: the site's name, what the record is (`kicker`),
    its title, lines of detail, and the strip of the SDGs it aligns to."""

    kicker: str
    title: str
    details: tuple[str, ...] = ()
    strip: tuple[Band, ...] = ()
    # Said in the image's text alternative, for the strip.
    strip_caption: str = ""
    background: str = PAPER
    ink: str = INK
    accent: str = BRAND
    muted: str = MUTED
    # Drawn large in the lower right corner: an SDG's number.
    badge: str = ""

    @property
    def alt(self) -> str:
        """The image's text alternative: everything it shows, in full."""
        parts = [self.kicker, self.title, *self.details, self.strip_caption]
        return f"{settings.PORTAL_SITE_NAME}. " + ". ".join(p.rstrip(".") for p in parts if p) + "."


@dataclass(frozen=True)
class SharedImage:
    """An image for sharing, as a page names it: its address and text alternative."""

    path: str
    alt: str
    # Open Graph's type of the page it belongs to: an initiative is an article.
    page_type: str = "website"


def sdg_bands(sdgs) -> tuple[Band, ...]:
    """The strip of `sdgs`: each goal once, in number order, in its official colour."""
    unique = {sdg.number: sdg for sdg in sdgs}
    return tuple(
        Band(colour=sdg.colour, ink=sdg.text_colour, number=number)
        for number, sdg in sorted(unique.items())
    )


def initiative_card(initiative: Initiative, sdgs) -> Card:
    """An initiative: code and region, title, cycle and stage, the SDGs it aligns to."""
    cycle = initiative.cycle
    if initiative.stage == Stage.DRAFT:
        stage = f"Draft of the Regional Preparatory Meeting for {cycle.conference}"
    else:
        stage = f"Adopted by {cycle.conference}, {cycle.action_plan}"
    strip = sdg_bands(sdgs)
    numbers = ", ".join(str(band.number) for band in strip)
    return Card(
        kicker=f"{initiative.code} · {initiative.region.name}",
        title=initiative.title,
        details=(f"{cycle.name} cycle · {stage}",),
        strip=strip,
        strip_caption=(
            f"Aligned to SDG{'s' if len(strip) > 1 else ''} {numbers}"
            if strip
            else "No SDG alignment recorded"
        ),
    )


def sdg_card(sdg: SDG) -> Card:
    """An SDG: drawn in the goal's official colour, with black or white text, whichever
    reads better on it (`SDG.text_colour`)."""
    return Card(
        kicker=f"Sustainable Development Goal {sdg.number}",
        title=sdg.short_name,
        details=(sdg.title,),
        background=sdg.colour,
        ink=sdg.text_colour,
        accent=sdg.text_colour,
        muted=sdg.text_colour,
        badge=str(sdg.number),
    )


def action_line_card(line: ActionLine) -> Card:
    return Card(
        kicker=f"WSIS Action Line {line.code}",
        title=line.title,
        details=("Geneva Plan of Action of the World Summit on the Information Society",),
    )


def gdc_card(objective: GDCObjective) -> Card:
    return Card(
        kicker=f"Global Digital Compact · objective {objective.number}",
        title=objective.title,
        details=("One of the five objectives of the Global Digital Compact (2024)",),
    )


SITE_TITLE = "The regional initiatives of ITU's World Telecommunication Development Conferences"
SITE_DETAIL = (
    "Their expected results and their alignment to the SDGs, the WSIS Action Lines "
    "and the Global Digital Compact"
)


def site_card(sdgs=()) -> Card:
    """The site, for every page without an image of its own, with every SDG's colour."""
    return Card(
        kicker="Knowledge base",
        title=SITE_TITLE,
        details=(SITE_DETAIL,),
        strip=sdg_bands(sdgs),
        strip_caption="The colours of the Sustainable Development Goals",
    )


def shared_image(record=None) -> SharedImage:
    """The image for sharing a page about `record` (None: the site's), for its <head>.

    Reads nothing the page has not read: an initiative's SDGs come from its published
    links as `Initiative.objects.for_detail()` prefetches them.
    """
    if isinstance(record, Initiative):
        args = [record.cycle.slug, record.code.lower()]
        name = "og_initiative_draft" if record.stage == Stage.DRAFT else "og_initiative"
        card = initiative_card(record, [link.sdg for link in record.sdg_links.all()])
        return SharedImage(reverse(f"frameworks:{name}", args=args), card.alt, "article")
    if isinstance(record, SDG):
        return SharedImage(reverse("frameworks:og_sdg", args=[record.number]), sdg_card(record).alt)
    if isinstance(record, ActionLine):
        path = reverse("frameworks:og_action_line", args=[record.code.lower()])
        return SharedImage(path, action_line_card(record).alt)
    if isinstance(record, GDCObjective):
        return SharedImage(reverse("frameworks:og_gdc", args=[record.number]), gdc_card(record).alt)
    return SharedImage(reverse("frameworks:og_site"), site_card().alt)


@cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The vendored DejaVu Sans at `size` pixels, laid out without Raqm, the optional
    complex-text library, so that every installation draws the same picture."""
    return ImageFont.truetype(
        str(FONTS / (BOLD if bold else REGULAR)), size, layout_engine=ImageFont.Layout.BASIC
    )


def detail_font() -> ImageFont.FreeTypeFont:
    return font(DETAIL_SIZE)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """`text` in at most `max_lines` lines, each no wider than `width` in `face`, broken
    between words (inside a word only when it is wider than a line); when the text does
    not fit, the last line ends with an ellipsis."""
    lines: list[str] = []
    current = ""
    cut_short = len(text) > MAX_CHARACTERS
    for word in text[:MAX_CHARACTERS].split():
        candidate = f"{current} {word}" if current else word
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while face.getlength(word) > width and len(lines) <= max_lines:
            cut = _fitting_prefix(word, face, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
        if len(lines) > max_lines:
            break  # more than fits: the rest is not measured
    if current and len(lines) <= max_lines:
        lines.append(current)
    if len(lines) > max_lines or (cut_short and lines):
        return _shorten(lines[:max_lines], face, width)
    return lines


def _fitting_prefix(word: str, face: ImageFont.FreeTypeFont, width: int) -> int:
    """How many characters of `word` fit in `width` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if face.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _shorten(lines: list[str], face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`lines` with an ellipsis ending the last, words dropped from it until it fits."""
    last = lines[-1]
    while True:
        shortened = last.rstrip(TRAILING) + ELLIPSIS
        if face.getlength(shortened) <= width or " " not in last:
            break
        last = last.rsplit(" ", 1)[0]
    while face.getlength(shortened) > width and len(shortened) > 1:
        shortened = shortened[:-2] + ELLIPSIS
    return [*lines[:-1], shortened]


def title_lines(title: str) -> tuple[int, list[str]]:
    """The size and the lines in which an image shows a record's title."""
    for size in TITLE_SIZES[:-1]:
        lines = wrap(title, font(size, bold=True), TEXT_WIDTH, TITLE_LINES + 1)
        if len(lines) <= TITLE_LINES:
            return size, lines
    size = TITLE_SIZES[-1]
    return size, wrap(title, font(size, bold=True), TEXT_WIDTH, TITLE_LINES)


def render(card: Card) -> Image.Image:
    """The card drawn at 1200×630."""
    image = Image.new("RGB", (WIDTH, HEIGHT), card.background)
    draw = ImageDraw.Draw(image)
    _draw_site_band(draw)
    y = BAND_HEIGHT + 40
    bottom = HEIGHT - (STRIP_HEIGHT if card.strip else FOOT_HEIGHT) - 16
    if card.badge:
        badge_font = font(BADGE_SIZE, bold=True)
        baseline = (WIDTH - MARGIN, HEIGHT - FOOT_HEIGHT - 28)
        draw.text(baseline, card.badge, font=badge_font, fill=card.ink, anchor="rs")
        # The text above stops short of it.
        bottom = draw.textbbox(baseline, card.badge, font=badge_font, anchor="rs")[1] - 8

    kicker_font = font(KICKER_SIZE, bold=True)
    for line in wrap(card.kicker, kicker_font, TEXT_WIDTH, 1):
        draw.text((MARGIN, y), line, font=kicker_font, fill=card.accent)
    y += KICKER_LEADING + 8
    size, lines = title_lines(card.title)
    for line in lines:
        draw.text((MARGIN, y), line, font=font(size, bold=True), fill=card.ink)
        y += size * 6 // 5
    y += 14
    for detail in card.details:
        room = min(DETAIL_LINES, (bottom - y) // DETAIL_LEADING)
        if room < 1:
            break
        for line in wrap(detail, detail_font(), TEXT_WIDTH, room):
            draw.text((MARGIN, y), line, font=detail_font(), fill=card.muted)
            y += DETAIL_LEADING
    if card.strip:
        _draw_strip(draw, card.strip)
    else:
        # The site's colour closes the card as it opens it.
        draw.rectangle((0, HEIGHT - FOOT_HEIGHT, WIDTH, HEIGHT), fill=BRAND)
    return image


def _draw_site_band(draw: ImageDraw.ImageDraw) -> None:
    """The site's name beside the globe of its icon (static/img/favicon.svg), white on the
    brand colour."""
    draw.rectangle((0, 0, WIDTH, BAND_HEIGHT), fill=BRAND)
    centre_x, centre_y, radius = MARGIN + 22, BAND_HEIGHT // 2, 22
    box = (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius)
    draw.ellipse(box, outline=PAPER, width=3)
    draw.ellipse((centre_x - 9, box[1], centre_x + 9, box[3]), outline=PAPER, width=3)
    draw.line((box[0], centre_y, box[2], centre_y), fill=PAPER, width=3)
    draw.text(
        (centre_x + radius + 20, centre_y),
        settings.PORTAL_SITE_NAME,
        font=font(SITE_NAME_SIZE, bold=True),
        fill=PAPER,
        anchor="lm",
    )


def _draw_strip(draw: ImageDraw.ImageDraw, bands: tuple[Band, ...]) -> None:
    """Equal segments across the foot, each an SDG's colour and number ("SDG 9" when
    there is room), in the text colour that reads on it."""
    top = HEIGHT - STRIP_HEIGHT
    face = font(STRIP_LABEL_SIZE, bold=True)
    for index, band in enumerate(bands):
        left = index * WIDTH // len(bands)
        right = (index + 1) * WIDTH // len(bands)
        draw.rectangle((left, top, right, HEIGHT), fill=band.colour)
        label = f"SDG {band.number}"
        if face.getlength(label) + 24 > right - left:
            label = str(band.number)
        centre = ((left + right) // 2, top + STRIP_HEIGHT // 2)
        draw.text(centre, label, font=face, fill=band.ink, anchor="mm")


def png(card: Card) -> bytes:
    buffer = io.BytesIO()
    render(card).save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


# The views answer GET and HEAD; ReadOnlyMethodsMiddleware answers the other methods.


def _image_response(card: Card) -> HttpResponse:
    return HttpResponse(png(card), content_type=MEDIA_TYPE)


def _sdgs_of(initiative: Initiative) -> list[SDG]:
    links = InitiativeSDG.objects.published().filter(initiative=initiative).select_related("sdg")
    return [link.sdg for link in links]


@conditional_page
def site_image(request):
    return _image_response(site_card(SDG.objects.all()))


@conditional_page
@lower_case_codes
def initiative_image(request, cycle, code):
    """The initiative the page at the same address shows: the adopted text, or the
    draft when nothing was adopted."""
    initiative = initiative_or_404(Initiative.objects.for_listing(), cycle, code)
    return _image_response(initiative_card(initiative, _sdgs_of(initiative)))


@conditional_page
@lower_case_codes
def initiative_draft_image(request, cycle, code):
    initiative = initiative_or_404(Initiative.objects.for_listing(), cycle, code, draft=True)
    return _image_response(initiative_card(initiative, _sdgs_of(initiative)))


@conditional_page
def sdg_image(request, number):
    sdg = SDG.objects.filter(number=number).first()
    if sdg is None:
        raise Http404(f"There is no SDG {number}; the goals are numbered 1 to 17.")
    return _image_response(sdg_card(sdg))


@conditional_page
@lower_case_codes
def action_line_image(request, code):
    line = ActionLine.objects.filter(code=code.upper()).first()
    if line is None:
        raise Http404(f"There is no WSIS action line {code.upper()}; they are C1 to C11.")
    return _image_response(action_line_card(line))


@conditional_page
def gdc_image(request, number):
    objective = GDCObjective.objects.filter(number=number).first()
    if objective is None:
        raise Http404(f"There is no GDC objective {number}; they are numbered 1 to 5.")
    return _image_response(gdc_card(objective))
