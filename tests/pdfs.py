"""Reading back the PDFs the tests make: text per page, font sizes, embedded fonts."""

from __future__ import annotations

import ctypes
import io
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageChops
from pypdf import PdfReader

PX_PER_PT = 4 / 3


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def structure_kinds(pdf: bytes) -> Counter:
    """How many elements of each kind (/H1, /P, /Figure...) the PDF's structure tree has."""
    kinds: Counter = Counter()

    def walk(node) -> None:
        node = node.get_object()
        if hasattr(node, "get"):
            kinds[node.get("/S")] += 1
            children = node.get("/K", [])
            for child in children if isinstance(children, list) else [children]:
                if hasattr(child, "get_object"):
                    walk(child)

    walk(reader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return kinds


# Phone numbers are printed with no-break spaces and non-breaking hyphens. PDFium reads a
# hyphen that ends a line as U+FFFE (it takes it for a soft hyphen; handouts never hyphenate,
# so it is a word's own hyphen, as in "peut-être").
_PLAIN = str.maketrans({"\u00a0": " ", "\u2011": "-", "\ufffe": "-"})


@contextmanager
def pdfium_pages(pdf: bytes) -> Iterator[list]:
    """The PDF's pages as PDFium reads them (C: ten times faster than pypdf's pure Python)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        yield list(document)
    finally:
        document.close()


def right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, one line per printed line. Read with PDFium (right about
    Devanagari clusters too); a PDF with right-to-left text is read with poppler's pdftotext,
    which gives more of its runs whole than PDFium (pdf/rtltext.py has the figures)."""
    with pdfium_pages(pdf) as pages:
        texts = [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in pages]
    if any(right_to_left(text) for text in texts):
        texts = poppler_pages(pdf)
    return [text.translate(_PLAIN) for text in texts]


def poppler_pages(pdf: bytes) -> list[str]:
    """Each page's text as poppler's pdftotext reads it, without its direction marks."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "read.pdf"
        path.write_bytes(pdf)
        run = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        )
    # Without the embedding marks poppler puts around each run of a direction.
    marks = dict.fromkeys(range(0x202A, 0x202F))
    return [page.translate(marks) for page in run.stdout.split("\f")[: len(reader(pdf).pages)]]


def poppler_images(pdf: bytes, folder: Path, stem: str) -> list[Image.Image]:
    """Each page as poppler draws it at 60 dpi (pdftoppm -r 60), written in the folder."""
    import subprocess

    (folder / f"{stem}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", f"{stem}.pdf", stem], cwd=folder, check=True)
    return [Image.open(page).convert("RGB") for page in sorted(folder.glob(f"{stem}-*.png"))]


def pdfium_images(pdf: bytes) -> list[Image.Image]:
    """Each page as PDFium draws it at 60 dpi."""
    with pdfium_pages(pdf) as pages:
        return [page.render(scale=60 / 72).to_pil().convert("RGB") for page in pages]


def largest_difference(before: list[Image.Image], after: list[Image.Image]) -> int:
    """The largest difference of one colour of one pixel between two drawings of the same
    pages (0: the same pictures)."""
    assert len(before) == len(after)
    return max(
        max(high for _, high in ImageChops.difference(a, b).getextrema())
        for a, b in zip(before, after, strict=True)
    )


@dataclass(frozen=True)
class Glyph:
    """One drawn character as PDFium reads it: its size, and its origin on the baseline, in
    points."""

    text: str
    size_pt: float
    x: float
    y: float


def glyphs(pdf: bytes, page_number: int | None = None) -> list[Glyph]:
    """Every character drawn (spaces left out), of one page or of all. PDFium gives a size in
    the text space, which WeasyPrint scales by 3/4 (CSS px to pt)."""
    import pypdfium2.raw as pdfium

    found = []
    with pdfium_pages(pdf) as pages:
        for page in pages if page_number is None else [pages[page_number]]:
            text_page = page.get_textpage()
            for i in range(text_page.count_chars()):
                char = chr(pdfium.FPDFText_GetUnicode(text_page, i))
                if char.isspace() or char in "\0\ufffe\uffff":
                    continue
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium.FPDFText_GetCharOrigin(text_page, i, x, y)
                size = round(pdfium.FPDFText_GetFontSize(text_page, i) / PX_PER_PT, 1)
                found.append(Glyph(char, size, x.value, y.value))
    return found


def body_size_pt(pdf: bytes, above_pt: float = 0) -> float:
    """The font size (pt) that carries the most characters: the body text. `above_pt`: only
    glyphs higher on the page than that (points from the bottom edge), to leave the running
    footer out where it may carry more characters than the body (large print in CJK)."""
    sizes = Counter(glyph.size_pt for glyph in glyphs(pdf) if glyph.y > above_pt)
    return sizes.most_common(1)[0][0]


def smallest_size_pt(pdf: bytes) -> float:
    return min(glyph.size_pt for glyph in glyphs(pdf))


def cid_fonts(pdf: bytes) -> dict[str, tuple[set[int], dict]]:
    """Each CID font in the PDF by its name: the CIDs its /W array gives widths for (the
    glyphs the pages use) and its font descriptor."""
    fonts = {}
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            cid_font = font.get_object()["/DescendantFonts"][0].get_object()
            widths, cids = cid_font["/W"], set()
            for first, run in zip(widths[::2], widths[1::2], strict=True):
                cids.update(range(first, first + len(run)))
            name = str(cid_font["/BaseFont"]).removeprefix("/")
            fonts[name] = (fonts.get(name, (set(),))[0] | cids, cid_font["/FontDescriptor"])
    return fonts


@cache
def _installed_fonts() -> dict[tuple[str, str], tuple[str, int]]:
    """(family, style) -> (file, index) for every font fontconfig knows."""
    import subprocess

    listing = subprocess.run(
        ["fc-list", "--format", "%{family}|%{style}|%{file}|%{index}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fonts = {}
    for line in listing.splitlines():
        families, styles, path, index = line.split("|")
        for family in families.split(","):
            for style in styles.split(","):
                fonts[(family, style)] = (path, int(index))
    return fonts


def embedded_font_names(pdf: bytes) -> set[str]:
    """The name of every font the pages draw text with, read by PDFium (pypdf spent a tenth
    of a second a PDF unpacking object streams to find them)."""
    import pypdfium2.raw as pdfium

    names = set()
    with pdfium_pages(pdf) as pages:
        for page in pages:
            for text in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_TEXT]):
                font = pdfium.FPDFTextObj_GetFont(text.raw)
                size = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
                name = ctypes.create_string_buffer(size)
                pdfium.FPDFFont_GetBaseFontName(font, name, size)
                names.add(name.value.decode())
    return names


def embedded_font_sources(pdf: bytes) -> dict[str, tuple[str, int]]:
    """The installed font file (path, index) each embedded subset was cut from, by the
    subset's name. WeasyPrint names a subset "ABCDEF+Family-Words-Style" (spaces as
    hyphens)."""
    installed = _installed_fonts()
    sources = {}
    for subset in embedded_font_names(pdf):
        name = subset.split("+", 1)[1].replace("-", " ")
        family, style = (name[:-5], "Bold") if name.endswith(" Bold") else (name, "Regular")
        sources[subset] = installed[(family, style)]
    return sources


def covered_characters(pdf: bytes) -> set[str]:
    """Every character some font embedded in the PDF can draw. The full installed fonts are
    read, not the subsets: a subset's cmap lacks characters drawn only through shaping
    (Arabic joining forms, Devanagari conjuncts, CJK punctuation alternates)."""
    covered: set[str] = set()
    for path, index in set(embedded_font_sources(pdf).values()):
        covered |= _font_characters(path, index)
    return covered


@cache
def _font_characters(path: str, index: int) -> frozenset[str]:
    # Read once per test process: a CJK font's cmap takes a quarter of a second to parse.
    with TTFont(path, fontNumber=index) as font:
        return frozenset(chr(c) for c in font.getBestCmap())


def line_starts(pdf: bytes, page_number: int = 0) -> tuple[list[float], float]:
    """The x of the leftmost text on each line of a page, and the page's left text edge."""
    lines: dict[float, float] = {}
    for glyph in glyphs(pdf, page_number):
        y = round(glyph.y)
        lines[y] = min(lines.get(y, glyph.x), glyph.x)
    starts = sorted(lines.values())
    return list(lines.values()), starts[0] if starts else 0.0
