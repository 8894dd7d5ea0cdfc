"""Plural rules: the catalog's own Plural-Forms header decides, as in gettext. Babel's table
of suggested headers (which changes between releases) never refuses a catalog or changes a
printed word; the forms printed at the templates' counts are checked against CLDR."""

from __future__ import annotations

import json
import re

import babel.messages.plurals
import pytest
from click.testing import CliRunner

from tests.pdfs import page_texts
from vertebro_print.cli import main
from vertebro_print.errors import LocaleNotReady
from vertebro_print.i18n import catalogs
from vertebro_print.i18n.sources import messages_of
from vertebro_print.lru import LRU
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

HEADER = re.compile(r'"Plural-Forms:.*?\\n"\n', re.DOTALL)
FIRST_HOURS = "First %(hours)s hour"  # a heading in aftercare, printed for 24


def set_plural_header(locales, code, forms: str) -> None:
    path = locales / code / "LC_MESSAGES" / "messages.po"
    text, count = HEADER.subn(f'"Plural-Forms: {forms}\\\\n"\n', path.read_text(), count=1)
    assert count == 1
    path.write_text(text)


def check(locales, *codes):
    result = CliRunner().invoke(
        main, ["i18n", "check", "--json", *codes, "--locales-dir", str(locales)]
    )
    return result.exit_code, json.loads(result.output)


def errors_and_states(project, code):
    catalog = project.catalog(code)
    return ([str(p) for p in catalog.problems if p.is_error], dict(catalog.states))


def test_babels_table_of_the_day_changes_nothing(locales_copy, monkeypatch):
    """Loading, checking and rendering give the same result whatever counts Babel suggests."""
    codes = ("es", "ru", "ar", "ja", "fa")
    before = Project(Settings(locales_dir=locales_copy))
    expected = {code: errors_and_states(before, code) for code in codes}
    expected_check = [p for p in check(locales_copy)[1] if p["severity"] == "error"]
    pdfs = {code: render(RenderRequest("aftercare", code), before).pdf for code in ("es", "ar")}

    patched = dict(babel.messages.plurals.PLURALS)
    patched.update(
        {
            "es": (1, "0"),
            "ru": (2, "(n != 1)"),
            "ar": (3, "(n == 1 ? 0 : n == 2 ? 1 : 2)"),
            "ja": (2, "(n > 1)"),
            "fa": (4, "(n % 4)"),
        }
    )
    monkeypatch.setattr(babel.messages.plurals, "PLURALS", patched)
    # The checks read Babel's table: what they found with the real one no longer holds.
    monkeypatch.setattr(catalogs, "_checked", LRU(catalogs.CHECKED_CACHE_SIZE))
    assert babel.messages.plurals.get_plural("es").num_plurals == 1  # the patch took

    after = Project(Settings(locales_dir=locales_copy))
    for code in codes:
        assert errors_and_states(after, code) == expected[code], code
    exit_code, found = check(locales_copy)
    assert exit_code == 0
    assert [p for p in found if p["severity"] == "error"] == expected_check
    assert any(p["code"] == "plural-header" and "es" in p["path"] for p in found)
    for code, pdf in pdfs.items():
        assert render(RenderRequest("aftercare", code), after).pdf == pdf, code


def test_a_header_other_than_cldrs_count_is_a_warning_with_the_printed_words(
    locales_copy, monkeypatch
):
    suggested = (3, "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)")
    monkeypatch.setitem(babel.messages.plurals.PLURALS, "es", suggested)
    monkeypatch.setattr(catalogs, "_checked", LRU(catalogs.CHECKED_CACHE_SIZE))
    # Spanish as Babel 2.18 suggested it: two forms where CLDR 47 has three.
    path = locales_copy / "es" / "LC_MESSAGES" / "messages.po"
    # Obsolete (#~) entries keep their forms too: the catalog must parse with two.
    third_form = r'^(#~ )?msgstr\[2\] (""\n((#~ )?".*"\n)+|".*"\n)'
    text = re.sub(third_form, "", path.read_text(), flags=re.M)
    path.write_text(text)
    set_plural_header(locales_copy, "es", "nplurals=2; plural=(n != 1);")
    exit_code, found = check(locales_copy, "es")
    assert exit_code == 0, found
    first = [p for p in found if p["msgid"] == FIRST_HOURS]
    assert [p["severity"] for p in first] == ["warning"]
    assert "a reviewer should confirm" in first[0]["message"]
    assert "24 prints" in first[0]["message"] and "horas" in first[0]["message"]
    header = [p for p in found if p["code"] == "plural-header"]
    assert header and "nplurals=3" in header[0]["message"]
    project = Project(Settings(locales_dir=locales_copy))
    text = " ".join(
        " ".join(page_texts(render(RenderRequest("aftercare", "es"), project).pdf)).split()
    )
    assert "Primeras 24 horas" in text and "6 semanas" in text


@pytest.mark.parametrize(
    "code, forms, count",
    [
        # Russian with the right number of forms but a wrong rule: "24 часов".
        ("ru", "nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);", 24),
        # Arabic with the form order of Babel's old table (11-99 as form 5, not CLDR's 4).
        (
            "ar",
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
            "n%100>=0 && n%100<=2 ? 4 : 5);",
            24,
        ),
    ],
)
def test_a_wrong_rule_with_cldrs_count_is_refused(locales_copy, code, forms, count):
    set_plural_header(locales_copy, code, forms)
    exit_code, found = check(locales_copy, code)
    assert exit_code == 1
    wrong = [p for p in found if p["severity"] == "error"]
    assert wrong and all(p["code"] == "broken" for p in wrong)
    assert any(f"for {count} the Plural-Forms header picks form" in p["message"] for p in wrong)
    project = Project(Settings(locales_dir=locales_copy))
    with pytest.raises(LocaleNotReady):
        render(RenderRequest("aftercare", code), project)
    result = CliRunner().invoke(
        main, ["render", "aftercare", "--lang", code, "-o", "-", "--locales-dir", str(locales_copy)]
    )
    assert result.exit_code == 2 and "Plural-Forms" in result.stderr


def test_printed_counts_are_read_from_the_templates(tmp_path):
    (tmp_path / "part.html.j2").write_text(
        "{% trans trimmed count=7, days=number(7) %}{{ days }} day{% pluralize %}"
        "{{ days }} days{% endtrans %}\n"
        "{{ ngettext('%(n)s cup', '%(n)s cups', 3) }}\n"
        "{{ ngettext('%(n)s cup', '%(n)s cups', 12) }}\n"
        "{% trans trimmed count=total %}one{% pluralize %}many{% endtrans %}\n"
    )
    found = messages_of(tmp_path, ["part.html.j2"])
    assert found["%(days)s day"].counts == (7,)
    assert found["%(n)s cup"].counts == (3, 12)
    assert found["one"].counts == ()


def test_shipped_catalogs_print_cldrs_form_at_every_printed_count(project):
    for code in project.locale_codes()[1:]:
        catalog = project.catalog(code)
        assert not [p for p in catalog.problems if p.is_error], code
