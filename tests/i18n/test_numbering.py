"""Digits come from CLDR (the locale's default numbering system, that system's digits), and the
counter style built from them prints them on the page."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from babel import Locale, localedata
from weasyprint import HTML

from tests.pdfs import page_texts
from vertebro_print.errors import UsageError
from vertebro_print.i18n import numbering
from vertebro_print.i18n.catalogs import discover
from vertebro_print.i18n.languages import language
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import Appointment, RenderRequest
from vertebro_print.settings import Settings


@pytest.mark.parametrize(
    ("code", "number"),
    [("my", "၂၀၂၆"), ("bn", "২০২৬"), ("ne", "२०२६"), ("fa", "۲۰۲۶"), ("ar_EG", "٢٠٢٦")],
)
def test_languages_with_digits_of_their_own_print_them(code, number):
    assert language(code).localise_digits("2026") == number


@pytest.mark.parametrize("code", ["en", "ar", "hi", "th", "ur", "am", "km"])
def test_languages_cldr_gives_latin_digits_keep_them(code):
    # CLDR: Arabic without a region, Hindi, Thai, Urdu, Khmer default to Latin digits; Amharic's
    # Ethiopic numerals are algorithmic (not ten digits), so Latin too.
    assert language(code).localise_digits("2026") == "2026"
    assert language(code).counter_style == "decimal"


def test_shipped_languages_keep_their_digits():
    """The move from a hand list to CLDR changed no shipped language's digits: Persian's are
    Extended Arabic-Indic, every other's Latin; Burmese, Bengali and Nepali, shipped since,
    print their own (CLDR's mymr, beng, deva)."""
    codes = discover(Project(Settings()).locales_dir)
    own = {code: language(code).localise_digits("0123456789") for code in codes}
    assert {c: d for c, d in own.items() if d != "0123456789"} == {
        "bn": "০১২৩৪৫৬৭৮৯",
        "fa": "۰۱۲۳۴۵۶۷۸۹",
        "my": "၀၁၂၃၄၅၆၇၈၉",
        "ne": "०१२३४५६७८९",
    }


def test_every_cldr_default_numbering_system_has_ten_decimal_digits():
    """Any locale CLDR knows, so a language added later needs no code for its digits."""
    systems = {
        Locale.parse(code).default_numbering_system for code in localedata.locale_identifiers()
    }
    for system in systems:
        found = numbering.digits(system)
        if found:
            assert [unicodedata.digit(d) for d in found] == list(range(10)), system


def test_an_unknown_numbering_system_is_refused():
    with pytest.raises(UsageError, match="numbering system 'nope'"):
        numbering.digits("nope")


@pytest.mark.parametrize("code", ["my", "bn", "fa"])
def test_counter_style_numbers_a_list_in_the_digits(code):
    lang = language(code)
    html = (
        f"<style>{lang.counter_style_rule} ol {{ list-style: none; counter-reset: step; }} "
        f"li {{ counter-increment: step; font-family: {lang.font_stack}; }} "
        f"li::before {{ content: counter(step, {lang.counter_style}) '. '; }}</style>"
        "<ol>" + "<li>x</li>" * 12 + "</ol>"
    )
    text = page_texts(HTML(string=html).write_pdf())[0]
    assert lang.localise_digits("12.") in text
    assert "12." not in text


@pytest.mark.parametrize("code", ["bn", "ne"])
def test_a_handout_prints_every_number_in_the_languages_digits(project, shipped_render, code):
    """Bengali and Nepali print their own digits (CLDR's beng, deva) in the list counters, the
    appointment's date and times and the footer alike; Latin digits only where the clinic's
    own values are (the content version, as typed: no phone number is set here)."""
    lang = language(code)
    day = dt.date.today() + dt.timedelta(days=30)
    booked = Appointment(day, dt.time(7, 30), dt.time(22))
    about = "\n".join(page_texts(shipped_render(RenderRequest("about", code)).pdf))
    prepare = "\n".join(
        page_texts(render(RenderRequest("prepare", code, appointment=booked), project).pdf)
    )
    # The six steps of "How is it done?": their CSS counters, in the language's digits.
    counters = [lang.localise_digits(f"{n}.") for n in range(1, 7)]
    assert [c for c in counters if c not in about] == [], counters
    for number in (str(day.year), str(day.day), ":30", ":00"):
        assert lang.localise_digits(number) in prepare, number
    latin = set(re.findall(r"[0-9][0-9.]*", about + prepare))
    assert latin <= {project.settings.content_version}, latin
