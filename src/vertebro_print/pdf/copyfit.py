"""Copyfitting: a layout that wastes a page is laid out again, a step tighter.

Some boxes must never split over a page break (the warning box, the medicines callout, the
appointment box). When one does not fit in what is left of a page it goes whole to the next,
and leaves the page before it part empty; in large print and in tall scripts such a box is
half a page or more, and a few millimetres decide where it goes. The handouts' own rules
(`css/copyfit.toml`, beside the stylesheet) say what a good layout is: no page before the
handout's last under a share of its text area full, and some boxes whole on page 1 of a
handout laid out alone. A layout that breaks them is laid out again with the rules' steps,
one more each time (tighter spacing, then smaller type, never under the large-print floor),
until one breaks none; else the one that breaks fewest is kept (a tie goes to the looser).
A step may be for one kind of fault alone (a table printed another way when its columns are
wider than the page): it is taken only while the layout has that fault.
Most layouts break none and are laid out once.

A layout's faults are measured on WeasyPrint's boxes: a page's fill is the bottom of its last
line of text, as a share of the page's text area; the running footer is not counted."""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from vertebro_print.errors import RenderError

RULES = "css/copyfit.toml"
# The boxes that may take a page of their own at a handout's end (a clinic's
# language-help notice): the page before them counts as a last page.
_CLOSING = "language-help"
PT_PER_PX = 3 / 4
# A line this far (CSS px) past the text area's side runs past the edge: a pixel is rounding.
_EDGE_SLACK = 1


class Faults(NamedTuple):
    """What a layout breaks, worst first: a layout with fewer of the first kind is better
    whatever the rest, so no step buys a fuller page with text off the page, a longer
    regular-print line than the measure or large print under its floor (a script set smaller
    than Latin, Burmese at 0.9, reaches the floor before the step's own size does)."""

    wide: int  # pages with a line past the side of the text area (or off the paper)
    hard: int  # pages with a line over the measure, or large print under its floor
    off: int  # first-page boxes not whole on page 1 (a handout laid out alone)
    underfilled: int  # pages before the last under the page fill

    def any_of(self, kinds: frozenset[str]) -> bool:
        return any(getattr(self, kind) for kind in kinds)


NONE = Faults(0, 0, 0, 0)
# The faults a step is tried for unless it names its own (`fixes`).
_USUAL = frozenset({"hard", "off", "underfilled"})


@dataclass(frozen=True)
class Step:
    name: str
    css: str
    # The root element's classes the step is for (all of them) and not for (any of them):
    # a step for large print alone costs a regular-print layout nothing.
    when: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    # The faults (Faults' field names) the step can mend: it is taken only while the
    # layout has one of them.
    fixes: frozenset[str] = _USUAL

    def applies(self, root_classes: frozenset[str]) -> bool:
        return self.when <= root_classes and not self.unless & root_classes


@dataclass(frozen=True)
class Rules:
    page_fill: float  # the least share of its text area a page before the last holds
    first_page: tuple[str, ...]  # classes of boxes that belong whole on page 1 (alone)
    steps: tuple[Step, ...]  # each tighter than the one before, applied on top of it
    measure: int = 0  # the most characters a regular-print line may hold (0: no limit)
    large_print_pt: float = 0  # the smallest text large print may print (0: no floor)


_rules: dict[tuple[Path, int], Rules] = {}


