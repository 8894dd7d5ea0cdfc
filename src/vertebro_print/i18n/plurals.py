"""Plural rules. As in gettext, a catalog's own `Plural-Forms` header decides which form is
printed: translators choose it and every gettext tool evaluates it. Babel's table of suggested
headers changes between releases (Babel 2.19 proposes 3 forms for es, fr and pt), so it is
never a reason to refuse a catalog.

What is checked instead:
- the header parses and its formula gives an index in 0..nplurals-1 for every count;
- at the counts the templates actually print, the form the header picks is the one CLDR picks,
  when the header has CLDR's number of forms; otherwise a reviewer is shown the printed words."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from babel.messages.pofile import unescape

from vertebro_print.errors import CatalogError

# Every count up to 10,000, and large ones where rules such as CLDR's "many" (millions) and
# integer overflow in a C-like formula show up.
LARGE_COUNTS = (
    10**5,
    10**6,
    2 * 10**6,
    10**6 + 1,
    10**7,
    10**9,
    2**31 - 1,
    2**31,
    10**12,
    2**63 - 1,
)
CHECKED_COUNTS = (*range(10_001), *LARGE_COUNTS)
# The integers that can reach each CLDR category: enough to see every integer category of
# every CLDR rule (the "many" of es/fr/pt needs a multiple of a million).
CLDR_SAMPLE = (*range(1_001), *LARGE_COUNTS)
# gettext orders forms by CLDR category in this order (Babel's to_gettext does the same).
CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")
HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


@dataclass(frozen=True)
class PluralRule:
    """A catalog's Plural-Forms header, parsed and checked."""

    count: int
    expression: str
    line: int
    index: Callable[[int], int]

    @property
    def header(self) -> str:
        return f"nplurals={self.count}; plural={self.expression};"


def _header_fields(text: str) -> dict[str, tuple[str, int]]:
    """The fields of a PO file's header entry (msgid ""), with the line each starts on."""
    fields: dict[str, tuple[str, int]] = {}
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == 'msgid ""'), None)
    if start is None or start + 1 >= len(lines) or not lines[start + 1].startswith("msgstr"):
        return fields
    value, first = "", start + 2
    for number in range(start + 1, len(lines)):
        quoted = lines[number].split(" ", 1)[1] if number == start + 1 else lines[number]
        if not quoted.strip().startswith('"'):
            break
        if not value:
            first = number + 1
        value += unescape(quoted.strip())
        while "\n" in value:
            field, value = value.split("\n", 1)
            if ":" in field:
                name, content = field.split(":", 1)
                fields[name.strip().lower()] = (content.strip(), first)
            first = number + 1
    return fields


def read_rule(text: str, path: Path) -> PluralRule:
    """The catalog's plural rule. Raises CatalogError when it is missing, does not parse, or
    gives an index outside 0..nplurals-1 for some count."""
    field = _header_fields(text).get("plural-forms")
    if field is None:
        raise CatalogError(
            str(path),
            None,
            "the header has no Plural-Forms line; add one, "
            'e.g. "Plural-Forms: nplurals=2; plural=(n != 1);"',
        )
    value, line = field
    match = HEADER.match(value)
    if not match:
        raise CatalogError(
            str(path),
            line,
            f'Plural-Forms {value!r} does not parse; write it as "nplurals=N; plural=EXPRESSION;"',
        )
    count, expression = int(match[1]), match[2]
    try:
        index = gettext.c2py(expression)
    except (ValueError, RecursionError) as exc:
        raise CatalogError(
            str(path), line, f"the plural formula {expression!r} is not valid: {exc}"
        ) from exc
    if count < 1:
        raise CatalogError(str(path), line, "Plural-Forms needs nplurals of 1 or more")
    for n in CHECKED_COUNTS:
        try:
            form = index(n)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise CatalogError(
                str(path), line, f"the plural formula fails for n={n}: {exc}"
            ) from exc
        if not 0 <= form < count:
            raise CatalogError(
                str(path),
                line,
                f"the plural formula gives form {form} for "
                f"n={n}, but nplurals={count} allows 0..{count - 1}",
            )
    return PluralRule(count, expression, line, index)


@dataclass(frozen=True)
class CldrPlurals:
    """CLDR's integer plural categories for a language, in gettext's order."""

    categories: tuple[str, ...]
    category: Callable[[int], str]

    def index(self, n: int) -> int:
        return self.categories.index(self.category(n))


@cache
def cldr_plurals(code: str) -> CldrPlurals | None:
    """CLDR's rule for the language, or None when CLDR does not know it."""
    try:
        rule = Locale.parse(code).plural_form
    except (ValueError, UnknownLocaleError):
        return None
    reached = {rule(n) for n in CLDR_SAMPLE}
    return CldrPlurals(tuple(c for c in CATEGORY_ORDER if c in reached), rule)


def suggested_header(code: str) -> str:
    """Babel's suggested Plural-Forms header for the language (it changes between releases)."""
    try:
        return get_plural(code).plural_forms
    except (ValueError, UnknownLocaleError):
        return ""


def header_warning(code: str, rule: PluralRule) -> str:
    """Why the header differs from Babel's suggestion (a warning, never a refusal), or ""."""
    suggested = suggested_header(code)
    match = HEADER.match(suggested.removeprefix("Plural-Forms:"))
    if not match:
        return ""
    count, index = int(match[1]), gettext.c2py(match[2])
    if count == rule.count and all(index(n) == rule.index(n) for n in CLDR_SAMPLE):
        return ""
    return (
        f"Plural-Forms differs from Babel's suggestion \"{suggested}\"; the catalog's own "
        "header is used"
    )


def printed_forms_finding(
    code: str, rule: PluralRule, counts: tuple[int, ...], strings: tuple[str, ...]
) -> tuple[str, str] | None:
    """("error" or "warning", why) about the forms a plural message prints at the templates'
    counts, or None when each is CLDR's form."""
    if not counts:
        return None
    printed = "; ".join(f"{n} prints {strings[rule.index(n)]!r}" for n in counts)
    cldr = cldr_plurals(code)
    if cldr is None:
        return (
            "warning",
            f"CLDR has no plural rule for {code}; a reviewer should confirm: {printed}",
        )
    if len(cldr.categories) != rule.count:
        return "warning", (
            f"Plural-Forms has {rule.count} form(s), CLDR has "
            f"{len(cldr.categories)} ({', '.join(cldr.categories)}); a reviewer "
            f"should confirm: {printed}"
        )
    for n in counts:
        if rule.index(n) != cldr.index(n):
            return "error", (
                f"for {n} the Plural-Forms header picks form {rule.index(n)}, but "
                f"CLDR's form for {n} is {cldr.index(n)} ({cldr.category(n)}); "
                f'fix the header (suggested: "{suggested_header(code)}") and put '
                "each form in its place"
            )
    return None
