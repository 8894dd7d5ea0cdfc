"""Midnight, noon and "the day before" in translations (daytimes.toml): a time of day keeps
its name, and the day before never becomes the same day or last night."""

from __future__ import annotations

from functools import cache

import regex
from babel import UnknownLocaleError
from babel.dates import get_period_names

from vertebro_print.i18n.casing import fold
from vertebro_print.i18n.checks import tables
from vertebro_print.i18n.checks.content import visible
from vertebro_print.i18n.checks.polarity import ARABIC_MARKS

PERIODS = ("midnight", "noon")


def data() -> dict:
    return tables.load("daytimes.toml")


def _fold(text: str, code: str) -> str:
    """Without case (by the language's rules: Turkish "GECE YARISI" is "gece yarısı"), Arabic
    vowel marks or the kind of space."""
    return " ".join(fold(ARABIC_MARKS.sub("", text), code).split())


@cache
def words(code: str, kind: str) -> frozenset[str]:
    """This language's words of a kind: midnight and noon from CLDR and daytimes.toml, the
    others from daytimes.toml."""
    table = data().get(code) or data().get(code.split("_")[0]) or {}
    found = {_fold(w, code) for w in table.get(kind, ())}
    if kind in PERIODS:
        for width in ("wide", "abbreviated", "narrow"):
            for context in ("format", "stand-alone"):
                try:
                    names = get_period_names(width, context, locale=code)
                except (ValueError, UnknownLocaleError):
                    continue
                if kind in names and not _abbreviation(names[kind]):
                    found.add(_fold(names[kind], code))
    return frozenset(found)


def _abbreviation(name: str) -> bool:
    """Vietnamese "TR" (trưa), Russian "полд." are not what a sentence says; nor is a single
    letter (Turkish narrow noon "ö", found in every "önce", before)."""
    return (
        len(name) < 2
        or name.endswith(".")
        or (name.isascii() and (len(name) < 3 or name.isupper()))
    )


@cache
def _english(kind: str) -> regex.Pattern:
    return regex.compile(data()["english"][kind], regex.IGNORECASE)


def _says(english: str, kind: str) -> bool:
    return _english(kind).search(english) is not None


# Scripts written without spaces between words: a word is found inside its neighbours
# (Burmese "ညသန်းခေါင်", night-midnight, is one run of letters).
UNSPACED = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"
)


@cache
def _pattern(word: str) -> regex.Pattern:
    if UNSPACED.search(word):
        return regex.compile(regex.escape(word))
    # A word starts a word: "anoche" (last night) is not inside "medianoche" (midnight). It
    # may end inside one: the table's words are stems of inflected words ("poprzedni").
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(word)}")


def _holds(text: str, found: frozenset[str]) -> list[str]:
    return sorted(w for w in found if _pattern(w).search(text))


def _named(text: str, own: frozenset[str], other: frozenset[str]) -> tuple[list[str], list[str]]:
    """The own and the other time's words the text names. Where two overlap the longer one is
    named: Thai's midnight, "เที่ยงคืน", holds its noon, "เที่ยง", which it does not name."""
    spans = sorted(
        (
            (m.start(), m.end(), w, w in own)
            for w in own | other
            for m in _pattern(w).finditer(text)
        ),
        key=lambda span: span[0] - span[1],
    )
    taken: list[tuple[int, int]] = []
    named: tuple[set[str], set[str]] = (set(), set())
    for start, end, word, is_own in spans:
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            named[0 if is_own else 1].add(word)
    return sorted(named[0]), sorted(named[1])


def day_period_problem(code: str, ids: tuple[str, ...], translation: str) -> str:
    """Why the translation names another time of day or another day than the English, or
    ""."""
    english = visible(ids[-1])
    text = _fold(visible(translation), code)
    for period, other in (PERIODS, PERIODS[::-1]):
        if not _says(english, period) or _says(english, other):
            continue
        own = words(code, period)
        if not own:
            return f"daytimes.toml has no word for {period} in {code}; add it"
        named, wrong = _named(text, own, words(code, other))
        if not named:
            return f"the English names {period}; the translation has none of {sorted(own)}"
        if wrong:
            return f"the English names {period}; the translation names {other} ({wrong[0]})"
    if _says(english, "before"):
        before = words(code, "before")
        if not before:
            return f"daytimes.toml has no words for 'the day before' in {code}; add them"
        if same := _holds(text, words(code, "same_day")):
            return f"the English says the day before; the translation says the same day ({same[0]})"
        if not _holds(text, before):
            return f"the English says the day before; the translation has none of {sorted(before)}"
    if _says(english, "night_before") and (last := _holds(text, words(code, "last_night"))):
        return (
            f"'{last[0]}' reads as 'last night' (before the patient reads this); name the night "
            "by its date or by the treatment"
        )
    return ""
