"""What the project knows about each language: its tag and direction, the fonts that draw its
script (and the Debian package that ships them), and how large its text is set.

Languages are tiered as in pretix: `en` is the source (official) language; every other locale
is incubating until a qualified medical translator reviews it (see catalogs.ReviewStatus);
right-to-left is a property of the language, read from the CLDR data in Babel."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from vertebro_print.errors import UsageError
from vertebro_print.i18n import (
    SOURCE_LANGUAGE,  # re-exported: the code lives in i18n/__init__
    casing,
    numbering,
)

SCRIPTS_FILE = Path(__file__).with_name("scripts.toml")
# Where a script has no entry in scripts.toml: Noto's family for it, from Debian's
# fonts-noto-core, which ships one for most scripts CLDR names.
FALLBACK_PACKAGE = "fonts-noto-core"


@dataclass(frozen=True)
class Script:
    """A writing system: the font families that draw it, first choice first."""

    code: str  # ISO 15924
    name: str
    fonts: tuple[str, ...]
    package: str
    letters: str  # a regex character class of letters only this script uses
    configured: bool = True  # listed in scripts.toml (else derived from the script's name)
    scale: float = 1.0  # body text size relative to Latin (scripts.toml explains)
    line_height: float | None = None  # every line's height, for scripts taller than Latin
    cell_line_height: float | None = None  # a table cell's lines (scripts.toml explains)
    actual_text: bool = False  # every run's text as /ActualText (pdf/actualtext.py)
    # Languages drawn another way (Urdu in Nastaliq): (code, Script) pairs, scripts.toml's
    # [CODE.languages.LANG] tables.
    by_language: tuple[tuple[str, Script], ...] = ()

    def for_language(self, code: str) -> Script:
        """The script as the language draws it: its own fonts where scripts.toml gives them."""
        return dict(self.by_language).get(code, self)


@cache
def configured_scripts() -> dict[str, Script]:
    """scripts.toml, read once."""
    data = tomllib.loads(SCRIPTS_FILE.read_text(encoding="utf-8"))
    return {code: _configured(code, entry) for code, entry in data.items()}


# What a scripts.toml entry may say (the file's head explains each).
_KEYS = (
    "name",
    "fonts",
    "package",
    "letters",
    "scale",
    "line_height",
    "cell_line_height",
    "actual_text",
)


def _configured(code: str, entry: dict, base: dict | None = None) -> Script:
    """A scripts.toml entry; a language's table inside it takes what it does not say from
    the script's."""
    e = {**(base or {}), **entry}
    unknown = set(entry) - set(_KEYS) - (set() if base else {"languages"})
    if unknown:
        raise UsageError(
            f"{SCRIPTS_FILE}: [{code}] has unknown key(s) {', '.join(sorted(unknown))}; "
            f"use {', '.join(_KEYS)} (and languages)"
        )
    return Script(
        code,
        e["name"],
        tuple(e["fonts"]),
        e["package"],
        e["letters"],
        scale=e.get("scale", 1.0),
        line_height=e.get("line_height"),
        cell_line_height=e.get("cell_line_height"),
        actual_text=e.get("actual_text", False),
        by_language=tuple(
            (lang, _configured(code, own, {**entry, "languages": {}}))
            for lang, own in e.get("languages", {}).items()
        ),
    )


def _unicode_letters(code: str) -> str:
    """A character class of the letters Unicode assigns to a script (BMP and SMP)."""
    import regex  # only for a script scripts.toml does not list

    pattern = regex.compile(rf"\p{{Script={code}}}")
    found = [c for c in range(0x30000) if pattern.match(chr(c))]
    ranges, start = [], None
    for previous, current in zip([None, *found], [*found, None], strict=True):
        if start is None:
            start = current
        elif current is None or current != previous + 1:
            ranges.append((start, previous))
            start = current
    return (
        "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]" if ranges else "[^\\s\\S]"
    )


@cache
def script(code: str) -> Script:
    """The Script for an ISO 15924 code: from scripts.toml, or Noto's family for it."""
    if code in configured_scripts():
        return configured_scripts()[code]
    letters = _unicode_letters(code)
    name = _unicode_name(letters) or Locale.parse(SOURCE_LANGUAGE).scripts.get(code, code)
    return Script(
        code,
        name,
        (f"Noto Sans {name}", "Noto Sans"),
        FALLBACK_PACKAGE,
        letters,
        configured=False,
    )


def _unicode_name(letters: str) -> str:
    """The script's name as Unicode writes it in its characters' names ("BENGALI LETTER KA":
    Bengali), which is how Noto names its families; CLDR may say "Bangla"."""
    match = re.match(r"\[\\U([0-9a-f]{8})", letters)
    if not match:
        return ""
    for point in range(int(match[1], 16), int(match[1], 16) + 64):
        words = unicodedata.name(chr(point), "").split()
        for stop in ("CAPITAL", "SMALL", "LETTER", "SYLLABLE", "CHARACTER", "SIGN", "DIGIT"):
            if stop in words[1:]:
                return " ".join(words[: words.index(stop)]).title()
    return ""


def script_of(loc: Locale) -> str:
    """The locale's script: named in its code, or CLDR's likely one for its language."""
    if loc.script:
        return loc.script
    likely = get_global("likely_subtags")
    for key in (str(loc), loc.language):
        if key in likely:
            found = parse_locale(likely[key])[2]  # (language, territory, script, ...)
            if found:
                return found
    return "Latn"


# Names patients use for their own language, where CLDR's differs.
_NATIVE_NAME = {"tl": "Tagalog", "pt_BR": "Português (Brasil)"}
_ENGLISH_NAME = {"tl": "Tagalog"}


@dataclass(frozen=True)
class Language:
    code: str  # catalog folder name: pt_BR, zh_Hant
    tag: str  # BCP 47 for <html lang>: pt-BR, zh-Hant
    english_name: str
    native_name: str
    direction: str  # ltr | rtl
    script: Script
    numbering: str = "latn"  # CLDR default numbering system

    @property
    def counter_style(self) -> str:
        return numbering.counter_style(self.numbering)

    @property
    def counter_style_rule(self) -> str:
        return numbering.counter_style_rule(self.numbering)

    def localise_digits(self, text: str) -> str:
        return numbering.localise(text, self.numbering)

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    @property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.code)

    @property
    def font_stack(self) -> str:
        return ", ".join(f'"{f}"' for f in self.script.fonts) + ", sans-serif"

    def uses_script(self, text: str) -> bool:
        return re.search(self.script.letters, text) is not None


@cache
def language(code: str) -> Language:
    """The Language for a locale code; any locale CLDR knows works, with fonts by script."""
    try:
        loc = Locale.parse(code)
    except (ValueError, UnknownLocaleError) as exc:
        raise UsageError(
            f"unknown language code {code!r}: use a CLDR locale such as es, pt_BR or zh_Hant"
        ) from exc
    writing = script(script_of(loc)).for_language(loc.language)
    native = _NATIVE_NAME.get(code, loc.display_name or code)
    return Language(
        code=code,
        tag=code.replace("_", "-"),
        english_name=_ENGLISH_NAME.get(code, loc.get_display_name(SOURCE_LANGUAGE) or code),
        native_name=casing.capital_first(native, loc.language),
        direction=loc.text_direction,
        script=writing,
        numbering=numbering.numbering_system(loc),
    )
