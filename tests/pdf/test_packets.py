"""A packet is its handouts stapled: each part's pages are the standalone handout's pages,
with its own footer and "page X of Y"; the packet has its own title and language, keeps the
PDF/UA structure of every part, and is written from layouts a process already has."""

from __future__ import annotations

import pytest

from tests.pdfs import page_texts, reader, structure_kinds
from tests.plans import html_of, stapled_requests
from vertebro_print.lru import LRU
from vertebro_print.pdf import layout as layout_module
from vertebro_print.pdf import layout as render_module
from vertebro_print.render import render
from vertebro_print.request import Appointment, RenderRequest

PACKET = "packet"
pytestmark = pytest.mark.slow  # lays out and rasterises whole packets


def page_images(pdf: bytes) -> list[bytes]:
    """Each page drawn by pdfium at 36 dpi, as raw pixels: the same drawing, the same bytes
    (text extraction would differ where the packet's merged fonts map glyphs better)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=0.5).to_pil().tobytes() for page in document]


@pytest.fixture
def layouts(monkeypatch):
    """Counts the handouts WeasyPrint lays out (not the pages that hold only a footer, to
    measure it: pdf/footroom.py); starts with an empty layout cache."""
    from vertebro_print.pdf.fonts import weasyprint

    monkeypatch.setattr(layout_module, "_layouts", LRU(layout_module.LAYOUT_CACHE_SIZE))
    made = []
    real = weasyprint.HTML.render

    def counting(self, *args, **kwargs):
        if any("part" in (e.get("class") or "").split() for e in self.etree_element.iter()):
            made.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counting)
    return made


@pytest.mark.parametrize("code", ["en", "ar", "zh_Hans"])
def test_a_packet_is_its_parts_stapled(project, layouts, code):
    request = RenderRequest(PACKET, code, "letter")
    parts = stapled_requests(request, project)
    assert [p.handout for p in parts] == ["about", "prepare", "aftercare"]
    alone = [page_images(render(part, project).pdf) for part in parts]
    assert len(layouts) == 3
    packet = render(request, project)
    assert len(layouts) == 3, "the packet was laid out again"
    assert page_images(packet.pdf) == [image for pages in alone for image in pages]
    assert packet.pages == sum(len(pages) for pages in alone)


def test_the_same_bytes_warm_or_cold(project, layouts):
    request = RenderRequest(PACKET, "es", large_print=True)
    cold = render(request, project).pdf
    render_module.clear_layouts()
    for part in stapled_requests(request, project):
        render(part, project)
    assert render(request, project).pdf == cold


def test_the_packet_keeps_its_title_language_and_tags(project, layouts):
    pdf = render(RenderRequest(PACKET, "ar"), project).pdf
    packet = reader(pdf)
    root = packet.trailer["/Root"]
    assert root["/Lang"] == "ar" and root["/MarkInfo"]["/Marked"]
    assert packet.metadata.title == "رأب الفقرات: ملف معلومات المريض"
    assert "VP-PACKET" in packet.metadata.subject
    assert all("/StructParents" in page for page in packet.pages)
    kinds = structure_kinds(pdf)
    assert kinds["/H1"] == 3 and kinds["/H2"] >= 10


def test_a_personalised_packet_reuses_the_parts_without_the_appointment(project, layouts):
    plain = RenderRequest(PACKET, "en")
    render(plain, project)
    assert len(layouts) == 3
    personal = RenderRequest(
        PACKET, "en", appointment=Appointment(arrive=__import__("datetime").time(7, 30))
    )
    showing = [
        part
        for part in stapled_requests(personal, project)
        if html_of(part, project) != html_of(RenderRequest(part.handout, "en"), project)
    ]
    text = " ".join(page_texts(render(personal, project).pdf))
    assert "7:30" in text
    assert len(layouts) == 3 + len(showing)
