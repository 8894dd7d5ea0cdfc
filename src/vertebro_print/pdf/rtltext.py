"""The right text behind right-to-left glyphs in the PDF: Arabic, Persian, Urdu, Hebrew.

Extractors (poppler's pdftotext, PDFium) read a right-to-left line by the glyphs' places and
turn it around, so a glyph's text must be stored as it would read from left to right. For one
letter that is the letter; for a glyph that draws several (the lam-alef ligature "لا", a
letter with its shadda or tanwin) WeasyPrint stores the cluster in logical order, and the
extractors turn it around with the line: "إلى" came back as "إىل" and "ورتبروپلاستی" as
"ورتبروپالستی". So the ToUnicode entry of a glyph whose text has right-to-left letters is
written reversed, and the turn the extractors make gives the letters as written.

An /ActualText on a whole run (actualtext.py) is no help here: measured on the about handout,
both extractors turn it around too, and PDFium each word of it separately, so no one string
came back right from both. Right-to-left runs carry none (actualtext.needs_actual_text);
each of their words gets a span of its own instead (rtlwords.py), and these glyph texts are
what a reader that ignores spans (pypdf) reads.

WeasyPrint fills `Font.to_unicode` as it draws; the dict is replaced by one that stores
right-to-left text reversed. A test renders Arabic and Persian and reads them back with both
extractors (tests/pdf/test_text_layer.py), so a WeasyPrint upgrade that changes this fails
there."""

from __future__ import annotations

import unicodedata
from functools import wraps

from weasyprint.pdf import fonts as weasyprint_fonts

from vertebro_print.errors import RenderError

_RIGHT_TO_LEFT = frozenset(("R", "AL"))
# Where Unicode puts the characters of bidirectional class R and AL: the blocks it sets
# aside for right-to-left scripts, and the right-to-left mark (tests/pdf/test_text_layer.py
# checks every code point against unicodedata).
RIGHT_TO_LEFT_BLOCKS = ((0x0590, 0x08FF), (0x200F, 0x200F), (0xFB1D, 0xFEFF))
RIGHT_TO_LEFT_BLOCKS += ((0x10800, 0x10FFF), (0x1E800, 0x1EFFF))


# Asked of every run of text a page draws (a Chinese page has thousands): a set of the
# letters, looked up in C, answers three times faster than a call per character (a regular
# expression of their 132 ranges was slower still).
RIGHT_TO_LEFT_LETTERS = frozenset(
    chr(c)
    for first, last in RIGHT_TO_LEFT_BLOCKS
    for c in range(first, last + 1)
    if unicodedata.bidirectional(chr(c)) in _RIGHT_TO_LEFT
)


def right_to_left(text: str) -> bool:
    """Whether the text has a letter written from right to left."""
    return not text.isascii() and not RIGHT_TO_LEFT_LETTERS.isdisjoint(text)


def stored_text(text: str) -> str:
    """A glyph's text as the ToUnicode map stores it: reversed when it is several characters
    with right-to-left letters among them (see the module's docstring)."""
    return text[::-1] if len(text) > 1 and right_to_left(text) else text


class _VisualOrder(dict):
    def __setitem__(self, glyph: int, text: str) -> None:
        super().__setitem__(glyph, stored_text(text))


_original_init = weasyprint_fonts.Font.__init__
if getattr(_original_init, "_vertebro_visual_order", False) is False:

    @wraps(_original_init)
    def _init(self, *args, **kwargs) -> None:
        _original_init(self, *args, **kwargs)
        if not isinstance(getattr(self, "to_unicode", None), dict):
            raise RenderError(
                "this WeasyPrint's Font has no to_unicode dict: vertebro_print/pdf/rtltext.py "
                "needs updating for it (see requirements.lock for the version it was written for)"
            )
        self.to_unicode = _VisualOrder(self.to_unicode)

    _init._vertebro_visual_order = True  # type: ignore[attr-defined]
    weasyprint_fonts.Font.__init__ = _init
