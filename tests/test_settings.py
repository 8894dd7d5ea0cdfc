"""Settings are declared once; the README documents every one; the example file is valid."""

from __future__ import annotations

from pathlib import Path

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
