"""Each font subset made once per process, not once per PDF.

Writing a PDF, WeasyPrint cuts every font down to the glyphs the document draws (HarfBuzz's
subsetter, then zlib). A handout prints the same words on A4 and Letter, in regular and in
large print, and the packet of a variant draws what the packet of another draws: measured
over a build worker's es, ja and ar, 83 of 128 subsets were ones it had made before, the
same bytes (compared), and 4% of the worker's time. A subset is keyed by what decides it:
the face (WeasyPrint's hash of its Pango description, its index in a collection, the file's
size and a digest of its first bytes), the glyphs kept, and the two options that change the
result (hinting kept, and the outline kept for a missing glyph). The face is read the first
time one of WeasyPrint's fonts is subset, and kept on it: the font's file_content is its
subset after that, and a laid-out document taken again from the layout cache
(pdf/layout.py) writes the same font objects again."""

from __future__ import annotations

import hashlib
from functools import wraps

from weasyprint.pdf import fonts as weasyprint_fonts

from vertebro_print.errors import RenderError
from vertebro_print.lru import LRU

if not hasattr(getattr(weasyprint_fonts, "Font", None), "subset"):
    raise RenderError(
        "this WeasyPrint has no pdf.fonts.Font.subset: vertebro_print/pdf/subsets.py needs "
        "updating for it (see requirements.lock for the version it was written for)"
    )

# The subsets kept, by their bytes: a CJK face's is 0.2-0.6 MB, every other script's far less;
# a language's handouts on both papers and sizes need 1-5 MB.
KEPT_BYTES = 8 * 1024 * 1024
# The part of a font file its digest covers (its tables' directory and the first tables).
_HEAD = 64 * 1024

_made: LRU[bytes] = LRU(KEPT_BYTES, weigh=len)


# Where a font keeps its face's key (_face), taken before its file_content is a subset.
_FACE = "_vertebro_face"


def _face(font) -> tuple:
    face = getattr(font, _FACE, None)
    if face is None:
        content = font.file_content
        head = hashlib.blake2b(content[:_HEAD], digest_size=16).digest()
        face = (font.hash, font.index, len(content), head)
        setattr(font, _FACE, face)
    return face


def _key(font, to_unicode, hinting: bool) -> tuple:
    return (_face(font), frozenset(to_unicode), hinting, bool(font.missing))


_subset = weasyprint_fonts.Font.subset


@wraps(_subset)
def subset(self, to_unicode, hinting):
    if not to_unicode:
        return _subset(self, to_unicode, hinting)
    key = _key(self, to_unicode, hinting)
    made = _made.get(key)
    if made is not None:
        self.file_content = made
        return None
    _subset(self, to_unicode, hinting)
    _made.put(key, self.file_content)
    return None


def forget() -> None:
    """Drop the subsets kept (tests, and a process that wants the memory back)."""
    _made.clear()


if not getattr(_subset, "_vertebro_subsets", False):
    subset._vertebro_subsets = True  # type: ignore[attr-defined]
    weasyprint_fonts.Font.subset = subset
