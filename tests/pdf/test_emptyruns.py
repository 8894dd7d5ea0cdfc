"""Runs of nothing but zero-width spaces (the breaks pdf/linebreak.py places between two
no-wrap units) are laid out but not drawn (vertebro_print.pdf.emptyruns): the PDF has no
text object without a glyph, and its pages, text and tag tree are the ones drawing them gave."""

from __future__ import annotations

import re

import pytest
from weasyprint import draw as weasyprint_draw

from tests.pdfs import (
    largest_difference,
    page_texts,
    poppler_images,
    poppler_pages,
    reader,
    structure_kinds,
)
from vertebro_print.pdf import emptyruns
from vertebro_print.pdf.layout import clear_layouts
from vertebro_print.render import render
from vertebro_print.request import RenderRequest

# A text object that shows no glyph: "[<>0.0] TJ".
_EMPTY_TEXT = re.compile(rb"\[\s*<>\s*-?[\d.]*\s*\]\s*TJ")


@pytest.fixture(scope="module")
def japanese(project) -> tuple[bytes, bytes]:
    """about in Japanese (a break between two phrases in its comparison table's cells, the
    status notice and the masthead: linebreak.toml's shrink-to-fit): (as rendered, with every
    run drawn as WeasyPrint draws it)."""
    request = RenderRequest("about", "ja", "a4", False)
    rendered = render(request, project).pdf
    # Laid out and painted again: a page painted before is replayed (pdf/replay.py).
    clear_layouts()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint_draw, "draw_text", emptyruns._draw_text)
        drawn = render(request, project).pdf
    clear_layouts()
    return rendered, drawn


def _empty_text_objects(pdf: bytes) -> int:
    return sum(
        len(_EMPTY_TEXT.findall(page.get_contents().get_data())) for page in reader(pdf).pages
    )


def test_no_text_object_without_a_glyph(japanese):
    rendered, drawn = japanese
    assert _empty_text_objects(drawn) > 10  # what the test looks for is there to find
    assert _empty_text_objects(rendered) == 0


def test_pages_look_the_same(japanese, tmp_path):
    rendered, drawn = japanese
    assert (
        largest_difference(
            poppler_images(drawn, tmp_path, "drawn"), poppler_images(rendered, tmp_path, "rendered")
        )
        == 0
    )


def test_text_and_tags_are_the_same(japanese):
    rendered, drawn = japanese
    assert page_texts(rendered) == page_texts(drawn)
    assert poppler_pages(rendered) == poppler_pages(drawn)
    assert structure_kinds(rendered) == structure_kinds(drawn)


def test_a_decorated_run_is_drawn():
    class Run:
        style = {"text_decoration_line": {"underline"}}
        text = "\u200b"

    assert emptyruns.draws_nothing(Run()) is False
    Run.style = {"text_decoration_line": "none"}
    assert emptyruns.draws_nothing(Run()) is True
    Run.text = "\u200b\u65e5"
    assert emptyruns.draws_nothing(Run()) is False
