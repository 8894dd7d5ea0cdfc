"""One line's text operators as WeasyPrint writes them, read back into glyphs with their
places, and glyphs written again where they were (rtlwords.py puts them in spans,
talllines.py draws text layers with them). WeasyPrint has no hook between shaping a line and
writing its glyph strings, so the stream's text operators are stood in for while it draws."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pydyf
from weasyprint.pdf.stream import Stream
from weasyprint.text.ffi import ffi, pango

# A glyph string WeasyPrint writes for TJ: glyph ids in hex between <>, moves between them.
_PIECE = re.compile(r"<([0-9a-fA-F]*)>|(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)")

# The stream's methods a Recorder stands in for.
TEXT_OPERATORS = ("add_font", "set_font_size", "set_text_matrix", "set_text_rise", "show_text")


@dataclass(frozen=True)
class Glyph:
    font: str  # the font's resource name
    size: float
    rise: float
    hex: str
    x: float  # where it is drawn along the line, in text space


class Recorder:
    """Stands in for the stream's text operators while WeasyPrint draws one line, and keeps
    what it writes: each glyph and move with the font and rise it was written with."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.pieces: list[tuple[str, float, float, str, float]] = []
        self.fonts: dict[str, object] = {}
        self.pango_fonts: dict[str, object] = {}
        self.font, self.size, self.rise = "", 0.0, 0.0
        self.matrix: tuple = ()

    def set_text_matrix(self, *values) -> None:
        self.matrix = values
        Stream.set_text_matrix(self.stream, *values)

    def add_font(self, pango_font):
        font, size = Stream.add_font(self.stream, pango_font)
        self.fonts[font.hash] = font
        self.pango_fonts[font.hash] = pango_font
        return font, size

    def set_font_size(self, font: str, size: float) -> None:
        self.font, self.size = font, size

    def set_text_rise(self, rise: float) -> None:
        self.rise = rise

    def show_text(self, string: str) -> None:
        width = 2 if self.fonts[self.font].bitmap else 4
        for hexes, move in _PIECE.findall(string):
            if move:
                self.pieces.append((self.font, self.size, self.rise, "", float(move)))
            for i in range(0, len(hexes), width):
                self.pieces.append((self.font, self.size, self.rise, hexes[i : i + width], 0))

    def glyphs(self) -> list[Glyph]:
        """The glyphs with their places (read once the line is drawn: WeasyPrint learns a
        raised glyph's width after writing it)."""
        glyphs, x = [], 0.0
        for font, size, rise, glyph, move in self.pieces:
            if not glyph:
                x -= move / 1000 * size
                continue
            glyphs.append(Glyph(font, size, rise, glyph, x))
            x += self.advance(glyphs[-1])
        return glyphs

    def advance(self, glyph: Glyph) -> float:
        return self.fonts[glyph.font].widths[int(glyph.hex, 16)] / 1000 * glyph.size

    def text(self, glyph: Glyph) -> str:
        """The glyph's text in the font's ToUnicode map ("" for none)."""
        return self.fonts[glyph.font].to_unicode.get(int(glyph.hex, 16), "")

    def read_as(self, glyph: Glyph) -> str:
        """The character PDFium takes the glyph for when it decides which way a piece of text
        reads (CPDF_TextPage's IsRightToLeft): its text's first, or for a glyph without text
        the character of its number (in Nastaliq, mostly a Latin or Greek letter)."""
        return (self.text(glyph) or chr(int(glyph.hex, 16)))[0]

    def inked(self, glyph: Glyph) -> bool:
        """Whether the glyph has an outline: PDFium passes over a piece of text whose glyphs
        have none (its box is narrower than 0.01), as Nastaliq's joining glyphs are."""
        ink = ffi.new("PangoRectangle *")
        pango.pango_font_get_glyph_extents(
            self.pango_fonts[glyph.font], int(glyph.hex, 16), ink, ffi.NULL
        )
        return ink.width > 0


def recorded(stream, draw, *args, **kwargs) -> tuple[object, Recorder]:
    """What `draw(stream, *args, **kwargs)` returns, and a Recorder of the text operators it
    wrote (kept, not written: the caller writes the glyphs again)."""
    recorder = Recorder(stream)
    for name in TEXT_OPERATORS:
        setattr(stream, name, getattr(recorder, name))
    try:
        return draw(stream, *args, **kwargs), recorder
    finally:
        for name in TEXT_OPERATORS:
            delattr(stream, name)


def baseline_first(glyphs: list[Glyph]) -> list[Glyph]:
    """A word's glyphs in drawing order: those on the baseline from left to right, the raised
    ones among them before the rightmost (PDFium takes the word's text at its leftmost piece,
    poppler takes the word's box from its first glyph to its last)."""
    level = [g for g in glyphs if not g.rise]
    raised = [g for g in glyphs if g.rise]
    return level[:-1] + raised + level[-1:] if level else raised


class Writer:
    """Writes glyphs back with the text operators, each where it was, words in marked spans.
    What a word or a run outside the words draws, and which texts its spans carry, are
    the methods a text layer (talllines.py) gives otherwise."""

    def __init__(self, stream, recorder: Recorder) -> None:
        self.stream, self.recorder = stream, recorder
        self.key: tuple | None = None
        self.rise, self.x, self.string = 0.0, 0.0, ""

    def unspanned(self, glyphs: list[Glyph]) -> list[Glyph]:
        """What a run outside the words' spans draws (spaces, plain digits)."""
        return glyphs

    def word(self, glyphs: list[Glyph]) -> list[Glyph]:
        """What a word in its spans draws, in drawing order."""
        return baseline_first(glyphs)

    def texts(self, poppler: str, pdfium: str) -> tuple[str, str]:
        """The replacement texts of a word's /Span (poppler's) and /Word (PDFium's)."""
        return poppler, pdfium

    def glyphs(self, glyphs: list[Glyph]) -> None:
        for glyph in glyphs:
            if (glyph.font, glyph.size) != self.key or glyph.rise != self.rise:
                self.flush()
                self.stream.set_font_size(glyph.font, glyph.size)
                if glyph.rise != self.rise:
                    self.stream.set_text_rise(glyph.rise)
                self.key, self.rise = (glyph.font, glyph.size), glyph.rise
            move = round((self.x - glyph.x) * 1000 / glyph.size, 3)
            if move:
                self.string += f"{move}"
                self.x -= move / 1000 * glyph.size
            self.string += f"<{glyph.hex}>"
            self.x += self.recorder.advance(glyph)

    def flush(self) -> None:
        if self.string:
            Stream.show_text(self.stream, self.string)
            self.string = ""

    def mark(self, tag: str, text: str) -> None:
        self.flush()
        properties = pydyf.Dictionary({"ActualText": pydyf.String(text)})
        pydyf.Stream.begin_marked_content(self.stream, tag, properties)

    def end_mark(self) -> None:
        self.flush()
        pydyf.Stream.end_marked_content(self.stream)

    def close(self) -> None:
        self.flush()
        if self.rise:
            self.stream.set_text_rise(0)
