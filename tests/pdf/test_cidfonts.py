"""CJK fonts re-subset without their empty glyph slots (vertebro_print.pdf.cidfonts): the PDF
shrinks to a fraction, and every code on the page still draws the glyph it drew before."""

from __future__ import annotations

import io

import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from tests.pdfs import (
    cid_fonts,
    embedded_font_sources,
    largest_difference,
    pdfium_images,
    poppler_images,
)
from vertebro_print.pdf import cidfonts
from vertebro_print.render import render
from vertebro_print.request import RenderRequest


@pytest.fixture(scope="module")
def traditional_chinese(project) -> tuple[bytes, bytes]:
    """aftercare in zh_Hant: (as rendered, as WeasyPrint alone wrote it)."""
    request = RenderRequest("aftercare", "zh_Hant", "a4", False)
    compacted = render(request, project).pdf
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cidfonts, "compact_cid_fonts", lambda document, pdf: None)
        original = render(request, project).pdf
    return compacted, original


def _cff_fonts(pdf: bytes) -> dict[str, tuple[set[int], object]]:
    """The bare CFF (CIDFontType0C) fonts of a PDF: name -> (used CIDs, parsed top dict)."""
    fonts = {}
    for name, (cids, descriptor) in cid_fonts(pdf).items():
        stream = descriptor.get("/FontFile3")
        if stream is not None and stream.get_object()["/Subtype"] == "/CIDFontType0C":
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(stream.get_object().get_data()), None)
            fonts[name] = (cids, cff.topDictIndex[0])
    return fonts


def test_cjk_pdf_is_a_fraction_of_the_size(traditional_chinese):
    compacted, original = traditional_chinese
    assert len(compacted) < len(original) * 0.5, (len(compacted), len(original))


def test_cjk_fonts_keep_only_the_used_glyphs(traditional_chinese):
    compacted, _ = traditional_chinese
    fonts = _cff_fonts(compacted)
    assert {name.split("+")[1] for name in fonts} == {"Noto-Sans-CJK-TC", "Noto-Sans-CJK-TC-Bold"}
    for cids, top in fonts.values():
        assert top.ROS == ("Adobe", "Identity", 0)
        assert sorted(top.charset) == sorted([".notdef"] + [f"cid{c:05d}" for c in cids - {0}])


def test_every_cid_draws_its_own_glyph_from_the_installed_font(traditional_chinese):
    """The outline behind each CID in the PDF is the outline of that glyph ID in the font
    file it was cut from: nothing was renumbered."""
    compacted, _ = traditional_chinese
    sources = embedded_font_sources(compacted)
    for name, (cids, top) in _cff_fonts(compacted).items():
        path, index = sources[name]
        with TTFont(path, fontNumber=index, lazy=True) as installed:
            order, glyphs = installed.getGlyphOrder(), installed.getGlyphSet()
            for cid in sorted(cids - {0}):
                in_pdf, in_font = RecordingPen(), RecordingPen()
                top.CharStrings[f"cid{cid:05d}"].draw(in_pdf)
                glyphs[order[cid]].draw(in_font)
                assert in_pdf.value == in_font.value, (name, cid)


def test_pages_look_the_same_in_poppler_and_pdfium(traditional_chinese, tmp_path):
    compacted, original = traditional_chinese
    assert (
        largest_difference(
            poppler_images(original, tmp_path, "original"),
            poppler_images(compacted, tmp_path, "compacted"),
        )
        == 0
    )
    # pdfium anti-aliases a bare CFF font a shade differently (seen: up to 33 of 255);
    # a glyph swapped for another differs by nearly the full range.
    assert largest_difference(pdfium_images(original), pdfium_images(compacted)) < 80


def test_fonts_without_cids_are_left_alone(project):
    request = RenderRequest("about", "ar", "letter", False)
    compacted = render(request, project).pdf
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cidfonts, "compact_cid_fonts", lambda document, pdf: None)
        assert render(request, project).pdf == compacted
