"""Dates and times the catalogs can correct: CLDR stays the default; a catalog's DATE_FORMAT,
CLOCK, MONTH_NAMES and WEEKDAY_NAMES change what is printed, and a bad value is refused; the
languages clocks.toml lists say which clock their times are (CLOCK_NOTE)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from babel import Locale, dates
from click.testing import CliRunner

from tests.i18n.test_catalogs import edit_catalog
from tests.pdfs import page_texts
from vertebro_print.cli import main
from vertebro_print.errors import LocaleNotReady
from vertebro_print.i18n import formats
from vertebro_print.project import Project
from vertebro_print.render import produce, render
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
    set_setting(locales_copy, "es", formats.DATE_FORMAT, "d-MMM-y")
    set_setting(locales_copy, "es", formats.CLOCK, "12")
    text = first_page(Project(Settings(locales_dir=locales_copy)), "es")
    assert "3-dic-2026" in text and "1:15 p. m." in text and "6:30 a. m." in text
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
        (formats.DATE_FORMAT, "d MMM y\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        (formats.DATE_FORMAT, "M/d/y", "name the month in words"),
        (formats.DATE_FORMAT, "d/MM/y", "name the month in words"),
        (
            formats.MONTH_NAMES,
            "febrero, marzo, abril, mayo, junio, julio, agosto, septiembre, octubre, "
            "noviembre, diciembre, enero",
            "month 1 (January first) is 'febrero', CLDR says 'enero'",
        ),
        (
            formats.WEEKDAY_NAMES,
            "domingo, lunes, martes, miércoles, jueves, viernes, sábado",
            "weekday 1 (Monday first) is 'domingo', CLDR says 'lunes'",
        ),
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


def test_the_clinics_region_decides_the_clock_where_cldr_has_it():
    """Spanish in the US is written "1:15 p.m.", in Spain "13:15"; a language CLDR has no
    data for in that region keeps its own (Chinese in the US)."""
    us = Project(Settings(region="US"))
    spanish = first_page(us, "es")  # page_texts turns the narrow no-break space into a space
    assert "1:15 p.m." in spanish and "6:30 a.m." in spanish
    spain = first_page(Project(Settings(region="ES")), "es")
    assert "13:15" in spain and "p.m." not in spain
    assert "13:15" in first_page(us, "zh_Hans")


def test_a_catalogs_own_clock_wins_over_the_region(locales_copy):
    """Korean sets CLOCK to 24 (a reviewed choice): the US region does not bring back AM/PM."""
    text = first_page(Project(Settings(locales_dir=locales_copy, region="US")), "ko")
    assert "13:15" in text and "오후" not in text
    set_setting(locales_copy, "es", formats.CLOCK, "24")
    text = first_page(Project(Settings(locales_dir=locales_copy, region="US")), "es")
    assert "13:15" in text and "p.m." not in text


@pytest.mark.parametrize(
    "code, afternoon, morning",
    [("hi", "दोपहर 1:15", "सुबह 6:30"), ("bn", "১:১৫ দুপুর", "৬:৩০ সকাল")],
)
def test_day_period_languages_tell_the_time_by_the_part_of_the_day(
    project, code, afternoon, morning
):
    """Hindi and Bengali readers tell the time by the part of the day (CLDR's B pattern, which
    puts the part after the time in Bengali), not am/pm; Bengali in its own digits."""
    text = first_page(project, code)
    assert afternoon in text and morning in text
    assert " am" not in text and " pm" not in text


def test_bengali_uses_the_day_period_clock():
    """The time itself comes from CLDR's B pattern in Latin digits; the page puts Bengali's
    own digits in (the rendered appointment above)."""
    import datetime as dt

    from babel import Locale

    assert formats.format_time(dt.time(13, 15), Locale.parse("bn")) == "1:15 দুপুর"
    assert formats.format_time(dt.time(13, 15), Locale.parse("bn"), "24") == "13:15"


def test_an_unknown_region_is_refused(tmp_path):
    from vertebro_print.errors import SettingsError
    from vertebro_print.settings import load_settings

    (tmp_path / "s.toml").write_text('[clinic]\nregion = "Spain"\n')
    with pytest.raises(SettingsError, match="ISO 3166 country code"):
        load_settings(tmp_path / "s.toml")
    (tmp_path / "s.toml").write_text('[clinic]\nregion = "es"\n')
    assert load_settings(tmp_path / "s.toml").region == "ES"


# 10:00 in Ethiopian time, which counts the hours from 6 a.m., is 4 p.m.
MISREAD = {"date": "2026-12-03", "arrive": "10:00", "fast_from": "06:30"}


def appointment(project, lang, as_html=False):
    request = build_request({"handout": "prepare", "lang": lang, "paper": "a4", **MISREAD}, project)
    if as_html:
        return produce(request, project, as_html=True).decode("utf-8")
    return " ".join(page_texts(render(request, project).pdf)[0].split())


def test_amharic_times_say_the_part_of_the_day_and_that_they_are_not_ethiopian_time(project):
    note = " ".join(project.catalog("am").gettext(formats.CLOCK_NOTE).split())
    morning = dates.get_period_names("abbreviated", "format", locale="am")["morning1"]
    text = appointment(project, "am")
    assert f"{morning} 10:00" in text
    assert note in text and formats.CLOCK_NOTE not in text


def test_a_language_whose_clock_needs_no_note_prints_none(project):
    html = appointment(project, "es", as_html=True)
    assert "10:00" in html and "appointment-clock-note" not in html
    assert project.catalog("am").gettext(formats.CLOCK_NOTE) not in html
    assert not any(p in html for p in dates.get_period_names(locale="es").values())


def test_urdu_tells_the_time_by_the_part_of_the_day():
    """CLDR's Urdu has no a.m. word of its own ("10:00 AM"); its readers say "صبح" (morning)."""
    morning = dates.get_period_names("abbreviated", "format", locale="ur")["morning1"]
    text = formats.format_time(dt.time(10, 0), Locale.parse("ur"))
    assert morning in text and "AM" not in text


def test_a_clock_note_is_required_where_clocks_toml_asks_for_one(locales_copy):
    set_setting(locales_copy, "am", formats.CLOCK_NOTE, formats.DEFAULT)
    result = CliRunner().invoke(
        main, ["i18n", "check", "am", "--json", "--locales-dir", str(locales_copy)]
    )
    assert result.exit_code == 1
    (problem,) = [p for p in json.loads(result.output) if p["msgid"] == formats.CLOCK_NOTE]
    assert "international clock" in problem["message"]
    assert formats.setting_problem(formats.CLOCK_NOTE, formats.DEFAULT, "es") == ""


def test_update_gives_a_new_setting_cldr_not_a_fuzzy_guess(locales_copy):
    """A setting added to the templates reaches every catalog as CLDR (nothing to translate
    where it prints nothing), never fuzzy-matched from another setting's value."""
    set_setting(locales_copy, "es", formats.CLOCK, "24")

    def drop(catalog):
        del catalog[formats.CLOCK_NOTE]

    edit_catalog(locales_copy, "es", drop)
    result = CliRunner().invoke(main, ["i18n", "update", "es", "--locales-dir", str(locales_copy)])
    assert result.exit_code == 0, result.output
    catalog = Project(Settings(locales_dir=locales_copy)).catalog("es")
    assert catalog.gettext(formats.CLOCK_NOTE) == formats.DEFAULT
    assert "fuzzy" not in catalog.catalog[formats.CLOCK_NOTE].flags
