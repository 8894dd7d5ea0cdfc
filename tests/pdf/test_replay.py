"""A page painted once is painted again from its recording (vertebro_print.pdf.replay), and
the PDF is byte for byte the one painting it afresh gives: in a packet written after its
parts, in a part written after its packet, with the appointment or without, and in every
script's own way of giving glyphs their text."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest
from weasyprint import document as weasyprint_document
from weasyprint.pdf.fonts import Font

from vertebro_print.pdf import replay
from vertebro_print.pdf.fonts import weasyprint
from vertebro_print.pdf.layout import clear_layouts, write_pdf
from vertebro_print.render import render
from vertebro_print.request import Appointment, RenderRequest

pytestmark = pytest.mark.slow  # renders every part and packet of a language, twice
PARTS = ("about", "prepare", "aftercare")


@pytest.fixture
def replays(monkeypatch) -> list[object]:
    """The pages replayed from here on, on an empty layout cache."""
    clear_layouts()
    replayed: list[object] = []
    real = replay.Painting.replay

    def counted(painting, stream):
        replayed.append(painting)
        return real(painting, stream)

    monkeypatch.setattr(replay.Painting, "replay", counted)
    yield replayed
    clear_layouts()


def painted_afresh(monkeypatch, render_them):
    """What `render_them()` gives with every page painted afresh, as before replay.py."""
    with monkeypatch.context() as patch:
        patch.setattr(weasyprint_document.Page, "paint", replay._paint)
        patch.setattr(replay.Stream, "add_image", replay._add_image_to_stream)
        patch.setattr(replay.Stream, "add_group", replay._add_group_to_stream)
        clear_layouts()
        try:
            return render_them()
        finally:
            clear_layouts()


# Latin, Arabic (rtltext.py turns glyph texts around), Nastaliq (the draw hooks read glyph
# texts across the document), Devanagari (one glyph for several texts) and CJK.
@pytest.mark.parametrize("code", ["en", "ar", "ur", "hi", "ja"])
def test_a_packet_after_its_parts_is_the_packet_painted_afresh(project, replays, monkeypatch, code):
    requests = [RenderRequest(h, code, "letter", True) for h in (*PARTS, "packet")]

    def in_build_order():
        return [render(request, project).pdf for request in requests]

    replayed = in_build_order()
    assert replays, "no page was replayed"
    assert replayed == painted_afresh(monkeypatch, in_build_order)


@pytest.mark.parametrize("code", ["es", "hi", "ur"])
def test_a_part_after_its_packet_is_the_part_painted_afresh(project, replays, monkeypatch, code):
    """Its pages were first painted into the packet, after other parts' pages: a glyph's
    text there may be another part's, and such a page is painted afresh."""
    appointment = Appointment(dt.date.today() + dt.timedelta(days=3), dt.time(7, 30))
    requests = [
        RenderRequest("packet", code, "a4"),
        *(RenderRequest(h, code, "a4") for h in PARTS),
        RenderRequest("packet", code, "a4", appointment=appointment),
        RenderRequest("prepare", code, "a4", appointment=appointment),
    ]

    def packet_first():
        return [render(request, project).pdf for request in requests]

    replayed = packet_first()
    assert replays
    assert replayed == painted_afresh(monkeypatch, packet_first)


IMAGES = Path(__file__).resolve().parents[2] / "handouts" / "images"
# Three pages of list items with the handouts' bullet picture (a PNG) and a pictogram (an
# SVG) as backgrounds, every other item half transparent.
BULLETS = '<html lang="en"><body><ul style="list-style: none">{}</ul></body></html>'.format(
    "".join(
        f'<li style="background: url({"list-bullet.png" if i % 2 else "phone.svg"}) no-repeat;'
        f" background-size: 8px; opacity: {0.5 if i % 2 else 1};"
        f' page-break-after: {"always" if i % 3 == 2 else "auto"}">item {i}</li>'
        for i in range(7)
    )
)


def written_twice(html: str) -> tuple[list[bytes], list[object]]:
    """A document written twice, and its pages' recordings."""
    document = weasyprint.HTML(string=html, base_url=IMAGES.as_uri() + "/").render(
        pdf_variant="pdf/ua-1"
    )
    pdfs = [write_pdf(document), write_pdf(document)]
    return pdfs, [getattr(page, replay._PAINTING, None) for page in document.pages]


def test_groups_and_their_images_take_the_names_the_document_gives_them(replays, monkeypatch):
    """Background images and CSS opacity are drawn in groups named by a count of the
    document's objects: replayed, each takes the name painting would give it."""
    pdfs, paintings = written_twice(BULLETS)
    assert all(isinstance(p, replay.Painting) for p in paintings) and len(paintings) == 3
    assert len(replays) == 3
    assert any(p.images for p in paintings), "no raster image was drawn"
    assert pdfs[0] == pdfs[1]
    assert all(p.group_uses for p in paintings)
    afresh = painted_afresh(monkeypatch, lambda: written_twice(BULLETS)[0])
    assert pdfs == afresh


def test_a_page_with_a_gradient_is_painted_afresh_every_time(replays):
    """A gradient is a shading, named by a count of the document's: never recorded."""
    html = (
        '<html lang="en"><body><p style="background: linear-gradient(red, blue)">a</p>'
        '<p style="page-break-before: always">b</p></body></html>'
    )
    pdfs, paintings = written_twice(html)
    assert paintings[0] == replay._ALWAYS_AFRESH
    assert isinstance(paintings[1], replay.Painting)
    assert len(replays) == 1  # the second page, at the second writing
    assert pdfs[0] == pdfs[1]


def test_no_font_keeps_its_whole_file_once_written(project, replays):
    """A font is cut to its subset when its document is written; what replay.py keeps (and
    what WeasyPrint keeps of a page: an SVG keeps the last stream it drew into, with its
    fonts) must not keep a whole face's file. A Japanese face is 20 MB."""
    for handout in (*PARTS, "packet"):
        render(RenderRequest(handout, "ja", "a4"), project)
    gc.collect()
    kept = [font for font in gc.get_objects() if isinstance(font, Font)]
    assert kept, "no font to look at"
    assert max(len(font.file_content) for font in kept) < 2_000_000
