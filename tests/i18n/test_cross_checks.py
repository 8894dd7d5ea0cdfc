"""Outside cross-checks of the shipped catalogs, by tools that share no code with ours:
GNU msgfmt --check, and translate-toolkit's pofilter with the tests that fit these catalogs.
Every pofilter hit is fixed or listed, with its reason, in tests/resources/pofilter-allow.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import RESOURCES, ROOT
from tests.i18n.test_catalogs import edit_catalog, load
from vertebro_print.i18n.catalogs import po_path
from vertebro_print.i18n.folder import LocaleFolder

LOCALES = ROOT / "locales"
POFILTER = Path(sys.executable).parent / "pofilter"
POFILTER_TESTS = ("printf", "xmltags", "blank", "untranslated", "numbers", "unchanged")
ALLOW = RESOURCES / "pofilter-allow.toml"


def pofilter_hits(locales: Path, code: str, tmp_path: Path) -> set[tuple[str, str, str]]:
    """(locale, test, msgid) for each hit pofilter reports on one catalog."""
    out = tmp_path / f"{code}-hits.po"
    tests = [arg for name in POFILTER_TESTS for arg in ("-t", name)]
    subprocess.run(
        [str(POFILTER), "--progress=none", *tests, str(po_path(locales, code)), str(out)],
        check=True,
        capture_output=True,
    )
    if not out.exists():  # pofilter writes nothing when nothing fails
        return set()
    hits = set()
    for message in load(out):
        for comment in message.user_comments:
            if comment.startswith("(pofilter) "):
                test = comment.removeprefix("(pofilter) ").split(":", 1)[0]
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                hits.add((code, test, key))
    return hits


@pytest.mark.parametrize("code", LocaleFolder(LOCALES).patient_codes())
def test_msgfmt_check_accepts_every_shipped_catalog(code, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "messages.mo"), str(po_path(LOCALES, code))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_pofilter_hits_on_shipped_catalogs_are_all_allowed(tmp_path):
    allowed = tomllib.loads(ALLOW.read_text(encoding="utf-8"))["allow"]
    assert all(entry["reason"].strip() for entry in allowed)
    listed = {(e["locale"], e["test"], e["msgid"]) for e in allowed}
    hits = set().union(
        *(pofilter_hits(LOCALES, code, tmp_path) for code in LocaleFolder(LOCALES).patient_codes())
    )
    assert hits - listed == set(), "fix these, or list them with a reason in " + ALLOW.name
    assert listed - hits == set(), "no longer hit: remove them from " + ALLOW.name


def test_the_cross_checks_see_a_broken_catalog(locales_copy, tmp_path):
    """The outside tools are really looking: a broken copy gives them hits."""
    fever = "A fever. This can be a sign of infection."
    phone = "Call your doctor or care team right away at %(phone)s."
    lifting = "First %(hours)s hour"

    def damage(catalog):
        catalog[fever].string = fever
        catalog[phone].string = "Llame a su médico al %(phone)"
        catalog["Blood clots."].string = "Coágulos <b>de sangre"
        catalog[lifting].string = tuple("No levante peso" for _ in catalog[lifting].string)

    edit_catalog(locales_copy, "es", damage)
    hits = {(test, key) for _, test, key in pofilter_hits(locales_copy, "es", tmp_path)}
    assert {("unchanged", fever), ("printf", phone), ("xmltags", "Blood clots.")} <= hits
    msgfmt = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_path(locales_copy, "es"))],
        capture_output=True,
        text=True,
    )
    assert msgfmt.returncode != 0 and "format" in msgfmt.stderr
