"""A blank line to write on (handout.css: .blank, an empty inline block with a bottom border)
gets invisible underscores across its width in the text layer.

Empty, the blank left a gap of 4.5 cm in its line's text, and poppler split the line there
into two blocks: the words after the blank ("に電話して", "，联系您的医生") were read after
the paragraph, and "call your care team at ____" was not found whole in Japanese, Korean,
Chinese and Arabic. Underscores drawn invisibly (Tr 3) on the line's baseline, as many as
fill the blank at the line's font and size (Tz makes up the rest), leave no gap: both
extractors read the line as one, and copy gives "at ________", a line to write on, as a
form's blank is written in plain text (a space would not do: poppler takes none for a
character, and the gap stayed). They are an /Artifact: a screen reader reading by the
structure tree still passes over the blank (role="presentation"), as it did. Nothing is
drawn: the page is pixel-identical (pdftoppm and PDFium, 67 pages of 8 languages).
In a right-to-left line poppler puts the underscores with the neutral characters beside
them ("العيادة____ :" for the header's "العيادة: ____"); PDFium keeps them in place."""

from __future__ import annotations

from functools import wraps

from weasyprint import draw as weasyprint_draw
from weasyprint.draw import text as weasyprint_text
from weasyprint.formatting_structure import boxes
from weasyprint.matrix import Matrix
from weasyprint.stacking import StackingContext
from weasyprint.text.line_break import Layout, line_size

from vertebro_print.errors import RenderError

if not hasattr(weasyprint_draw, "draw_inline_level"):
    raise RenderError(
        "this WeasyPrint has no draw.draw_inline_level: vertebro_print/pdf/blanks.py needs "
        "updating for it (see requirements.lock for the version it was written for)"
    )

BLANK = "blank"  # the class of a blank line (handout.css)
FILLER = "_"
INVISIBLE = 3  # text rendering mode: neither filled nor stroked


def is_blank(box) -> bool:
    """Whether the box is an empty inline block of the class BLANK."""
    element = box.element
    return (
        isinstance(box, boxes.InlineBlockBox)
        and not box.children
        and element is not None
        and BLANK in (element.get("class") or "").split()
    )


def filler(box) -> tuple[str, float]:
    """The underscores that fill the blank's width at its font, and how much they are widened
    (or narrowed) to fill it exactly."""
    layout = Layout(box.style)
    layout.set_text(FILLER)
    one, _ = line_size(layout.get_first_line()[0], box.style)
    count = max(1, round(box.width / one))
    return FILLER * count, box.width / (count * one)


def draw_filler(stream, box) -> None:
    """The blank's underscores, invisible, on the line's baseline: an empty inline block sits
    on it with its bottom margin edge (CSS 2, 10.8.1)."""
    text, scale = filler(box)
    textbox = boxes.TextBox.anonymous_from(box, text)
    textbox.pango_layout = Layout(textbox.style)
    textbox.pango_layout.set_text(text)
    x, y = box.content_box_x(), box.position_y + box.margin_height()
    with stream.stacked():
        stream.begin_marked_content("Artifact")
        stream.begin_text()
        stream.set_text_rendering(INVISIBLE)
        stream.stream.append(f"{100 * scale:g} Tz".encode())
        weasyprint_text.draw_first_line(stream, textbox, "clip", "none", Matrix(d=-1, e=x, f=y))
        stream.end_text()
        stream.end_marked_content()


_draw_inline_level = weasyprint_draw.draw_inline_level


@wraps(_draw_inline_level)
def draw_inline_level(stream, page, box, *args, **kwargs):
    drawn = _draw_inline_level(stream, page, box, *args, **kwargs)
    if isinstance(box, StackingContext) and is_blank(box.box):
        draw_filler(stream, box.box)
    return drawn


if not getattr(_draw_inline_level, "_vertebro_blanks", False):
    draw_inline_level._vertebro_blanks = True  # type: ignore[attr-defined]
    weasyprint_draw.draw_inline_level = draw_inline_level
