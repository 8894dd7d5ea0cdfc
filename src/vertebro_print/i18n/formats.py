"""Dates and times the catalogs can correct. CLDR (through Babel) is the default; where CLDR
lacks a language (Haitian Creole gets CLDR's root format, "2026 M12 3, Thu") or a translator
wants another form, four translatable settings in each catalog change it:

- DATE_FORMAT: a CLDR date pattern for every date printed (appointment, footer);
- CLOCK: 12 or 24 (hour clock) for every time printed;
- MONTH_NAMES, WEEKDAY_NAMES: the 12 month and 7 weekday names (Monday first), comma
  separated, where CLDR's are missing or wrong.

The value CLDR keeps the default. handouts/_formats.html.j2 declares the four strings with
their translator comments, so that they are extracted into messages.pot like every other."""

from __future__ import annotations

import datetime as dt

from babel import Locale, dates

DATE_FORMAT, CLOCK = "DATE_FORMAT", "CLOCK"
MONTH_NAMES, WEEKDAY_NAMES = "MONTH_NAMES", "WEEKDAY_NAMES"
SETTINGS = (DATE_FORMAT, CLOCK, MONTH_NAMES, WEEKDAY_NAMES)
DEFAULT = "CLDR"
CLOCKS = {"12": "hm", "24": "Hm"}  # CLDR skeletons: the locale's own 12- or 24-hour pattern
NAME_COUNTS = {MONTH_NAMES: 12, WEEKDAY_NAMES: 7}
# Pattern letters of times and time zones, which a date pattern must not hold.
TIME_FIELDS = set("aBbhHkKjJCmsSAzZOvVXx")
SAMPLE = dt.date(2026, 12, 3)


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


def format_time(value: dt.time, locale: Locale, clock: str | None = None) -> str:
    if clock is None:
        return dates.format_time(value, format="short", locale=locale)
    return dates.format_skeleton(CLOCKS[clock], value, locale=locale)


def setting_problem(key: str, value: str) -> str:
    """Why a setting's translation cannot be used, or ""."""
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
    if key == DATE_FORMAT:
        return _date_pattern_problem(value)
    return ""


def _date_pattern_problem(value: str) -> str:
    if value.replace("''", "").count("'") % 2:
        return "has a ' that is not closed; put words in 'single quotes'"
    try:
        fields = {item[1][0] for item in dates.tokenize_pattern(value) if item[0] == "field"}
    except ValueError as exc:
        return f"is not a CLDR date pattern ({exc}); e.g. EEEE d MMMM y, or {DEFAULT}"
    if fields & TIME_FIELDS:
        return f"holds time fields ({', '.join(sorted(fields & TIME_FIELDS))}); a date only"
    if not {"d", "y"} <= fields or not fields & {"M", "L"}:
        return "must show the day (d), the month (M or MMMM) and the year (y)"
    try:
        format_date(SAMPLE, "full", Locale.parse("en"), value)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"is not a CLDR date pattern ({exc}); e.g. EEEE d MMMM y, or {DEFAULT}"
    return ""
