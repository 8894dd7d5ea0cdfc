"""A blank line to write on is filled with invisible underscores in the text layer
(vertebro_print.pdf.blanks): the words after it read back in their line, copy gives a line of
underscores, a screen reader passes over it, and the page looks as it did."""

from __future__ import annotations

import re

import pytest

from tests.pdf.tall_page import cldr_text, language_page
from tests.pdfs import largest_difference, pdfium_images, poppler_images
from tests.tagged import tagged_actual_texts
from tests.text_layer import pdfium_pages_text, poppler_pages
from vertebro_print.pdf import blanks
from vertebro_print.pdf.layout import write_pdf

# Words before the blank, the one after it, and the one on the next line.
_BEFORE, _NEXT_LINE = 3, 2


def _words(code: str) -> list[str]:
    return cldr_text(code).split()[: _BEFORE + _NEXT_LINE]


def _blank_page(code: str, project) -> bytes:
    """A paragraph whose first line has a blank after its first words and one word after
    that, its second line one word, shorter than the words before the blank (as "準備について
    質問があるときは、____に電話して" over "医療チームに聞いてください。" in prepare/ja)."""
    words = _words(code)
    first = " ".join(words[:_BEFORE])
    body = f'<p>{first} <span class="blank"></span> {words[_BEFORE]}<br>{words[-1]}</p>'
    return write_pdf(language_page(code, project, body))


@pytest.fixture
def unfilled(monkeypatch):
    """Blanks drawn as WeasyPrint draws them, with no filler."""
    monkeypatch.setattr(blanks, "draw_filler", lambda stream, box: None)


@pytest.mark.parametrize("code", ["en", "ja", "ko", "zh_Hans"])
def test_the_words_after_a_blank_read_back_in_its_line(project, code):
    """poppler read "Afar Abkhazian Acehnese / Adangme / Acoli": the word after the blank, in
    a block of its own, after the paragraph."""
    words = _words(code)
    line = re.escape("".join(words[:_BEFORE])) + "_+" + re.escape(words[_BEFORE] + words[-1])
    pdf = _blank_page(code, project)
    for name, pages in (("poppler", poppler_pages(pdf)), ("pdfium", pdfium_pages_text(pdf))):
        assert re.search(line, pages[0]), (name, pages[0])


def test_the_old_blank_split_its_line(project, unfilled):
    # What the test above looks for is what went wrong: without the filler, poppler reads
    # the word after the blank last.
    words = _words("en")
    text = poppler_pages(_blank_page("en", project))[0]
    assert text.index(words[-1]) < text.index(words[_BEFORE])


def test_a_blank_is_filled_with_underscores_about_their_own_width(project):
    document = language_page("ja", project, '<p>電話番号： <span class="blank"></span></p>')
    box = _find_blank(document.pages[0]._page_box)
    text, scale = blanks.filler(box)
    assert set(text) == {"_"} and len(text) > 10  # 4.5 cm of them
    assert 0.95 < scale < 1.05


def _find_blank(box):
    if blanks.is_blank(box):
        return box
    for child in getattr(box, "children", []):
        found = _find_blank(child)
        if found is not None:
            return found
    return None


def test_a_screen_reader_passes_over_a_blank(project):
    assert "_" not in "".join(tagged_actual_texts(_blank_page("en", project)))


@pytest.mark.parametrize("code", ["en", "ja"])
def test_a_filled_blank_looks_as_it_did(project, tmp_path, monkeypatch, code):
    filled = _blank_page(code, project)
    with monkeypatch.context() as patch:
        patch.setattr(blanks, "draw_filler", lambda stream, box: None)
        drawn = _blank_page(code, project)
    assert filled != drawn  # the filler is in the PDF
    assert largest_difference(pdfium_images(drawn), pdfium_images(filled)) == 0
    shown = poppler_images(drawn, tmp_path, "drawn")
    assert largest_difference(shown, poppler_images(filled, tmp_path, "filled")) == 0
