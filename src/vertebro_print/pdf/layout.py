"""WeasyPrint's side of a render: laying HTML out with the installed fonts, the handout
stylesheet and a URL fetcher limited to given folders, writing the tagged PDF, and what a
process keeps warm between renders (the font configuration, the parsed stylesheet, and recent
layouts keyed by their HTML, so a packet is stapled from its parts' layouts without laying
anything out again). It takes paths, never the project: the stage above resolves them."""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vertebro_print.errors import RenderError
from vertebro_print.lru import LRU
from vertebro_print.pdf import copyfit, footroom

log = logging.getLogger("vertebro_print.render")
STYLESHEET = "css/handout.css"
# Laid-out documents kept per process: the parts of one packet in two variants, about.
LAYOUT_CACHE_SIZE = 8


class _GlyphWatch(logging.Handler):
    """Collects WeasyPrint's warnings during one render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Folders:
    """Where a layout reads from: `base`, the handout folder relative URLs start in (and the
    stylesheet's home), and `roots`, every folder or file it may load (the handout folder,
    the clinic's logo)."""

    base: Path
    roots: tuple[Path, ...]


@dataclass(frozen=True)
class Layout:
    document: object  # weasyprint.Document
    resources: tuple[Path, ...]
    stamps: tuple[int, ...]  # the resources' modification times when it was laid out

    def current(self) -> bool:
        try:
            return tuple(p.stat().st_mtime_ns for p in self.resources) == self.stamps
        except OSError:
            return False


_layouts: LRU[Layout] = LRU(LAYOUT_CACHE_SIZE)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while WeasyPrint lays out or writes a document.

    A render allocates hundreds of thousands of objects, which set off dozens of collections,
    and a full one now and then walks everything the process keeps (fonts, the parsed
    stylesheet, cached layouts): 7-15% of a render's time went to them. Boxes and styles are
    freed by reference counting as soon as they are dropped; the few cycles wait for the next
    collection, which comes right after (the count of new objects is far over the threshold
    by then), so the saving is the collections skipped: about 3% in a worker's loop."""
    if not gc.isenabled():  # paused already (a render inside a render), or by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cached_layout(html: str, folders: Folders, what: str) -> Layout:
    """The layout of a handout's HTML, from the cache when the same HTML, stylesheet and files
    were laid out before in this process."""
    from vertebro_print.pdf.fetcher import ProjectFetcher

    fetcher = ProjectFetcher(list(folders.roots))
    sheet = stylesheet(folders.base, fetcher)
    key = (hashlib.sha256(html.encode()).digest(), id(sheet), folders)
    cached = _layouts.get(key)
    if cached is not None and cached.current():
        return cached
    rules = copyfit.rules(folders.base)
    document = copyfit.fitted(
        lambda steps: lay_out_with_footer_room(html, folders.base, what, sheet, fetcher, steps),
        rules,
    )
    resources = tuple(fetcher.loaded)
    layout = Layout(document, resources, tuple(p.stat().st_mtime_ns for p in resources))
    _layouts.put(key, layout)
    return layout


def lay_out_with_footer_room(
    html: str, base: Path, what: str, sheet, fetcher, steps: tuple[str, ...] = ()
) -> object:
    """The layout, with the bottom margin its running footer needs (pdf/footroom.py): laid
    out again where the first try's margin was not that one. `steps` are the copyfit steps'
    style sheets (pdf/copyfit.py), which leave the footer as it is."""

    def lay_out(page: str, margin: float | None) -> object:
        extra = [footroom.rule(margin)] if margin is not None else []
        sheets = [sheet, *(_parsed(css) for css in (*steps, *extra))]
        return lay_out_html(page, base, what, sheets, fetcher)

    key = footroom.signature(html)  # read once: the HTML is a few hundred KB
    tried = footroom.guess(key)
    if not footroom.known(key):
        # A footer not seen before in this process: measured on a page holding only it (a
        # few milliseconds), not by laying the whole handout out twice.
        tried = footroom.margin_for(html, lay_out(footroom.footer_only(html), None))
        footroom.remember(key, tried)
    document = lay_out(html, tried)
    for _ in range(2):  # a second pass only if the page count changed the footer's lines
        margin = footroom.margin_for(html, document)
        footroom.remember(key, margin)
        if margin == tried:
            break
        document, tried = lay_out(html, margin), margin
    return document


@cache
def _parsed(css: str) -> object:
    """A small extra style sheet (a footer margin, a copyfit step), parsed once."""
    from vertebro_print.pdf.fonts import weasyprint

    return weasyprint.CSS(string=css)


def clear_layouts() -> None:
    """Forget the cached layouts and footer margins (the next render lays out again, as a
    new process would; benchmarks time that)."""
    _layouts.clear()
    footroom.forget()


def lay_out_html(html: str, base: Path, what: str, stylesheets: list, fetcher) -> object:
    """WeasyPrint's laid-out document of any HTML (a handout, a review sheet). A glyph no
    font has, a refused or missing resource, a file to embed, or WeasyPrint itself failing on
    the HTML or CSS stops it with a RenderError."""
    from vertebro_print.pdf.fetcher import ResourceMissing, ResourceRefused, refuse_attachments
    from vertebro_print.pdf.fonts import weasyprint

    watch = _GlyphWatch()
    wp_log = logging.getLogger("weasyprint")
    wp_log.addHandler(watch)
    try:
        with collector_paused():
            document = weasyprint.HTML(
                string=html,
                base_url=base.as_uri() + "/",
                url_fetcher=fetcher,
            ).render(
                stylesheets=stylesheets, font_config=font_configuration(), pdf_variant="pdf/ua-1"
            )
        refuse_attachments(document, what)
    except (ResourceRefused, ResourceMissing) as exc:
        raise RenderError(f"{what}: {exc}") from exc
    except RenderError:
        raise
    except Exception as exc:
        # A content owner's edit can trip WeasyPrint itself (a value it accepts, then fails
        # to lay out): say so in one line, not with a traceback from inside WeasyPrint.
        raise RenderError(
            f"{what}: WeasyPrint failed to lay it out ({type(exc).__name__}: {exc}); the "
            f"likely cause is a recent edit to the templates or stylesheet in "
            f"{base}: undo it, then make it again in smaller steps"
        ) from exc
    finally:
        wp_log.removeHandler(watch)
    missing = [m for m in watch.messages if "glyph" in m.lower()]
    if missing:
        raise RenderError(
            f"{what}: some characters have no font that can draw "
            f"them ({missing[0]}); run `vertebro-print doctor` for the fix"
        )
    for message in watch.messages:
        log.warning("%s: %s", what, message)
    return document


def write_pdf(document) -> bytes:
    """The tagged PDF of a laid-out document, its CJK fonts made compact."""
    from vertebro_print.pdf.cidfonts import compact_cid_fonts

    with collector_paused():
        return document.write_pdf(pdf_variant="pdf/ua-1", finisher=compact_cid_fonts)


@cache
def font_configuration():
    """The process's one WeasyPrint FontConfiguration, kept warm between renders."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


_stylesheets: dict[tuple[Path, int], object] = {}


def release_fonts() -> None:
    """Forget this process's font configuration, parsed stylesheet and font subsets: Pango
    closes the fonts it opened and unmaps their files (a CJK face maps about 40 MB). A
    long-lived process that moves on to another script calls this; the next render sets them
    up again (~50 ms)."""
    from vertebro_print.pdf import subsets

    font_configuration.cache_clear()
    subsets.forget()
    _stylesheets.clear()
    _layouts.clear()  # laid-out documents hold on to the fonts they were drawn with


def stylesheet(handouts_dir: Path, fetcher):
    """The handout stylesheet, parsed once per process (and again when the file changes)."""
    from vertebro_print.pdf.fonts import weasyprint

    path = handouts_dir / STYLESHEET
    key = (path, path.stat().st_mtime_ns)
    if key not in _stylesheets:
        _stylesheets[key] = weasyprint.CSS(
            filename=str(path), url_fetcher=fetcher, font_config=font_configuration()
        )
    return _stylesheets[key]
