"""Whether a safety-critical translation says all of its English: not far shorter than its
language usually is (lengths.toml), and never marked as rightly the same as the English."""

from __future__ import annotations

from vertebro_print.i18n.checks import tables
from vertebro_print.i18n.checks.content import visible
from vertebro_print.i18n.checks.subject import SAME_AS_SOURCE
from vertebro_print.i18n.languages import Language


def data() -> dict:
    return tables.load("lengths.toml")


def usual_ratio(lang: Language) -> float:
    ratios = data()["ratio"]
    found = ratios.get(lang.code) or ratios.get(lang.code.split("_")[0])
    return found or data()["script_ratio"].get(lang.script.code, 1.0)


def _size(text: str) -> int:
    return sum(c.isalnum() for c in visible(text))


def length_problem(lang: Language, ids: tuple[str, ...], translation: str) -> str:
    """Why a safety-critical translation is far shorter than its English, or ""."""
    source = _size(ids[-1])
    if source < data()["min_source"]:
        return ""
    ratio = _size(translation) / source / usual_ratio(lang)
    if ratio >= data()["at_least"]:
        return ""
    return (
        f"is {ratio:.0%} of the length {lang.code} usually takes for this English; a "
        "safety-critical string must say all of it (is part of it missing?)"
    )


def same_as_source_problem(same_ok: bool) -> str:
    if not same_ok:
        return ""
    return (
        f"'# {SAME_AS_SOURCE}' is not allowed on a safety-critical string: it must be "
        "translated; remove the comment and translate it"
    )
