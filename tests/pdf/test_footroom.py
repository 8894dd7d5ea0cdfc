"""The running footer is never cut off at the paper's edge: where a language's disclaimer
takes more lines than the template's bottom margin holds, the handout is laid out again with
the margin it needs (vertebro_print/pdf/footroom.py). Read from the PDF itself: the lowest
word each page prints, as poppler places it."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.plans import html_of
from vertebro_print.pdf import footroom
from vertebro_print.render import render
from vertebro_print.request import RenderRequest

PT_PER_MM = 72 / 25.4
UNPRINTED_EDGE_MM = 5  # most office printers leave this strip at the paper's edge blank


def room_below_text(pdf: bytes, tmp_path) -> list[float]:
    """Each page's distance from its lowest word to the paper's bottom edge, in mm."""
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    rooms = []
    for page in re.findall(r"<page [^>]*>.*?</page>", html, re.S):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', page))
        rooms.append((height - lowest) / PT_PER_MM)
    return rooms


@pytest.mark.parametrize(
    "request_",
    [
        # Four lines of 16 pt disclaimer, on the shorter page: 7 mm past the edge before.
        RenderRequest("aftercare", "tl", "letter", large_print=True),
        # Russian and Spanish large print ended 0.3 mm past it; Spanish with English under it.
        RenderRequest("about", "ru", "a4", large_print=True),
        RenderRequest("prepare", "es", "letter", large_print=True, with_lang="en"),
        RenderRequest("about", "tl", "a4"),
    ],
    ids=lambda r: r.describe(),
)
def test_the_footer_ends_above_the_unprinted_edge(project, tmp_path, request_):
    rooms = room_below_text(render(request_, project).pdf, tmp_path)
    assert min(rooms) >= UNPRINTED_EDGE_MM, rooms


def test_a_footer_that_fits_keeps_the_templates_margin(project, tmp_path):
    # English large print has 13 mm under its footer: the template's margin, nothing learnt.
    footroom.forget()
    request = RenderRequest("about", "en", large_print=True)
    rooms = room_below_text(render(request, project).pdf, tmp_path)
    assert min(rooms) > 12
    assert footroom.guess(footroom.signature(html_of(request, project))) is None


def test_the_margin_does_not_depend_on_what_was_laid_out_before(project, tmp_path):
    """A margin learnt from one handout is only a first try for the next: each prints with
    the margin its own footer needs, whatever came before it in the process."""
    first = RenderRequest("about", "tl", "letter", large_print=True)
    then = RenderRequest("aftercare", "tl", "letter", large_print=True)
    footroom.forget()
    alone = words(render(then, project).pdf, tmp_path)
    footroom.forget()
    render(first, project)
    assert words(render(then, project).pdf, tmp_path) == alone


def words(pdf: bytes, tmp_path) -> str:
    """The PDF's words with their boxes, as poppler places them."""
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
