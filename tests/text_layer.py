"""The translated strings a handout prints, and whether a PDF's text layer gives each back
whole, as poppler (pdftotext) and PDFium (pypdfium2) extract it: copy, search and screen
readers read that text, not the page."""

from __future__ import annotations

import html
import re
import unicodedata

from tests.pdfs import pdfium_pages
from tests.pdfs import poppler_pages as read_with_poppler
from tests.plans import html_of
from tests.tagged import tagged_actual_texts
from vertebro_print.handouts import load_registry
from vertebro_print.i18n import SOURCE_LANGUAGE
from vertebro_print.i18n.sources import messages_of
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest

_TAG = re.compile(r"<[^>]*>")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
_SPACE = re.compile(r"\s+")
# What the extractors write for characters the page shows otherwise: no-break spaces and
# hyphens as plain ones, PDFium's U+FFFE for a hyphen that ends a line, zero-width spaces, the
# left-to-right mark that keeps a bracket with its left-to-right word in right-to-left text
# (pdf/rtlwords.py) and the embedding marks poppler puts around each run of a direction
# (U+202A-U+202C): direction marks draw nothing and searches pass over them.
_PLAIN = str.maketrans(
    {"\u00a0": " ", "\u2011": "-", "\ufffe": "-", "\u200b": None, "\u200e": None}
    | dict.fromkeys(map(chr, range(0x202A, 0x202F)), None)
)


def _squeezed(text: str) -> str:
    # Whitespace left out on both sides: extractors end lines where the page does, and
    # scripts without spaces get none there; what is compared is the order of the letters.
    return _SPACE.sub("", html.unescape(text).translate(_PLAIN))


def printed_strings(request: RenderRequest, project: Project) -> list[str]:
    """The pieces of the handout's own translated messages (markup and placeholders cut
    out) that its HTML prints, each at least two characters."""
    return sorted(set(map(_squeezed, _printed_pieces(request, project))))


def printed_words(request: RenderRequest, project: Project) -> list[str]:
    """The words (runs between spaces) of the pieces printed_strings gives, punctuation cut
    off their ends (a full stop after markup is drawn in a run of its own), each at least
    two characters."""
    words = (
        _unpunctuated(_squeezed(word))
        for piece in _printed_pieces(request, project)
        for word in html.unescape(piece).split()
    )
    return sorted({word for word in words if len(word) > 1})


def _unpunctuated(word: str) -> str:
    # Unicode's punctuation (its P categories: Arabic's comma and question mark too) cut off.
    punctuation = {c for c in word if unicodedata.category(c).startswith("P")}
    return word.strip("".join(punctuation))


def _printed_pieces(request: RenderRequest, project: Project) -> list[str]:
    handout = load_registry(project.handouts_dir)[request.handout]
    source = request.lang == SOURCE_LANGUAGE
    catalog = None if source else project.catalog(request.lang)
    page = _squeezed(_TAG.sub("", html_of(request, project)))
    found = []
    for key, message in messages_of(project.handouts_dir, list(handout.parts)).items():
        if isinstance(message.id, tuple):
            continue  # plurals: a form per count; the singular pieces below would not match
        translated = key if catalog is None else catalog.gettext(key)
        for piece in _PLACEHOLDER.split(_TAG.sub("\0", translated)):
            for part in piece.split("\0"):
                text = _squeezed(part)
                if len(text) > 1 and text in page:
                    found.append(part)
    return found


def poppler_pages(pdf: bytes) -> list[str]:
    return [_squeezed(page) for page in read_with_poppler(pdf)]


def pdfium_pages_text(pdf: bytes) -> list[str]:
    with pdfium_pages(pdf) as pages:
        return [_squeezed(page.get_textpage().get_text_range()) for page in pages]


def found_whole(string: str, pages: list[str]) -> bool:
    """On one page, or begun at the end of one page and ended on the next (the running
    footer between them is the page's, not the sentence's)."""
    if any(string in page for page in pages):
        return True
    for page, following in zip(pages, pages[1:], strict=False):
        cut = next((k for k in range(len(string) - 1, 0, -1) if string[:k] in page), 0)
        if cut and following.find(string[cut:]) != -1:
            return True
    return False


def missing(strings: list[str], pdf: bytes) -> dict[str, list[str]]:
    """The strings each extractor does not give back whole."""
    texts = {"poppler": poppler_pages(pdf), "pdfium": pdfium_pages_text(pdf)}
    return {
        name: [s for s in strings if not found_whole(s, pages)] for name, pages in texts.items()
    }


def missing_when_tagged(strings: list[str], pdf: bytes) -> list[str]:
    """The strings a screen reader, reading the PDF by its structure tree (tests/tagged.py),
    does not meet whole."""
    read = _squeezed("".join(tagged_actual_texts(pdf)))
    return [s for s in strings if s not in read]
