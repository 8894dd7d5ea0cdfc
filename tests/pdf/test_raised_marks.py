"""A run of text with /ActualText whose marks are drawn raised is read once by PDFium, where
it is written (pdf/raisedmarks.py), and glyphs written again land where they were drawn
(pdf/textops.py's Writer)."""

from __future__ import annotations

import re

import pydyf
import pytest

from tests.text_layer import pdfium_pages_text, poppler_pages
from vertebro_print.pdf.raisedmarks import read_once
from vertebro_print.pdf.textops import Glyph, Writer

# Runs ending in "ใช้", whose tone mark starts a little right of the run's end, each followed
# at once by a run of its own (bold, coloured): PDFium read "เพราะการรักษานี้ใช้" again at
# the mark, after the next run ("…ใช้รังสีเพราะการรักษานี้ใช้เอกซ์").
THAI = {
    "<p>เพราะการรักษานี้ใช้<b>รังสี</b>เอกซ์</p>": "เพราะการรักษานี้ใช้รังสีเอกซ์",
    "<p>คุณใช้<span style='color:#a00'>รังสี</span></p>": "คุณใช้รังสี",
}


@pytest.mark.parametrize("extractor", [pdfium_pages_text, poppler_pages])
def test_a_thai_run_ending_in_a_raised_mark_is_read_once(project, extractor):
    from tests.pdf.tall_page import language_page
    from vertebro_print.pdf.layout import write_pdf

    text = "".join(extractor(write_pdf(language_page("th", project, "".join(THAI)))))
    for sentence in THAI.values():
        assert text.count(sentence) == 1, sentence
    assert len(text) == len("".join(THAI.values()))  # nothing read twice


def _glyph(hex_: str, x: float, rise: float = 0.0) -> Glyph:
    return Glyph("F1", 16.0, rise, hex_, x)


def test_raised_glyphs_and_the_last_level_one_are_drawn_after_the_others():
    # "ใช้": ใ, ช, then the tone mark raised over ช.
    glyphs = [_glyph("0001", 0.0), _glyph("0002", 7.0), _glyph("0003", 15.2, -0.9)]
    read, unread = read_once(glyphs)
    assert [g.hex for g in read] == ["0001"]
    assert [g.hex for g in unread] == ["0003", "0002"]  # (poppler ends the run's box at ช)
    assert read_once(glyphs[:2]) == (glyphs[:2], [])  # nothing raised: drawn as it was
    one = [_glyph("0002", 0.0), _glyph("0003", 8.2, -0.9)]  # a run of one letter and its mark
    assert read_once(one) == (one[:1], one[1:])


class _Widths:
    def advance(self, glyph: Glyph) -> float:
        return 0.5 * glyph.size


def test_a_glyph_written_after_a_long_move_lands_where_it_was_drawn():
    """A move back along a long line (a raised mark drawn after the line's level glyphs) was
    written with six significant digits ("-123457"), a glyph's place off by 0.004 pt: Khmer
    headings rasterized differently."""
    stream = pydyf.Stream()
    writer = Writer(stream, _Widths())
    glyphs = [_glyph("0001", 1975.3108642), _glyph("0002", 0.0123456)]
    writer.glyphs(glyphs)
    writer.close()
    (shown,) = re.findall(r"\[(.*)\] TJ", b" ".join(stream.stream).decode())
    pieces = re.findall(r"<([0-9a-f]+)>|(-?[0-9.]+)", shown)
    x, placed = 0.0, []
    for _, move in pieces:
        if move:
            x -= float(move) / 1000 * 16.0
        else:
            placed.append(x)
            x += 0.5 * 16.0
    assert placed == pytest.approx([g.x for g in glyphs], abs=1e-5)