def rules(handouts_dir: Path) -> Rules:
    """The copyfit rules of a handouts folder, read once per process (again when edited)."""
    path = handouts_dir / RULES
    try:
        key = (path, path.stat().st_mtime_ns)
        if key not in _rules:
            _rules[key] = _parse(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise RenderError(
            f"{path}: not readable copyfit rules ({exc}); it needs page_fill (a number "
            f"between 0 and 1), first_page (a list of classes) and [[steps]] with a name and "
            f"css each: restore it from the repository"
        ) from exc
    return _rules[key]


def _parse(data: dict) -> Rules:
    fill = float(data["page_fill"])
    if not 0 < fill < 1:
        raise ValueError(f"page_fill {fill} is not between 0 and 1")
    steps = tuple(
        Step(
            str(s["name"]),
            str(s["css"]),
            frozenset(map(str, s.get("when", ()))),
            frozenset(map(str, s.get("unless", ()))),
            _fault_kinds(s.get("fixes", sorted(_USUAL))),
        )
        for s in data["steps"]
    )
    first_page = tuple(str(c) for c in data["first_page"])
    measure, floor = int(data.get("measure", 0)), float(data.get("large_print_pt", 0))
    return Rules(fill, first_page, steps, measure, floor)


def _fault_kinds(names: list) -> frozenset[str]:
    kinds = frozenset(map(str, names))
    unknown = kinds - set(Faults._fields)
    if unknown or not kinds:
        raise ValueError(
            f"a step's fixes {sorted(unknown) or 'is empty'}: name one or more of "
            f"{', '.join(Faults._fields)}"
        )
    return kinds


def fitted(lay_out: Callable[[tuple[str, ...]], object], rules: Rules) -> object:
    """The first layout, with the rules' steps added one by one, that breaks no rule (else
    the one that breaks fewest). `lay_out` takes the extra style sheets, as CSS text."""
    document = lay_out(())
    best = (faults(document, rules), document)
    root = _root_classes(document)
    added: tuple[str, ...] = ()
    for step in (s for s in rules.steps if s.applies(root)):
        if best[0] == NONE:
            break
        if not best[0].any_of(step.fixes):
            continue
        added = (*added, step.css)
        document = lay_out(added)
        found = faults(document, rules)
        if found < best[0]:
            best = (found, document)
    return best[1]


def faults(document, rules: Rules) -> Faults:
    """What the layout breaks of the rules (Faults)."""
    pages = [_read(page._page_box) for page in document.pages]
    root = _root_classes(document)
    if "large-print" in root:
        hard = sum(page.smallest_pt < rules.large_print_pt - 0.01 for page in pages)
    else:
        hard = sum(rules.measure and page.longest > rules.measure for page in pages)
    own = [n for n, page in enumerate(pages) if page.own_lines]
    last = max(own, default=0)
    underfilled = sum(1 for page in pages[:last] if page.fill < rules.page_fill)
    off = 0
    if "bilingual" not in root:
        for css_class in rules.first_page:
            found = {n for n, page in enumerate(pages) if css_class in page.classes}
            off += bool(found) and found != {0}
    return Faults(sum(page.wide for page in pages), hard, off, underfilled)


def _root_classes(document) -> frozenset[str]:
    for box in document.pages[0]._page_box.children if document.pages else ():
        if getattr(box, "element_tag", None) == "html":
            return frozenset((box.element.get("class") or "").split())
    return frozenset()


@dataclass
class _Page:
    fill: float = 0.0
    own_lines: bool = False  # lines of the handout's own (not only its closing notice)
    longest: int = 0  # characters in the page's longest line
    smallest_pt: float = 0.0  # the smallest text on the page, footer included
    wide: bool = False  # a line reaches past a side of the text area
    classes: set[str] | None = None  # of every element a line on the page sits in


def _read(page_box) -> _Page:
    from weasyprint.formatting_structure import boxes

    top, height = page_box.content_box_y(), page_box.height
    page = _Page(classes=set())
    bottom = top

    def walk(box, classes: frozenset[str]) -> None:
        nonlocal bottom
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None) != "html":
            classes = classes | frozenset((element.get("class") or "").split())
        if isinstance(box, boxes.LineBox):
            text = _text(box).strip()
            if text:
                bottom = max(bottom, box.position_y + box.height)
                page.longest = max(page.longest, _characters(text))
                page.classes |= classes
                page.own_lines = page.own_lines or _CLOSING not in classes
                page.wide = page.wide or past_text_area(box, page_box)
            return
        for child in getattr(box, "children", ()):
            walk(child, classes)

    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):  # the running footer counts for size only
            walk(child, frozenset())
    page.smallest_pt = _smallest_pt(page_box)
    page.fill = (bottom - top) / height if height else 1.0
    return page


def past_text_area(line, page_box) -> bool:
    """Whether what a line draws (its children with a width) reaches more than a pixel past
    a side of the page's text area."""
    inked = [child for child in line.children if child.margin_width() > 0]
    if not inked:
        return False
    left = min(child.position_x for child in inked)
    right = max(child.position_x + child.margin_width() for child in inked)
    start = page_box.content_box_x()
    return left < start - _EDGE_SLACK or right > start + page_box.width + _EDGE_SLACK


def _smallest_pt(box) -> float:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box.style["font_size"] * PT_PER_PX if box.text.strip() else float("inf")
    return min((_smallest_pt(c) for c in getattr(box, "children", ())), default=float("inf"))


def _characters(text: str) -> int:
    """What a reader counts: marks, vowel signs and joiners belong to the letter before them,
    and the zero-width spaces line breaking places are not characters."""
    return sum(unicodedata.category(c) not in ("Mn", "Mc", "Me", "Cf") for c in text)


def _text(box) -> str:
    """A line's text; an inline block (a notice's column of lines) stands as one character."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, boxes.InlineBlockBox):
        return "\ufffc"
    return "".join(_text(c) for c in getattr(box, "children", ()))
