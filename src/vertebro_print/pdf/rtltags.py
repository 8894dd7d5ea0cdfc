"""Right-to-left text as written for a screen reader, which reads the structure tree.

rtlwords.py gives each right-to-left word /ActualText turned around for the extractors, which
turn it back (poppler reads the outer /Span's, PDFium the inner /Word's). A reader of the
structure tree (tagged PDF, PDF/UA: screen readers) takes the outermost /ActualText it meets
for the text and turns nothing around, so it read every Arabic, Persian and Urdu word
backwards. A structure element's /ActualText stands for all its content, the marked
content's below it included (PDF 32000, 14.9.4), and the extractors, which read content
streams (pdftotext, PDFium's FPDFText), never read structure elements: so the element of each
run of text with a right-to-left letter gets the run's text as written.

WeasyPrint gives each run (TextBox) a structure element of its own (weasyprint/pdf/tags.py)
and has no hook to add to it. The runs' texts are kept by MCID while the page is drawn
(actualtext.py opens their marked content), and once the tree is built each is put on the
element the parent tree maps its MCID to."""

from __future__ import annotations

from functools import wraps

import pydyf
from weasyprint import pdf as weasyprint_pdf

from vertebro_print.errors import RenderError
from vertebro_print.pdf.rtltext import right_to_left

if not hasattr(weasyprint_pdf, "add_tags"):
    raise RenderError(
        "this WeasyPrint has no pdf.add_tags: vertebro_print/pdf/rtltags.py needs updating "
        "for it (see requirements.lock for the version it was written for)"
    )

# Set on a page's stream: the right-to-left runs' texts by their MCIDs.
_TEXTS = "_vertebro_right_to_left_texts"


def remember(stream, mcid: int, text: str) -> None:
    """Keep a run's text for its structure element, if it has a right-to-left letter."""
    if right_to_left(text):
        if not hasattr(stream, _TEXTS):
            setattr(stream, _TEXTS, {})
        getattr(stream, _TEXTS)[mcid] = text


def _target(pdf: pydyf.PDF, reference: bytes) -> pydyf.Object:
    # pydyf numbers objects by their place in pdf.objects ("12 0 R" is objects[12]).
    return pdf.objects[int(reference.split()[0])]


def _label(pdf: pydyf.PDF, page_streams: list) -> None:
    root = _target(pdf, pdf.catalog["StructTreeRoot"])
    nums = _target(pdf, root["ParentTree"])["Nums"]
    # Pairs of a key and its value: a page's number and its MCIDs' elements (keys past the
    # last page are annotations').
    for page, elements in zip(nums[::2], nums[1::2], strict=True):
        texts = getattr(page_streams[page], _TEXTS, {}) if page < len(page_streams) else {}
        for reference in elements if texts else ():
            element = _target(pdf, reference)
            kids = element["K"]
            # Only an element of one run: a link's holds its annotation and all its runs.
            if len(kids) == 1 and kids[0] in texts:
                element["ActualText"] = pydyf.String(texts[kids[0]])


_add_tags = weasyprint_pdf.add_tags


@wraps(_add_tags)
def add_tags(pdf, document, pdf_version, page_streams):
    _add_tags(pdf, document, pdf_version, page_streams)
    _label(pdf, page_streams)


if not getattr(_add_tags, "_vertebro_rtl_tags", False):
    add_tags._vertebro_rtl_tags = True  # type: ignore[attr-defined]
    weasyprint_pdf.add_tags = add_tags
