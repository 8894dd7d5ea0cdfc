"""Each right-to-left word in a span of its own, whose /ActualText both extractors read back
as written: Arabic, Persian, Urdu, Hebrew, any script written from right to left.

Glyph by glyph (rtltext.py) a word still came back wrong: a vowel sign or shadda has no width
and is ordered by where it is drawn, so it lands beside the next letter ("مجّوفة" for
"مجوّفة"); a zero-width non-joiner has no glyph, so "می‌شود" came back as "میشود". A span
with /ActualText gives the word's letters whatever the glyphs are, but poppler and PDFium
order that text differently (measured on the handouts, and read in their sources):

- poppler (TextOutputDev) spreads a span's text over its glyphs' box from left to right, then
  turns every right-to-left stretch of the line around: it needs the word reversed
  (for_poppler). It reads /ActualText only on a /Span tag.
- PDFium (CPDF_TextPage) reads the innermost /ActualText, on any tag, and turns each run of
  one class of characters around where it stands, mirroring brackets: it needs each run
  turned the other way (for_pdfium).

So a word (a run between spaces with a right-to-left letter, its marks and punctuation with
it) gets two spans: /Span with the text for poppler, and inside it /Word with the text for
PDFium, which poppler leaves alone.

PDFium reads a span's text once, at its first piece of text in left-to-right order, and reads
text pieces in drawing order wherever one is drawn higher or lower than the one before (as a
mark drawn with a text rise is); a word's raised marks then split it, and a bold run drawn
earlier in the line lands inside it. So a word's glyphs on the baseline are drawn first and
its raised marks after them, each where it was (the page looks the same), and a right-to-left
line's pieces are drawn from left to right.

A line taller than 1.5 font sizes (Urdu in Nastaliq) gets a text layer for each extractor
(talllines.py), each written here word by word as well.

WeasyPrint draws a line's glyphs in one place (draw.text.draw_first_line) and a line's pieces
in another (draw.draw_inline_level), with no hook in either; both are wrapped below, and so is
draw.draw_block_level, which draws a table cell's lines (a tall line's poppler layer is
narrowed in a cell: talllines.py). The glyph strings it writes are read back into glyphs with
their positions (textops.py), and written again in spans. Which word a glyph draws comes from
Pango's clusters for the same line."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import wraps
from itertools import groupby, takewhile

from weasyprint import draw as weasyprint_draw
from weasyprint.draw import text as weasyprint_text
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import strut

from vertebro_print.errors import RenderError
from vertebro_print.pdf.rtltext import right_to_left
from vertebro_print.pdf.talllines import PdfiumLayer, PopplerLayer, draw_shown, text_layer_scale
from vertebro_print.pdf.textops import Glyph, Recorder, Writer, recorded

if not (
    hasattr(weasyprint_text, "draw_first_line")
    and hasattr(weasyprint_draw, "draw_inline_level")
    and hasattr(weasyprint_draw, "draw_block_level")
):
    raise RenderError(
        "this WeasyPrint has no draw_first_line, draw_inline_level or draw_block_level: "
        "vertebro_print/pdf/rtlwords.py needs updating for it (see requirements.lock for the "
        "version it was written for)"
    )

_TOKEN = re.compile(r"\S+")


def _letter(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL")


def word_spans(text: str, stops_apart: bool = True) -> list[tuple[int, int]]:
    """Where the words of a right-to-left text that need a span are, as [start, end)
    character offsets: the runs between spaces that have a right-to-left letter, with the
    marks and punctuation on them (a mark or full stop left out beside its word's span is
    read in the wrong place), and the runs written left to right with brackets or
    punctuation on them ("(DEXA).": the extractors put those elsewhere). A word written left
    to right and the right-to-left punctuation after it are two spans (`stops_apart`), or
    one."""
    spans = []
    for token in _TOKEN.finditer(text):
        start, end = token.span()
        word = token.group()
        head = len(word.rstrip(_RIGHT_TO_LEFT_PUNCTUATION))
        if stops_apart and 0 < head < len(word) and not _right_to_left(word[:head]):
            # A word written left to right and the right-to-left full stop after it (Urdu's
            # "(Coumadin)۔"): two spans, so that the word's is a left-to-right one (poppler
            # read "()Coumadin۔" while the stop made the whole a right-to-left word).
            pieces = [(start, start + head), (start + head, end)]
        else:
            pieces = [(start, end)]
        spans += [(a, b) for a, b in pieces if _needs_span(text[a:b])]
    return spans


# Punctuation written right to left: Arabic's and Urdu's full stop, question mark, semicolon.
_RIGHT_TO_LEFT_PUNCTUATION = "".join(
    c
    for c in map(chr, range(0x0600, 0x0700))
    if unicodedata.category(c).startswith("P") and unicodedata.bidirectional(c) == "AL"
)


def _needs_span(token: str) -> bool:
    kinds = {unicodedata.bidirectional(c) for c in token}
    return bool(kinds & {"R", "AL"}) or ("L" in kinds and bool(kinds - _LEFT_TO_RIGHT))


def _right_to_left(word: str) -> bool:
    return any(_letter(c) for c in word)


def _forward(c: str) -> bool:
    # Letters written left to right and digits: both extractors keep their order.
    return unicodedata.bidirectional(c) in ("L", "EN", "AN")


def for_poppler(word: str) -> str:
    """The text poppler turns back into the word: a right-to-left word reversed, its
    left-to-right letters and digits kept in their order; a left-to-right one as it is, and a
    left-to-right mark after it. poppler (TextOutputDev's reorderText) reads a right-to-left
    line from its right end and takes every character that is not a left-to-right letter or
    digit into the right-to-left text, so the closing bracket of "(DEXA)" went before it
    when a right-to-left word followed ("دگزا ) (DEXA هم"); the mark is a left-to-right
    letter that draws nothing, and Unicode's own way to keep that bracket with its word."""
    if not _right_to_left(word):
        return word + _LEFT_TO_RIGHT_MARK
    runs = ("".join(run) for _, run in groupby(word[::-1], _forward))
    return "".join(run[::-1] if _forward(run[0]) else run for run in runs)


def for_pdfium(word: str) -> str:
    """The text PDFium turns back into the word. PDFium cuts it into runs by its own classes
    (CFX_BidiChar) and turns each run around where it stands, mirroring brackets ("(" for
    ")"), except runs of left-to-right letters: so each run is given turned the other way
    (measured on both handouts; not what its source reads, which it no longer matches). A word
    that starts with a bracket starts with a zero-width space: PDFium would take the space
    before the word into the bracket's run and put it after the bracket."""
    if not _right_to_left(word):
        return _ltr_for_pdfium(word)
    out = []
    for kind, run in groupby(word, _pdfium_class):
        run = "".join(run)
        out.append(run if kind == "L" else _mirrored(run[::-1]) if kind == "N" else run[::-1])
    return ("\u200b" if _pdfium_class(word[0]) == "N" else "") + "".join(out)


def _ltr_for_pdfium(word: str) -> str:
    """A left-to-right word in right-to-left text, as PDFium's line reading (CPDF_TextPage::
    CloseTempLine) gives it back: it takes the word's runs last to first, keeps letters and
    weak characters, and turns around and mirrors other characters while the direction it
    last met is right to left (as it is after the right-to-left word before this one)."""
    parts, direction = [], "R"
    for kind, run in groupby(word, _pdfium_class):
        run = "".join(run)
        if kind == "N" and direction == "R":
            parts.append(_mirrored(run[::-1]))
        else:
            parts.append(run)
            direction = "L" if kind in ("L", "N") else direction
    return "".join(reversed(parts))


def _pdfium_class(c: str) -> str:
    kind = unicodedata.bidirectional(c)
    return "R" if kind in ("R", "AL") else kind if kind == "L" else "W" if kind in _WEAK else "N"


# Left-to-right letters and digits.
_LEFT_TO_RIGHT = frozenset(("L", "EN", "AN"))

_LEFT_TO_RIGHT_MARK = "\u200e"

# The classes PDFium calls weak: digits, separators, marks, the joiners.
_WEAK = frozenset(("EN", "AN", "NSM", "CS", "ES", "ET", "BN"))


def _mirrored(text: str) -> str:
    return "".join(_MIRRORS.get(c, c) for c in text)


# The paired punctuation Unicode mirrors (BidiMirroring.txt) that handouts print.
_MIRRORS = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


def _owners(textbox, spans: list[tuple[int, int]]) -> list[int | None]:
    """For each glyph the line draws (not Pango's empty ones), in drawing order, the span its
    cluster starts in (None outside them)."""
    text = textbox.pango_layout.text
    starts = [len(text[:s].encode()) for s, _ in spans]
    ends = [len(text[:e].encode()) for _, e in spans]
    owners: list[int | None] = []
    line, _ = textbox.pango_layout.get_first_line()
    run = line.runs[0]
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        run = run.next
        for i in range(glyphs.num_glyphs):
            if glyphs.glyphs[i].glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            at = item.offset + glyphs.log_clusters[i]
            k = bisect_right(starts, at) - 1
            owners.append(k if k >= 0 and at < ends[k] else None)
    return owners


def _pieces(textbox, glyphs: list[Glyph], stops_apart: bool = True) -> list:
    """The line's glyphs (in drawing order) in runs, each with the word its spans give back
    (None outside the words)."""
    text = textbox.pango_layout.text
    spans = word_spans(text, stops_apart)
    owners = _owners(textbox, spans)
    if len(owners) != len(glyphs):
        raise RenderError(
            f"WeasyPrint drew {len(glyphs)} glyphs where Pango has {len(owners)}: "
            "vertebro_print/pdf/rtlwords.py needs updating for this WeasyPrint"
        )
    pairs = list(zip(owners, glyphs, strict=True))
    return [
        (None if owner is None else text[spans[owner][0] : spans[owner][1]], [g for _, g in group])
        for owner, group in groupby(pairs, lambda pair: pair[0])
    ]


def _rewrite(stream, textbox, recorder: Recorder) -> None:
    glyphs = recorder.glyphs()
    pieces = _pieces(textbox, glyphs)
    pitch, _ = strut(textbox.style)
    scale = text_layer_scale(pitch, textbox.style["font_size"])
    if scale == 1:
        _write_words(stream, Writer(stream, recorder), pieces)
        return
    # A tall line: each extractor's text layer, then the glyphs as they show (talllines.py).
    cell_middle = getattr(stream, _CELL_MIDDLE, None)
    if cell_middle is not None:
        cell_middle -= recorder.matrix[4]  # (along the line, from where its text starts)
    _write_words(stream, PopplerLayer(stream, recorder, scale, cell_middle), pieces)
    stream.set_text_matrix(*recorder.matrix)
    if _stop_after_left_to_right_word_alone(textbox.text):
        pdfium_pieces = _pieces(textbox, glyphs, stops_apart=False)
        _write_words(stream, PdfiumLayer(stream, recorder), pdfium_pieces, turned_whole=True)
    else:
        _write_words(stream, PdfiumLayer(stream, recorder), pieces)
    stream.set_text_matrix(*recorder.matrix)
    draw_shown(stream, recorder, pieces)


def _stop_after_left_to_right_word_alone(line: str) -> bool:
    """Whether a line holds nothing but a word written left to right and the right-to-left
    punctuation after it: "(Coumadin)۔" ending a paragraph of Urdu. In a tall line's PDFium
    layer (PdfiumLayer) such a line is one span whose text is the token turned around whole
    (_write_words' `turned_whole`): as two spans, PDFium read the line in the order it is
    drawn, "۔(Coumadin)", and as one span with the text for_pdfium gives, "۔)nidamuoC)".
    Measured on the tokens "(Coumadin)۔", "(DEXA)؟" and a bold "(Coumadin)۔" alone on a line,
    first on the page, after a line of one word and after a line of several; in a line with
    other words, the two spans read back right (tests/pdf/test_text_layer.py)."""
    return len(line.split()) == 1 and len(word_spans(line)) == 2


def _write_words(stream, writer: Writer, pieces: list, turned_whole: bool = False) -> None:
    """The line's glyphs, each word in its spans, as the writer draws them; with
    `turned_whole`, each word's PDFium text is the word turned around (see
    _stop_after_left_to_right_word_alone)."""
    recorder = writer.recorder
    for word, glyphs in pieces:
        if word is None:
            drawn = writer.unspanned(glyphs)
            inked = [g for g in drawn if recorder.inked(g)]  # (PDFium passes over the others)
            if inked:
                _met(stream, _reads_right_to_left("".join(map(recorder.text, inked))))
            writer.glyphs(drawn)
            continue
        drawn = writer.word(glyphs)
        pdfium = word[::-1] if turned_whole else _pdfium_text(stream, word, drawn, recorder)
        _met(stream, _reads_right_to_left(_piece_text(drawn, recorder, last=True)))
        span_text, word_text = writer.texts(for_poppler(word), pdfium)
        writer.mark("Span", span_text)
        writer.mark("Word", word_text)
        writer.glyphs(drawn)
        writer.end_mark()
        writer.end_mark()
    writer.close()


def _pdfium_text(stream, word: str, drawn: list[Glyph], recorder: Recorder) -> str:
    """The /ActualText PDFium turns back into the word where it stands: for_pdfium's, or
    that turned around after a piece PDFium did not read as right to left (_piece_text)."""
    pdfium = for_pdfium(word)
    if (
        _right_to_left(word)
        and not _reads_right_to_left(_piece_text(drawn, recorder))
        and not getattr(stream, _READ_RIGHT_TO_LEFT, False)
    ):
        return pdfium[::-1]
    return pdfium


# Set on the page's stream as it is drawn: whether the last piece of text PDFium met on the
# page (the last drawn: a line's pieces are drawn from left to right, so a line is met from
# its left end after the right end of the line before it) reads right to left (see
# _piece_text).
_READ_RIGHT_TO_LEFT = "_vertebro_read_right_to_left"


def _met(stream, right_to_left_piece: bool) -> None:
    setattr(stream, _READ_RIGHT_TO_LEFT, right_to_left_piece)


def _piece_text(glyphs: list[Glyph], recorder: Recorder, last: bool = False) -> str:
    """The text of the glyphs' first piece (their first of one font and rise), or of their
    last piece (`last`): a word's last piece drawn is the last PDFium meets of it. A word's
    first piece is where PDFium reads its /ActualText, and gives it back as its runs turned
    around (for_pdfium) when that piece reads right to left, or when the last piece it met
    before it did (a word's last piece, a run's inked glyphs). After a piece it reads
    otherwise (a full stop after a bold word, the closing bracket ending the word before, the
    page's first text), a first piece not read as right to left (the closing bracket of
    "(التخدير)", in a Latin font) makes it give the text back whole the other way round
    ("المخدِّر) ريدختلا("). Measured on the handouts and on 14 Arabic and Persian paragraphs
    made for it (bracketed words ending a line, a bold run, the paragraph, one after another,
    the full stop in the run or outside it), each set at 25 widths from 60 to 180 mm, first
    on its page and after another paragraph: PDFium read 317 of the 700 back whole while a
    line's first piece was taken to follow a left-to-right one (not the "(كومادين)." ending
    a line of the Arabic and Persian prepare handouts), and all 700 since."""
    ordered = glyphs[::-1] if last else glyphs
    first = ordered[0]
    piece = list(
        takewhile(
            lambda g: (g.font, g.size, g.rise) == (first.font, first.size, first.rise), ordered
        )
    )
    return "".join(map(recorder.text, piece[::-1] if last else piece))


def _reads_right_to_left(text: str) -> bool:
    # PDFium's test (IsRightToLeft): as many runs of right-to-left letters as of left-to-right.
    runs = [kind for kind, _ in groupby(text, _pdfium_class)]
    return 0 < runs.count("R") >= runs.count("L")


_draw_first_line = weasyprint_text.draw_first_line
_draw_inline_level = weasyprint_draw.draw_inline_level
_draw_block_level = weasyprint_draw.draw_block_level

# Set on the page's stream while a table cell's lines are drawn: where the cell's middle is,
# across the page (talllines.py narrows poppler's layer of a tall line about it).
_CELL_MIDDLE = "_vertebro_cell_middle"


@wraps(_draw_first_line)
def draw_first_line(stream, textbox, *args, **kwargs):
    if textbox.text.isascii() or not right_to_left(textbox.text):
        if textbox.text.strip():
            _met(stream, False)  # (a run with no right-to-left letter: "." after a bold word)
        return _draw_first_line(stream, textbox, *args, **kwargs)
    emojis, recorder = recorded(stream, _draw_first_line, textbox, *args, **kwargs)
    if recorder.pieces:  # (a line of spaces draws nothing)
        _rewrite(stream, textbox, recorder)
    return emojis


@wraps(_draw_inline_level)
def draw_inline_level(stream, page, box, *args, **kwargs):
    # A right-to-left line's pieces drawn from left to right (see the module's docstring).
    children = getattr(box, "children", None)
    if (
        not isinstance(box, (boxes.LineBox, boxes.InlineBox))
        or box.style["direction"] != "rtl"
        or len(children) < 2
    ):
        return _draw_inline_level(stream, page, box, *args, **kwargs)
    box.children = sorted(children, key=lambda child: getattr(child, "position_x", 0))
    try:
        return _draw_inline_level(stream, page, box, *args, **kwargs)
    finally:
        box.children = children


@wraps(_draw_block_level)
def draw_block_level(page, stream, blocks_and_cells):
    # Each block drawn as WeasyPrint draws it (the blocks inside it through this again), a
    # table cell with its middle set on the stream.
    for block, inside in blocks_and_cells.items():
        if not isinstance(block, boxes.TableCellBox):
            _draw_block_level(page, stream, {block: inside})
            continue
        outer = getattr(stream, _CELL_MIDDLE, None)
        setattr(stream, _CELL_MIDDLE, block.content_box_x() + block.width / 2)
        try:
            _draw_block_level(page, stream, {block: inside})
        finally:
            setattr(stream, _CELL_MIDDLE, outer)


if not getattr(_draw_first_line, "_vertebro_rtl_words", False):
    draw_first_line._vertebro_rtl_words = True  # type: ignore[attr-defined]
    draw_inline_level._vertebro_rtl_words = True  # type: ignore[attr-defined]
    draw_block_level._vertebro_rtl_words = True  # type: ignore[attr-defined]
    weasyprint_text.draw_first_line = draw_first_line
    weasyprint_draw.draw_inline_level = draw_inline_level
    weasyprint_draw.draw_block_level = draw_block_level
