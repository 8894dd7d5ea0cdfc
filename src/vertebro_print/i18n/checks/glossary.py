"""The glossary check: where an English string uses a glossary term, its translation uses the
language's term for it (locales/glossary.tbx: TBX-Basic in its ISO 30042:2008 form, `martif`,
which translate-toolkit, and through it Weblate, imports). An error in a safety-critical
string, a warning elsewhere: a patient who reads "doctor or nurse" in one place and "care
team" in the next cannot tell whether they are the same people."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vertebro_print.i18n.casing import fold
from vertebro_print.i18n.checks.content import visible

GLOSSARY_NAME = "glossary.tbx"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class GlossaryError(ValueError):
    """The glossary file cannot be read."""


@dataclass(frozen=True)
class Concept:
    id: str
    english: tuple[str, ...]  # whole words, any case
    terms: dict[str, tuple[str, ...]]  # locale code -> its term first, then its other forms

    def used_in(self, source: str) -> bool:
        return any(_english(term).search(source) for term in self.english)


@cache
def _english(term: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)


@cache
def _read(path: Path, mtime_ns: int) -> tuple[Concept, ...]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise GlossaryError(f"{path}: cannot read the glossary: {exc}") from exc
    concepts = []
    if root.tag != "martif":
        raise GlossaryError(f"{path}: not a TBX file (its root is <{root.tag}>, not <martif>)")
    for entry in root.iter("termEntry"):
        terms: dict[str, tuple[str, ...]] = {}
        for section in entry.iter("langSet"):
            code = section.get(XML_LANG, "").replace("-", "_")
            found = tuple(t.text.strip() for t in section.iter("term") if t.text)
            if code and found:
                terms[code] = found
        if "en" not in terms:
            raise GlossaryError(f"{path}: concept {entry.get('id')!r} has no English term")
        concepts.append(Concept(entry.get("id", ""), terms.pop("en"), terms))
    return tuple(concepts)


def glossary_stamp(locales_dir: Path) -> int:
    """Changes when the glossary does (a cached check result names it in its key)."""
    try:
        return (locales_dir / GLOSSARY_NAME).stat().st_mtime_ns
    except OSError:
        return 0


def load_glossary(locales_dir: Path) -> tuple[Concept, ...]:
    """The glossary next to the catalogs; none when the folder has no glossary.tbx."""
    path = locales_dir / GLOSSARY_NAME
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return ()
    return _read(path, stamp)


def terms_of(glossary: tuple[Concept, ...], source: str) -> list[Concept]:
    """The glossary's concepts an English string uses (the review sheet lists them)."""
    return [c for c in glossary if c.used_in(visible(source))]


@dataclass(frozen=True)
class LanguageTerm:
    """One glossary concept as one language's check needs it (hashable: checks are cached)."""

    id: str
    english: tuple[str, ...]
    wanted: tuple[str, ...]  # the language's term first, then its other accepted forms
    code: str = ""  # the catalog's: words are compared in its case rules ("İğne" is "iğne")

    def used_in(self, source: str) -> bool:
        return any(_english(term).search(source) for term in self.english)


def for_language(glossary: tuple[Concept, ...], code: str) -> tuple[LanguageTerm, ...]:
    """The glossary's concepts that have a term in this language."""
    return tuple(
        LanguageTerm(c.id, c.english, c.terms[code], code) for c in glossary if c.terms.get(code)
    )


def term_problem(
    terms: tuple[LanguageTerm, ...], ids: tuple[str, ...], texts: tuple[str, ...]
) -> str:
    """The first glossary term the source uses and the translation does not, or "". Only a
    usable translation is judged (the checks before this one refused the rest)."""
    source = " ".join(visible(i) for i in ids)
    seen = " ".join(visible(t) for t in texts)
    for term in terms:
        folded = fold(seen, term.code)
        if term.used_in(source) and not any(fold(w, term.code) in folded for w in term.wanted):
            return (
                f"uses {term.english[0]!r} but not the glossary's {term.wanted[0]!r} "
                f"(locales/{GLOSSARY_NAME}, concept {term.id})"
            )
    return ""
