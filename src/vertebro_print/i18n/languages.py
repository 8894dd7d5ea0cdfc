"""What the project knows about each language: its tag and direction, the fonts that draw its
script (and the Debian package that ships them), and whether hyphenation is right for it.

Languages are tiered as in pretix: `en` is the source (official) language; every other locale
is incubating until a qualified medical translator reviews it (see catalogs.ReviewStatus);
right-to-left is a property of the language, read from the CLDR data in Babel."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

from vertebro_print.errors import UsageError

SOURCE_LANGUAGE = "en"

NOTO_CORE = "fonts-noto-core"
NOTO_CJK = "fonts-noto-cjk"


@dataclass(frozen=True)
class Script:
    """A writing system: the font families that draw it, first choice first."""

    name: str
    fonts: tuple[str, ...]
    package: str
    letters: str  # a regex character class of letters only this script uses


LATIN = Script("Latin", ("Noto Sans",), NOTO_CORE, r"[A-Za-z]")
SCRIPTS = {
    "Latn": LATIN,
    "Cyrl": Script("Cyrillic", ("Noto Sans",), NOTO_CORE, r"[\u0400-\u04FF]"),
    "Arab": Script("Arabic", ("Noto Sans Arabic", "Noto Sans"), NOTO_CORE, r"[\u0600-\u06FF]"),
    "Deva": Script(
        "Devanagari", ("Noto Sans Devanagari", "Noto Sans"), NOTO_CORE, r"[\u0900-\u097F]"
    ),
    # One CJK family per locale: the same code point has different glyph shapes in Simplified
    # Chinese, Traditional Chinese, Japanese and Korean.
    "Hans": Script(
        "Simplified Chinese", ("Noto Sans CJK SC", "Noto Sans"), NOTO_CJK, r"[\u4E00-\u9FFF]"
    ),
    "Hant": Script(
        "Traditional Chinese", ("Noto Sans CJK TC", "Noto Sans"), NOTO_CJK, r"[\u4E00-\u9FFF]"
    ),
    "Jpan": Script("Japanese", ("Noto Sans CJK JP", "Noto Sans"), NOTO_CJK, r"[\u3040-\u30FF]"),
    "Kore": Script("Korean", ("Noto Sans CJK KR", "Noto Sans"), NOTO_CJK, r"[\uAC00-\uD7AF]"),
}

# Locales whose script CLDR does not name in the locale identifier.
_DEFAULT_SCRIPT = {
    "ar": "Arab",
    "fa": "Arab",
    "ur": "Arab",
    "hi": "Deva",
    "ru": "Cyrl",
    "uk": "Cyrl",
    "ja": "Jpan",
    "ko": "Kore",
    "zh": "Hans",
}

# Pyphen's dictionaries cover these; none exists for vi, tl or ht, and hyphenation is wrong
# for CJK, Arabic script and Devanagari.
_HYPHENATE = {"en", "es", "fr", "pt_BR", "pl", "ru"}

# Digits and CSS counter style of the CLDR numbering systems our locales default to. Babel
# formats separators per locale but always writes Latin digits, so they are mapped here.
_NUMBERING = {
    "latn": ("0123456789", "decimal"),
    "arabext": ("\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9", "persian"),
    "arab": ("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "arabic-indic"),
    "deva": ("\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f", "devanagari"),
}

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
    hyphenate: bool
    numbering: str = "latn"  # CLDR default numbering system

    @property
    def counter_style(self) -> str:
        return _NUMBERING[self.numbering][1]

    def localise_digits(self, text: str) -> str:
        return text.translate(str.maketrans("0123456789", _NUMBERING[self.numbering][0]))

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
    script = SCRIPTS.get(loc.script or _DEFAULT_SCRIPT.get(loc.language, "Latn"), LATIN)
    native = _NATIVE_NAME.get(code, loc.display_name or code)
    return Language(
        code=code,
        tag=code.replace("_", "-"),
        english_name=_ENGLISH_NAME.get(code, loc.get_display_name("en") or code),
        native_name=native[:1].upper() + native[1:],
        direction=loc.text_direction,
        script=script,
        hyphenate=code in _HYPHENATE,
        numbering=(
            loc.default_numbering_system if loc.default_numbering_system in _NUMBERING else "latn"
        ),
    )
