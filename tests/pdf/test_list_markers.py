"""List bullets and tick boxes are each item's background image (a box per item cost a tenth
of a handout's layout time). Backgrounds have no logical positions, so the stylesheet picks
the side from the nearest dir attribute: these tests read the laid-out boxes and check that
every marker sits in its item's start padding, on the right in right-to-left text, on the
left in left-to-right text, a companion language's items included."""

from __future__ import annotations

import pytest

from tests.plans import pages_of
from vertebro_print.request import RenderRequest


def list_items(pages: list):
    """Every laid-out <li> box of a <ul> (numbered steps have numbers), with the classes of
    its list."""
    from weasyprint.formatting_structure import boxes

    def walk(box, in_list):
        tag = getattr(box, "element_tag", None)
        if tag == "li" and isinstance(box, boxes.BlockBox) and in_list is not None:
            yield box, in_list
        if tag in ("ul", "ol"):
            in_list = frozenset((box.element.get("class") or "").split()) if tag == "ul" else None
        for child in getattr(box, "children", ()):
            yield from walk(child, in_list)

    for page in pages:
        yield from walk(page._page_box, None)


def marker(box):
    """The left and right edge of the item's background image, or None."""
    layers = [layer for layer in box.background.layers if layer.image] if box.background else []
    if not layers:
        return None
    (layer,) = layers
    left = layer.positioning_area[0] + layer.position[0]
    return left, left + layer.size[0]


@pytest.mark.parametrize(
    ("handout", "lang", "companion"),
    [("prepare", "en", "ar"), ("about", "ar", "en"), ("aftercare", "fa", None)],
)
def test_every_marker_sits_in_its_items_start_padding(project, handout, lang, companion):
    request = RenderRequest(handout, lang, with_lang=companion)
    seen = {"ltr": 0, "rtl": 0}
    for box, classes in list_items(pages_of(request, project)):
        edges = marker(box)
        # Each sign has its pictogram instead (a rule with an action icon has the icon as its
        # marker, in its start padding like a bullet).
        if "warning-signs" in classes:
            assert edges is None
            continue
        assert edges is not None, f"a {sorted(classes)} item has no marker"
        left, right = edges
        padding_left = box.position_x + box.margin_left + box.border_left_width
        content_left = padding_left + box.padding_left
        content_right = content_left + box.width
        padding_right = content_right + box.padding_right
        direction = box.style["direction"]
        if direction == "ltr":
            assert padding_left - 0.5 <= left and right <= content_left, (classes, edges)
        else:
            assert content_right <= left and right <= padding_right + 0.5, (classes, edges)
        seen[direction] += 1
    expected = {"ltr", "rtl"} if companion else {"rtl"}
    assert {d for d, n in seen.items() if n} == expected, seen
