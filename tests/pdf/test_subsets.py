"""A font subset made once in a process is taken again for the next PDF that keeps the same
glyphs of the same face (vertebro_print.pdf.subsets), and the PDF is byte for byte the one a
fresh subset gives."""

from __future__ import annotations

import pytest

from vertebro_print.pdf import subsets
from vertebro_print.pdf.layout import clear_layouts
from vertebro_print.render import render
from vertebro_print.request import RenderRequest


@pytest.fixture
def subsets_made(monkeypatch) -> list[str]:
    """The families of the subsets HarfBuzz makes from here on, none kept from before."""
    subsets.forget()
    made: list[str] = []
    real = subsets._subset

    def counted(font, to_unicode, hinting):
        made.append(font.family)
        return real(font, to_unicode, hinting)

    monkeypatch.setattr(subsets, "_subset", counted)
    yield made
    subsets.forget()


@pytest.mark.parametrize("code", ["ja", "ar", "es"])
def test_a_subset_made_before_is_taken_and_prints_the_same(project, subsets_made, code):
    render(RenderRequest("about", code, "a4", False), project)
    on_a4 = len(subsets_made)
    assert on_a4 > 0
    letter = RenderRequest("about", code, "letter", False)
    taken = render(letter, project).pdf
    # Letter prints the same words: its subsets were made on A4, all but a few.
    assert len(subsets_made) - on_a4 < on_a4
    subsets.forget()
    before = len(subsets_made)
    fresh = render(letter, project).pdf
    assert len(subsets_made) - before == on_a4  # made again, every one
    assert taken == fresh


def test_a_layout_written_again_takes_the_subsets_it_made(project, subsets_made):
    """A laid-out document taken again from the layout cache (pdf/layout.py) writes the font
    objects it wrote before, whose file_content is a subset by then: its subsets are still
    found by the face they were cut from. They were not while the key read the font's
    content at each subset, and the test above then failed in Japanese after another test
    had laid out the same handout on A4."""
    clear_layouts()  # (laid out here: the fonts' content is the face's at the first write)
    request = RenderRequest("about", "ja", "a4", False)
    first = render(request, project).pdf
    made = len(subsets_made)
    assert render(request, project).pdf == first
    assert len(subsets_made) == made
    render(RenderRequest("about", "ja", "letter", False), project)
    assert len(subsets_made) - made < made
