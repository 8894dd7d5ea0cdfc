"""Translator checks are declared once: the chain, the README's table and the catalog cache's
key all come from the declarations, and a check reads nothing it has not declared."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from vertebro_print.i18n import checks
from vertebro_print.i18n.catalogs import cache_key
from vertebro_print.i18n.checks import CHECKS, STAGES, Subject, checks_markdown, strings
from vertebro_print.i18n.checks.content import english_vocabulary
from vertebro_print.i18n.checks.subject import SOURCE_FIELDS
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.sources import SourceMessage
from vertebro_print.project import Project
from vertebro_print.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SUBJECT_FIELDS = {f.name for f in dataclasses.fields(Subject)}


def test_readme_lists_every_check_from_the_declarations():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert checks_markdown() in readme, "README's check table is stale: paste checks_markdown()"
    for check in CHECKS:
        assert f"| `{check.name}` |" in readme


def test_declarations_are_well_formed():
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names)), "two checks share a name"
    for check in CHECKS:
        assert check.stages and set(check.stages) <= set(STAGES), check.name
        assert set(check.reads) <= SUBJECT_FIELDS, check.name
        assert (check.state == checks.OK) == (check.severity == checks.WARNING), check.name
        assert check.refuses.strip(), check.name


class _Recording(Subject):
    """A Subject that notes every field a check reads."""

    def __getattribute__(self, name):
        if name in SUBJECT_FIELDS:
            object.__getattribute__(self, "_seen").add(name)
        return object.__getattribute__(self, name)


def _subjects():
    """Every shipped message of three catalogs as each stage sees it."""
    project = Project(Settings())
    sources = project.source_messages()
    vocabulary = english_vocabulary([i for m in sources.values() for i in _ids(m.id)])
    for code in ("es", "hi", "zh_Hans", "ar"):
        catalog = project.catalog(code)
        for key, source in sources.items():
            message = catalog.catalog.get(key)
            texts = strings(message) if message is not None else ()
            for text in texts or ("",):
                yield Subject(
                    language(code),
                    _ids(source.id),
                    text=text,
                    texts=texts,
                    comments=tuple(message.user_comments) if message else (),
                    fuzzy=bool(message and message.fuzzy),
                    plural=isinstance(source.id, tuple),
                    counts=source.counts,
                    rule=catalog.plural_rule,
                    vocabulary=vocabulary,
                    safety_critical=source.safety_critical,
                )


def _ids(msgid):
    return msgid if isinstance(msgid, tuple) else (msgid,)


def test_every_check_reads_only_what_it_declares():
    """The catalog cache and the per-form cache are keyed by the declared reads: a check
    that read more would be served answers computed without its input."""
    subjects = list(_subjects())
    assert len(subjects) > 500
    for check in CHECKS:
        seen: set[str] = set()
        for subject in subjects:
            recording = _Recording(**{f: getattr(subject, f) for f in SUBJECT_FIELDS})
            object.__setattr__(recording, "_seen", set())
            check.function(recording)
            seen |= object.__getattribute__(recording, "_seen")
        assert seen <= set(check.reads), f"{check.name} reads {seen - set(check.reads)}"


def test_cache_key_changes_with_every_source_input_a_check_reads():
    source = SourceMessage(("%(n)s week", "%(n)s weeks"), ("SAFETY-CRITICAL.",), (), (6,))
    changed = {
        "id": ("%(n)s day", "%(n)s days"),
        "counts": (2,),
        "comments": (),  # the safety mark
        "count_names": ("n",),
    }
    read = {SOURCE_FIELDS[f] for c in CHECKS for f in c.reads if f in SOURCE_FIELDS}
    assert read, "no check reads the source: the key would not need it"
    key = cache_key("es", b"", {"k": source})
    for attribute in read:
        field = "comments" if attribute == "safety_critical" else attribute
        other = dataclasses.replace(source, **{field: changed[field]})
        assert getattr(other, attribute) != getattr(source, attribute)
        assert cache_key("es", b"", {"k": other}) != key, attribute


def test_a_new_input_of_a_declared_check_reaches_the_cache_key(monkeypatch):
    """Declaring a read of the source's counts is all it takes for the key to include them."""
    source = SourceMessage("Rest.", (), (), (6,))
    other = dataclasses.replace(source, counts=(7,))
    without = [c for c in CHECKS if "counts" not in c.reads]
    monkeypatch.setattr(checks, "CHECKS", tuple(without))
    assert cache_key("es", b"", {"k": source}) == cache_key("es", b"", {"k": other})
    monkeypatch.setattr(checks, "CHECKS", CHECKS)
    assert cache_key("es", b"", {"k": source}) != cache_key("es", b"", {"k": other})


def test_the_first_declared_check_that_fails_is_the_finding(monkeypatch):
    from babel.messages.catalog import Message

    from vertebro_print.i18n.plurals import read_rule

    rule = read_rule('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', None)
    source = "Rest for 2 days."
    # Both markup and numbers fail; markup is declared first.
    message = Message(source, "<b>Descanse dos días.</b>")
    found = checks.check_message(language("es"), source, (), message, rule, frozenset())
    assert found.check == "markup"
    reordered = tuple(sorted(CHECKS, key=lambda c: c.name != "numbers"))
    monkeypatch.setattr(checks, "CHECKS", reordered)
    checks._cached.cache_clear()
    found = checks.check_message(language("es"), source, (), message, rule, frozenset())
    assert found.check == "numbers"
    checks._cached.cache_clear()
