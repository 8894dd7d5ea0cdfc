"""The glossary's English is seeded from the handouts' term list (handouts/terms.toml):
`i18n extract` writes it, keeping every translator's words, and `i18n update --check` fails
while it is stale. A concept no term names is refused, not deleted."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from tests.conftest import ROOT
from vertebro_print.cli import main
from vertebro_print.i18n.checks.glossary import load_glossary

RESOURCES = ROOT / "tests" / "resources" / "glossary"


def cli(*args):
    return CliRunner().invoke(main, list(args))


def copies(tmp_path):
    handouts = tmp_path / "handouts"
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "handouts", handouts)
    shutil.copytree(ROOT / "locales", locales)
    return handouts, locales


def options(handouts, locales) -> list[str]:
    return ["--handouts-dir", str(handouts), "--locales-dir", str(locales)]


def test_the_shipped_glossary_is_seeded_from_the_term_list():
    glossary = {c.id: c for c in load_glossary(ROOT / "locales")}
    assert glossary["care-team"].english == ("care team", "care teams")
    assert glossary["needle-spot"].english == ("where the needle went in",)
    assert "heavy-lifting" in glossary  # listed in terms.toml, not yet translated
    assert cli("i18n", "update", "--check").exit_code == 0


def test_a_new_term_reaches_the_glossary_and_translations_stay(tmp_path):
    handouts, locales = copies(tmp_path)
    with (handouts / "terms.toml").open("a", encoding="utf-8") as terms:
        terms.write(
            '\n[[term]]\nterm = "ice pack"\nforms = ["ice packs"]\n'
            'meaning = "A cold pack put on the sore spot."\nnot = ["cold compress"]\n'
        )
    # The care team's meaning reworded: the definition follows, the translations stay.
    text = (handouts / "terms.toml").read_text(encoding="utf-8")
    text = text.replace("The doctors, nurses and staff", "The doctors, nurses and other staff")
    (handouts / "terms.toml").write_text(text, encoding="utf-8")
    before = {c.id: c.terms for c in load_glossary(locales)}

    stale = cli("i18n", "update", "--check", *options(handouts, locales))
    assert stale.exit_code == 1 and "glossary.tbx: out of date" in stale.output
    extract = cli("i18n", "extract", *options(handouts, locales))
    assert extract.exit_code == 0 and "glossary.tbx: updated" in extract.output

    after = {c.id: c for c in load_glossary(locales)}
    assert after["ice-pack"].english == ("ice pack", "ice packs") and after["ice-pack"].terms == {}
    assert {i: c.terms for i, c in after.items() if i != "ice-pack"} == before
    entry = ET.parse(locales / "glossary.tbx").getroot().find(".//termEntry[@id='care-team']")
    assert entry.find("descrip").text.startswith("The doctors, nurses and other staff")
    again = cli("i18n", "extract", *options(handouts, locales))
    assert "glossary.tbx: already current" in again.output
    assert cli("i18n", "update", "--check", *options(handouts, locales)).exit_code == 0


def test_a_concept_no_term_names_is_refused_not_deleted(tmp_path):
    handouts, locales = copies(tmp_path)
    shutil.copy(RESOURCES / "orphan-concept.tbx", locales / "glossary.tbx")
    before = (locales / "glossary.tbx").read_bytes()
    result = cli("i18n", "extract", *options(handouts, locales))
    assert result.exit_code != 0
    assert "'surgeon'" in result.output and "terms.toml" in result.output
    assert "Traceback" not in result.output
    assert (locales / "glossary.tbx").read_bytes() == before
