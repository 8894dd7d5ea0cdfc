"""Upper and lower case by each language's own rules (ICU's casing, through PyICU).

Python's str.upper(), .lower(), .title() and .casefold() follow Unicode's default mapping,
which is wrong for Turkish and Azerbaijani: there "i" upper-cases to "İ" and "ı" to "I", and
"I" lower-cases to "ı". Jinja's `upper`, `lower`, `title` and `capitalize` filters are those
str methods, so a handout template that used them would print "IĞNE" for "iğne". The
handout environment replaces them with these functions (html/templates.py), and the checks
that compare words fold both sides with `fold` ("İğnenin" finds the term "iğnenin").

CSS `text-transform` is WeasyPrint's and follows the element's `lang` (WeasyPrint 70 tailors
Turkish, Azerbaijani, Greek, Lithuanian and Dutch), which every handout element carries."""

from __future__ import annotations

from functools import cache


@cache
def _locale(code: str):
    import icu  # loaded on first use, as numbering.py does

    return icu.Locale(code)


def upper(text: str, code: str) -> str:
    import icu

    return str(icu.UnicodeString(text).toUpper(_locale(code)))


def lower(text: str, code: str) -> str:
    import icu

    return str(icu.UnicodeString(text).toLower(_locale(code)))


def title(text: str, code: str) -> str:
    """Each word's first letter in upper case, by the language's rules (ICU's word breaks)."""
    import icu

    return str(icu.UnicodeString(text).toTitle(_locale(code)))


def capitalize(text: str, code: str) -> str:
    """The first letter in upper case and the rest in lower case, as Jinja's filter does."""
    lowered = lower(text, code)
    return upper(lowered[:1], code) + lowered[1:]


def capital_first(text: str, code: str) -> str:
    """The first letter in upper case, the rest as written (a language's own name)."""
    return upper(text[:1], code) + text[1:]


def fold(text: str, code: str) -> str:
    """Text for comparing words without case: the language's lower case, then Unicode's case
    folding (German "ß" and "ss" alike)."""
    return lower(text, code).casefold()
