"""Catalog safety: broken catalogs disable their locale alone, with file and line; hostile
translations are refused; safety-critical strings gate printing; nothing falls back to
English; proofs render incomplete catalogs with highlights."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from tests.conftest import RESOURCES
from tests.pdfs import page_texts
from tests.plans import html_of
from vertebro_print.cli import main
from vertebro_print.errors import LocaleNotReady
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

FIXTURES = RESOURCES / "catalogs"
COMPLETE = "es"  # a shipped, complete catalog the tests copy and damage


def po(locales, code):
    return locales / code / "LC_MESSAGES" / "messages.po"


def load(path):
    with path.open("rb") as handle:
        return read_po(handle)


def edit_catalog(locales, code, change):
    path = po(locales, code)
    catalog = load(path)
    change(catalog)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    path.write_bytes(buffer.getvalue())


def install(locales, fixture, code):
    po(locales, code).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / fixture, po(locales, code))


def cli(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    "fixture, code, where, reason",
    [
        ("syntax-error.po", "es", "messages.po:12", "syntax error"),
        ("bad-encoding.po", "es", "messages.po:14", "not valid UTF-8"),
        ("plural-out-of-range.po", "ru", "messages.po:8", "gives form 2 for n=101"),
        ("plural-unparsable.po", "ru", "messages.po:8", "plural formula"),
        ("plural-missing.po", "ru", "messages.po", "no Plural-Forms line"),
        ("plural-zero-forms.po", "ru", "messages.po:8", "nplurals of 1 or more"),
    ],
)
def test_broken_catalog_disables_only_its_locale(locales_copy, fixture, code, where, reason):
    install(locales_copy, fixture, code)
    project = Project(Settings(locales_dir=locales_copy))
    info = project.locale_info(code)
    assert info.state == "broken" and reason in info.error and where in info.error
    result = cli("i18n", "check", code, "--locales-dir", str(locales_copy))
    assert result.exit_code == 1
    assert where in result.output and reason in result.output
    rendered = cli("render", "about", "--lang", code, "--locales-dir", str(locales_copy), "-o", "-")
    assert rendered.exit_code == 2 and reason in rendered.stderr
    for other in {"fr", "en"} - {code}:
        assert render(RenderRequest("about", other), project).pages >= 1


def test_hostile_translations_are_refused(locales_copy):
    hostile = load(FIXTURES / "hostile-entries.po")

    def overlay(catalog):
        for message in hostile:
            if message.id:
                catalog[message.id].string = message.string

    edit_catalog(locales_copy, COMPLETE, overlay)
    project = Project(Settings(locales_dir=locales_copy))
    problems = project.catalog(COMPLETE).problems
    broken = {p.msgid: p.message for p in problems if p.code == "broken"}
    assert len(broken) == 4, problems
    assert "markup differs" in broken["Blood clots."]
    assert (
        "unknown placeholder %(secret)s"
        in broken["Call your doctor or care team right away at %(phone)s."]
    )
    with pytest.raises(LocaleNotReady) as error:
        render(RenderRequest("aftercare", COMPLETE), project)
    assert any(p.safety_critical for p in error.value.problems)
    html = html_of(RenderRequest("packet", COMPLETE, proof=True), project)
    assert "/etc/passwd" not in html and "<script>" not in html


def test_fuzzy_safety_string_blocks_every_handout(locales_copy):
    def make_fuzzy(catalog):
        catalog["Pain that gets worse, or does not get better."].flags.add("fuzzy")

    edit_catalog(locales_copy, COMPLETE, make_fuzzy)
    project = Project(Settings(locales_dir=locales_copy))
    for handout in ("about", "aftercare"):
        with pytest.raises(LocaleNotReady, match="safety-critical") as error:
            render(RenderRequest(handout, COMPLETE), project)
        assert [p.code for p in error.value.problems] == ["fuzzy"]
    result = cli(
        "render", "about", "--lang", COMPLETE, "--locales-dir", str(locales_copy), "-o", "-"
    )
    assert result.exit_code == 2
    assert "[safety-critical]" in result.stderr and "Pain that gets worse" in result.stderr


def test_missing_string_blocks_only_its_handout_never_falls_back(locales_copy):
    edit_catalog(locales_copy, COMPLETE, lambda c: c.delete("Wear comfortable clothes."))
    project = Project(Settings(locales_dir=locales_copy))
    with pytest.raises(LocaleNotReady, match="cannot print prepare"):
        render(RenderRequest("prepare", COMPLETE), project)
    with pytest.raises(LocaleNotReady):
        render(RenderRequest("packet", COMPLETE), project)
    assert render(RenderRequest("aftercare", COMPLETE), project).pages >= 1


def test_proof_renders_incomplete_catalog_with_highlights(locales_copy, tmp_path):
    edit_catalog(locales_copy, COMPLETE, lambda c: c.delete("Wear comfortable clothes."))
    smoking = "Try to stop smoking. Smoking slows healing and makes bones weaker."
    edit_catalog(locales_copy, COMPLETE, lambda c: c[smoking].flags.add("fuzzy"))
    out = tmp_path / "proof.pdf"
    result = cli(
        "i18n", "proof", COMPLETE, "prepare", "--locales-dir", str(locales_copy), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(page_texts(out.read_bytes())).split())
    assert "Wear comfortable clothes." in text and "new missing" in text
    assert "fuzzy" in text and "po:" in text


def test_update_makes_changed_strings_fuzzy(locales_copy, tmp_path):
    handouts = tmp_path / "handouts"
    shutil.copytree(Project(Settings()).handouts_dir, handouts)
    part = handouts / "parts" / "prepare.html.j2"
    part.write_text(
        part.read_text().replace("Wear comfortable clothes.", "Wear loose, comfortable clothes.")
    )
    args = ["--locales-dir", str(locales_copy), "--handouts-dir", str(handouts)]
    assert cli("i18n", "update", "--check", *args).exit_code == 1
    assert cli("i18n", "extract", *args).exit_code == 0
    assert cli("i18n", "update", COMPLETE, *args).exit_code == 0
    catalog = load(po(locales_copy, COMPLETE))
    assert "fuzzy" in catalog["Wear loose, comfortable clothes."].flags
    project = Project(Settings(locales_dir=locales_copy, handouts_dir=handouts))
    with pytest.raises(LocaleNotReady):
        render(RenderRequest("prepare", COMPLETE), project)


def test_init_starts_a_standard_catalog(locales_copy):
    shutil.rmtree(locales_copy / "de", ignore_errors=True)  # a translator may have started one
    result = cli(
        "i18n", "init", "de", "--translator", "Jonas Weber <jw@example.org>",
        "--locales-dir", str(locales_copy),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = po(locales_copy, "de").read_text()
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text
    assert "DRAFT" in text and '#, fuzzy\nmsgid ""' not in text
    assert 'msgid "DATE_FORMAT"\nmsgstr "CLDR"' in text  # dates and times start as CLDR's
    # A real revision date (msgfmt warns about the template's) and the translator's name.
    assert "YEAR-MO-DA" not in text and f"PO-Revision-Date: {dt.date.today():%Y-%m-%d}" in text
    assert "Last-Translator: Jonas Weber <jw@example.org>" in text
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po(locales_copy, "de"))],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and "warning" not in checked.stderr, checked.stderr
    review = (locales_copy / "de" / "review.toml").read_text()
    assert 'status = "draft"' in review and "in_progress = true" in review
    assert "[[approved]] entry is one string" in review  # the per-string form, not the old one
    assert "source_fingerprint" not in review
    # The four date and time settings start as CLDR: nothing is translated yet.
    stats = json.loads(cli("i18n", "stats", "--json", "--locales-dir", str(locales_copy)).output)
    assert next(r for r in stats["locales"] if r["code"] == "de")["translated"] == 0
    assert cli("i18n", "init", "de", "--locales-dir", str(locales_copy)).exit_code == 2


def test_init_names_git_user_or_asks(locales_copy, tmp_path, monkeypatch):
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Olena Koval\n\temail = ok@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)  # not inside a repository with its own user
    for code in ("uk", "bn"):  # a translator may have started one in the checkout
        shutil.rmtree(locales_copy / code, ignore_errors=True)
    assert cli("i18n", "init", "uk", "--locales-dir", str(locales_copy)).exit_code == 0
    assert "Last-Translator: Olena Koval <ok@example.org>" in po(locales_copy, "uk").read_text()
    config.write_text("")
    result = cli("i18n", "init", "bn", "--locales-dir", str(locales_copy))
    assert result.exit_code == 2 and "--translator" in result.output
    assert not (locales_copy / "bn").exists()


def test_reviewed_locale_becomes_outdated(locales_copy):
    project = Project(Settings(locales_dir=locales_copy))
    (locales_copy / COMPLETE / "review.toml").write_text(
        'status = "reviewed"\nreviewer = "A. Reviewer, CHI"\ndate = 2026-11-01\n'
        f'source_fingerprint = "{project.fingerprint()}"\n'
    )
    assert Project(Settings(locales_dir=locales_copy)).locale_info(COMPLETE).state == "reviewed"
    (locales_copy / COMPLETE / "review.toml").write_text(
        'status = "reviewed"\nreviewer = "A. Reviewer, CHI"\ndate = 2026-11-01\n'
        'source_fingerprint = "000000000000"\n'
    )
    fresh = Project(Settings(locales_dir=locales_copy))
    assert fresh.locale_info(COMPLETE).state == "outdated"
    first = " ".join(page_texts(render(RenderRequest("about", COMPLETE), fresh).pdf)[0].split())
    assert "Translation may be out of date." in first


def test_check_and_stats_json(locales_copy):
    import json

    result = cli("i18n", "stats", "--json", "--locales-dir", str(locales_copy))
    data = json.loads(result.output)
    es = next(r for r in data["locales"] if r["code"] == COMPLETE)
    assert es["percent"] == 100 and es["safety_complete"] and es["review"] == "draft"
    result = cli("i18n", "check", "--json", "--locales-dir", str(locales_copy))
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [p for p in found if p["severity"] == "error"] == []
    # A language in progress (one a translator started here) is one warning, never an error.
    allowed = {"plural-header", "plural-review", "numbers-added", "in-progress"}
    assert {p["code"] for p in found} <= allowed
