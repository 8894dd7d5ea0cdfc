"""The footer's "Page 2 of 6" is generated text written into the page's <style> (one run to lay
out on every page): a translation's quotes, backslashes and markup-like text are printed as
written, never read as CSS or HTML."""

from __future__ import annotations

import re

import pytest

from tests.i18n.test_catalogs import edit_catalog
from tests.pdfs import page_texts
from vertebro_print.project import Project
from vertebro_print.render import render
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


def test_a_proof_labels_page_x_of_y_with_its_state(locales_copy):
    # Generated text cannot be highlighted: in a translator's proof the label follows it.
    def change(catalog):
        catalog[PAGE_OF].string = "Hoja %(page)s de %(pages)s"
        catalog[PAGE_OF].flags.add("fuzzy")

    edit_catalog(locales_copy, "es", change)
    project = Project(Settings(locales_dir=locales_copy))
    proof = render(RenderRequest("aftercare", "es", proof=True), project)
    first = " ".join(page_texts(proof.pdf)[0].split())
    assert re.search(r"Hoja 1 de \d+ \[po:\d+ fuzzy\]", first), first
