"""A run of text with /ActualText (actualtext.py) whose marks are drawn raised, as Thai's
vowel and tone marks above a letter are, is read by PDFium once, where it is written.

WeasyPrint draws a raised glyph with a text rise, each a text object of its own. PDFium reads
a line's text objects from left to right by where each starts (CPDF_TextPage::
ProcessTextObject) and reads a run's /ActualText at the first of its objects, passing over
the next ones only while the object before them is of the same run. A mark over a run's last
letter starts a little to the right of the run's end (0.2 pt in "ใช้"), so the run after it
on the line came between the run's objects and the run was read a second time at the mark:
"บอกแพทย์…ใช้ รังสี บอกแพทย์…ใช้ เอกซ์" for "…ใช้รังสีเอกซ์" (Thai prepare handout, the keep-end
span of a safety line making "รังสี" and "เอกซ์" runs of their own).

So such a run's level glyphs but its last are drawn first, where PDFium reads the run's
text, and its raised glyphs and its last level one after them (each where it was: the page
looks the same) inside a /Word span whose replacement text PDFium takes for nothing (UNREAD):
wherever they fall among the line's objects, they add nothing. poppler reads /ActualText only
on a /Span and spreads it from the run's first glyph to its last, as before."""

from __future__ import annotations

from functools import wraps

from weasyprint.draw import text as weasyprint_text
from weasyprint.text.ffi import ffi

from vertebro_print.pdf.actualtext import actual_text
from vertebro_print.pdf.rtltext import right_to_left
from vertebro_print.pdf.talllines import UNREAD
from vertebro_print.pdf.textops import Glyph, Writer, recorded


def read_once(glyphs: list[Glyph]) -> tuple[list[Glyph], list[Glyph]]:
    """A run's glyphs in the order they are drawn: those PDFium reads the run's text at (its
    level glyphs but the last), and those drawn in a span it reads as nothing (the raised
    ones, in their order, then the last level glyph, which poppler ends the run's box at)."""
    level = [g for g in glyphs if not g.rise]
    if len(level) == len(glyphs) or not level:
        return glyphs, []
    read = level[:-1] or level  # (a run of one letter: that letter, with its text)
    return read, [g for g in glyphs if g.rise] + level[len(read) :]


def _raised(textbox) -> bool:
    """Whether Pango places a glyph of the line above or below the baseline (WeasyPrint
    draws each such glyph with a text rise)."""
    line, _ = textbox.pango_layout.get_first_line()
    run = line.runs[0]
    while run != ffi.NULL:
        glyphs = run.data.glyphs
        if any(glyphs.glyphs[i].geometry.y_offset for i in range(glyphs.num_glyphs)):
            return True
        run = run.next
    return False


_draw_first_line = weasyprint_text.draw_first_line


@wraps(_draw_first_line)
def draw_first_line(stream, textbox, *args, **kwargs):
    text = textbox.text
    if right_to_left(text) or actual_text(text) is None or not _raised(textbox):
        return _draw_first_line(stream, textbox, *args, **kwargs)
    emojis, recorder = recorded(stream, _draw_first_line, textbox, *args, **kwargs)
    read, unread = read_once(recorder.glyphs())
    writer = Writer(stream, recorder)
    writer.glyphs(read)
    if unread:
        writer.mark("Word", UNREAD)
        writer.glyphs(unread)
        writer.end_mark()
    writer.close()
    return emojis


if not getattr(_draw_first_line, "_vertebro_raised_marks", False):
    draw_first_line._vertebro_raised_marks = True  # type: ignore[attr-defined]
    weasyprint_text.draw_first_line = draw_first_line
