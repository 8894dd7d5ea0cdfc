"""Translators' tools rewrap catalogs (msgcat, Poedit and Weblate each at their own width):
a rewrap changes no check result and `i18n update` writes the catalog back in the one
canonical form, its PO flags included (issue 23): GNU gettext's tools drop the flags they do
not know (safety-critical, ignore-same), so `update` sets them again from the template and
from the `same-as-source:` comment. GNU gettext comes with `make test`."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from tests.conftest import LOCALE_CODES, ROOT
from vertebro_print.cli import main
from vertebro_print.i18n.catalogs import po_path
from vertebro_print.project import Project
from vertebro_print.settings import Settings


def findings(locales, code):
    catalog = Project(Settings(locales_dir=locales)).catalog(code)
    return sorted((p.code, p.msgid, p.severity, p.safety_critical) for p in catalog.problems), {
        k: catalog.state(k) for k in catalog.states
    }


@pytest.mark.parametrize("width", ["--width=79", "--no-wrap", "--width=40"])
def test_a_msgcat_rewrap_changes_no_check_and_update_restores_the_form(locales_copy, width):
    codes = [c for c in LOCALE_CODES if c != "en"]
    before = {c: findings(locales_copy, c) for c in codes}
    for code in codes:
        path = po_path(locales_copy, code)
        subprocess.run(["msgcat", width, "-o", str(path), str(path)], check=True)
        assert path.read_bytes() != po_path(ROOT / "locales", code).read_bytes()
        assert findings(locales_copy, code) == before[code], code
    result = CliRunner().invoke(main, ["i18n", "update", "--locales-dir", str(locales_copy)])
    assert result.exit_code == 0, result.output
    for code in codes:
        original = po_path(ROOT / "locales", code).read_bytes()
        assert b"#, safety-critical" in original
        assert po_path(locales_copy, code).read_bytes() == original, code
