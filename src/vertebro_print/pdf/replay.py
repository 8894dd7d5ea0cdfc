"""A page painted once is painted again from what its first painting wrote.

The packet of a variant is its parts' pages stapled (render.py): the same WeasyPrint Page
objects, taken from the layout cache, painted again into the packet's PDF. Painting is most
of writing a PDF (this package's draw hooks run for every run of text), and the packet's
painting was about half of a variant's: 10-20% of a build, measured on es, ar and ja. So a
page's first painting is recorded, with everything of its document's it used, and when the
page is painted again (into a packet, or into its own document written again) the recording
is replayed instead:
- the operators it wrote into its content stream, each group it drew under the name the
  new document gives it (WeasyPrint names groups by a count of the document's XObjects:
  the handouts' pictograms and list bullets are backgrounds, each drawn in a group);
- the structure tags of its marked content (box -> MCID), which WeasyPrint's pdf/tags.py
  builds the structure tree from once every page is painted;
- the stream's own marks this package leaves for that tree (rtltags.py's right-to-left
  texts): every attribute named `_vertebro_...`;
- the glyphs it drew, per font (widths and texts), which decide each font's subset and its
  /ToUnicode map;
- the images and opacity states it drew with.

A replay must write what painting afresh would: the PDFs are byte-identical (compared over
all 30 languages, regular and large, in build order, packet first and with an appointment;
tests/pdf/test_replay.py). Two things stop one, and the page is painted afresh instead:
- A glyph's text in a document is its first drawing's, and the draw hooks read it
  (textops.Recorder.text). Nastaliq and the Indic scripts draw one glyph for several texts,
  so a page whose glyphs have other texts in the new document, or whose texts came from
  pages the new document lacks, would be drawn otherwise there (_Glyphs.drawn_alike).
- A pattern, a shading or a graphics state other than an opacity (a gradient, a blend
  mode) is named by a count too, and is not recorded: such a page is always painted."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import wraps

import pydyf
from weasyprint import document as weasyprint_document
from weasyprint.pdf.stream import Stream
from weasyprint.text.fonts import get_hb_object_data

from vertebro_print.errors import RenderError

if not hasattr(getattr(weasyprint_document, "Page", None), "paint"):
    raise RenderError(
        "this WeasyPrint has no document.Page.paint: vertebro_print/pdf/replay.py needs "
        "updating for it (see requirements.lock for the version it was written for)"
    )

# Where a page keeps its recording, or _ALWAYS_AFRESH.
_PAINTING = "_vertebro_painting"
# Kept for a page that cannot be replayed: it is painted afresh every time, and never
# recorded at a later painting, whose document already holds what the page adds.
_ALWAYS_AFRESH = "always afresh"
# The stream attributes this package's draw hooks set (rtltags.py reads them after painting).
_MARK_PREFIX = "_vertebro_"
# Opacity states (weasyprint/pdf/stream.py set_alpha) are named by their value, the same in
# every document; other graphics states by a count.
_OPACITY_STATE = re.compile(r"[aA]\d")
_NONE = object()


@dataclass(frozen=True)
class _Glyphs:
    """The glyphs a page drew with one font; `face` is the font it drew them with, to make
    the same font for a document that has not met it yet."""

    face: object  # weasyprint.pdf.fonts.Font
    widths: tuple
    to_unicode: tuple  # (glyph, text) in the order the page first drew them
    missing: tuple
    # The glyphs the page gave their texts (their first drawing in the document was on it);
    # the others' texts were the document's, from its earlier pages.
    own: frozenset

    def drawn_alike(self, font) -> bool:
        """Whether the page, painted afresh into a document whose font this is (None: one
        that has not met the face), would be drawn as it was: the draw hooks read each
        glyph's text in the document, and a glyph's text is its first drawing's."""
        texts = {} if font is None else font.to_unicode
        for glyph, text in self.to_unicode:
            have = texts.get(glyph, _NONE)
            if have is _NONE and glyph not in self.own or have is not _NONE and have != text:
                return False
        return True

    def font(self):
        """A font of the same face for another document, with no glyphs drawn yet."""
        font = _blank(self.face, missing={})
        # The face's whole file, as WeasyPrint's Font reads it: the face's own file_content
        # is its subset once its document is written (not kept: a CJK file is 20-40 MB).
        font.file_content = get_hb_object_data(self.face.hb_face)
        return font

    def add_to(self, font) -> None:
        # setdefault: the first page to draw a glyph decides its text, as in painting; and
        # the text is stored as it was when set (dict.setdefault passes no value through the
        # to_unicode dict's own __setitem__, rtltext.py's, which would turn it around again).
        for table, entries in (
            (font.widths, self.widths),
            (font.to_unicode, self.to_unicode),
            (font.missing, self.missing),
        ):
            for key, value in entries:
                table.setdefault(key, value)


