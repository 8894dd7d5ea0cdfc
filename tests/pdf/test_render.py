"""The English handouts as PDFs: paper, footer on every page, large print, metadata,
tagging, determinism, and the URL fetcher's refusals."""

from __future__ import annotations

import re

import pytest
from pypdf.generic import NameObject

from tests.conftest import HANDOUT_IDS, RESOURCES
from tests.pdfs import body_size_pt, page_texts, reader, smallest_size_pt, structure_kinds
from tests.plans import html_of, pages_of
from vertebro_print.errors import RenderError
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import Appointment, RenderRequest
from vertebro_print.settings import load_settings

HANDOUTS = HANDOUT_IDS
PAPER_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
PX_PER_MM = 96 / 25.4


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def rendered(shipped_render):
    def get(handout="aftercare", paper="a4", large_print=False):
        return shipped_render(RenderRequest(handout, "en", paper, large_print))

    return get


@pytest.mark.slow  # 16 full renders: in `make test`
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("handout", HANDOUTS)
def test_every_page_has_size_and_footer(rendered, page_footers, handout, paper, large_print):
    result = rendered(handout, paper, large_print)
    pdf = reader(result.pdf)
    assert len(pdf.pages) == result.pages >= 1
    texts = page_texts(result.pdf)
    footers = page_footers(RenderRequest(handout, "en", paper, large_print))
    for page, text, (code, number, pages) in zip(pdf.pages, texts, footers, strict=True):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(PAPER_POINTS[paper], abs=0.5)
        flat = squash(text)
        assert "This handout is general information." in flat
        assert "not for making decisions about your care" in flat
        assert f"Page {number} of {pages}" in flat
        assert code in flat
        # No clinical sign-off is recorded for the shipped content: the date it was written.
        assert "Version 1.0" in flat and "Written Dec 7, 2026" in flat
        assert "reviewed" not in flat.lower()
        assert re.search(r"·\s*en\s*·", flat)


def test_page_one_has_clinic_blanks_without_settings(rendered):
    first = squash(page_texts(rendered("aftercare").pdf)[0])
    assert "Clinic:" in first and "Phone:" in first
    first = squash(page_texts(rendered("prepare").pdf)[0])
    assert "Your appointment" in first and "Date:" in first


def test_page_one_has_clinic_details_from_settings(clinic_project):
    result = render(RenderRequest("about", "en", "letter"), clinic_project)
    texts = page_texts(result.pdf)
    assert "Riverside Spine Clinic" in texts[0] and "+1 555-0100" in texts[0]
    assert all("Riverside Spine Clinic" not in t for t in texts[1:])
    assert all("Version 2.3" in squash(t) for t in texts)


def test_appointment_details_in_locale_format(project):
    appointment = Appointment(
        __import__("datetime").date(2026, 12, 3),
        __import__("datetime").time(7, 30),
        __import__("datetime").time(0, 0),
    )
    result = render(RenderRequest("prepare", "en", appointment=appointment), project)
    first = squash(page_texts(result.pdf)[0])
    assert "Thursday, December 3, 2026" in first
    assert "7:30" in first and "AM" in first


def test_warning_signs_with_emergency_number(clinic_project):
    text = squash(" ".join(page_texts(render(RenderRequest("aftercare"), clinic_project).pdf)))
    assert "Call your doctor right away if you have any of these signs" in text
    assert "In an emergency, call 911 right away." in text
    assert "+1 555-0100" in text


@pytest.mark.parametrize("handout", HANDOUTS)
def test_print_sizes(rendered, handout):
    assert body_size_pt(rendered(handout).pdf) >= 12
    assert body_size_pt(rendered(handout, large_print=True).pdf) >= 18
    assert smallest_size_pt(rendered(handout).pdf) >= 9
    assert smallest_size_pt(rendered(handout, large_print=True).pdf) >= 9


