"""A language's digits, from CLDR: its default numbering system (Babel's locale data) and that
system's ten digits (ICU's copy of CLDR's numberingSystems). No list of languages or digits
is kept here: Burmese prints ၁၂, Bengali ১২, Nepali १२, Persian ۱۲, and a language CLDR
gives Latin digits (Arabic without a region, Hindi, Thai, Urdu) prints 12. A region is part
of the locale: ar_EG (Arabic-Indic digits in CLDR) differs from ar (Latin).

Handouts number with CSS counters; a language with digits of its own gets a counter style
built from them (`counter_style_rule`), so the page's numbers and the text's agree."""

from __future__ import annotations

from functools import cache

from babel import Locale

from vertebro_print.errors import UsageError

LATIN = "latn"
LATIN_DIGITS = "0123456789"


def numbering_system(loc: Locale) -> str:
    """CLDR's default numbering system of the locale; Latin where that system is not ten
    digits (Ethiopic and other algorithmic numerals are words, not digits to swap in)."""
    system = loc.default_numbering_system or LATIN
    return system if len(digits(system)) == 10 else LATIN


@cache
def digits(system: str) -> str:
    """The ten digits of a CLDR numbering system, zero first; "" for an algorithmic one."""
    if system == LATIN:
        return LATIN_DIGITS
    import icu  # only for languages with digits of their own

    try:
        found = icu.NumberingSystem.createInstanceByName(system)
    except icu.ICUError as exc:
        raise UsageError(
            f"numbering system {system!r} is not known to ICU {icu.ICU_VERSION}: use a CLDR "
            "numbering system id such as latn, arab, beng or mymr"
        ) from exc
    if found.isAlgorithmic() or found.getRadix() != 10:
        return ""
    return found.getDescription()


def counter_style(system: str) -> str:
    """The CSS counter style that writes numbers in the system's digits."""
    return "decimal" if system == LATIN else f"digits-{system}"


def counter_style_rule(system: str) -> str:
    """The @counter-style rule counter_style() names; "" for Latin digits (CSS's decimal)."""
    if system == LATIN:
        return ""
    symbols = " ".join(f'"{d}"' for d in digits(system))
    return f"@counter-style {counter_style(system)} {{ system: numeric; symbols: {symbols}; }}"


def localise(text: str, system: str) -> str:
    """The text with its Latin digits written in the system's."""
    return text if system == LATIN else text.translate(str.maketrans(LATIN_DIGITS, digits(system)))
