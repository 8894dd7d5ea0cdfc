"""Catalogs pass GNU gettext's own checks; `doctor` reports fonts and the fix."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from vertebro_print import doctor
from vertebro_print.cli import main
from vertebro_print.i18n.catalogs import po_path
from vertebro_print.i18n.folder import LocaleFolder
from vertebro_print.project import Project
from vertebro_print.settings import Settings

LOCALES_DIR = Project(Settings()).locales_dir


@pytest.mark.parametrize("code", LocaleFolder(LOCALES_DIR).patient_codes())
def test_msgfmt_check_passes(code):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_path(LOCALES_DIR, code))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_doctor_all_fonts_installed():
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "Noto Sans CJK TC" in result.output and "MISSING" not in result.output


def test_doctor_names_the_package_to_install(monkeypatch):
    monkeypatch.setattr(doctor, "installed_families", lambda: {"Noto Sans"})
    result = CliRunner().invoke(main, ["doctor", "--locales-dir", str(LOCALES_DIR)])
    assert result.exit_code == 1
    if "ja" in LocaleFolder(LOCALES_DIR).patient_codes():
        assert (
            "MISSING  ja       Noto Sans CJK JP: install it with "
            "`sudo apt-get install fonts-noto-cjk`"
        ) in result.output
    assert "ok       en       Noto Sans" in result.output


def test_doctor_reports_every_script_scripts_toml_names(monkeypatch, tmp_path):
    """Fonts for scripts no shipped language uses (here: a clinic that ships Spanish only)
    are reported too, by script code, with the package that ships them; a language drawn its
    own way (Urdu's Nastaliq) by its code."""
    only_spanish = tmp_path / "locales"
    (only_spanish / "es").mkdir(parents=True)
    shutil.copytree(LOCALES_DIR / "es", only_spanish / "es", dirs_exist_ok=True)
    shutil.copy(LOCALES_DIR / "messages.pot", only_spanish / "messages.pot")
    result = CliRunner().invoke(main, ["doctor", "--locales-dir", str(only_spanish)])
    assert "ok       Mymr     Noto Sans Myanmar" in result.output
    assert "ok       ur       Noto Nastaliq Urdu" in result.output
    installed = {"Noto Sans", "Noto Sans Arabic", "Noto Sans Devanagari"}
    monkeypatch.setattr(doctor, "installed_families", lambda: installed | {"Noto Sans CJK JP"})
    result = CliRunner().invoke(main, ["doctor", "--locales-dir", str(only_spanish)])
    assert result.exit_code == 1
    assert (
        "MISSING  Khmr     Noto Sans Khmer: install it with `sudo apt-get install fonts-noto-core`"
    ) in result.output
