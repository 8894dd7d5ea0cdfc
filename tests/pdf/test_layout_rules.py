"""The pagination detectors of tests/layout.py catch what they are for: each rule broken on
purpose in a small page, and the same page laid out well gives no finding."""

from __future__ import annotations

import pytest

from tests.layout import (
    characters,
    hyphenated,
    read_layout,
    short_pages,
    split_boxes,
    stranded,
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
