"""Whether a translation says something in its language: not blank, not the English left in
place, and with every number of the source.

A translator marks a string that is rightly the same as the English (a brand name, a code)
with the PO flag Weblate reads for it, `#, ignore-same`, and says why in a translator comment;
the older comment alone, `# same-as-source: <why>`, is still read (see README.md,
"Translating")."""

from __future__ import annotations

import html
import re
import unicodedata

from vertebro_print.i18n.checks.markup import PERCENT
from vertebro_print.i18n.checks.subject import IGNORE_SAME

TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
NUMBER = re.compile(r"\d+")
# A run of this many words that all occur in the English templates, with at least
# GRAMMAR_WORDS of them English grammar words, is an English sentence. (Names such as
# "aspirin" occur in both languages, and "at" is also Tagalog for "and".)
ENGLISH_RUN = 4
GRAMMAR_WORDS = 2
ENGLISH_GRAMMAR = frozenset(
    "a an the to of in on at for with by from and or but if not no do does is are was be "  # noqa: SIM905
    "you your it this that these those will can may must should what when how who".split()
)
# Source sentences shorter than this many words are not looked for inside translations.
SENTENCE_WORDS = 3


def visible(text: str) -> str:
    """The text a reader sees: without tags and placeholders, entities decoded, spaces
    collapsed."""
    return " ".join(html.unescape(PERCENT.sub(" ", TAG.sub(" ", text))).split())


def is_blank(text: str) -> bool:
    """Nothing but spaces, markup or placeholders: it prints as an empty line."""
    return not any(unicodedata.category(c)[0] in "LN" for c in visible(text))


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def english_vocabulary(sources: list[str]) -> frozenset[str]:
    """Every word of the English source strings."""
    return frozenset(w for s in sources for w in _words(visible(s)))


def english_problem(ids: tuple[str, ...], translation: str, vocabulary: frozenset[str]) -> str:
    """Why the translation is (or holds) English left untranslated, or ""."""
    seen = visible(translation)
    if any(seen.casefold() == visible(i).casefold() for i in ids):
        return (
            "is the same as the English; translate it, or, if it must stay the same, mark it "
            f"with the flag '#, {IGNORE_SAME}' and a translator comment saying why"
        )
    folded = " ".join(_words(seen))
    for source in ids:
        for sentence in re.split(r"(?<=[.!?:])\s+", visible(source)):
            words = _words(sentence)
            if len(words) >= SENTENCE_WORDS and f" {' '.join(words)} " in f" {folded} ":
                return f"holds the English sentence {sentence!r} untranslated"
    return english_run(seen, vocabulary, ENGLISH_RUN, GRAMMAR_WORDS)


def english_run(seen: str, vocabulary: frozenset[str], length: int, grammar: int) -> str:
    """Why the text holds a run of `length` English words (words of the English templates),
    `grammar` of them English grammar words, or ""."""
    run: list[str] = []
    for word in WORD.findall(seen):
        run = [*run, word] if word.lower() in vocabulary else []
        if len(run) >= length and sum(w.lower() in ENGLISH_GRAMMAR for w in run) >= grammar:
            return f"holds untranslated English words ({' '.join(run)!r}...)"
    return ""


# A safety-critical string is held to a shorter run: "No maneje until your surgeon says OK."
CRITICAL_RUN = 3
CRITICAL_GRAMMAR = 1


def critical_english_problem(translation: str, vocabulary: frozenset[str]) -> str:
    """Why a safety-critical translation holds a run of English, or ""."""
    return english_run(visible(translation), vocabulary, CRITICAL_RUN, CRITICAL_GRAMMAR)


def _numbers(text: str) -> list[str]:
    # \d and int() take any script's decimal digits: ٦ and ६ are 6 in Arabic and Hindi text.
    return [str(int(n)) for n in NUMBER.findall(visible(text))]


def number_problem(ids: tuple[str, ...], translation: str) -> str:
    """A number of the source missing from the translation, or ""."""
    want = {n for i in ids for n in _numbers(i)}
    if lost := sorted(want - set(_numbers(translation)), key=int):
        return f"drops the number {', '.join(lost)} of the source"
    return ""


def added_numbers(ids: tuple[str, ...], translation: str) -> str:
    """Numbers the translation adds (a warning: Japanese writes "two kinds" as 2種類), or ""."""
    extra = sorted(set(_numbers(translation)) - {n for i in ids for n in _numbers(i)}, key=int)
    if extra:
        return f"adds the number {', '.join(extra)}; a reviewer should confirm it is right"
    return ""
