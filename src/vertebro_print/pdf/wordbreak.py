"""Where lines may break in Thai, Khmer and Burmese, which write no spaces between words:
ICU's dictionary word break iterator (PyICU over Debian's libicu) finds the words, and a zero
width space (U+200B) between two of them gives the layout a break opportunity there. Nothing
is inserted inside a word, nor beside a space or a punctuation mark (a line must not start
with the full stop that ends a sentence).

WeasyPrint (Pango) breaks Thai with libthai's dictionary but has none for Khmer or Burmese,
where a line breaks only at the rare space or overflows. ICU chooses its dictionary by the
script of the text, so the locale only picks language rules where ICU has them.

Works on plain text. The one break-opportunity mechanism for a handout's HTML is
pdf/linebreak.py of issue 22 (BudouX phrases for Chinese and Japanese, words between spaces
for Korean): ICU plugs into it as one more segmenter, `words()` having the shape its
SEGMENTERS take (the text cut into units, "".join(units) == text). ICU's line break iterator
(`line_breaks()`, Unicode's line breaking rules) tells linebreak.py where a segmenter's cut
may not be a line break (inside a Latin word or a number among Chinese phrases)."""

from __future__ import annotations

import unicodedata
from functools import cache

from vertebro_print.errors import RenderError

ZWSP = "\u200b"


@cache
def _iterator(kind: str, locale: str):
    """ICU's break iterator of a kind ("Word", "Line") for a locale, made once."""
    try:
        import icu
    except ImportError as exc:  # pragma: no cover - PyICU is a dependency
        raise RenderError(
            "PyICU is not installed: run `make setup` (it builds against Debian's libicu-dev)"
        ) from exc
    return getattr(icu.BreakIterator, f"create{kind}Instance")(icu.Locale(locale))


def _boundaries(kind: str, text: str, locale: str) -> list[int]:
    """ICU's boundaries in the text, as offsets into the str (0 and len(text) included)."""
    iterator = _iterator(kind, locale.replace("-", "_"))
    iterator.setText(text)
    cuts = [0, *iterator]
    if all(char < "\U00010000" for char in text):
        return cuts
    # ICU counts in UTF-16 code units: a character outside the BMP takes two, and must not
    # shift every later boundary.
    offsets, units = {}, 0
    for index, char in enumerate(text):
        offsets[units] = index
        units += 2 if char >= "\U00010000" else 1
    offsets[units] = len(text)
    return [offsets[cut] for cut in cuts]


def words(text: str, locale: str) -> list[str]:
    """The text cut at ICU's word boundaries: words, spaces and punctuation, in order;
    "".join(words(text, locale)) == text."""
    cuts = _boundaries("Word", text, locale)
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def line_breaks(text: str, locale: str) -> set[int]:
    """The offsets where Unicode's line breaking rules (UAX #14, by ICU's line break iterator
    and the locale's tailoring) let a line break: never inside a Latin word or a number,
    never before a hyphen or a closing mark."""
    return set(_boundaries("Line", text, locale)[1:-1])


def is_letter(char: str) -> bool:
    """A letter or a mark (Unicode's L and M categories): Han characters and kana included."""
    return unicodedata.category(char)[0] in "LM"


def adjoin(before: str, after: str) -> bool:
    """Whether two pieces meet letter to letter, where only a zero-width space lets a line
    break (not beside a space or a punctuation mark)."""
    return bool(before and after) and is_letter(before[-1]) and is_letter(after[0])


def break_opportunities(text: str, locale: str) -> str:
    """The text with U+200B between each two adjoining words ICU finds, never inside one."""
    pieces = words(text, locale)
    out = pieces[:1]
    for before, after in zip(pieces, pieces[1:], strict=False):
        if adjoin(before, after):
            out.append(ZWSP)
        out.append(after)
    return "".join(out)
