"""Upper case in a PDF follows the language of the text: Turkish "i" prints as "İ" and "ı" as
"I", English "i" as "I", on the same page. Two ways a handout could upper-case text: the
templates' `upper` filter (Python, by the active language's rules: i18n/casing.py) and the
stylesheet's `text-transform` (WeasyPrint, by each element's `lang`, which every handout
element carries, the companion language's spans too)."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from tests.pdfs import poppler_pages
from vertebro_print.html.templates import make_environment
from vertebro_print.i18n import translation as scope
from vertebro_print.i18n.languages import language
from vertebro_print.render import produce
from vertebro_print.request import RenderRequest


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(poppler_pages(pdf)).split())


@pytest.mark.parametrize(
    "code, upper, lower", [("tr", "İĞNE ILIK", "iğne ılık"), ("en", "IĞNE ILIK", "iğne ilik")]
)
def test_the_case_filters_follow_the_active_language(project, code, upper, lower):
    page = make_environment(project.handouts_dir).from_string(
        '<html lang="{{ tag }}"><body style="font-family: \'Noto Sans\'">'
        "<p>{{ text|upper }}</p><p>{{ text|upper|lower }}</p></body></html>"
    )
    lang = language(code)
    with scope.activate(scope.Scope(lang, None)):
        html = page.render(tag=lang.tag, text="iğne ılık")
    assert _text(HTML(string=html).write_pdf()) == f"{upper} {lower}"


def test_css_upper_case_follows_each_language_of_a_bilingual_handout(project):
    html = produce(RenderRequest("about", "tr", with_lang="en"), project, as_html=True).decode()
    html = html.replace("</head>", "<style>h2 { text-transform: uppercase }</style></head>", 1)
    text = _text(HTML(string=html, base_url=str(project.handouts_dir)).write_pdf())
    assert "RİSKLERİ NELERDİR?" in text  # Turkish i: İ
    assert "AKILDA TUTULACAK ÖNEMLİ NOKTALAR" in text  # Turkish ı: I, beside İ
    assert "WHAT ARE THE RISKS?" in text  # the English companion on the same page: I
    assert "RISKLERI" not in text
