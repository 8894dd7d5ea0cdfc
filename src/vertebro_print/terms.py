"""The handouts' term list (handouts/terms.toml): one word for one thing, in the brief's words.

Each term has the word the handouts use, what it means, and the other words the English
handouts must not use for the same thing. The English strings are checked against it
(tests/test_terms.py), and translators' glossaries are seeded from it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from vertebro_print.errors import VertebroError

TERMS_FILE = "terms.toml"
_KEYS = {"term": str, "meaning": str, "not": list, "note": str, "forms": list}
_REQUIRED = ("term", "meaning", "not")


class TermsError(VertebroError):
    """The term list cannot be read or does not validate."""


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    avoid: tuple[str, ...]  # `not` in the file: words not to use for the same thing
    note: str = ""
    forms: tuple[str, ...] = ()  # other English forms of the term (a plural)

    @property
    def english_forms(self) -> tuple[str, ...]:
        """The term, then its other forms: the glossary's English for this concept."""
        return (self.term, *self.forms)

    def used_instead(self, text: str) -> list[str]:
        """The words of `avoid` the text uses (whole words, any case)."""
        return [w for w in self.avoid if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)]


def load_terms(handouts_dir: Path) -> list[Term]:
    """The term list of a handout folder, checked: every entry has its term, meaning and
    `not` list, and no term is listed twice."""
    path = handouts_dir / TERMS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TermsError(f"cannot read the term list {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TermsError(f"{path} is not valid TOML: {exc}") from exc
    terms: list[Term] = []
    for number, entry in enumerate(data.get("term", []), start=1):
        where = f"{path}: [[term]] number {number}"
        if missing := [k for k in _REQUIRED if k not in entry]:
            raise TermsError(f"{where} has no {', '.join(missing)}; add it")
        for key, value in entry.items():
            if key not in _KEYS:
                raise TermsError(f"{where}: unknown key {key!r}; use {', '.join(_KEYS)}")
            if not isinstance(value, _KEYS[key]):
                raise TermsError(f"{where}: {key} must be a {_KEYS[key].__name__}")
        for key in ("not", "forms"):
            if not all(isinstance(w, str) and w.strip() for w in entry.get(key, [])):
                raise TermsError(f"{where}: every word in `{key}` must be non-empty text")
        if any(t.term.casefold() == entry["term"].casefold() for t in terms):
            raise TermsError(f"{where}: {entry['term']!r} is listed twice; keep one entry")
        terms.append(
            Term(
                entry["term"],
                entry["meaning"],
                tuple(entry["not"]),
                entry.get("note", ""),
                tuple(entry.get("forms", [])),
            )
        )
    if not terms:
        raise TermsError(f"{path} lists no [[term]]; add the handouts' terms")
    return terms
