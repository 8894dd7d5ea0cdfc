"""Dates and times the catalogs can correct. CLDR (through Babel) is the default; where CLDR
lacks a language (Haitian Creole gets CLDR's root format, "2026 M12 3, Thu") or a translator
wants another form, four translatable settings in each catalog change it:

- DATE_FORMAT: a CLDR date pattern for every date printed (appointment, footer);
- CLOCK: 12 or 24 (hour clock) for every time printed;
- MONTH_NAMES, WEEKDAY_NAMES: the 12 month and 7 weekday names (Monday first), comma
  separated, where CLDR's are missing or wrong;
- CLOCK_NOTE: the note that the times are the international clock, for the languages
  clocks.toml lists (Amharic: not Ethiopian time); CLDR (no note) for every other.

The value CLDR keeps the default. handouts/_formats.html.j2 declares the five strings with
their translator comments, so that they are extracted into messages.pot like every other."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

from babel import Locale, dates, localedata

DATE_FORMAT, CLOCK = "DATE_FORMAT", "CLOCK"
MONTH_NAMES, WEEKDAY_NAMES = "MONTH_NAMES", "WEEKDAY_NAMES"
CLOCK_NOTE = "CLOCK_NOTE"
SETTINGS = (DATE_FORMAT, CLOCK, MONTH_NAMES, WEEKDAY_NAMES, CLOCK_NOTE)
DEFAULT = "CLDR"
CLOCKS = {"12": "hm", "24": "Hm"}  # CLDR skeletons: the locale's own 12- or 24-hour pattern
DAY_PERIOD_CLOCK = "Bhm"  # 12-hour with the part of the day: "रात 10:00"
NAME_COUNTS = {MONTH_NAMES: 12, WEEKDAY_NAMES: 7}
# Pattern letters of times and time zones, which a date pattern must not hold.
TIME_FIELDS = set("aBbhHkKjJCmsSAzZOvVXx")
SAMPLE = dt.date(2026, 12, 3)
# A month pattern letter repeated this often is the month's name (MMM, MMMM), not its number.
WORDS_WIDTH = 3
_ROOT = "root"


def cldr_names(key: str, code: str) -> list[list[str]]:
    """CLDR's names for the locale (January or Monday first), one list per width and context,
    or [] where CLDR has none of its own (Haitian Creole gets the root locale's "M01")."""
    getter = dates.get_month_names if key == MONTH_NAMES else dates.get_day_names
    found = []
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names = getter(width, context, locale=code)
            if names == getter(width, context, locale=_ROOT):
                continue
            ordered = [names[i] for i in sorted(names)]
            # CLDR numbers months 1-12 and weekdays 0-6 from Monday.
            found.append(ordered)
    return found


def _names_problem(key: str, given: list[str], code: str) -> str:
    """The catalog's month or weekday names must be CLDR's, where CLDR has them: a list
    shifted by one prints "10 de enero" for 10 February."""
    cldr = cldr_names(key, code)
    if not cldr:
        return ""
    for index, name in enumerate(given):
        if not any(name.casefold() == names[index].casefold() for names in cldr):
            kind = "month" if key == MONTH_NAMES else "weekday"
            first = "January" if key == MONTH_NAMES else "Monday"
            expected = cldr[0][index]
            return (
                f"{kind} {index + 1} ({first} first) is {name!r}, CLDR says {expected!r} for "
                f"{code}; set it to {DEFAULT} (CLDR has these names) or list them in order"
            )
    return ""


def chosen(value: str | None) -> str | None:
    """A setting's value, or None for CLDR's default (also for the English source, whose
    "translation" is the setting's name)."""
    if value is None or value.strip() in (DEFAULT, *SETTINGS):
        return None
    return value.strip()


def names(value: str | None) -> list[str]:
    return [n.strip() for n in value.split(",")] if chosen(value) else []


class _NamedFormat(dates.DateTimeFormat):
    """Babel's date formatting with the catalog's month and weekday names, when given."""

    def __init__(self, value, locale, months: list[str], weekdays: list[str]) -> None:
        super().__init__(value, locale)
        self.months, self.weekdays = months, weekdays

    def format_month(self, char: str, num: int) -> str:
        if num >= 3 and self.months:
            return self.months[self.value.month - 1]
        return super().format_month(char, num)

    def format_weekday(self, char: str = "E", num: int = 4) -> str:
        if self.weekdays and (char == "E" or num >= 3):
            return self.weekdays[self.value.weekday()]
        return super().format_weekday(char, num)


def format_date(
    value: dt.date,
    width: str,
    locale: Locale,
    pattern: str | None = None,
    months: list[str] | None = None,
    weekdays: list[str] | None = None,
) -> str:
    """The date with the catalog's pattern and names, each falling back to CLDR's."""
    text = pattern or locale.date_formats[width].pattern
    return dates.parse_pattern(text) % _NamedFormat(value, locale, months or [], weekdays or [])


CLOCKS_FILE = Path(__file__).with_name("clocks.toml")


@cache
def _clocks() -> dict:
    return tomllib.loads(CLOCKS_FILE.read_text(encoding="utf-8"))


def _day_period_languages() -> frozenset[str]:
    return frozenset(_clocks()["day_period"])


def needs_clock_note(code: str) -> bool:
    """Whether the language's times must say they are the international clock (clocks.toml):
    its readers may count the hours another way (Ethiopian time, six hours off)."""
    return code.split("_")[0] in _clocks()["clock_note"]


def regional_locale(locale: Locale, region: str) -> Locale:
    """The locale in the clinic's region (es + US: es_US), where CLDR has it; else itself."""
    if not region:
        return locale
    parts = [locale.language, locale.script, region]
    candidate = "_".join(p for p in parts if p)
    return Locale.parse(candidate) if localedata.exists(candidate) else locale


def format_time(value: dt.time, locale: Locale, clock: str | None = None) -> str:
    """A time as the locale writes it. The catalog's CLOCK (a reviewed choice) wins over the
    locale's; a language whose readers tell the time by the part of the day (clocks.toml)
    gets CLDR's day-period pattern for its 12-hour clock: "सुबह 7:30", not "7:30 am"."""
    if clock is None:
        pattern = locale.time_formats["short"].pattern
        clock = "12" if "h" in pattern or "K" in pattern else "24"
        if not (clock == "12" and locale.language in _day_period_languages()):
            return dates.format_time(value, format="short", locale=locale)
    if clock == "12" and locale.language in _day_period_languages():
        return dates.format_skeleton(DAY_PERIOD_CLOCK, value, locale=locale)
    return dates.format_skeleton(CLOCKS[clock], value, locale=locale)


def setting_problem(key: str, value: str, code: str = "") -> str:
    """Why a setting's translation cannot be used in the locale `code`, or ""."""
    if key == CLOCK_NOTE and code and needs_clock_note(code) and chosen(value) is None:
        # Without the note, "ጥዋት 10:00" can be read as Ethiopian time: 4 p.m.
        return (
            f"{code} readers may count the hours another way (clocks.toml, clock_note): write, "
            "in your language, that the times printed are the international clock"
        )
    if chosen(value) is None:
        return ""
    value = value.strip()
    if key == CLOCK and value not in CLOCKS:
        return f"must be 12, 24 or {DEFAULT}, got {value!r}"
    if key in NAME_COUNTS:
        found = names(value)
        if len(found) != NAME_COUNTS[key] or not all(found):
            return (
                f"must be {DEFAULT} or {NAME_COUNTS[key]} names separated by commas, "
                f"got {len([n for n in found if n])}"
            )
        if code and (why := _names_problem(key, found, code)):
            return why
    if key == DATE_FORMAT:
        return _date_pattern_problem(value)
    return ""


def _date_pattern_problem(value: str) -> str:
    if value.replace("''", "").count("'") % 2:
        return "has a ' that is not closed; put words in 'single quotes'"
    try:
        tokens = dates.tokenize_pattern(value)
        fields = {item[1][0] for item in tokens if item[0] == "field"}
    except ValueError as exc:
        return f"is not a CLDR date pattern ({exc}); e.g. EEEE d MMMM y, or {DEFAULT}"
    if fields & TIME_FIELDS:
        return f"holds time fields ({', '.join(sorted(fields & TIME_FIELDS))}); a date only"
    if not {"d", "y"} <= fields or not fields & {"M", "L"}:
        return "must show the day (d), the month (MMMM) and the year (y)"
    widths = [item[1][1] for item in tokens if item[0] == "field" and item[1][0] in "ML"]
    if max(widths) < WORDS_WIDTH:
        # 12/10/2026 is 12 October to most of the world and December 10 to the US.
        return (
            "must name the month in words (MMMM or MMM), not as a number: "
            f"{value!r} can be read with the day and the month swapped"
        )
    try:
        format_date(SAMPLE, "full", Locale.parse("en"), value)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"is not a CLDR date pattern ({exc}); e.g. EEEE d MMMM y, or {DEFAULT}"
    return ""
