"""The invisible format characters each writing system needs (i18n/invisibles.toml), which the
`invisible` check allows there and nowhere else."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE_FILE = Path(__file__).with_name("invisibles.toml")


@dataclass(frozen=True)
class Allowance:
    characters: frozenset[str]
    scripts: frozenset[str]
    languages: frozenset[str]
    direction: str
    why: str

    def applies(self, script: str, code: str, direction: str) -> bool:
        base = code.split("_")[0]
        return (
            script in self.scripts
            or code in self.languages
            or base in self.languages
            or (bool(self.direction) and direction == self.direction)
        )


@cache
def allowances() -> tuple[Allowance, ...]:
    """The table, read once. A character must be a format character (Unicode category Cf):
    the table cannot let a control or private-use character through by mistake."""
    data = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
    names = data["characters"]
    for name, char in names.items():
        if len(char) != 1 or unicodedata.category(char) != "Cf":
            raise ValueError(f"{TABLE_FILE}: {name} must be one format character (Cf)")
    return tuple(
        Allowance(
            frozenset(names[n] for n in entry["characters"]),
            frozenset(entry.get("scripts", ())),
            frozenset(entry.get("languages", ())),
            entry.get("direction", ""),
            entry["why"],
        )
        for entry in data["allow"]
    )


@cache
def script_invisibles(script: str, code: str, direction: str) -> frozenset[str]:
    """The invisible characters a locale (its script, code and direction) may hold."""
    allowed: set[str] = set()
    for entry in allowances():
        if entry.applies(script, code, direction):
            allowed |= entry.characters
    return frozenset(allowed)
