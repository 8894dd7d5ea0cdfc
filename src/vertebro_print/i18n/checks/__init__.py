"""The checks every translated message passes before it may print for patients.

check_message() runs them in order and returns the first finding: a translation is either
usable or not, and the translator fixes one thing at a time. Each finding names its check
(blank, plural-forms, markup, placeholder, invisible, script, chinese-variant, english,
numbers, plural-count) so that `i18n check --json` can be filtered by it."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from babel.messages.catalog import Message

from vertebro_print.i18n import formats
from vertebro_print.i18n.checks import characters, content, markup
from vertebro_print.i18n.languages import Language
from vertebro_print.i18n.plurals import CLDR_SAMPLE, PluralRule, printed_forms_finding

# The states a message can be in for one locale.
OK, MISSING, FUZZY, BROKEN = "ok", "missing", "fuzzy", "broken"


@dataclass(frozen=True)
class Finding:
    state: str  # MISSING or BROKEN block the string; OK with a warning does not
    check: str
    why: str
    severity: str = "error"


def strings(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


# Checking is a pure function of its arguments, and a process meets the same translations
# again and again (every Project loads every catalog; a catalog edited in Poedit while the
# server runs is reloaded whole, but only the edited strings are new). Bounded: a long-lived
# server never grows past it.
@lru_cache(maxsize=16384)
def _form_finding(
    lang: Language,
    ids: tuple[str, ...],
    text: str,
    vocabulary: frozenset[str],
    same_ok: bool,
    optional: frozenset[str] = frozenset(),
) -> Finding | None:
    if why := markup.markup_problem(ids[0], text):
        return Finding(BROKEN, "markup", why)
    if why := markup.placeholder_problem(ids, text, optional):
        return Finding(BROKEN, "placeholder", why)
    # Entities are decoded first: "&#x202E;" is the character it names.
    decoded = html.unescape(text)
    if why := characters.invisible_problem(lang, decoded):
        return Finding(BROKEN, "invisible", why)
    if not same_ok and (why := content.english_problem(ids, text, vocabulary)):
        return Finding(MISSING, "english", why)
    seen = content.visible(text)
    if not same_ok and (why := characters.script_problem(lang, seen)):
        return Finding(BROKEN, "script", why)
    if why := characters.chinese_variant_problem(lang, seen):
        return Finding(BROKEN, "chinese-variant", why)
    if why := content.number_problem(ids, text):
        return Finding(BROKEN, "numbers", why)
    return None


@lru_cache(maxsize=64)
def single_number_forms(rule: PluralRule) -> frozenset[int]:
    """The forms the rule picks for exactly one number (Arabic's 0, 1 and 2; Spanish's 1)."""
    hits: dict[int, int] = {}
    for n in CLDR_SAMPLE:
        hits[rule.index(n)] = hits.get(rule.index(n), 0) + 1
    return frozenset(form for form, count in hits.items() if count == 1)


def _setting_finding(lang: Language, key: str, value: str) -> Finding | None:
    """A date or time setting is checked as one (its value is a pattern or a list of names,
    never English text to translate)."""
    if why := characters.invisible_problem(lang, value):
        return Finding(BROKEN, "invisible", why)
    if why := formats.setting_problem(key, value):
        return Finding(BROKEN, "date-format", why)
    named = key in formats.NAME_COUNTS and formats.chosen(value)
    if named and (why := characters.script_problem(lang, value)):
        return Finding(BROKEN, "script", why)
    return None


def check_message(
    lang: Language,
    source_id: str | tuple[str, str],
    counts: tuple[int, ...],
    message: Message | None,
    rule: PluralRule,
    vocabulary: frozenset[str],
    count_names: tuple[str, ...] = (),
) -> Finding | None:
    """The first reason this message cannot print as translated, or None. An OK finding
    is a warning for a reviewer (a plural rule CLDR cannot confirm)."""
    if message is None or not any(strings(message)):
        return Finding(MISSING, "untranslated", "not translated")
    texts = strings(message)
    if any(content.is_blank(t) for t in texts):
        return Finding(MISSING, "blank", "the translation is blank (only spaces or markup)")
    if message.fuzzy:
        return Finding(FUZZY, "fuzzy", "marked fuzzy (needs review)")
    ids = source_id if isinstance(source_id, tuple) else (source_id,)
    if ids[0] in formats.SETTINGS:
        return _setting_finding(lang, ids[0], texts[0])
    if isinstance(source_id, tuple) and len(texts) != rule.count:
        return Finding(
            BROKEN,
            "plural-forms",
            f"has {len(texts)} plural forms, the language needs {rule.count}",
        )
    same_ok = content.marked_same(message.user_comments)
    single = single_number_forms(rule) if len(texts) > 1 else frozenset()
    for number, text in enumerate(texts):
        # A form printed for one number only may say it in words: Arabic's dual "يومان" is
        # "2 days" without the digits (which would print a stray "(٢)").
        optional = frozenset(count_names) if number in single else frozenset()
        if found := _form_finding(lang, ids, text, vocabulary, same_ok, optional):
            where = f"plural form {number}: " if len(texts) > 1 else ""
            return Finding(found.state, found.check, where + found.why)
    finding = printed_forms_finding(lang.code, rule, counts, texts)
    if finding and finding[0] == "error":
        return Finding(BROKEN, "plural-count", finding[1])
    if finding:
        return Finding(OK, "plural-review", finding[1], "warning")
    if added := next(filter(None, (content.added_numbers(ids, t) for t in texts)), ""):
        return Finding(OK, "numbers-added", added, "warning")
    return None
