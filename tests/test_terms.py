"""One word for one thing: every English string of every handout follows the term list
(handouts/terms.toml), and the list is data that loads with clear errors."""

from __future__ import annotations

import re
import shutil

import pytest

from vertebro_print.i18n.checks.content import visible
from vertebro_print.terms import TERMS_FILE, TermsError, load_terms


def english_strings(project) -> list[str]:
    return [
        visible(i)
        for message in project.source_messages().values()
        for i in (message.id if isinstance(message.id, tuple) else (message.id,))
    ]


def test_every_handout_string_uses_the_listed_terms(project):
    terms = load_terms(project.handouts_dir)
    found = [
        f"{used!r} instead of {term.term!r}: {text[:70]!r}"
        for text in english_strings(project)
        for term in terms
        for used in term.used_instead(text)
    ]
    assert found == []


def test_every_listed_term_is_used(project):
    # Placeholders as the numbers they print: "%(days)s days" is "2 days".
    text = " ".join(english_strings(project))
    text += " " + " ".join(
        re.sub(r"%\((\w+)\)s", str(count), i)
        for message in project.source_messages().values()
        if isinstance(message.id, tuple)
        for count in message.counts
        for i in message.id
    )
    unused = [
        t.term for t in load_terms(project.handouts_dir) if t.term.lower() not in text.lower()
    ]
    assert unused == [], "a term the handouts no longer use: remove it or use it"


def test_a_variant_is_found_in_any_case_as_a_whole_word(project):
    (doctor,) = [t for t in load_terms(project.handouts_dir) if t.term == "doctor"]
    assert doctor.used_instead("Tell your Surgeon.") == ["surgeon"]
    assert doctor.used_instead("Tell your surgeons") == []  # another word


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[term]]\nterm = 'x'\nmeaning = 'y'\n", "has no not"),
        ("[[term]]\nterm = 'x'\nmeaning = 'y'\nnot = []\nsee = 'z'\n", "unknown key 'see'"),
        ("[[term]]\nterm = 'x'\nmeaning = 'y'\nnot = ['']\n", "must be non-empty"),
        ("[[term]]\nterm = 'x'\nmeaning = 'y'\nnot = 'z'\n", "not must be a list"),
        (
            "[[term]]\nterm = 'x'\nmeaning = 'y'\nnot = []\n" * 2,
            "'x' is listed twice",
        ),
        ("term = [", "not valid TOML"),
        ("", "lists no [[term]]"),
    ],
)
def test_a_broken_term_list_says_what_to_fix(tmp_path, content, message):
    (tmp_path / TERMS_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(TermsError, match=re.escape(message)):
        load_terms(tmp_path)


def test_a_missing_term_list_is_named(tmp_path, project):
    shutil.copytree(project.handouts_dir, tmp_path / "handouts")
    (tmp_path / "handouts" / TERMS_FILE).unlink()
    with pytest.raises(TermsError, match="cannot read the term list"):
        load_terms(tmp_path / "handouts")
