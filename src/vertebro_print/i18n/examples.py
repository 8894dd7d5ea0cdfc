"""Example values for placeholders (i18n/examples.toml), formatted in a language as the
handouts format them: the review sheet shows "call 555-0100" where the catalog says
"call %(phone)s", and the count a plural form is printed for in place of its count."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from vertebro_print.i18n import translation

EXAMPLES_FILE = Path(__file__).with_name("examples.toml")
FORMATTERS: dict[str, Callable] = {
    "text": str,
    "long_date": translation.long_date,
    "short_date": translation.short_date,
    "time": translation.short_time,
    "number": translation.number,
    "percent": translation.percent,
}


@cache
def declared() -> dict[str, tuple[str, object]]:
    """placeholder name -> (kind, value), from examples.toml."""
    data = tomllib.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    result = {}
    for name, entry in data.items():
        (kind, value), *more = entry.items()
        if more or kind not in FORMATTERS:
            raise ValueError(
                f"{EXAMPLES_FILE}: [{name}] needs exactly one of {', '.join(FORMATTERS)}"
            )
        result[name] = (kind, value)
    return result


def examples(names: set[str], count: int | None = None) -> dict[str, str]:
    """Each placeholder's example in the active language scope (translation.activate); a
    name not declared gets `count`, the plural form's count, when there is one."""
    shown = {}
    for name in names:
        if name in declared():
            kind, value = declared()[name]
            if isinstance(value, dt.time):
                value = value.replace(second=0)
            shown[name] = FORMATTERS[kind](value)
        elif count is not None:
            shown[name] = translation.number(count)
    return shown
