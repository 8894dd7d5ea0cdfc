"""A right-to-left line taller than 1.5 font sizes (Urdu in Nastaliq, 2.3) is split by both
extractors: poppler makes each such line a block of its own and reads blocks beside lists out
of order, and PDFium ends lines inside words whose glyphs sit at many heights. Such a line
gets a text layer for each extractor, drawn invisibly (Tr 3) on the baseline where its glyphs
are, each layer hidden from the other extractor by a replacement text it drops (UNREAD);
poppler's is set in a font large enough for its 1.5-font-size test, narrowed to the same room
(Tz), and in a table cell narrowed about the cell's middle (PopplerLayer). The glyphs as they
show follow, in a span neither reads: the page is pixel-identical.
rtlwords.py writes the words of each layer; the layers say what they draw and carry."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from itertools import groupby

from vertebro_print.pdf.textops import Glyph, Recorder, Writer

# poppler's maxLineSpacingDelta (TextOutputDev.cc): it takes two lines into one block only
# while their baselines are at most this many font sizes apart. The layer keeps its lines
# LAYER_LINE_SPACING apart, a margin for lines a little taller than their line height.
POPPLER_LINE_SPACING = 1.5
LAYER_LINE_SPACING = 1.4

# Replacement text neither extractor reads: poppler drops a null character, PDFium a text
# with nothing printable in it.
UNREAD = "\0"


def text_layer_scale(pitch: float, font_size: float) -> float:
    """How much larger than its glyphs a line's text layer is set, for lines `pitch` apart
    (1: the line is drawn as it is). A taller line than poppler takes into a block (Nastaliq's
    2.3) was a block of its own, read out of order beside lists and indents; Arabic and
    Persian (1.45) keep their text as drawn."""
    ratio = pitch / font_size
    return 1.0 if ratio <= POPPLER_LINE_SPACING else ratio / LAYER_LINE_SPACING


class _Layer(Writer):
    """Writes glyphs invisibly, on the baseline, in a font `scale` times their size whose
    glyphs are narrowed as much (Tz), so they take the room they took (`narrowed` times it)."""

    def __init__(self, stream, recorder: Recorder, scale: float, narrowed: float = 1.0) -> None:
        super().__init__(stream, recorder)
        self.scale, self.narrowed = scale, narrowed
        self.stream.set_text_rendering(3)
        self.stream.stream.append(f"{100 * narrowed / scale:g} Tz".encode())

    def placed(self, glyphs: list[Glyph]) -> list[Glyph]:
        k, n = self.scale, self.narrowed
        return [Glyph(g.font, g.size * k, 0.0, g.hex, g.x * k / n) for g in glyphs]

    def close(self) -> None:
        super().close()
        self.stream.set_text_rendering(0)
        self.stream.stream.append(b"100 Tz")


# How wide poppler's layer of a tall line in a table cell is, of the room the line takes,
# about the cell's middle (PopplerLayer).
CELL_LAYER_WIDTH = 0.8


class PopplerLayer(_Layer):
    """poppler's layer, `scale` (text_layer_scale) times the glyphs' size.

    In a table cell (`cell_middle`: where the cell's middle is, along the line) the layer is
    narrowed to CELL_LAYER_WIDTH of its room about the cell's middle. poppler pulls words
    beside a block into it, on the block's lines, when they are less than one font size away
    (TextPage::coalesce, minColSpacing2): at the layer's size (1.64 times the glyphs', 8 mm
    in about/ur) that was more than the 5.6 mm between two cells' text there (4.3 mm at
    least: their padding and border), and a row's cells were read as one block, their lines
    interleaved ("کم، لیکن کائفوپلاسٹی سے ورٹیبروپلاسٹی سے", "کم۔", "زیادہ۔").
    Narrowed, a line that fills its cell keeps a tenth of the cell's width more from each
    neighbour; the words of one line and the lines of one cell stay as near as poppler needs
    them (closer than they were)."""

    def __init__(
        self, stream, recorder: Recorder, scale: float, cell_middle: float | None = None
    ) -> None:
        narrowed = 1.0 if cell_middle is None else CELL_LAYER_WIDTH
        super().__init__(stream, recorder, scale, narrowed)
        self.middle = cell_middle or 0.0

    def placed(self, glyphs: list[Glyph]) -> list[Glyph]:
        n, m = self.narrowed, self.middle
        return super().placed([replace(g, x=m + n * (g.x - m)) for g in glyphs])

    def unspanned(self, glyphs: list[Glyph]) -> list[Glyph]:
        return self.placed(glyphs)

    def word(self, glyphs: list[Glyph]) -> list[Glyph]:
        return self.placed(glyphs)

    def texts(self, poppler: str, pdfium: str) -> tuple[str, str]:
        return poppler, UNREAD


class PdfiumLayer(_Layer):
    """PDFium's layer, at the glyphs' size: it takes a word drawn again at one size and place
    for a duplicate, and needs no larger size."""

    def __init__(self, stream, recorder: Recorder) -> None:
        super().__init__(stream, recorder, 1.0)

    def unspanned(self, glyphs: list[Glyph]) -> list[Glyph]:
        return []  # (spaces and plain digits: poppler's layer has them, PDFium reads them once)

    def word(self, glyphs: list[Glyph]) -> list[Glyph]:
        """The word's glyphs that have text and width; a right-to-left word's those PDFium
        reads right to left (pdfium_reads_right_to_left)."""
        rec = self.recorder
        if any(_right_to_left_letter(rec.read_as(g)) for g in glyphs):
            return self.placed(pdfium_reads_right_to_left(glyphs, rec))
        kept = [g for g in glyphs if rec.text(g) and rec.advance(g)] or glyphs
        # Its longest piece of one font and rise only: PDFium meets the poppler layer's
        # pieces of the word among these, and read "(Coumadin)" again at each of the
        # brackets Nastaliq draws ("(Coumadin) )Coumadin) )Coumadin)").
        pieces = [list(piece) for _, piece in groupby(kept, lambda g: (g.font, g.size, g.rise))]
        return self.placed(max(pieces, key=len))

    def texts(self, poppler: str, pdfium: str) -> tuple[str, str]:
        # PDFium makes up no space between two words of the layer (the space glyph has no
        # ink, and the layer's size makes the gap look narrow): the word brings its own.
        return UNREAD, " " + pdfium


def pdfium_reads_right_to_left(glyphs: list[Glyph], recorder: Recorder) -> list[Glyph]:
    """Of a right-to-left word's glyphs, those that make PDFium read its /ActualText right to
    left wherever it stands in its line. PDFium reads a word's direction from its glyphs
    (Recorder.read_as): one left-to-right letter among them and it reads the word left to
    right, giving its text back turned around unless the word before it read right to left
    (PDFium 8149, measured: "پر" came back "رپ"). Nastaliq draws a letter with several
    glyphs, one of which has its text, and the others, without text, read as the Latin or
    Greek letter of their number: of the 1,900 words of Urdu's about handout, 120 had no
    glyph with both text and width, were drawn with all their glyphs and read left to right.
    So the layer draws the glyphs that read as no left-to-right letter. Where none of those
    has ink (19 of its 1,882 right-to-left words: their only glyph with text joins letters),
    PDFium would pass the word over: the first is drawn at the word's two ends too, so that
    it spans the word's room (a box no taller than the baseline, which PDFium ends no line
    at)."""
    kept = [g for g in glyphs if unicodedata.bidirectional(recorder.read_as(g)) != "L"]
    if any(map(recorder.inked, kept)):
        return kept
    left = min(g.x for g in glyphs)
    right = max(g.x + recorder.advance(g) for g in glyphs)
    first = kept[0]
    return [replace(first, x=left), *kept, replace(first, x=right)]


def _right_to_left_letter(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL")


def draw_shown(stream, recorder: Recorder, pieces: list) -> None:
    """The line's glyphs as they show, after its layers, in a span neither extractor reads."""
    shown = Writer(stream, recorder)
    shown.mark("Span", UNREAD)
    for word, glyphs in pieces:
        shown.glyphs(shown.unspanned(glyphs) if word is None else shown.word(glyphs))
    shown.end_mark()
    shown.close()
