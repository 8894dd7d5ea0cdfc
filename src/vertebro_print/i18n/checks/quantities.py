"""Quantities in translations (quantities.toml): each count keeps its unit's word beside it,
counts that are told apart only by their place keep it, and a safety-critical string gains no
number the English lacks."""

from __future__ import annotations

from functools import cache

import regex
from babel import Locale, UnknownLocaleError

from vertebro_print.i18n.checks import tables
from vertebro_print.i18n.checks.content import NUMBER, visible
from vertebro_print.i18n.checks.markup import PERCENT

PLACEHOLDER = regex.compile(r"%\((\w+)\)[sd]")


def _abbreviation(word: str) -> bool:
    """A one-letter Latin name ("6 w" is all CLDR has for Haitian weeks) or a shortened one
    is not a word a sentence carries; one Han or Hangul letter is (日, 주)."""
    return word.endswith(".") or (word.isascii() and len(word) < 2)


def data() -> dict:
    return tables.load("quantities.toml")


def _by_language(table: dict, code: str):
    return table.get(code) or table.get(code.split("_")[0])


@cache
def unit_words(code: str, unit: str) -> frozenset[str]:
    """The words a quantity of `unit` is written with in this language: CLDR's long unit
    names (every plural form), and quantities.toml's reviewed forms and patterns."""
    words = set((_by_language(data()["units"]["words"], code) or {}).get(unit, ()))
    if own := unit_format(code, unit):
        words.add(own.replace("{0}", " ").strip())
    try:
        patterns = Locale.parse(code)._data["unit_patterns"][unit]["long"]
    except (KeyError, ValueError, UnknownLocaleError):
        patterns = {}
    for category in patterns:
        if category != "per":
            word = patterns[category].replace("{0}", " ").strip()
            if any(c.isalpha() for c in word) and not _abbreviation(word):
                words.add(word)
    return frozenset(words)


def unit_format(code: str, unit: str) -> str | None:
    """The reviewed pattern ("{0} semèn") a language writes a quantity of `unit` with, where
    CLDR's does not fit; None to use CLDR's."""
    return (_by_language(data()["units"].get("format", {}), code) or {}).get(unit)


def unit_problem(code: str, ids: tuple[str, ...], translation: str) -> str:
    """A count whose unit's word is not next to it in the translation, or ""."""
    units = data()["units"]
    reach = units["reach"]
    text = translation.replace("\u00a0", " ").replace("\u202f", " ")
    for match in PLACEHOLDER.finditer(text):
        unit = units["placeholders"].get(match[1])
        if unit is None or not any(f"%({match[1]})" in i for i in ids):
            continue
        words = unit_words(code, unit)
        if not words:
            return (
                f"no words for {unit} in {code}: CLDR has none that a sentence uses; add them "
                f"to quantities.toml [units.words.{code}]"
            )
        near = visible_near(text, match.start(), match.end(), reach).casefold()
        if not any(w.casefold() in near for w in words):
            shown = ", ".join(sorted(words)[:4])
            return (
                f"%({match[1]})s is not followed or preceded by its unit ({unit}: {shown}); "
                "a count must keep its unit"
            )
    return ""


def visible_near(text: str, start: int, end: int, reach: int) -> str:
    return visible(text[max(0, start - reach) : start]) + " | " + visible(text[end : end + reach])


def order_problem(code: str, ids: tuple[str, ...], translation: str) -> str:
    """Two placeholders of the same kind in another order than the language says them, or
    ""."""
    names = [m[1] for m in PLACEHOLDER.finditer(translation)]
    for pair in data()["order"]["pairs"]:
        first, second = pair["placeholders"]
        if first not in names or second not in names:
            continue
        whole_first = code in pair["whole_first"] or code.split("_")[0] in pair["whole_first"]
        expected = (second, first) if whole_first else (first, second)
        got = (first, second) if names.index(first) < names.index(second) else (second, first)
        if got != expected:
            return (
                f"%({got[0]})s comes before %({got[1]})s; in {code} they must read "
                f"%({expected[0]})s ... %({expected[1]})s (or the numbers swap meaning)"
            )
    return ""


def _numbers(text: str) -> set[int]:
    # \d takes any script's decimal digits: ٩٩٧ is 997.
    return {int(n) for n in NUMBER.findall(visible(PERCENT.sub(" ", text)))}


@cache
def _times() -> tuple[tuple[regex.Pattern, tuple[int, ...]], ...]:
    """The English names of times of day ("midnight") and the numbers each may be named with."""
    return tuple(
        (regex.compile(rf"\b{name}\b", regex.IGNORECASE), tuple(numbers))
        for name, numbers in data()["times"].items()
    )


def digits_problem(ids: tuple[str, ...], translation: str) -> str:
    """A number a safety-critical translation adds to its English, or "". A string naming
    midnight or noon may name that time with the clock's numbers (quantities.toml [times])."""
    english = " ".join(visible(i) for i in ids)
    extra = _numbers(translation) - set().union(*(_numbers(i) for i in ids))
    if not extra:
        return ""
    allowed = set().union(*(set(v) for k, v in _times() if k.search(english)))
    if extra <= allowed:
        return ""
    wrong = ", ".join(str(n) for n in sorted(extra - allowed))
    named = f" (only {', '.join(map(str, sorted(allowed)))} may name its time)" if allowed else ""
    return (
        f"adds the number {wrong} to a safety-critical string{named}; write what the English "
        "says, in words where it has words"
    )
