"""The command line, run in-process: results, one-line errors, exit codes, no stray files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import APPOINTMENT_DAY, HANDOUT_IDS, RESOURCES, ROOT
from tests.pdfs import page_texts
from vertebro_print.cli import main
from vertebro_print.handouts import load_registry


def run(*args, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def test_list_json():
    result = run("list", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [h["id"] for h in data["handouts"]] == HANDOUT_IDS
    registry = load_registry(ROOT / "handouts")
    assert [(h["id"], h["code"]) for h in data["handouts"]] == [
        (h.id, h.code) for h in registry.values()
    ]
    assert {"VP-ABOUT", "VP-PREP", "VP-AFTER", "VP-PACKET"} <= {h.code for h in registry.values()}
    assert data["languages"][0]["code"] == "en"


def test_render_writes_pdf(tmp_path):
    out = tmp_path / "a.pdf"
    result = run(
        "render",
        "prepare",
        "--lang",
        "en",
        "--paper",
        "letter",
        "--large-print",
        "--date",
        APPOINTMENT_DAY.isoformat(),
        "--arrive",
        "07:30",
        "--fast-from",
        "00:00",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    day = f"{APPOINTMENT_DAY:%B} {APPOINTMENT_DAY.day}, {APPOINTMENT_DAY.year}"
    assert day in " ".join(page_texts(out.read_bytes())[0].split())
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_render_to_stdout():
    result = CliRunner().invoke(main, ["render", "about", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-")


def test_render_html(tmp_path):
    out = tmp_path / "a.html"
    assert run("render", "about", "--html", "-o", str(out)).exit_code == 0
    assert out.read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["render", "nope"],
            f"unknown handout 'nope'; choose one of {', '.join(HANDOUT_IDS)}",
        ),
        (["render", "about", "--lang", "xx"], "unknown language 'xx'; choose one of en"),
        (["render", "about", "--paper", "a5"], "unknown paper 'a5'; choose one of a4, letter"),
        (
            ["render", "about", "--date", "12/03/2026"],
            "'12/03/2026' is not a date; write it as YYYY-MM-DD",
        ),
        (["render", "about", "--date", "2026-02-30"], "is not a date"),
        (
            ["render", "about", "--arrive", "7.30"],
            "arrive: '7.30' is not a time; write it as HH:MM",
        ),
        (["render", "about", "--fast-from", "25:00"], "fast-from: '25:00' is not a time"),
        (
            ["render", "prepare", "--fast-from", "22:00"],
            "--fast-from: 22:00 needs the arrival time too (--arrive)",
        ),
        (["render", "about", "--settings", "/nonexistent.toml"], "cannot read settings file"),
        (
            ["render", "about", "--settings", str(RESOURCES / "settings" / "invalid.toml")],
            "is not valid TOML",
        ),
        (
            ["render", "about", "--settings", str(RESOURCES / "settings" / "unknown-key.toml")],
            "unknown setting clinic.fax; valid settings: clinic.name",
        ),
        (
            ["render", "about", "--settings", str(RESOURCES / "settings" / "bad-paper.toml")],
            "setting print.paper must be one of a4, letter, got 'A3'",
        ),
        (
            ["render", "about", "--settings", str(RESOURCES / "settings" / "bad-type.toml")],
            "setting print.language_help_notice must be true/false",
        ),
    ],
)
def test_bad_input_one_line_exit_2_no_file(tmp_path, args, message):
    out = tmp_path / "out.pdf"
    if "--lang" in args:
        args = [*args, "--locales-dir", str(tmp_path / "empty-locales")]
        (tmp_path / "empty-locales").mkdir()
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.glob("*.pdf*")) == []


def test_output_folder_missing(tmp_path):
    result = CliRunner().invoke(main, ["render", "about", "-o", str(tmp_path / "no" / "a.pdf")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_failed_render_leaves_previous_file(tmp_path):
    out = tmp_path / "a.pdf"
    out.write_bytes(b"previous")
    result = CliRunner().invoke(main, ["render", "nope", "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_bytes() == b"previous"


def test_readability_json_under_grade_7():
    result = run("readability", "--json")
    grades = {r["handout"]: r["grade"] for r in json.loads(result.output)}
    assert set(grades) == set(HANDOUT_IDS)
    assert all(0 < g <= 7.0 for g in grades.values()), grades


def test_help_lists_commands():
    result = run("--help")
    for command in ("list", "render", "readability", "i18n", "doctor"):
        assert command in result.output
