"""Every shipped locale prints every handout: in its own script, drawn by fonts that have
every character, with the footer on every page, right to left where the language is."""

from __future__ import annotations

import math
import re

import pytest

from tests.conftest import HANDOUT_IDS, LOCALE_CODES
from tests.pdfs import covered_characters, line_starts, page_texts
from tests.plans import html_of
from vertebro_print.i18n.languages import language
from vertebro_print.render import render
from vertebro_print.request import RenderRequest

LOCALES = LOCALE_CODES
HANDOUTS = HANDOUT_IDS
# The most pages each part may take; a handout's limit is its parts' (the packet: 14).
PART_PAGE_LIMITS = {"parts/about.html.j2": 6, "parts/prepare.html.j2": 4}
PART_PAGE_LIMIT = 4  # any other part, such as aftercare
# The body's line height (handouts/css/handout.css). A script whose every line is taller
# (scripts.toml: line_height, Urdu's Nastaliq 2.6) needs that many times the pages for the
# same text: Urdu's about takes 10 pages where the limit for Latin's lines is 6.
BODY_LINE_HEIGHT = 1.45


def page_limit(project, handout: str, code: str = "en") -> int:
    parts = project.handout(handout).parts
    pages = sum(PART_PAGE_LIMITS.get(part, PART_PAGE_LIMIT) for part in parts)
    taller = (language(code).script.line_height or BODY_LINE_HEIGHT) / BODY_LINE_HEIGHT
    return math.floor(pages * max(1.0, taller))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_fifteen_languages_of_the_mission_ship():
    assert set(LOCALES) >= {
        "es",
        "zh_Hans",
        "zh_Hant",
        "vi",
        "ko",
        "tl",
        "ru",
        "ar",
        "fa",
        "ht",
        "fr",
        "pt_BR",
        "pl",
        "hi",
        "ja",
    }


@pytest.mark.slow  # every language x handout: in `make test`, not in the quick `make check`
@pytest.mark.parametrize("handout", HANDOUTS)
@pytest.mark.parametrize("code", LOCALES)
def test_locale_prints_handout(project, shipped_render, page_footers, code, handout):
    lang = language(code)
    result = shipped_render(RenderRequest(handout, code))
    texts = page_texts(result.pdf)
    assert 1 <= result.pages <= page_limit(project, handout, code)
    body = " ".join(texts)
    assert lang.uses_script(body), f"no {lang.script.name} text in {code} {handout}"
    missing = {c for c in body if not c.isspace()} - covered_characters(result.pdf)
    assert not missing, f"characters no embedded font has: {sorted(missing)}"
    footers = page_footers(RenderRequest(handout, code))
    for number, (text, (code_mark, _, pages)) in enumerate(zip(texts, footers, strict=True), 1):
        assert code_mark in text, f"page {number} lacks the footer"
        assert lang.localise_digits(str(pages)) in text
    first = flat(texts[0])
    assert "Drafttranslation." in first, (
        "page 1 must say the translation is a draft, in English too"
    )


@pytest.mark.slow
@pytest.mark.parametrize("code", LOCALES)
def test_document_language_and_direction(project, shipped_render, code):
    lang = language(code)
    html = html_of(RenderRequest("aftercare", code), project)
    assert f'<html lang="{lang.tag}" dir="{lang.direction}"' in html
    # Page 2: page 1 is the main message and the warning box, whose lines are indented.
    starts, left_edge = line_starts(shipped_render(RenderRequest("aftercare", code)).pdf, 1)
    # Within a list indent or a box's padding (25 pt) of the left edge.
    at_left = sum(abs(x - left_edge) < 25 for x in starts) / len(starts)
    if lang.direction == "rtl":
        assert at_left < 0.35, f"{code}: {at_left:.0%} of lines start at the left edge"
    else:
        assert at_left > 0.5, f"{code}: only {at_left:.0%} of lines start at the left edge"


@pytest.mark.parametrize("code", ["ar", "zh_Hant", "hi"])
def test_large_print_in_hard_scripts(project, code):
    from tests.pdfs import body_size_pt

    result = render(RenderRequest("aftercare", code, "letter", large_print=True), project)
    # Above the footer (a 46 mm bottom margin in large print): its 16 pt lines on every page
    # can outnumber a short CJK handout's body text.
    assert body_size_pt(result.pdf, above_pt=46 / 25.4 * 72) >= 18


@pytest.mark.parametrize("code", ["es", "ar", "zh_Hans"])
def test_bilingual_with_english(project, code):
    result = render(RenderRequest("aftercare", code, with_lang="en"), project)
    text = " ".join(page_texts(result.pdf))
    assert language(code).uses_script(text)
    assert "<p" not in text and "</" not in text and "&lt;" not in text, "markup leaked as text"
    assert "Call your doctor right away if you have any of these signs" in " ".join(text.split())
    html = html_of(RenderRequest("aftercare", code, with_lang="en"), project)
    assert html.count('class="companion" lang="en" dir="ltr"') >= 6


def test_bilingual_english_first_with_second_language(project):
    html = html_of(RenderRequest("about", "en", with_lang="es"), project)
    assert 'class="companion" lang="es"' in html
    assert "Drafttranslation." in flat(
        " ".join(page_texts(render(RenderRequest("about", "en", with_lang="es"), project).pdf))
    )


def test_language_help_notice_in_every_language(clinic_project):
    html = html_of(RenderRequest("about", "en"), clinic_project)
    notice = html[html.index('class="language-help"') :]
    for code in ["en", *LOCALES]:
        assert f'lang="{language(code).tag}" dir="{language(code).direction}"' in notice
    result = render(RenderRequest("about", "en"), clinic_project)
    last = page_texts(result.pdf)[-1]
    assert "Free language help is available." in " ".join(last.split())


def test_locale_formats(project):
    import datetime as dt

    from vertebro_print.request import Appointment

    appointment = Appointment(dt.date(2026, 12, 3), dt.time(7, 30), None)
    for code, expected in {
        "es": "jueves, 3 de diciembre de 2026",
        "fr": "jeudi 3 décembre 2026",
        "zh_Hans": "2026年12月3日星期四",
    }.items():
        html = html_of(RenderRequest("prepare", code, appointment=appointment), project)
        assert expected in html, code
