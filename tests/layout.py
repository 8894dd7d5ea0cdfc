"""Reading a laid-out handout back for the pagination rules: every line of text, the page it
went on and the elements it sits in, from WeasyPrint's own boxes (more reliable than text
pulled out of the PDF, which has no elements and garbles some scripts). The records are plain
data, so worker processes can lay out the matrix and send them back."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from vertebro_print.pdf.copyfit import past_text_area

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LISTS = {"ul", "ol"}
# Boxes that must never be split across pages.
KEEP_WHOLE = {"warning-box", "appointment", "status-notice", "language-help", "callout"}
LANGUAGE_HELP = "language-help"
LANGUAGE_LINE = "language-line"  # one language's line of the notice
PX_PER_PT = 4 / 3


@dataclass(frozen=True)
class Element:
    tag: str
    classes: frozenset[str]
    leads: bool = False  # a paragraph right before a list ("Ask your care team:") or a callout
    first_of_list: bool = False  # the first of several list items


@dataclass(frozen=True)
class Line:
    page: int  # 0-based
    text: str
    y: float
    chain: tuple[int, ...]  # the elements it sits in (document order), outermost first
    bottom: float = 0.0  # where the line box ends, down the page


@dataclass
class Layout:
    name: str
    pages: int
    lines: list[Line] = field(default_factory=list)  # the body, page by page, in order
    footer_pt: list[float] = field(default_factory=list)  # size of every footer text run
    smallest_pt: float = 0.0  # the smallest text on any page, footer and notices included
    areas: list[tuple[float, float]] = field(default_factory=list)  # each page's (top, height)
    elements: dict[int, Element] = field(default_factory=dict)
    # Each page's room between its footer's last line and the paper's edge, in CSS pixels.
    footer_room: list[float] = field(default_factory=list)
    # Lines of the body that reach past the page's text area, left or right (a no-wrap run
    # longer than the line, a box sized to its content wider than the page).
    past_edge: list[str] = field(default_factory=list)

    def kinds(self, line: Line) -> list[Element]:
        return [self.elements[i] for i in line.chain]

    def pages_of(self, index: int) -> set[int]:
        return {line.page for line in self.lines if index in line.chain}


def read_layout(name: str, pages: list) -> Layout:
    """The lines of laid-out WeasyPrint pages, with the elements each one sits in."""
    from weasyprint.formatting_structure import boxes

    layout = Layout(name, len(pages))
    order: dict[int, int] = {}

    def element_index(element) -> int:
        if id(element) not in order:
            order[id(element)] = len(order)
            layout.elements[order[id(element)]] = Element(
                element.tag, frozenset((element.get("class") or "").split())
            )
        return order[id(element)]

    def text_of(box) -> str:
        # An inline block's lines are lines of their own (the language-help notice's two
        # columns): they are read when the walk reaches them.
        if isinstance(box, boxes.TextBox):
            return box.text
        if isinstance(box, boxes.InlineBlockBox):
            return ""
        return "".join(text_of(c) for c in getattr(box, "children", ()))

    def walk(box, page: int, chain: tuple[int, ...], footer: bool) -> None:
        footer = footer or isinstance(box, boxes.MarginBox)
        element = getattr(box, "element", None)
        if element is not None and box.element_tag not in ("html", "body"):
            index = element_index(element)
            if not chain or chain[-1] != index:
                chain = (*chain, index)
        if isinstance(box, boxes.TextBox) and box.text.strip():
            size = round(box.style["font_size"] / PX_PER_PT, 2)
            layout.smallest_pt = min(layout.smallest_pt or size, size)
            if footer:
                layout.footer_pt.append(size)
        if isinstance(box, boxes.LineBox) and footer:
            lowest[page] = max(lowest.get(page, 0.0), box.position_y + box.height)
        if isinstance(box, boxes.LineBox) and not footer:
            text = text_of(box).strip()
            if text:
                bottom = round(box.position_y + box.height, 1)
                layout.lines.append(Line(page, text, round(box.position_y, 1), chain, bottom))
                if past_text_area(box, pages[page]._page_box):
                    layout.past_edge.append(f"page {page + 1}: {text[:40]}")
        for child in getattr(box, "children", ()):
            walk(child, page, chain, footer)

    lowest: dict[int, float] = {}
    for number, page in enumerate(pages):
        layout.areas.append((page._page_box.content_box_y(), page._page_box.height))
        walk(page._page_box, number, (), False)
        layout.footer_room.append(page.height - lowest.get(number, 0.0))
    roots = {
        id(box.element): box.element
        for page in pages
        for box in page._page_box.children
        if getattr(box, "element_tag", None) == "html"
    }
    for root in roots.values():  # one per document: a stapled packet has several
        _mark_lists(layout, root, order)
    return layout


def _mark_lists(layout: Layout, root, order: dict[int, int]) -> None:
    """Flag lead-ins (of lists and callouts) and first list items: their siblings say so."""
    from dataclasses import replace

    for parent in root.iter():
        children = list(parent)
        items = [c for c in children if c.tag == "li"]
        if parent.tag in LISTS and len(items) > 1 and id(items[0]) in order:
            index = order[id(items[0])]
            layout.elements[index] = replace(layout.elements[index], first_of_list=True)
        for child, after in zip(children, children[1:], strict=False):
            led = after.tag in LISTS or "callout" in (after.get("class") or "").split()
            if child.tag == "p" and led and id(child) in order:
                index = order[id(child)]
                layout.elements[index] = replace(layout.elements[index], leads=True)


# The rules ---------------------------------------------------------------------------------


def body_lines(layout: Layout, page: int) -> int:
    """Lines of body text on a page: headings left out, lines side by side (table cells, the
    two columns of the language-help notice) counted once. The language-help notice counts
    only on a page of its own: without it (its default) the page before would be the last."""
    lines = [line for line in layout.lines if line.page == page]
    text = [line for line in lines if not any(e.tag in HEADINGS for e in layout.kinds(line))]
    outside_notice = [
        line for line in text if not any(LANGUAGE_HELP in e.classes for e in layout.kinds(line))
    ]
    return len({line.y for line in outside_notice or text})


def short_pages(layout: Layout, minimum: int = 4) -> list[str]:
    return [
        f"{layout.name} p{page + 1}: {count} line(s) of body text"
        for page in range(1, layout.pages)
        if (count := body_lines(layout, page)) < minimum
    ]


def stranded(layout: Layout) -> list[str]:
    """A page that ends on a heading, on the paragraph leading into a list or a callout, or on
    a list's first item, when what it introduces goes on the next page."""
    found = []
    for page in range(layout.pages - 1):
        on_page = [line for line in layout.lines if line.page == page]
        if not on_page:
            continue
        last = on_page[-1]
        for index in last.chain:
            element = layout.elements[index]
            what = (
                "heading"
                if element.tag in HEADINGS
                else "lead-in"
                if element.leads
                else "first list item"
                if element.first_of_list
                else ""
            )
            if what and max(layout.pages_of(index)) == page:
                found.append(f"{layout.name} p{page + 1} ends on a {what}: {last.text[:40]!r}")
    return found


