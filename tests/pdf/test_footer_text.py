"""The footer's "Page 2 of 6" is generated text written into the page's <style> (one run to lay
out on every page): a translation's quotes, backslashes and markup-like text are printed as
written, never read as CSS or HTML."""

from __future__ import annotations

import pytest

from tests.i18n.test_catalogs import edit_catalog
from tests.pdfs import page_texts
from vertebro_print.pdf.render import render
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

PAGE_OF = "Page %(page)s of %(pages)s"


@pytest.mark.parametrize(
    "translation",
    [
        'Página "%(page)s" de %(pages)s',  # quotes that would end the CSS string
        "Página %(page)s \\ %(pages)s",  # a backslash that would escape the quote after it
        "Página %(page)s de %(pages)s; } body { display: none } p::after { content: 'x",
        "100%% Página %(page)s/%(pages)s",  # a literal percent sign
    ],
)
def test_a_translation_of_page_x_of_y_prints_as_written(locales_copy, translation):
    def change(catalog):
        catalog[PAGE_OF].string = translation

    edit_catalog(locales_copy, "es", change)
    project = Project(Settings(locales_dir=locales_copy))
    rendered = render(RenderRequest("aftercare", "es"), project)
    texts = page_texts(rendered.pdf)
    total = len(texts)
    for number, text in enumerate(texts, 1):
        expected = translation.replace("%(page)s", str(number)).replace("%(pages)s", str(total))
        assert " ".join(expected.replace("%%", "%").split()) in " ".join(text.split())
