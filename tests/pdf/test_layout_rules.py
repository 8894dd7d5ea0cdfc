"""The pagination detectors of tests/layout.py catch what they are for: each rule broken on
purpose in a small page, and the same page laid out well gives no finding."""

from __future__ import annotations

import pytest

from tests.layout import (
    characters,
    hyphenated,
    pages_holding,
    read_layout,
    short_pages,
    split_boxes,
    stranded,
    underfilled,
)

PAGE = "@page { size: 120mm 80mm; margin: 10mm; } body { font: 10pt/1.4 'Noto Sans'; }"
FILLER = "<p>" + " ".join(["Plain words for a plain page."] * 5) + "</p>"


def laid_out(body: str, css: str = ""):
    from weasyprint import HTML

    document = HTML(string=f"<html lang=en><style>{PAGE}{css}</style><body>{body}</body>")
    return read_layout("sample", document.render().pages)


def test_a_page_with_few_lines_is_found():
    layout = laid_out(FILLER + '<p style="break-before: page">One line alone.</p>')
    assert short_pages(layout) == ["sample p2: 1 line(s) of body text"]
    assert short_pages(laid_out(FILLER)) == []


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("<h2>A heading</h2><p>Its text.</p>", "heading"),
        ('<p class="x">Ask them:</p><ul><li>One</li><li>Two</li></ul>', "lead-in"),
        ('<p class="x">Some medicines.</p><div class="callout">Never stop one.</div>', "lead-in"),
        ("<ul><li class=x>First</li><li>Second</li><li>Third</li></ul>", "first list item"),
    ],
)
def test_a_page_ending_on_what_introduces_the_next_is_found(body, what):
    broken = laid_out(FILLER + body, "h2, .x { break-after: page; }")
    assert [f.split(": ")[0] for f in stranded(broken)] == [f"sample p1 ends on a {what}"]
    assert stranded(laid_out(FILLER + body)) == []


def test_a_single_item_list_may_end_a_page():
    layout = laid_out(
        FILLER + "<ul><li class=x>Only</li></ul><p>After.</p>", ".x { break-after: page }"
    )
    assert stranded(layout) == []


def test_a_split_box_is_found():
    box = '<div class="warning-box"><p>Signs.</p><p style="break-before: page">More.</p></div>'
    assert split_boxes(laid_out(box)) == ["sample: warning-box split over pages 1, 2"]
    assert split_boxes(laid_out('<div class="warning-box"><p>Signs.</p></div>')) == []


def test_an_inserted_hyphen_is_found_and_a_written_one_is_not():
    words = "<p>" + " ".join(["extraordinarily incomprehensibilities"] * 6) + "</p>"
    narrow = "p { width: 28mm; hyphens: auto; }"
    assert hyphenated(laid_out(words, narrow))
    written = "<p>" + " ".join(["X-ray"] * 30) + "</p>"
    assert hyphenated(laid_out(written, "p { width: 28mm; }")) == []


def test_characters_are_counted_as_a_reader_sees_them():
    assert characters("clinic") == 6
    assert characters("क्लिनिक") == 4  # क ल न क: the virama and vowel signs join them
    assert characters("مُسَكِّن") == 4  # vowel marks sit on the letters
    assert characters("می\u200cکنید") == 6  # the zero-width non-joiner takes no room


def test_a_page_less_than_60_percent_full_before_the_last_is_found():
    half = '<p style="margin-top: 14mm">Half a page.</p><p style="break-before: page">Last.</p>'
    assert underfilled(laid_out(half)) == ["sample p1: 32% full"]
    full = '<p style="margin-top: 34mm">Most of a page.</p><p style="break-before: page">Last.</p>'
    assert underfilled(laid_out(full)) == []
    assert (
        underfilled(laid_out('<p style="height: 5mm">Only a little, on the last page.</p>')) == []
    )


def test_a_page_of_only_the_language_help_notice_is_not_the_handouts_last():
    body = (
        '<p style="margin-top: 14mm">Half a page.</p>'
        '<aside class="language-help" style="break-before: page"><p>Help.</p></aside>'
    )
    assert underfilled(laid_out(body)) == []
    body = '<p style="margin-top: 14mm">Half.</p><p style="break-before: page">Next.</p>' + body
    assert underfilled(laid_out(body)) == ["sample p1: 32% full"]


def test_small_text_anywhere_is_seen():
    layout = laid_out('<p>Body.</p><p style="font-size: 7pt">Small print.</p>')
    assert layout.smallest_pt == 7


def test_the_pages_of_a_box_are_found():
    layout = laid_out(
        FILLER + '<div class="main-message" style="break-before: page"><p>Go.</p></div>'
    )
    assert pages_holding(layout, "main-message") == {1}
    assert pages_holding(layout, "warning-box") == set()