def test_metadata_language_and_tagging(rendered, clinic_project):
    pdf = reader(render(RenderRequest("aftercare", "en", "a4"), clinic_project).pdf)
    meta = pdf.metadata
    assert meta.title == "After your vertebroplasty: care at home"
    assert meta.author == "Riverside Spine Clinic"
    assert "VP-AFTER" in meta.subject
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert NameObject("/StructTreeRoot") in root
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()


def test_fonts_embedded_and_subset(rendered):
    page = reader(rendered("aftercare").pdf).pages[0]
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        assert re.match(r"/[A-Z]{6}\+", str(font["/BaseFont"])), font["/BaseFont"]
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_same_inputs_same_bytes(project):
    request = RenderRequest("about", "en", "letter", True)
    assert render(request, project).pdf == render(request, project).pdf


def test_html_is_autoescaped(project):
    from vertebro_print.project import Project
    from vertebro_print.settings import Settings

    hostile = Project(Settings(clinic_name="<script>alert(1)</script>", clinic_phone="<b>1</b>"))
    html = html_of(RenderRequest("about"), hostile)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;1&lt;/b&gt;" in html


def test_undefined_variables_are_errors(tmp_path, project):
    import shutil

    from vertebro_print.project import Project
    from vertebro_print.settings import Settings

    handouts = tmp_path / "handouts"
    shutil.copytree(project.handouts_dir, handouts)
    part = handouts / "parts" / "about.html.j2"
    part.write_text(part.read_text() + "{{ no_such_variable }}")
    with pytest.raises(RenderError, match="no_such_variable"):
        html_of(RenderRequest("about"), Project(Settings(handouts_dir=handouts)))


def test_the_cycle_collector_is_held_off_only_while_weasyprint_works(project, monkeypatch):
    """Paused during layout (a render's garbage is mostly freed by reference counting) and
    always running again afterwards, after a failed render too: a server process that kept it
    off would never free a cycle."""
    import gc

    from vertebro_print.pdf.fonts import weasyprint
    from vertebro_print.pdf.layout import clear_layouts

    real_render = weasyprint.HTML.render
    seen, trip = [], []

    def watched(self, *args, **kwargs):
        seen.append(gc.isenabled())
        if trip:
            raise ValueError("tripped")
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", watched)
    clear_layouts()
    render(RenderRequest("prepare", "es"), project)
    assert gc.isenabled()
    clear_layouts()
    trip.append(True)
    with pytest.raises(RenderError, match="tripped"):
        render(RenderRequest("prepare", "es"), project)
    assert gc.isenabled() and seen and not any(seen)


@pytest.mark.parametrize(("code", "end"), [("en", "right"), ("ar", "left")])
def test_the_logo_is_decoration_at_the_end_of_the_header(code, end):
    """Beside the clinic's name on page 1, at the end of the line (mirrored in right-to-left
    text). A background, so the tagged PDF has no figure without a description: as an <img>
    it was one, and WeasyPrint logged an error on every render (any warning fails a test)."""
    project = Project(load_settings(RESOURCES / "settings" / "with-logo.toml"))
    request = RenderRequest("prepare", code)
    page_one = pages_of(request, project)[0]._page_box

    def element(css_class: str):
        found = []
        stack = [page_one]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if box.element_tag in ("div", "header") and element is not None:
                found += [box] if css_class in (element.get("class") or "").split() else []
            stack.extend(getattr(box, "children", ()))
        (box,) = found
        return box

    masthead, logo = element("masthead"), element("logo")
    (layer,) = [layer for layer in logo.background.layers if layer.image]
    left = layer.positioning_area[0] + layer.position[0]
    right = left + layer.size[0]
    start = masthead.content_box_x()
    stop = start + masthead.width
    assert abs(right - stop if end == "right" else left - start) < 1, (left, right, start, stop)
    assert layer.size[0] > 40 * PX_PER_MM  # the 120 x 40 drawing fills its 45 x 16 mm box

    kinds = structure_kinds(render(request, project).pdf)
    assert "/Figure" not in kinds and kinds["/H1"] == 1
