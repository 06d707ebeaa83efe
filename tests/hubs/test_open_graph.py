"""A link to a page shows, where it is shared, the page's title, description and a picture
drawn from the data: Open Graph and X card tags in every page's head, and 1200×630 PNGs
at stable addresses, cached and revalidated like the pages."""

import io
import time
from html.parser import HTMLParser

import pytest
from PIL import Image, ImageChops

from frameworks.models import SDG, ActionLine, GDCObjective
from hubs import og
from initiatives.models import Initiative, InitiativeSDG

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


class HeadTags(HTMLParser):
    """The <title>, the canonical link and the meta tags of a page's head."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.repeated: list[str] = []
        self.canonical = ""
        self.title = ""
        self._in_title = False
        self._in_head = True

    def handle_starttag(self, tag, attrs):
        if not self._in_head:
            return  # an SVG chart's <title> is no page title
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                if key in self.meta:
                    self.repeated.append(key)
                self.meta[key] = attributes.get("content") or ""
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes["href"]
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False
        if tag == "head":
            self._in_head = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head(client, url, status=200) -> HeadTags:
    response = client.get(url)
    assert response.status_code == status, url
    parser = HeadTags()
    parser.feed(response.content.decode())
    return parser


def image(client, path) -> Image.Image:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert picture.format == "PNG"
    return picture


def same_picture(one: Image.Image, other: Image.Image) -> bool:
    return ImageChops.difference(one.convert("RGB"), other.convert("RGB")).getbbox() is None


def published_sdgs(initiative: Initiative) -> list[SDG]:
    return [
        link.sdg
        for link in InitiativeSDG.objects.filter(initiative=initiative, published=True)
        .select_related("sdg")
        .order_by("sdg__number")
    ]


PAGES = [
    ("/", "/og/site.png", "website"),
    ("/initiatives/2026-2029/ams1/", "/og/initiatives/2026-2029/ams1.png", "article"),
    ("/initiatives/2026-2029/ams1/draft/", "/og/initiatives/2026-2029/ams1/draft.png", "article"),
    # Nothing of EUR1 was adopted: its page shows the draft, and so does its picture.
    ("/initiatives/2026-2029/eur1/", "/og/initiatives/2026-2029/eur1/draft.png", "article"),
    ("/initiatives/2023-2025/cis3/", "/og/initiatives/2023-2025/cis3.png", "article"),
    ("/sdgs/9/", "/og/sdgs/9.png", "website"),
    ("/action-lines/c5/", "/og/action-lines/c5.png", "website"),
    ("/gdc/3/", "/og/gdc/3.png", "website"),
    # Pages without a picture of their own share the site's.
    ("/regions/ams/", "/og/site.png", "website"),
    ("/initiatives/?region=AMS", "/og/site.png", "website"),
    ("/roadmaps/c5/", "/og/site.png", "website"),
    ("/search/?q=cybersecurity", "/og/site.png", "website"),
]


@pytest.mark.parametrize(("url", "picture", "kind"), PAGES)
def test_every_page_names_its_picture_title_description_and_address(client, url, picture, kind):
    tags = head(client, url)
    meta = tags.meta
    assert tags.repeated == []
    assert meta["og:site_name"] == "ITU-D Regional Initiatives"
    assert meta["og:type"] == kind
    # The page's own title, description and canonical address, said again.
    assert tags.title == f"{meta['og:title']} · ITU-D Regional Initiatives"
    assert meta["og:title"]
    assert meta["twitter:title"] == meta["og:title"]
    assert meta["og:description"] == meta["description"] == meta["twitter:description"]
    assert meta["og:url"] == tags.canonical
    assert meta["og:url"].startswith(f"{SITE}/")
    # The picture: absolute, with its size and a text alternative, for both.
    assert meta["og:image"] == meta["twitter:image"] == SITE + picture
    assert meta["og:image:type"] == "image/png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"].startswith("ITU-D Regional Initiatives. ")
    assert meta["twitter:image:alt"] == meta["og:image:alt"]
    assert meta["twitter:card"] == "summary_large_image"
    assert image(client, picture).size == (1200, 630)


def test_an_error_page_shares_the_site_picture(client):
    meta = head(client, "/no/such/page/", status=404).meta
    assert meta["og:image"] == f"{SITE}/og/site.png"
    assert meta["og:url"] == f"{SITE}/no/such/page/"


def test_the_text_alternative_says_what_the_initiative_picture_shows(client):
    initiative = Initiative.objects.get(slug="2026-2029-afr1-draft")
    alt = head(client, "/initiatives/2026-2029/afr1/draft/").meta["og:image:alt"]
    assert f"AFR1 · Africa. {initiative.title}." in alt
    assert "2026-2029" in alt
    assert "Draft of the Regional Preparatory Meeting for WTDC-25" in alt
    numbers = sorted({sdg.number for sdg in published_sdgs(initiative)})
    assert alt.endswith(f"Aligned to SDGs {', '.join(map(str, numbers))}.")


def test_the_hub_pictures_are_described_by_their_record(client):
    sdg = SDG.objects.get(number=9)
    alt = head(client, "/sdgs/9/").meta["og:image:alt"]
    assert f"Sustainable Development Goal 9. {sdg.short_name}. {sdg.title}" in alt
    line = ActionLine.objects.get(code="C5")
    assert (
        f"WSIS Action Line C5. {line.title}"
        in head(client, "/action-lines/c5/").meta["og:image:alt"]
    )
    objective = GDCObjective.objects.get(number=3)
    assert objective.title in head(client, "/gdc/3/").meta["og:image:alt"]


PICTURES = [
    "/og/site.png",
    "/og/initiatives/2026-2029/ams4.png",
    "/og/initiatives/2026-2029/ams1/draft.png",
    "/og/initiatives/2023-2025/cis1.png",
    "/og/sdgs/1.png",
    "/og/sdgs/17.png",
    "/og/action-lines/c1.png",
    "/og/gdc/5.png",
]


@pytest.mark.parametrize("path", PICTURES)
def test_each_picture_is_a_png_of_1200_by_630_with_etag_and_cache_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["ETag"].startswith('"')
    assert "max-age=300" in response["Cache-Control"]
    picture = Image.open(io.BytesIO(response.content))
    assert (picture.format, picture.size, picture.mode) == ("PNG", (1200, 630), "RGB")
    assert client.head(path).status_code == 200
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_kept_picture_comes_back_from_the_cache_byte_for_byte(client):
    first = client.get("/og/initiatives/2026-2029/ams4.png")
    second = client.get("/og/initiatives/2026-2029/ams4.png")
    assert second["Content-Type"] == "image/png"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_the_initiative_picture_shows_the_published_record(client):
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    card = og.initiative_card(initiative, published_sdgs(initiative))
    assert card.kicker == "AMS4 · Americas"
    assert card.title == initiative.title
    assert card.details == ("2026-2029 cycle · Adopted by WTDC-25, Baku Action Plan",)
    assert [band.number for band in card.strip] == [s.number for s in published_sdgs(initiative)]
    assert [band.colour for band in card.strip] == [s.colour for s in published_sdgs(initiative)]
    served = image(client, "/og/initiatives/2026-2029/ams4.png")
    assert same_picture(served, og.render(card))


def test_the_picture_changes_with_the_title_and_its_etag_with_the_data(client):
    path = "/og/initiatives/2026-2029/ams4.png"
    before = client.get(path)
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    initiative.title = "Cyber resilience for every network of the Americas"
    initiative.save()

    stale = client.get(path, HTTP_IF_NONE_MATCH=before["ETag"])
    assert stale.status_code == 200
    assert stale["ETag"] != before["ETag"]
    served = Image.open(io.BytesIO(stale.content))
    assert same_picture(
        served, og.render(og.initiative_card(initiative, published_sdgs(initiative)))
    )
    assert not same_picture(served, Image.open(io.BytesIO(before.content)))
    # The new title fits: every word of it is drawn, at the largest size.
    size, lines = og.title_lines(initiative.title)
    assert (size, " ".join(lines)) == (og.TITLE_SIZES[0], initiative.title)


def test_an_sdg_picture_is_drawn_in_the_goal_colour(client):
    sdg = SDG.objects.get(number=4)
    served = image(client, "/og/sdgs/4.png")
    assert same_picture(served, og.render(og.sdg_card(sdg)))
    # Below the site's band, the goal's official colour fills the card.
    assert served.getpixel((600, 600)) == _rgb(sdg.colour)
    assert served.getpixel((20, 300)) == _rgb(sdg.colour)


def test_the_site_picture_shows_every_goal_in_its_colour(client):
    served = image(client, "/og/site.png")
    strip_row = 630 - og.STRIP_HEIGHT + 4
    goals = list(SDG.objects.order_by("number"))
    for index, sdg in enumerate(goals):
        left = index * 1200 // len(goals)
        assert served.getpixel((left + 2, strip_row)) == _rgb(sdg.colour), sdg.number


def test_an_unpublished_alignment_leaves_the_strip(client):
    link = InitiativeSDG.objects.filter(initiative__slug="2026-2029-ams4").order_by("pk").first()
    hidden = link.sdg.number
    link.published = False
    link.save()
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    shown = published_sdgs(initiative)
    assert hidden not in [sdg.number for sdg in shown]
    served = image(client, "/og/initiatives/2026-2029/ams4.png")
    assert same_picture(served, og.render(og.initiative_card(initiative, shown)))


def test_an_unpublished_initiative_has_no_picture(client):
    initiative = Initiative.objects.get(slug="2026-2029-eur1-draft")
    assert client.get("/og/initiatives/2026-2029/eur1.png").status_code == 200
    initiative.published = False
    initiative.save()
    assert client.get("/og/initiatives/2026-2029/eur1.png").status_code == 404
    assert client.get("/og/initiatives/2026-2029/eur1/draft.png").status_code == 404


def test_the_main_picture_falls_back_to_the_draft_as_the_page_does(client):
    adopted = Initiative.objects.get(slug="2026-2029-ams1")
    adopted.published = False
    adopted.save()
    draft = Initiative.objects.get(slug="2026-2029-ams1-draft")
    served = image(client, "/og/initiatives/2026-2029/ams1.png")
    assert same_picture(served, og.render(og.initiative_card(draft, published_sdgs(draft))))


@pytest.mark.parametrize(
    "path",
    [
        "/og/initiatives/2026-2029/ams9.png",
        "/og/initiatives/1999-2000/ams1.png",
        "/og/initiatives/2023-2025/cis1/draft.png",  # adopted, with no draft
        "/og/initiatives/2026-2029/zzz1.png",
        "/og/initiatives/2026-2029/ams99999.png",
        "/og/initiatives/2026-2029/ams1.png.png",
        "/og/initiatives/2026-2029/ams1%00.png",
        "/og/initiatives/2026-2029/../../../etc/passwd.png",
        "/og/initiatives/2026-2029/ams1/../../ams1.png",
        "/og/initiatives/2026-2029/%E2%80%AEams1.png",
        "/og/initiatives/2026-2029/ams1.jpg",
        "/og/sdgs/0.png",
        "/og/sdgs/18.png",
        "/og/sdgs/-1.png",
        "/og/sdgs/1e3.png",
        "/og/sdgs/9.PNG",
        "/og/sdgs/99999999999999999999999999999999.png",
        "/og/sdgs/%EF%BC%99.png",  # a full-width digit nine
        "/og/action-lines/c0.png",
        "/og/action-lines/c12.png",
        "/og/action-lines/c99.png",
        "/og/action-lines/x5.png",
        "/og/gdc/0.png",
        "/og/gdc/6.png",
        "/og/gdc/" + "9" * 400 + ".png",
        "/og/site.png/",
        "/og/site.svg",
        "/og/",
        "/og/" + "a" * 3000 + ".png",
    ],
)
def test_addresses_outside_what_exists_answer_404(client, path):
    response = client.get(path)
    assert response.status_code == 404, path
    assert response["Content-Type"].startswith("text/html")


def test_a_code_in_capitals_redirects_to_the_lower_case_picture(client):
    response = client.get("/og/initiatives/2026-2029/AMS1/draft.png")
    assert response.status_code == 301
    assert response["Location"] == "/og/initiatives/2026-2029/ams1/draft.png"
    assert client.get("/og/action-lines/C5.png")["Location"] == "/og/action-lines/c5.png"


def test_the_pictures_only_answer_reading(client):
    for method in ("post", "put", "delete"):
        response = getattr(client, method)("/og/sdgs/9.png")
        assert response.status_code == 405
        assert "GET" in response["Allow"]


def test_query_parameters_leave_the_picture_and_its_key_alone(client):
    plain = client.get("/og/gdc/2.png")
    tagged = client.get("/og/gdc/2.png?utm_source=x&size=9999999")
    assert tagged.status_code == 200
    assert tagged["ETag"] == plain["ETag"]
    assert tagged.content == plain.content


def test_a_picture_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # The data version (for the ETag), the initiative with its cycle and region, and its
    # published SDG links with their goals.
    with django_assert_num_queries(3):
        assert client.get("/og/initiatives/2026-2029/afr1/draft.png").status_code == 200


def test_a_title_is_wrapped_in_at_most_three_lines_ending_with_an_ellipsis():
    title = Initiative.objects.get(slug="2023-2025-cis1").title
    size, lines = og.title_lines(title)
    face = og.font(size, bold=True)
    assert len(lines) == 3
    assert all(face.getlength(line) <= og.TEXT_WIDTH for line in lines)
    assert lines[-1].endswith("…")
    # The lines are the title's own words, in order, up to the ellipsis.
    shown = " ".join(lines).removesuffix("…").split()
    assert title.split()[: len(shown)] == shown


def test_a_short_title_keeps_the_largest_size_and_every_word():
    size, lines = og.title_lines("Digital innovation ecosystems")
    assert (size, lines) == (og.TITLE_SIZES[0], ["Digital innovation ecosystems"])


def test_a_longer_title_is_drawn_smaller_before_it_is_cut():
    title = ActionLine.objects.get(code="C1").title
    size, lines = og.title_lines(title)
    assert size < og.TITLE_SIZES[0]
    assert len(lines) <= 3


@pytest.mark.parametrize(
    "text",
    [
        "x" * 5000,
        "word " * 20000,
        "\u202e" + "إ" * 300,
        "",
        "   \n\t ",
        "a" + "\u0301" * 500,
    ],
    ids=["one-long-word", "many-words", "bidi", "empty", "blank", "combining"],
)
def test_any_text_is_drawn_within_the_card_quickly(text):
    started = time.perf_counter()
    size, lines = og.title_lines(text)
    data = og.png(og.Card(kicker=text, title=text, details=(text,)))
    assert time.perf_counter() - started < 1
    assert len(lines) <= 3
    face = og.font(size, bold=True)
    assert all(face.getlength(line) <= og.TEXT_WIDTH for line in lines)
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def test_a_picture_renders_well_under_100_ms():
    initiative = Initiative.objects.get(slug="2026-2029-afr1-draft")
    card = og.initiative_card(initiative, published_sdgs(initiative))
    og.png(card)  # the fonts load once per process
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        og.png(card)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.1


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))


def _contrast(one: str, other: str) -> float:
    def luminance(colour):
        channels = [c / 255 for c in _rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_colour_reads_at_aa_contrast_on_its_background():
    cards = [og.sdg_card(sdg) for sdg in SDG.objects.all()]
    pairs = [(card.ink, card.background) for card in cards]
    pairs += [(band.ink, band.colour) for band in og.sdg_bands(SDG.objects.all())]
    pairs += [(og.INK, og.PAPER), (og.MUTED, og.PAPER), (og.BRAND, og.PAPER), (og.PAPER, og.BRAND)]
    assert min(_contrast(ink, background) for ink, background in pairs) >= 4.5
