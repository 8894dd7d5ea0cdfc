"""Scripts and their fonts are data (i18n/scripts.toml). A language in a script the file does
not list is drawn with Noto's family for that script; one whose font is missing is refused,
naming the script and the package to install, and `doctor` says the same."""

from __future__ import annotations

import io

import pytest
from babel import Locale
from click.testing import CliRunner
from pypdf import PdfReader

from vertebro_print.cli import main
from vertebro_print.errors import UsageError
from vertebro_print.i18n import installed_fonts
from vertebro_print.i18n.languages import configured_scripts, language

# Tigrinya, written in Ethiopic like Amharic (which ships): a language in a script of its own
# that no shipped catalog has started.
AMHARIC_HELLO = "ሰላም"


@pytest.fixture
def amharic(locales_copy):
    """The shipped catalogs plus a Tigrinya one with one string translated."""
    started = CliRunner().invoke(
        main, ["i18n", "init", "ti", "--translator", "T", "--locales-dir", str(locales_copy)]
    )
    assert started.exit_code == 0, started.output
    po = locales_copy / "ti" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace(
            'msgid "Going home"\nmsgstr ""', f'msgid "Going home"\nmsgstr "{AMHARIC_HELLO}"'
        ),
        encoding="utf-8",
    )
    return locales_copy


@pytest.fixture
def without_ethiopic_font(monkeypatch):
    real = installed_fonts.installed_fonts()
    monkeypatch.setattr(
        installed_fonts,
        "installed_fonts",
        lambda: [(f, p) for f, p in real if "Noto Sans Ethiopic" not in f],
    )
    installed_fonts._installed_families_once.cache_clear()
    yield
    installed_fonts._installed_families_once.cache_clear()


def test_every_shipped_language_has_a_configured_script(project):
    for code in project.locale_codes():
        assert language(code).script.code in configured_scripts(), code


@pytest.mark.parametrize(
    "code, script, font",
    [
        ("si", "Sinhala", "Noto Sans Sinhala"),  # am and bn are in scripts.toml now
        ("lo", "Lao", "Noto Sans Lao"),
        ("he", "Hebrew", "Noto Sans Hebrew"),
        ("ka", "Georgian", "Noto Sans Georgian"),
    ],
)
def test_a_script_not_listed_gets_notos_family_for_it(code, script, font):
    lang = language(code)
    assert (lang.script.name, lang.script.fonts[0], lang.script.configured) == (script, font, False)


def test_a_new_language_in_a_new_script_prints_with_its_font(amharic, tmp_path):
    out = tmp_path / "proof.pdf"
    result = CliRunner().invoke(
        main, ["i18n", "proof", "ti", "aftercare", "--locales-dir", str(amharic), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Sans-Ethiopic" in name for name in fonts), fonts
    assert AMHARIC_HELLO in "".join(page.extract_text() for page in reader.pages)


def test_a_missing_font_is_refused_with_the_package_to_install(amharic, without_ethiopic_font):
    args = ["--locales-dir", str(amharic)]
    result = CliRunner().invoke(main, ["i18n", "proof", "ti", "aftercare", "-o", "-", *args])
    assert result.exit_code == 2
    assert "Ethiopic" in result.stderr and "Noto Sans Ethiopic" in result.stderr
    assert "apt-get install fonts-noto-core" in result.stderr
    doctor = CliRunner().invoke(main, ["doctor", *args])
    assert doctor.exit_code == 1
    assert "MISSING  ti       Noto Sans Ethiopic" in doctor.output
    assert "fonts-noto-core" in doctor.output


def test_a_font_per_language_urdu_in_nastaliq_arabic_and_persian_in_naskh():
    assert language("ur").script.fonts[0] == "Noto Nastaliq Urdu"
    assert language("ur").script.line_height
    for code in ("ar", "fa"):
        assert language(code).script.fonts[0] == "Noto Sans Arabic"
        assert language(code).script.line_height is None
    assert language("ur").script.code == language("ar").script.code == "Arab"


@pytest.mark.parametrize(
    ("code", "font"),
    [
        ("bn", "Noto Sans Bengali"),
        ("pa", "Noto Sans Gurmukhi"),
        ("gu", "Noto Sans Gujarati"),
        ("ne", "Noto Sans Devanagari"),
        ("am", "Noto Sans Ethiopic"),
        ("my", "Noto Sans Myanmar"),
        ("km", "Noto Sans Khmer"),
        ("th", "Noto Sans Thai"),
        ("hy", "Noto Sans Armenian"),
    ],
)
def test_the_new_scripts_are_drawn_by_the_fonts_scripts_toml_names(code, font):
    lang = language(code)
    assert lang.script.configured and lang.script.fonts[0] == font
    assert lang.script.package == "fonts-noto-core"
    assert lang.uses_script(Locale.parse(code).display_name), code


def test_an_unknown_key_in_scripts_toml_is_refused():
    from vertebro_print.i18n.languages import _configured

    with pytest.raises(UsageError, match="unknown key"):
        _configured("Xyzw", {"name": "X", "fonts": [], "package": "p", "letters": "", "leading": 2})
