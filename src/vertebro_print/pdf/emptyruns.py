"""A run of text that is only the zero-width spaces linebreak.py places between two units is
laid out as always, but not drawn: it has nothing to draw.

Between two no-wrap spans of Chinese or Japanese (pdf/linebreak.py), a zero-width space is a
text box of its own, the break opportunity the layout needs there. WeasyPrint drew each such
box like any other run (Pango set up again, a text object written) and wrote a text object
with no glyph in it ("[<>0.0] TJ"): 1401 of the 3055 text boxes of the Japanese about,
aftercare and prepare handouts. Without them the pages and their text are the same, and a
PDF is written in 8-12% less time (ja, zh_Hans; warm, in-process, side by side).

The marked content WeasyPrint opens around each box is still written, so the tag tree and
its marked-content ids do not change; only the empty text object inside goes. A run with a
text decoration (an underline, a line through) is drawn as before."""

from __future__ import annotations

from functools import wraps

from weasyprint import draw as weasyprint_draw

from vertebro_print.errors import RenderError
from vertebro_print.pdf.wordbreak import ZWSP

if not hasattr(weasyprint_draw, "draw_text"):
    raise RenderError(
        "this WeasyPrint has no draw.draw_text: vertebro_print/pdf/emptyruns.py needs "
        "updating for it (see requirements.lock for the version it was written for)"
    )


def draws_nothing(textbox) -> bool:
    """Whether the text box is only zero-width spaces, with no line drawn along it."""
    text = textbox.text
    return bool(text) and not text.strip(ZWSP) and textbox.style["text_decoration_line"] == "none"


_draw_text = weasyprint_draw.draw_text


@wraps(_draw_text)
def draw_text(stream, textbox, *args, **kwargs):
    if draws_nothing(textbox):
        return None
    return _draw_text(stream, textbox, *args, **kwargs)


if not getattr(_draw_text, "_vertebro_empty_runs", False):
    draw_text._vertebro_empty_runs = True  # type: ignore[attr-defined]
    weasyprint_draw.draw_text = draw_text
