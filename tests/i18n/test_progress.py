"""A language in progress breaks nothing (issue 23): `i18n init` marks it in progress; a
half-translated catalog is listed for translators (stats, check, proof, review sheet) but not
offered to patients (list, the web page's listing, build), and fails nothing until `i18n
ready` offers it, which it refuses while any gate fails. A shipped language that regresses
still fails loudly: the state is written, never guessed from gaps."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.i18n.test_catalogs import edit_catalog, load, po
from tests.plans import html_of
from vertebro_print.build import run as builder
from vertebro_print.cli import main
from vertebro_print.errors import UsageError
from vertebro_print.listing import listing
from vertebro_print.plan import resolve
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest, build_request
from vertebro_print.settings import Settings
from vertebro_print.translators.readiness import in_progress_note

# Portuguese (Portugal's CLDR base), started here; Brazil's drafts stand in for its words: a
# donor in another language would be refused by the language check, as it should.
NEW = "pt"
DONOR = "pt_BR"


def cli(*args):
    return CliRunner().invoke(main, list(args))


def fill(locales, share: float) -> None:
    """Copy the donor's translation into the first `share` of the new catalog's messages."""
    donor = load(po(locales, DONOR))

    def change(catalog):
        wanted = [m for m in catalog if m.id][: int(share * sum(1 for m in catalog if m.id))]
        for message in wanted:
            message.string = donor[message.id].string
            message.user_comments = list(donor[message.id].user_comments)
            message.flags |= donor[message.id].flags

    edit_catalog(locales, NEW, change)


@pytest.fixture
def locales(tmp_path):
    """es and the donor from the shipped catalogs, and a half-translated new language started
    with init."""
    folder = tmp_path / "locales"
    for code in ("es", DONOR):
        shutil.copytree(ROOT / "locales" / code, folder / code)
    shutil.copy(ROOT / "locales" / "messages.pot", folder / "messages.pot")
    started = cli("i18n", "init", NEW, "--translator", "T. Ranslator", "--locales-dir", str(folder))
    assert started.exit_code == 0, started.output
    fill(folder, 0.5)
    return folder


def test_half_done_language_is_listed_for_translators_only(locales, fake_renders, tmp_path):
    args = ("--locales-dir", str(locales))
    # Translators see it: stats (JSON in its usual shape), check by name, proof.
    stats = json.loads(cli("i18n", "stats", "--json", *args).output)
    new = next(r for r in stats["locales"] if r["code"] == NEW)
    assert 0 < new["translated"] < new["total"] and set(new) == set(stats["locales"][0])
    assert "in progress" in cli("i18n", "stats", *args).output
    assert cli("i18n", "check", NEW, *args).exit_code == 1  # asked by name: every error
    every = cli("i18n", "check", "--json", *args)
    assert every.exit_code == 0, every.output  # over every locale: it fails nothing
    (mine,) = [p for p in json.loads(every.output) if f"/{NEW}/" in p["path"]]
    assert mine["severity"] == "warning" and mine["code"] == "in-progress"
    assert "not offered to patients" in mine["message"] and f"i18n check {NEW}" in mine["message"]
    project = Project(Settings(locales_dir=locales))
    proof = build_request({"handout": "prepare", "lang": NEW}, project, proof=True)
    assert "proof-missing" in html_of(proof, project)
    sheet = cli("i18n", "review", NEW, "aftercare", "-o", str(tmp_path / "s.pdf"), *args)
    assert sheet.exit_code == 0, sheet.output
    # Patients never see it: list (the web page's listing), render, build.
    assert NEW not in [entry["code"] for entry in listing(project)["languages"]]
    listed = json.loads(cli("list", "--json", *args).output)["languages"]
    assert NEW not in [e["code"] for e in listed]
    with pytest.raises(UsageError, match="in progress"):
        resolve(RenderRequest("aftercare", NEW), project)
    result = builder.build(project, tmp_path / "out", handouts=("aftercare",), jobs=0)
    assert result.exit_code == 0 and NEW not in {r.lang for r in fake_renders}
    assert {r.lang for r in fake_renders} == {"en", "es", DONOR}
    # The build's summary names it, as not built on purpose (cli.py prints this line).
    assert f"in progress, not offered to patients: {NEW} " in in_progress_note(project)


def test_ready_only_once_every_gate_passes(locales, fake_renders, tmp_path):
    args = ("--locales-dir", str(locales))
    refused = cli("i18n", "ready", NEW, *args)
    assert refused.exit_code == 2 and "not ready for patients" in refused.output
    assert "in_progress = true" in (locales / NEW / "review.toml").read_text()
    fill(locales, 1.0)
    offered = cli("i18n", "ready", NEW, *args)
    assert offered.exit_code == 0, offered.output
    assert "in_progress" not in (locales / NEW / "review.toml").read_text()
    project = Project(Settings(locales_dir=locales))
    assert NEW in [entry["code"] for entry in listing(project)["languages"]]
    result = builder.build(project, tmp_path / "out", handouts=("aftercare",), jobs=0)
    assert result.exit_code == 0 and NEW in {r.lang for r in fake_renders}
    assert cli("i18n", "ready", NEW, *args).exit_code == 2  # already offered


def test_a_shipped_language_that_regresses_still_fails(locales, fake_renders, tmp_path):
    edit_catalog(locales, "es", lambda c: setattr(c["noon"], "string", ""))
    assert cli("i18n", "check", "--locales-dir", str(locales)).exit_code == 1
    project = Project(Settings(locales_dir=locales))
    result = builder.build(project, tmp_path / "out", handouts=("aftercare",), jobs=0)
    assert result.exit_code == builder.EXIT_SKIPPED
    assert [s.locale for s in result.skipped] == ["es"]


def test_proof_of_a_half_done_language_shows_every_fasting_line(locales, tmp_path):
    """The fasting, midnight and noon strings print only with an appointment: the proof's
    variants show each in context, translated or highlighted with its catalog line."""
    import re
    import subprocess

    out = tmp_path / "proof.pdf"
    args = ["--locales-dir", str(locales), "-o", str(out)]
    result = cli("i18n", "proof", NEW, "packet", "--date", "2099-01-01", *args)
    assert result.exit_code == 2 and "--date" in result.output  # checked like render's
    given = ["--arrive", "07:00", "--fast-from", "23:30", "--clinic-name", "Klinika Nadiya"]
    result = cli("i18n", "proof", NEW, "packet", *given, *args)  # variants by default
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    labelled = {int(n) for n in re.findall(r"po:\s*(\d+)", text.replace("\n", ""))}
    catalog = load(po(locales, NEW))
    project = Project(Settings(locales_dir=locales))
    appointment = [
        k
        for k, m in project.source_messages(project.handout("prepare")).items()
        if any(t == "_appointment.html.j2" for t, _ in m.locations)
    ]
    assert len(appointment) >= 10  # the box's labels, midnight, noon, the five fasting lines
    missing = [k for k in appointment if catalog[k].lineno not in labelled]
    assert missing == []
    assert "Klinika Nadiya" in text
    # --as-given: the packet as asked only; "noon" (an arrival at 12:00) is a variant's.
    given_only = tmp_path / "as-given.pdf"
    options = [*given, "--as-given", *args[:2], "-o", str(given_only)]
    assert cli("i18n", "proof", NEW, "packet", *options).exit_code == 0
    text = subprocess.run(["pdftotext", str(given_only), "-"], capture_output=True, text=True)
    alone = {int(n) for n in re.findall(r"po:\s*(\d+)", text.stdout.replace("\n", ""))}
    assert catalog["noon"].lineno in labelled and catalog["noon"].lineno not in alone


def test_the_folder_is_looked_at_again_once_recheck_has_passed(locales):
    """Which locales there are and which are in progress: looked up on every question by
    default (a catalog added counts at once); with `recheck` (the web server's), what was seen
    stays good that long, and a change shows after it."""
    now = [100.0]
    eager, lazy = Project(Settings(locales_dir=locales)), Project(Settings(locales_dir=locales))
    lazy.locales.recheck, lazy.locales.clock = 1.0, lambda: now[0]
    assert NEW not in eager.locale_codes() and NEW not in lazy.locale_codes()
    review = locales / NEW / "review.toml"
    review.write_text(review.read_text().replace("in_progress = true", ""))
    shutil.copytree(locales / "es", locales / "zz")
    assert {NEW, "zz"} <= set(eager.locale_codes())
    assert NEW not in lazy.locale_codes() and "zz" not in lazy.locales.codes()
    now[0] += 1.0
    assert {NEW, "zz"} <= set(lazy.locale_codes())
