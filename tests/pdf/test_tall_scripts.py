"""Tall scripts get the line height scripts.toml gives them: on a page of long lines (and the
same lines in a warning box and in table cells, at a cell's own line height where
scripts.toml gives one), no line's marks touch the next line's or the box's or cell's border. Read
from the page as drawn: between two lines' baselines there is a row of pixels without ink,
and the box's top and bottom borders are bands of their own thickness, touched by no text."""

from __future__ import annotations

import pytest
from weasyprint.formatting_structure.boxes import BlockContainerBox, LineBox

from tests.pdf.tall_page import tall_page
from tests.pdfs import page_texts, pdfium_pages
from vertebro_print.i18n.catalogs import discover
from vertebro_print.i18n.languages import configured_scripts, language
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

DPI = 150
PX = DPI / 96  # image pixels per CSS pixel


def ink_components(pdf: bytes) -> list[tuple[int, int]]:
    """The first and last pixel row of each connected piece of ink on page 1 (darker than the
    box's pale background), looked at between 20% and 80% of the width: the box's side
    borders stay out, so its top and bottom borders are pieces of their own."""
    with pdfium_pages(pdf) as pages:
        image = pages[0].render(scale=DPI / 72, grayscale=True).to_pil()
    width, height = image.size
    pixels = image.load()
    parent: dict[int, int] = {}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    spans: dict[int, list[int]] = {}
    previous: list[tuple[int, int, int]] = []  # (first x, last x, id) of the row above
    for y in range(height):
        runs, x = [], width // 5
        while x < width * 4 // 5:
            if pixels[x, y] < 160:
                start = x
                while x < width * 4 // 5 and pixels[x, y] < 160:
                    x += 1
                runs.append((start, x - 1, len(parent)))
                parent[len(parent)] = len(parent)
                spans[runs[-1][2]] = [y, y]
            x += 1
        for a, b, n in runs:
            for c, d, m in previous:  # touching, diagonals included
                if c <= b + 1 and a <= d + 1:
                    parent[root(n)] = root(m)
        previous = runs
    merged: dict[int, list[int]] = {}
    for n, (top, bottom) in spans.items():
        r = merged.setdefault(root(n), [top, bottom])
        r[0], r[1] = min(r[0], top), max(r[1], bottom)
    return [tuple(r) for r in merged.values()]


def baselines(document) -> list[float]:
    """Each text line's baseline on page 1, in image pixel rows."""
    found = []
    for box in document.pages[0]._page_box.descendants():
        if isinstance(box, LineBox) and box.children:
            found.append((box.position_y + box.baseline) * PX)
    return sorted(found)


def border_rows(document) -> list[float]:
    """The middle pixel row of the top and of the bottom border of the warning box and of
    each table cell on page 1."""
    rows = []
    for box in document.pages[0]._page_box.descendants():
        if not isinstance(box, BlockContainerBox) or box.element is None:
            continue
        if "warning-box" in box.element.get("class", "") or box.element_tag == "td":
            top = box.position_y + box.margin_top
            bottom = top + box.border_height()
            rows += [
                (top + box.border_top_width / 2) * PX,
                (bottom - box.border_bottom_width / 2) * PX,
            ]
    assert len(rows) == 6, "the test page has a warning box and a table of two cells"
    return rows


def _tall_languages() -> list[str]:
    # Each language with a line height of its own, and one language per tall script.
    codes = []
    for script in configured_scripts().values():
        codes += [code for code, own in script.by_language if own.line_height]
    return [*codes, "my"]


@pytest.mark.parametrize("code", _tall_languages())
def test_tall_lines_never_touch(project, code):
    assert language(code).script.line_height, f"{code} has no line height of its own"
    document = tall_page(code, project)
    lines = baselines(document)
    assert len(lines) > 8  # a paragraph and a box of several lines each
    # A piece of ink that reaches from one line's baseline to another's joins two lines'
    # marks; one that reaches from a baseline to the box's border joins text and border.
    joined = [
        (top, bottom)
        for top, bottom in ink_components(document.write_pdf())
        if sum(top <= row <= bottom for row in lines + border_rows(document)) > 1
    ]
    assert not joined, f"ink that joins two lines, or a line and a border (rows {joined})"


@pytest.mark.slow  # two full renders of the about handout
@pytest.mark.parametrize(
    ("paper", "large_print", "with_lang"), [("a4", False, None), ("letter", True, "en")]
)
def test_a_tall_scripts_footer_stays_on_the_page(project, paper, large_print, with_lang):
    """The footer's lines take the tall script's line height too, so Burmese's is the
    tallest footer (five lines at 1.8; with the template's margin alone its page line was
    drawn 7 pt below the edge of A4, 77 pt in large print beside English): the measured room
    (pdf/footroom.py) must hold it above the paper's edge."""
    from tests.pdfs import glyphs
    from vertebro_print.render import render
    from vertebro_print.request import RenderRequest

    result = render(RenderRequest("about", "my", paper, large_print, with_lang), project)
    for page in range(result.pages):
        # PDF's y grows upwards from the page's bottom edge; a descender reaches about a
        # third of the size below the baseline.
        lowest = min(g.y - g.size_pt / 3 for g in glyphs(result.pdf, page))
        assert lowest > 0, f"page {page + 1}: text drawn {-lowest:.0f} pt below the page"


def _shipped_tall_languages() -> list[str]:
    shipped = set(discover(Project(Settings()).locales_dir))
    return [code for code in _tall_languages() if code in shipped]


@pytest.mark.parametrize("code", _shipped_tall_languages())
def test_a_tall_scripts_footer_is_whole_on_every_page(project, code):
    """The footer's room grows with the footer (pdf/footroom.py): in large print beside
    English, the tallest footer, neither the English disclaimer's end nor the page line is
    cut off at the page's edge (Urdu lost both at the template's room)."""
    request = RenderRequest("aftercare", code, "letter", large_print=True, with_lang="en")
    texts = [" ".join(t.split()) for t in page_texts(render(request, project).pdf)]
    assert len(texts) > 1
    for number, text in enumerate(texts, 1):
        assert "right away." in text and "VP-AFTER" in text, f"page {number}: {text[-200:]}"
