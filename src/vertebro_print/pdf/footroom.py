"""Room at the foot of the page for the running footer, measured rather than guessed.

The footer (the disclaimer in one or two languages and the document line) is drawn in the
page's bottom margin, whose height the layout template sets by paper and print size. A
language whose disclaimer takes more lines (Tagalog in large print: four lines of 16 pt, not
three) would overflow that margin and be cut off at the paper's edge, where no printer
prints. So after a layout the footer's height is measured on every page, and where it does
not fit, the document is laid out again with a bottom margin that holds it.

The margin found is remembered for the footer's text, paper and print size (its
`signature`): the next handout of the same language and size, whose footer differs only in
its document code, is laid out with it at once, and measured again all the same."""

from __future__ import annotations

import re

# The margin box the footer runs in (handouts/css/handout.css: @bottom-left).
FOOTER_BOX = "@bottom-left"
# Kept free below the footer's last line: most office printers cannot print the strip of
# about 5 mm at the paper's edge.
EDGE_MM = 6
PX_PER_MM = 96 / 25.4


# What decides the footer's height in a handout's HTML: the root element's classes (paper,
# large print, bilingual), the @page rule and the disclaimers (handouts/_layout.html.j2).
_SIGNATURE = re.compile(r'<html[^>]*>|@page \{[^}]*\}|<p class="disclaimer">.*?</p>', re.S)
_rooms: dict[str, str] = {}  # signature -> the @page rule that held that footer last time


def signature(html: str) -> str:
    return "\n".join(_SIGNATURE.findall(html))


def known_room(html: str) -> str | None:
    """The @page rule a footer like this one needed before, if it needed one."""
    return _rooms.get(signature(html))


def remember_room(html: str, rule: str) -> None:
    _rooms[signature(html)] = rule


def forget() -> None:
    _rooms.clear()


def footer_shortfall(document) -> float:
    """How many CSS pixels the tallest footer of the document lacks in its page's bottom
    margin, with EDGE_MM free under it (0 or less when every footer fits)."""
    shortfall = 0.0
    for page in document.pages:
        for box in page._page_box.children:
            if getattr(box, "at_keyword", None) != FOOTER_BOX:
                continue
            content = sum(child.margin_height() for child in box.children)
            shortfall = max(shortfall, content + EDGE_MM * PX_PER_MM - box.height)
    return shortfall


def bottom_margin(document) -> float:
    """The bottom margin the document was laid out with, in CSS pixels (the largest of its
    pages')."""
    return max(page._page_box.margin_bottom for page in document.pages)


def room_rule(document) -> str | None:
    """An @page rule whose bottom margin holds every footer of the document, or None when
    they all fit. It is given as a user stylesheet, so it is `!important` to win over the
    template's own @page rule."""
    shortfall = footer_shortfall(document)
    if shortfall <= 0:
        return None
    margin_mm = (bottom_margin(document) + shortfall) / PX_PER_MM
    return f"@page {{ margin-bottom: {margin_mm:.1f}mm !important; }}"
