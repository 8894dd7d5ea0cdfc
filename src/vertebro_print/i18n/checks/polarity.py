"""Whether a translation keeps the English's "not", "do not" and "may" (polarity.toml says how
each language marks them): "Do not drive" must never print as "Drive", nor "When should I
start" as "When can I start"."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from vertebro_print.i18n.checks.content import visible

TABLE_FILE = Path(__file__).with_name("polarity.toml")
KINDS = ("negation", "prohibition", "permission", "obligation")
# Arabic vowel marks and tatweel: written or not, the word is the same (ألّا is ألا).
ARABIC_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u0640]")


@dataclass(frozen=True)
class Markers:
    negation: tuple[regex.Pattern, ...]
    prohibition: tuple[regex.Pattern, ...]
    permission: tuple[regex.Pattern, ...]
    obligation: tuple[regex.Pattern, ...]  # the English side only

    def count(self, kind: str, text: str) -> int:
        patterns = getattr(self, kind)
        if kind == "negation":
            patterns = (*patterns, *self.prohibition)
            # A marker counted as both is one negation: count distinct places.
            return len({m.start() for p in patterns for m in p.finditer(text)})
        return sum(len(p.findall(text)) for p in patterns)

    def found(self, kind: str, text: str) -> list[str]:
        return [m.group(0) for p in getattr(self, kind) for m in p.finditer(text)]


@cache
def tables() -> dict[str, Markers]:
    try:
        data = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
        return {
            code: Markers(
                *(
                    tuple(
                        regex.compile(p, regex.IGNORECASE | regex.V1) for p in table.get(kind, ())
                    )
                    for kind in KINDS
                )
            )
            for code, table in data.items()
        }
    except (tomllib.TOMLDecodeError, KeyError, regex.error) as exc:
        raise ValueError(f"{TABLE_FILE}: {exc}") from exc


def markers(code: str) -> Markers | None:
    """The table of a catalog's code, else of its language (pt_BR: pt), or None."""
    found = tables()
    return found.get(code) or found.get(code.split("_")[0])


def _plain(text: str) -> str:
    return ARABIC_MARKS.sub("", visible(text))


def polarity_problem(code: str, ids: tuple[str, ...], translation: str) -> str:
    """Why the translation does not negate, forbid or permit as the English does, or ""."""
    english = tables()["en"]
    source = _plain(ids[-1])
    negates = english.count("negation", source)
    forbids = english.count("prohibition", source)
    permits = english.count("permission", source)
    obliges = english.count("obligation", source)
    if not (negates or forbids or obliges):
        # A "not" may rightly appear where the English has none (Spanish "que no es leve"
        # for "more than a little"), and "can" where it states a fact.
        return ""
    own = markers(code)
    if own is None:
        if not negates:
            return ""
        return (
            f"polarity.toml has no negation markers for {code}, so a translation that lost "
            "the English's 'not' cannot be told apart; add the language's table there"
        )
    text = _plain(translation)
    if negates and not own.count("negation", text):
        return "the English says 'not' (or 'never', 'no'), the translation has no negation"
    if forbids and own.count("prohibition", text) < forbids:
        return (
            f"the English forbids {forbids} time(s) ('do not', 'never', 'must not'), the "
            f"translation has {own.count('prohibition', text)} prohibition(s)"
        )
    if not permits and (said := own.found("permission", text)):
        return (
            f"the translation permits ({', '.join(repr(s) for s in said[:3])}) where the "
            "English does not ('may', 'can', 'OK'): a rule or a question must not become a "
            "permission"
        )
    return ""