def _blank(font, texts: dict | None = None, missing: dict | None = None):
    """A copy of a WeasyPrint font that has drawn no glyph, and has no file: drawing reads
    none (writing a PDF does). `texts`, the glyphs' texts it starts with; `missing`, its
    missing glyphs (the font's: WeasyPrint numbers a new one after them).

    Without a file because a copy outlives the painting it was made for: an SVG keeps the
    last stream it drew into, which keeps the fonts it drew with, and a copy sharing its
    font's file kept the whole file (a CJK face's 20 MB) after the font was cut to its
    subset. A build worker's peak went from 430 to 800 MB."""
    blank = copy.copy(font)
    blank.file_content = b""
    blank.variations = dict(font.variations)
    # Of the font's own type: rtltext.py's stores right-to-left text as it is set.
    blank.to_unicode = type(font.to_unicode)()
    dict.update(blank.to_unicode, texts or {})
    blank.widths = {}
    blank.missing = dict(font.missing if missing is None else missing)
    blank.used_in_forms = False
    return blank


@dataclass(frozen=True)
class Painting:
    """What one painting of a page wrote, and everything of its document's it used."""

    scale: float
    operators: tuple
    tags_before: int | None  # tags the page's stream held before; None: untagged
    tags: tuple  # (box, {'tag', 'mcid'}) of its marked content
    marks: tuple  # (name, value) of the stream's _vertebro_ attributes
    glyphs: tuple  # (font key, _Glyphs)
    opacities: tuple  # (name, its graphics state)
    objects: tuple  # the page's XObjects in the order it named them: image names, groups
    group_uses: tuple  # (operator's index, group's index in objects) of each group drawn
    images: tuple  # (name, image, interpolate, DPI ratio) of each image drawn, groups' too

    def fits(self, stream, scale: float) -> bool:
        tags, fonts = stream._tags, stream._fonts
        return (
            scale == self.scale
            and self.tags_before == (None if tags is None else len(tags))
            and all(glyphs.drawn_alike(fonts.get(key)) for key, glyphs in self.glyphs)
        )

    def replay(self, stream) -> None:
        operators = list(self.operators)
        names = self._name_objects(stream)
        for index, group in self.group_uses:
            operators[index] = b"/" + names[group].encode() + b" Do"
        stream.stream.extend(operators)
        if self.tags:
            stream._tags.update((box, dict(tag)) for box, tag in self.tags)
        for name, value in self.marks:
            setattr(stream, name, copy.copy(value))
        fonts = stream._fonts
        for key, glyphs in self.glyphs:
            if key not in fonts:
                fonts[key] = glyphs.font()
            glyphs.add_to(fonts[key])
        states = stream._resources["ExtGState"]
        for name, state in self.opacities:
            if name not in states:
                states[name] = pydyf.Dictionary(state)
        for name, image, interpolate, ratio in self.images:
            _add_image(stream._images, name, image, interpolate, ratio)

    def _name_objects(self, stream) -> dict[int, str]:
        """Put the page's XObjects in the document's resources, each group under the name
        WeasyPrint would give it there (a count of the document's XObjects)."""
        objects, names = stream._resources["XObject"], {}
        for index, item in enumerate(self.objects):
            if isinstance(item, str):  # an image: named by its own id
                objects.setdefault(item, None)  # set when the PDF is written
            else:
                group = _twin(item)
                group.id = names[index] = f"x{len(objects)}"
                objects[group.id] = group
        return names


