"""Settings are declared once; the README documents every one; the example file is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from vertebro_print.errors import SettingsError
from vertebro_print.settings import declared, load_settings, settings_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text()
    for field in declared():
        assert f"`{field.metadata['key']}`" in readme, f"README lacks {field.metadata['key']}"
    assert settings_markdown() in readme, (
        "README settings table is stale: paste settings_markdown()"
    )


def test_example_settings_file_loads_and_names_every_setting():
    example = ROOT / "settings.example.toml"
    settings = load_settings(example)
    text = example.read_text()
    for field in declared():
        section, name = field.metadata["key"].split(".")
        assert f"[{section}]" in text and name in text
    assert settings.clinic_name


def test_relative_paths_resolve_against_the_settings_file(tmp_path):
    (tmp_path / "s.toml").write_text('[paths]\nlocales_dir = "my-locales"\n')
    assert load_settings(tmp_path / "s.toml").locales_dir == (tmp_path / "my-locales").resolve()


def _logo_settings(tmp_path, logo: str) -> Path:
    (tmp_path / "s.toml").write_text(f'[clinic]\nlogo = "{logo}"\n')
    return tmp_path / "s.toml"


def test_the_logo_is_an_svg_or_png_file(tmp_path):
    (tmp_path / "brand.SVG").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "brand.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert load_settings(_logo_settings(tmp_path, "brand.SVG")).logo == str(tmp_path / "brand.SVG")
    assert load_settings(_logo_settings(tmp_path, "brand.png")).logo.endswith("brand.png")
    (tmp_path / "notes.txt").write_text("not a picture")
    for logo in ("/etc", "/etc/passwd", "notes.txt", "brand.svg.txt", "brand"):
        with pytest.raises(SettingsError, match=r"clinic\.logo must be an \.svg or \.png file"):
            load_settings(_logo_settings(tmp_path, logo))
    (tmp_path / "folder.svg").mkdir()
    for logo in ("missing.png", "folder.svg"):
        with pytest.raises(SettingsError, match="clinic.logo: there is no file at"):
            load_settings(_logo_settings(tmp_path, logo))


def test_server_lists_load(tmp_path):
    (tmp_path / "s.toml").write_text(
        '[server]\nhost_names = ["frontdesk.clinic.lan"]\ntrusted_proxies = ["127.0.0.1"]\n'
    )
    settings = load_settings(tmp_path / "s.toml")
    assert settings.host_names == ("frontdesk.clinic.lan",)
    assert settings.trusted_proxies == ("127.0.0.1",)
    assert load_settings(None).host_names == ("localhost", "127.0.0.1", "[::1]")
    (tmp_path / "s.toml").write_text("[server]\nhost_names = []\n")
    with pytest.raises(SettingsError, match="at least one host"):
        load_settings(tmp_path / "s.toml")
