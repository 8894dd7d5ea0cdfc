"""Dates and times the catalogs can correct: CLDR stays the default; a catalog's DATE_FORMAT,
CLOCK, MONTH_NAMES and WEEKDAY_NAMES change what is printed, and a bad value is refused."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.i18n.test_catalogs import edit_catalog
from tests.pdfs import page_texts
from vertebro_print.cli import main
from vertebro_print.errors import LocaleNotReady
from vertebro_print.i18n import formats
from vertebro_print.pdf.render import render
from vertebro_print.project import Project
from vertebro_print.request import build_request
from vertebro_print.settings import Settings

# Not 00:00 or 12:00: those are printed as the words "midnight" and "noon".
APPOINTMENT = {"date": "2026-12-03", "arrive": "13:15", "fast_from": "06:30"}


def first_page(project, lang, proof=False):
    request = build_request(
        {"handout": "prepare", "lang": lang, "paper": "a4", **APPOINTMENT}, project, proof=proof
    )
    return " ".join(page_texts(render(request, project).pdf)[0].split())


def set_setting(locales, code, key, value):
    def change(catalog):
        catalog[key].string = value

    edit_catalog(locales, code, change)


def test_every_setting_is_a_translatable_string_with_a_translator_comment(project):
    sources = project.source_messages()
    for key in formats.SETTINGS:
        assert key in sources and "CLDR to keep" in " ".join(sources[key].comments)


def test_haitian_creole_dates_are_in_creole(project):
    text = first_page(project, "ht")
    # The appointment, and the footer's date the content was written (Monday, December 7).
    assert "jedi 3 desanm 2026" in text and "lendi 7 desanm 2026" in text
    assert not any(word in text for word in ("jeudi", "décembre", "M12", "Thu"))


def test_korean_times_use_the_24_hour_clock(project):
    text = first_page(project, "ko")
    assert "13:15" in text and "06:30" in text
    assert not any(word in text for word in ("AM", "PM", "오전", "오후"))


def test_cldr_stays_the_default(project):
    text = first_page(project, "es")
    assert "jueves, 3 de diciembre de 2026" in text and "13:15" in text and "6:30" in text


def test_a_translator_changes_the_date_pattern_and_the_clock(locales_copy):
    set_setting(locales_copy, "es", formats.DATE_FORMAT, "d/M/y")
    set_setting(locales_copy, "es", formats.CLOCK, "12")
    text = first_page(Project(Settings(locales_dir=locales_copy)), "es")
    assert "3/12/2026" in text and "1:15 p. m." in text and "6:30 a. m." in text
    set_setting(locales_copy, "ar", formats.CLOCK, "24")
    arabic = first_page(Project(Settings(locales_dir=locales_copy)), "ar")
    assert "1:15 م" not in arabic and "13:15" in arabic and "06:30" in arabic


@pytest.mark.parametrize(
    "key, value, reason",
    [
        (formats.DATE_FORMAT, "EEEE HH:mm", "time fields"),
        (formats.DATE_FORMAT, "d MMMM", "the year (y)"),
        (formats.DATE_FORMAT, "d 'de MMMM y", "not closed"),
        (formats.CLOCK, "13", "must be 12, 24 or CLDR"),
        (formats.MONTH_NAMES, "enero, febrero", "12 names"),
        (formats.WEEKDAY_NAMES, "lunes, martes, , jueves, viernes, sábado, domingo", "7 names"),
        (formats.DATE_FORMAT, "d M y\u202e", "RIGHT-TO-LEFT OVERRIDE"),
    ],
)
def test_a_bad_setting_is_refused(locales_copy, key, value, reason):
    set_setting(locales_copy, "es", key, value)
    result = CliRunner().invoke(
        main, ["i18n", "check", "es", "--json", "--locales-dir", str(locales_copy)]
    )
    assert result.exit_code == 1
    (problem,) = [p for p in json.loads(result.output) if p["msgid"] == key]
    assert reason in problem["message"] and problem["line"]
    project = Project(Settings(locales_dir=locales_copy))
    with pytest.raises(LocaleNotReady):
        first_page(project, "es")
    # A translator's proof still renders, with CLDR's format.
    assert "jueves, 3 de diciembre de 2026" in first_page(project, "es", proof=True)
