"""Only plain structure gets through the roadmap cells' sanitiser; nothing that can run."""

import re

import pytest

from roadmaps.sanitise import ALLOWED_TAGS, plain_text, sanitise

HOSTILE = [
    "<p>before<script>alert('x')</script>after</p>",
    "<script src=https://evil.example/x.js></script>text",
    "<SCRIPT>alert(1)</SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)" style="color:red">click</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt&colon;alert(1)">link</a>',
    '<iframe src="https://evil.example"></iframe>framed',
    "<style>body { display: none }</style>styled",
    '<svg onload="alert(1)"><circle r="1"/></svg>drawn',
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="q"><button>go</button></form>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    "<template><script>alert(1)</script></template>",
    '<ul style="list-style-type: none"> • one <li onmouseover="alert(1)">two',
    "<!-- <script>alert(1)</script> -->comment",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;img src=x onerror=alert(1)&#62;",
    '<p><i onmouseover="x">em</i><u style="x">u</u><b>b</b><strong>s</strong><br onclick=x></p>',
    '<div><table><tr><td>cell</td></tr></table></div><meta http-equiv="refresh" content="0">',
    '<base href="https://evil.example/"><link rel="stylesheet" href="x.css">',
]

TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_leaves_only_allowed_tags_without_attributes(html):
    cleaned = sanitise(html)
    for name, attributes in TAG.findall(cleaned):
        assert name.lower() in ALLOWED_TAGS, cleaned
        assert attributes == "", cleaned
    # Whatever is not an allowed tag is text, with its angle brackets escaped: a browser
    # shows "<img onerror=...>" written in the source, it never builds an element from it.
    text = TAG.sub("", cleaned)
    assert "<" not in text, cleaned
    assert ">" not in text, cleaned
    # In these samples "javascript:" only ever stands in an attribute, which must be gone.
    assert "javascript" not in cleaned.lower(), cleaned


@pytest.mark.parametrize("html", HOSTILE)
def test_sanitising_twice_changes_nothing(html):
    once = sanitise(html)
    assert sanitise(once) == once


def test_script_and_style_contents_are_removed_not_shown_as_text():
    assert "alert" not in sanitise("<p>before<script>alert('x')</script>after</p>")
    assert "display" not in sanitise("<style>body { display: none }</style>styled")
    assert sanitise("<p>before<script>alert('x')</script>after</p>") == "<p>beforeafter</p>"


def test_escaped_markup_stays_text_and_never_becomes_a_tag():
    cleaned = sanitise("&lt;script&gt;alert(1)&lt;/script&gt; &amp; C&I")
    assert "<script" not in cleaned
    assert cleaned == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; C&amp;I</p>"
    assert plain_text(cleaned) == "<script>alert(1)</script> & C&I"


def test_an_unclosed_list_is_closed_and_its_bullets_become_items():
    cleaned = sanitise('Expected Results: <ul style="list-style-type: none"> • one • two')
    assert cleaned == "<p>Expected Results:</p>\n<ul>\n<li>• one</li>\n<li>• two</li>\n</ul>"


def test_lists_reopened_on_every_page_are_one_list_and_never_nest():
    cleaned = sanitise('<ul style="x"> • one <ul style="x"> • two <p>Next:</p> <ul> • three')
    assert cleaned == (
        "<ul>\n<li>• one</li>\n<li>• two</li>\n</ul>\n<p>Next:</p>\n<ul>\n<li>• three</li>\n</ul>"
    )


def test_a_numbered_list_stays_numbered():
    assert sanitise("<ol><li>one<li>two</ol>") == "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"


def test_bulleted_paragraphs_become_items_of_a_list():
    cleaned = sanitise("<p>Regional Initiatives: •AFR4: a.</p> <p>•AMS4: b.</p> <p>Goal 1</p>")
    assert cleaned == (
        "<p>Regional Initiatives:</p>\n<ul>\n<li>•AFR4: a.</li>\n<li>•AMS4: b.</li>\n</ul>\n"
        "<p>Goal 1</p>"
    )


def test_a_list_written_with_dashes_is_split_at_its_dashes_only():
    cleaned = sanitise("<ul>- Policy & regulatory governance,- Cross-border cooperation")
    assert cleaned == (
        "<ul>\n<li>- Policy &amp; regulatory governance,</li>\n"
        "<li>- Cross-border cooperation</li>\n</ul>"
    )


def test_emphasis_is_kept_and_closed_within_its_item():
    cleaned = sanitise("<ul> • one <i>(Aligned with</i> <i>SDG 9)</i> • <u>two</u>")
    assert cleaned == (
        "<ul>\n<li>• one <i>(Aligned with</i> <i>SDG 9)</i></li>\n<li>• <u>two</u></li>\n</ul>"
    )


def test_stray_table_rules_are_removed_but_dashes_in_text_are_kept():
    cleaned = sanitise("<p>before</p>\n---\t--\t------------------\t--\n<ul>- Cross-border, - two")
    assert cleaned == "<p>before</p>\n<ul>\n<li>- Cross-border,</li>\n<li>- two</li>\n</ul>"
    assert sanitise("<p>70% online – enabling scaling - and the rest</p>") == (
        "<p>70% online – enabling scaling - and the rest</p>"
    )


def test_empty_cells_stay_empty():
    assert sanitise("") == ""
    assert sanitise("  <p> </p> <ul></ul> ") == ""


def test_the_plain_text_twin_strips_tags_and_normalises_whitespace():
    assert plain_text("<p>Expected  Results:</p>\n<ul>\n<li>• one\n two</li>\n</ul>") == (
        "Expected Results: • one two"
    )
