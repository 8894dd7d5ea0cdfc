"""Smaller CJK fonts in the PDF: a WeasyPrint finisher.

WeasyPrint writes glyph IDs straight into the page content, so it subsets fonts with "retain
GIDs": a subset of Noto Sans CJK keeps all 63,000 glyph slots, empty ones included. The
empty slots cost about 180 KB per weight even compressed (the CFF charset, FDSelect and
CharStrings offsets), which made Chinese and Japanese handouts three times the size of the
others.

Noto Sans CJK is a CID-keyed CFF font whose CIDs equal its glyph IDs (ROS Adobe-Identity-0),
and a PDF reader finds the glyph for a CID through the font's own charset. So the font can be
subset again with the empty slots gone: HarfBuzz's subsetter keeps each glyph's CID in the
new charset, and the CIDs in the page content still name the same glyphs.

The font goes in as a bare CFF program (FontFile3 /CIDFontType0C), where PDF readers look
glyphs up by CID through the charset. Inside an OpenType wrapper, pdfium and poppler take
the CID for a glyph ID instead (tried: the glyphs came out scrambled). Fonts that do not
match this shape exactly (TrueType outlines, other character collections, CIDs that are
not the glyph IDs) are left as WeasyPrint wrote them."""

from __future__ import annotations

import io
from collections import defaultdict

import pydyf
import uharfbuzz
from fontTools.ttLib import TTFont

IDENTITY_ROS = ("Adobe", "Identity", 0)


def compact_cid_fonts(document: object, pdf: pydyf.PDF) -> None:
    """Re-subset every CID-keyed CFF font file in `pdf` down to the glyphs its pages use.
    The signature is WeasyPrint's `finisher`; the document itself is not needed."""
    used_by_file: dict[int, set[int]] = defaultdict(set)
    for font in pdf.objects:
        if isinstance(font, pydyf.Dictionary) and font.get("Subtype") == "/CIDFontType0":
            descriptor = pdf.objects[_number(font["FontDescriptor"])]
            if "FontFile3" in descriptor:
                used_by_file[_number(descriptor["FontFile3"])] |= _cids(font["W"])
    for number, used in used_by_file.items():
        stream = pdf.objects[number]
        compacted = _compact(b"".join(stream.stream), used)
        if compacted is not None:
            stream.stream = [compacted]
            stream.extra["Subtype"] = "/CIDFontType0C"


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


def _cids(widths: pydyf.Array) -> set[int]:
    """The CIDs a /W array gives widths for: [first [w w ...] first [w ...] ...]."""
    cids: set[int] = set()
    for first, run in zip(widths[::2], widths[1::2], strict=True):
        cids.update(range(first, first + len(run)))
    return cids


def _compact(font_file: bytes, used: set[int]) -> bytes | None:
    """The font's bare CFF table with only `used` glyphs (and .notdef), or None when it is
    not a font whose CIDs can be trusted to survive (see the module's docstring)."""
    if not font_file.startswith(b"OTTO"):
        return None
    plan = uharfbuzz.SubsetInput()
    for glyph in used:
        plan.glyph_set.add(glyph)
    plan.flags = (
        uharfbuzz.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
    )
    subset = uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob(font_file)), plan)
    if subset is None:
        return None
    font = TTFont(io.BytesIO(bytes(subset.blob.data)))
    return font.reader["CFF "] if _keeps_cids(font, used) else None


def _keeps_cids(font: TTFont, used: set[int]) -> bool:
    """True when the subset is CID-keyed Adobe-Identity-0 and its charset holds exactly the
    used CIDs: then every code in the page content still finds its own glyph."""
    top = font["CFF "].cff.topDictIndex[0]
    if getattr(top, "ROS", None) != IDENTITY_ROS:
        return False
    cids = {int(name[3:]) for name in top.charset if name.startswith("cid")}
    return cids == used - {0} and len(top.charset) == len(cids) + 1
