"""The right text behind shaped Devanagari (and any text with combining marks) in the PDF.

WeasyPrint writes one ToUnicode entry per glyph, taken from the first cluster the glyph
appears in. A Devanagari cluster is drawn with glyphs in another order than its letters (the
short i sign comes first) and with half forms shared between clusters, so "क्लिनिक" copied
or read aloud came out as "क्लि निक". It writes no /ActualText, up to its newest release
(checked in Kozea/WeasyPrint: no ActualText anywhere in the source). So the marked-content
span WeasyPrint already opens around each run of text (for the PDF/UA tags) gets an
/ActualText with the run's own text: copy, search, pdftotext and screen readers that honour
it (Acrobat, poppler) read the words as written. Only runs with combining marks get it (and
every run of a script scripts.toml marks `actual_text`: Burmese, and a run ending in a
hyphen, so poppler keeps it: LINE_END_HYPHEN), so Latin and CJK PDFs stay about as small as
before.

WeasyPrint has no hook for this; the one method that opens the span is replaced. A test
renders Hindi and reads it back with pdftotext, so a WeasyPrint upgrade that changes that
method fails there, not on a patient's screen reader."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import pydyf
from weasyprint.formatting_structure.boxes import TextBox
from weasyprint.pdf.stream import Stream

from vertebro_print.errors import RenderError
from vertebro_print.i18n.languages import configured_scripts
from vertebro_print.pdf.rtltags import remember
from vertebro_print.pdf.rtltext import right_to_left

if not hasattr(Stream, "marked"):
    raise RenderError(
        "this WeasyPrint has no Stream.marked: vertebro_print/pdf/actualtext.py needs "
        "updating for it (see requirements.lock for the version it was written for)"
    )


# Letters drawn with a glyph another letter also uses, so that the glyph's one ToUnicode entry
# is wrong for one of them. Thai and Lao SARA AM is drawn as NIKHAHIT + SARA AA: the SARA AA
# glyph then read "ำ" in "การ" ("กำร"), and NIKHAHIT, which has no entry, came out as ";"
# ("น;า" for "นำ"). Neither is a combining mark, and a handout's Thai words are drawn one run
# each (pdf/linebreak.py), so a run may hold only these.
SHARED_GLYPHS = frozenset("\u0e32\u0e33\u0eb2\u0eb3")


@cache
def _whole_run_letters() -> re.Pattern | None:
    """The letters of the scripts whose every run needs its text (scripts.toml: actual_text):
    Burmese words are cut into runs, and one without a mark read back as another cluster."""
    classes = [s.letters for s in configured_scripts().values() if s.actual_text]
    return re.compile("|".join(classes)) if classes else None


def needs_actual_text(text: str) -> bool:
    """Text whose glyphs may not map back one to one: it has combining marks, letters drawn
    with shared glyphs or letters of a script scripts.toml marks so, and it is not right to
    left (extractors turn /ActualText around: rtltext.py). Asked of every run of text drawn,
    so ASCII (which has none) is answered at once, and other text looks at each of its
    characters once."""
    if text.isascii():
        return False
    letters = "".join(set(text))
    whole = _whole_run_letters()
    return (
        any(unicodedata.category(c) in ("Mn", "Mc") for c in letters)
        or not SHARED_GLYPHS.isdisjoint(letters)
        or (whole is not None and whole.search(letters) is not None)
    ) and not right_to_left(letters)


# A hyphen-minus that ends a line is taken by poppler for a hyphenation the line's break made,
# and dropped as the line is joined to the next: a word's own hyphen ending a line read
# "Levezvous" for "Levez-vous" (French aftercare) and "paginom" for "pag-inom" (Tagalog).
# WeasyPrint ends a run where a line ends, so a run ending in one gets its text as /ActualText
# with a zero-width space after the hyphen: the line then ends in that (poppler drops only a
# hyphen-minus), which draws nothing and which searches pass over. Only a hyphen after a
# letter or its mark: a run that is a hyphen alone sits between two no-wrap units in the
# middle of a line (BudouX cuts the Chinese footer's "VP-ABOUT" and "zh-Hant" around it), and
# there the space went into the text and into copies of it ("VP-\u200bABOUT").
LINE_END_HYPHEN = "-"
KEEPS_HYPHEN = "\u200b"


def actual_text(text: str) -> str | None:
    """The /ActualText a run of text gets, or None for none: its own text where its glyphs
    may not map back to it (needs_actual_text), and where it ends in a hyphen-minus, that
    followed by a zero-width space so poppler keeps the hyphen. Right-to-left runs get none
    here (their words get spans of their own: rtlwords.py)."""
    hyphen_ends = (
        text.endswith(LINE_END_HYPHEN)
        and unicodedata.category(text[:-1][-1:] or " ")[0] in "LM"
        and not right_to_left(text)
    )
    if hyphen_ends:
        return text + KEEPS_HYPHEN
    return text if needs_actual_text(text) else None


@contextmanager
def _marked(self: Stream, box, tag: str) -> Iterator[None]:
    # The same marked content WeasyPrint writes (an MCID the tag tree refers to), with the
    # run's text added as its replacement text.
    if self._tags is not None:
        mcid = len(self._tags)
        self._tags[box] = {"tag": tag, "mcid": mcid}
        properties = pydyf.Dictionary({"MCID": mcid})
        actual = actual_text(box.text) if isinstance(box, TextBox) else None
        if actual is not None:
            properties["ActualText"] = pydyf.String(actual)
        if isinstance(box, TextBox):
            remember(self, mcid, box.text)  # (for its structure element: rtltags.py)
        pydyf.Stream.begin_marked_content(self, tag, properties)
    try:
        yield
    finally:
        if self._tags is not None:
            pydyf.Stream.end_marked_content(self)


Stream.marked = _marked