def _add_image(images: dict, name: str, image, interpolate, ratio) -> None:
    """What WeasyPrint's Stream.add_image leaves in the document's images."""
    if name in images:
        images[name]["dpi_ratios"].add(ratio)
    else:
        images[name] = {
            "image": image,
            "interpolate": interpolate,
            "dpi_ratios": {ratio},
            "x_object": None,
        }


def _twin(item):
    """A copy of a drawn XObject's PDF objects (its content, dictionaries and the groups
    inside it), not written yet: writing a PDF turns them into that PDF's references. Only
    what is written is kept: a group drawn into is a WeasyPrint Stream, which holds on to
    the fonts, images and tags it drew with."""
    if isinstance(item, pydyf.Stream):
        return pydyf.Stream(list(item.stream), _twin(item.extra), compress=item.compress)
    if isinstance(item, pydyf.Dictionary):
        return pydyf.Dictionary({key: _twin(value) for key, value in item.items()})
    if isinstance(item, pydyf.Array):
        return pydyf.Array(_twin(value) for value in item)
    return item


# The XObjects a page's first painting adds, by every stream it draws into (its groups'
# too), while one is watched: (stream, name, image or None, interpolate, DPI ratio). One
# painting at a time: a process renders one PDF at a time (build workers, the web's).
_watched: list | None = None


class _FirstPainting:
    """A page painted for the first time, into a stream whose document may hold other
    pages already: what the page uses is told apart from what the document held.

    - Glyphs: the page draws into copies of the document's fonts that have drawn no glyph
      (WeasyPrint gives every glyph it draws a width, if the font has none for it yet), and
      those are added to the document's after. The copies keep the texts of the document's
      glyphs, so the page is drawn as it would be into the document's fonts.
    - Images and groups: each is noted as a stream adds it.
    - Opacity states: the names its operators set (a state the document had already is
      named, never added again).
    - Resources named by a count: those the document gained meanwhile."""

    def __init__(self, stream) -> None:
        global _watched
        self.stream = stream
        self.operators = len(stream.stream)
        self.tags = None if stream._tags is None else set(stream._tags)
        self.fonts = stream._fonts
        # The texts the document's glyphs have already: the draw hooks read a glyph's text
        # (textops.Recorder.text), which is its first drawing's in the whole document.
        stream._fonts = {key: _blank(font, font.to_unicode) for key, font in self.fonts.items()}
        self.counted = {
            kind: set(stream._resources.get(kind, ()))
            for kind in ("ExtGState", "Pattern", "Shading")
        }
        self.added: list = []
        _watched = self.added

    def end(self) -> None:
        """Give the stream back its document's fonts, with the page's glyphs added."""
        global _watched
        _watched = None
        stream = self.stream
        self.page_fonts, stream._fonts = stream._fonts, self.fonts
        self.glyphs = tuple(
            (
                key,
                _Glyphs(
                    self.fonts.get(key, font),
                    tuple(font.widths.items()),
                    _texts_of(font.to_unicode, font.widths),
                    tuple(font.missing.items()),
                    frozenset(font.widths).difference(
                        self.fonts[key].to_unicode if key in self.fonts else ()
                    ),
                ),
            )
            for key, font in self.page_fonts.items()
            if font.widths
        )
        for key, glyphs in self.glyphs:
            if key in self.fonts:
                glyphs.add_to(self.fonts[key])
        for key, font in self.page_fonts.items():
            # A font new to the document: the one the page made is the document's (drawn
            # with or not: WeasyPrint writes every font a stream added).
            self.fonts.setdefault(key, font)

    def painting(self, scale: float) -> Painting | None:
        """The recording of the page, or None when it cannot be replayed."""
        stream, resources = self.stream, self.stream._resources
        added = {
            kind: [k for k in resources.get(kind, ()) if k not in keys]
            for kind, keys in self.counted.items()
        }
        operators = tuple(stream.stream[self.operators :])
        if (
            added["Pattern"]
            or added["Shading"]
            or not all(_OPACITY_STATE.match(name) for name in added["ExtGState"])
            or not all(_plain(op) for op in operators)
        ):
            return None
        own = [item for item in self.added if item[0]._resources is resources]
        objects = tuple(
            name if image is not None else _twin(resources["XObject"][name])
            for _, name, image, *_ in own
        )
        group_at = {name: index for index, (_, name, image, *_) in enumerate(own) if image is None}
        tags = stream._tags
        states = resources["ExtGState"]
        return Painting(
            scale=scale,
            operators=operators,
            tags_before=None if tags is None else len(self.tags),
            tags=()
            if tags is None
            else tuple((box, dict(tag)) for box, tag in tags.items() if box not in self.tags),
            marks=tuple(
                (name, copy.copy(value))
                for name, value in vars(stream).items()
                if name.startswith(_MARK_PREFIX)
            ),
            glyphs=self.glyphs,
            opacities=tuple(
                (name, pydyf.Dictionary(states[name]))
                for name in dict.fromkeys(_names(operators, b" gs"))
                if name and _OPACITY_STATE.match(name)
            ),
            objects=objects,
            group_uses=tuple(
                (index, group_at[name])
                for index, name in enumerate(_names(operators, b" Do"))
                if name in group_at
            ),
            images=tuple(
                (name, image, interpolate, ratio)
                for _, name, image, interpolate, ratio in self.added
                if image is not None
            ),
        )