def split_boxes(layout: Layout, classes: set[str] = KEEP_WHOLE) -> list[str]:
    found = []
    for index, element in layout.elements.items():
        names = element.classes & classes
        if names and len(pages := layout.pages_of(index)) > 1:
            pages_text = ", ".join(str(p + 1) for p in sorted(pages))
            found.append(f"{layout.name}: {' '.join(sorted(names))} split over pages {pages_text}")
    return found


def characters(text: str) -> int:
    """What a reader counts as characters: combining marks, vowel signs and joiners are part
    of the letter before them (Devanagari, Arabic vowel marks, Persian ZWNJ)."""
    return sum(unicodedata.category(c) not in ("Mn", "Mc", "Me", "Cf") for c in text)


def longest_line(layout: Layout) -> tuple[int, str]:
    return max((characters(line.text), line.text) for line in layout.lines)


def hyphenated(layout: Layout) -> list[str]:
    """Lines that end in a hyphen the layout inserted (U+2010, WeasyPrint's hyphenate
    character) or at a soft hyphen. Hyphens written in the text itself ("X-ray") may end a
    line."""
    return [
        f"{layout.name}: {line.text[-30:]!r}"
        for line in layout.lines
        if line.text.endswith(("\u2010", "\u00ad"))
    ]


def last_page(layout: Layout) -> int:
    """The last page with the handout's own text: a page that holds only the language-help
    notice (added at the end when a clinic turns it on) does not count."""
    own = [
        line.page
        for line in layout.lines
        if not any(LANGUAGE_HELP in e.classes for e in layout.kinds(line))
    ]
    return max(own, default=0)


def fill(layout: Layout, page: int) -> float:
    """How much of a page's text area its content takes, top to the last line's bottom."""
    top, height = layout.areas[page]
    bottoms = [line.bottom for line in layout.lines if line.page == page]
    return (max(bottoms, default=top) - top) / height


def underfilled(layout: Layout, minimum: float = 0.6) -> list[str]:
    """Pages before the last that are less than `minimum` full."""
    return [
        f"{layout.name} p{page + 1}: {fill(layout, page):.0%} full"
        for page in range(last_page(layout))
        if fill(layout, page) < minimum
    ]


def pages_holding(layout: Layout, css_class: str) -> set[int]:
    """The pages with lines inside an element of that class."""
    return {
        line.page
        for line in layout.lines
        if any(css_class in e.classes for e in layout.kinds(line))
    }
