"""What a screen reader reads of a tagged PDF: the marked content the structure tree points
at (MCIDs), in the tree's order, the outermost /ActualText standing for all it holds (PDF
32000, 14.9.4): a structure element's for its whole content, marked content's below it
included, else each marked span's. A text layer drawn twice (pdf/talllines.py) must reach it
once."""

from __future__ import annotations

from collections import defaultdict

from pypdf.generic import ContentStream

from tests.pdfs import reader


def _actual_texts(page, pdf) -> dict[int, list[str]]:
    """Per MCID on the page, the outermost /ActualTexts inside it, in drawing order."""
    found: dict[int, list[str]] = defaultdict(list)
    stack: list[tuple[int | None, object]] = []
    for operands, operator in ContentStream(page.get_contents(), pdf).operations:
        if operator == b"BDC":
            properties = operands[1]
            if not hasattr(properties, "get"):  # a name in the page's /Properties
                properties = page["/Resources"]["/Properties"][properties]
            text = properties.get("/ActualText")
            if text is not None and all(t is None for _, t in stack):
                mcid = next((m for m, _ in reversed(stack) if m is not None), None)
                found[mcid].append(str(text))
            stack.append((properties.get("/MCID"), text))
        elif operator == b"BMC":
            stack.append((None, None))
        elif operator == b"EMC":
            stack.pop()
    return found


def tagged_actual_texts(pdf_bytes: bytes) -> list[str]:
    """The outermost /ActualTexts a reader of the structure tree meets, in its order (those
    with nothing printable in them, which stand for nothing, left out: a Persian word's
    zero-width non-joiner is not printable, and the word is read)."""
    pdf = reader(pdf_bytes)
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(pdf.pages)}
    pages = [_actual_texts(page, pdf) for page in pdf.pages]
    texts: list[str] = []

    def walk(node, page: int | None) -> None:
        node = node.get_object()
        if isinstance(node, int):
            texts.extend(pages[page].get(node, []))
            return
        if not hasattr(node, "get"):
            return
        if node.get("/Type") == "/MCR":
            page, node = numbers[node.raw_get("/Pg").idnum], node["/MCID"]
            texts.extend(pages[page].get(node, []))
            return
        if "/ActualText" in node:
            texts.append(str(node["/ActualText"]))
            return
        if "/Pg" in node:
            page = numbers[node.raw_get("/Pg").idnum]
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid, page)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"], None)
    return [text for text in texts if any(c.isprintable() and not c.isspace() for c in text)]
