"""Room at the foot of the page for the running footer, measured rather than guessed.

The footer (the disclaimer in one or two languages and the document line) is drawn in the
page's bottom margin, whose height the layout template sets by paper and print size. A
language whose disclaimer takes more lines (Tagalog in large print: four lines of 16 pt, not
three) would overflow that margin and be cut off at the paper's edge, where no printer
prints. So after a layout the footer's height is measured on every page, and where it does
not fit, the document is laid out again with a bottom margin that holds it.

The margin is a function of the footer alone (its height does not depend on the bottom
margin): the template's margin where the footer fits it, else exactly what the footer needs,
to the tenth of a millimetre, so a handout prints the same whatever was laid out before it.
The first handout with a footer (same text, paper and print size: its `signature`) has it
measured on a page that holds only the footer (`footer_only`, a few milliseconds), and the
margin found is tried first for the others; each handout's footer is measured all the same,
and laid out again in the rare case the guess was not the margin (a page count that changed
the footer's lines).
"""

from __future__ import annotations

import math
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
# The bottom margin the layout template gives (in its @page rule), in mm.
_TEMPLATE_MARGIN = re.compile(r"@page \{[^}]*margin-bottom: ([\d.]+)mm")
_guesses: dict[str, float | None] = {}  # signature -> the margin (mm) it needed (None: template's)


def signature(html: str) -> str:
    return "\n".join(_SIGNATURE.findall(html))


def forget() -> None:
    _guesses.clear()


def template_margin(html: str) -> float | None:
    """The bottom margin (mm) the layout template set, or None when it set none."""
    found = _TEMPLATE_MARGIN.search(html)
    return float(found.group(1)) if found else None


def needed_margin(document) -> float:
    """The bottom margin (mm) that holds the tallest footer of the document with EDGE_MM free
    under it."""
    needed = 0.0
    for page in document.pages:
        for box in page._page_box.children:
            if getattr(box, "at_keyword", None) != FOOTER_BOX:
                continue
            content = sum(child.margin_height() for child in box.children)
            needed = max(needed, content + box.padding_top + box.padding_bottom)
    return needed / PX_PER_MM + EDGE_MM


def margin_for(html: str, document) -> float | None:
    """The bottom margin (mm) the document must be laid out with: None for the template's,
    else the footer's need, rounded up to a tenth of a millimetre."""
    template = template_margin(html)
    need = math.ceil(needed_margin(document) * 10) / 10
    return None if template is not None and need <= template else need


# A handout's running footers (handouts/_layout.html.j2), which footer_only() keeps.
_FOOTERS = re.compile(r'<footer class="page-footer">.*?</footer>', re.S)


def footer_only(html: str) -> str:
    """The handout's HTML with its body cut down to its running footers: a one-page document
    whose footer is the handout's, laid out in a few milliseconds to measure it."""
    head = html[: html.index("<body")]
    return f"{head}<body>{''.join(_FOOTERS.findall(html))}</body></html>"


def known(key: str) -> bool:
    """Whether a footer with this signature was measured before in this process."""
    return key in _guesses


def guess(key: str) -> float | None:
    """The margin (mm) a footer like this one needed before, if it needed its own (None also
    when it was never measured: see known())."""
    return _guesses.get(key)


def remember(key: str, margin: float | None) -> None:
    """The margin (mm) a footer with this signature needs: None for the template's."""
    _guesses[key] = margin


def rule(margin: float) -> str:
    """The @page rule for that margin, given as a user stylesheet: `!important` to win over
    the template's own @page rule."""
    return f"@page {{ margin-bottom: {margin:.1f}mm !important; }}"