def _texts_of(texts: dict, glyphs: dict) -> tuple:
    """The texts of the page's glyphs in the order the page first drew them (the order of
    its widths), which is the order a document the page starts sets them in."""
    return tuple((glyph, texts[glyph]) for glyph in glyphs if glyph in texts)


def _plain(operator) -> bool:
    """Whether an item of a content stream is written as it is, by value: an operator, or a
    marked content's property list (`<< /MCID n /ActualText (...) >>`, a Dictionary)."""
    if isinstance(operator, bytes | str):
        return True
    return isinstance(operator, pydyf.Dictionary) and all(
        isinstance(value, int | str | bytes | pydyf.String) for value in operator.values()
    )


def _names(operators, operator: bytes) -> list[str | None]:
    """Each item's operand if it is `/name <operator>` (pydyf writes `/x0 Do`, `/a1 gs`),
    else None."""
    return [
        op[1 : -len(operator)].decode()
        if isinstance(op, bytes) and op.endswith(operator) and op[:1] == b"/"
        else None
        for op in operators
    ]


_add_image_to_stream = Stream.add_image
_add_group_to_stream = Stream.add_group


@wraps(_add_image_to_stream)
def add_image(self, image, interpolate, ratio):
    name = _add_image_to_stream(self, image, interpolate, ratio)
    if _watched is not None:
        _watched.append((self, name, image, interpolate, ratio))
    return name


@wraps(_add_group_to_stream)
def add_group(self, x, y, width, height):
    group = _add_group_to_stream(self, x, y, width, height)
    if _watched is not None:
        _watched.append((self, group.id, None, None, None))
    return group


_paint = weasyprint_document.Page.paint


@wraps(_paint)
def paint(self, stream, scale=1):
    painting = getattr(self, _PAINTING, None)
    if isinstance(painting, Painting) and painting.fits(stream, scale):
        painting.replay(stream)
        return
    if painting is not None:  # recorded already, or never to be
        _paint(self, stream, scale)
        return
    first = _FirstPainting(stream)
    try:
        _paint(self, stream, scale)
    finally:
        first.end()
    setattr(self, _PAINTING, first.painting(scale) or _ALWAYS_AFRESH)


if not getattr(_paint, "_vertebro_replay", False):
    paint._vertebro_replay = True  # type: ignore[attr-defined]
    weasyprint_document.Page.paint = paint
    Stream.add_image = add_image
    Stream.add_group = add_group
