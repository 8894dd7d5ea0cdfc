"""The render request's fields, declared once (request.FIELDS): the CLI, the web form, the JSON
API, the never-in-a-URL rule for patient data and the README's API table all follow them, and
the parsers take what people type but nothing ambiguous."""

from __future__ import annotations

import datetime as dt
import importlib

import click
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.conftest import ROOT
from vertebro_print.cli import main
from vertebro_print.cli.handouts import render
from vertebro_print.errors import UsageError
from vertebro_print.plan import resolve
from vertebro_print.request import (
    FIELDS,
    RenderRequest,
    api_markdown,
    build_request,
    field_names,
    parse_date,
    parse_time,
)
from vertebro_print.web import create_app
from vertebro_print.web.inputs import plain_query

TODAY = dt.date(2026, 11, 28)


def test_readme_api_table_is_made_from_the_fields():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert api_markdown() in readme, "README's API table is stale: paste api_markdown()"


def test_cli_options_are_the_fields():
    params = render.get_params(click.Context(render))
    names = {p.name for p in params}
    assert {f.name for f in FIELDS} <= names
    options = {opt for p in params for opt in p.opts}
    assert {f.option for f in FIELDS if f.option.startswith("--")} <= options


@pytest.mark.parametrize(
    "typed, code",
    [("zh-Hant", "zh_Hant"), ("ZH-HANT", "zh_Hant"), ("pt-br", "pt_BR"), ("ES", "es")],
)
def test_languages_as_people_type_them(project, typed, code):
    assert build_request({"handout": "about", "lang": typed}, project).lang == code
    assert build_request({"handout": "about", "with": typed}, project).with_lang == code


def test_languages_and_paper_in_any_case_on_the_command_line(tmp_path):
    out = tmp_path / "a.html"
    args = ["render", "about", "--lang", "zh-Hant", "--with", "EN", "--paper", "A4", "--html"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert 'lang="zh-Hant"' in out.read_text()


@pytest.mark.parametrize(
    "typed",
    ["7:3", "7:30", "٠٧:٣٠", "+7:05", "0_7:30", "24:00", "12:60", "07:30:00", "0730", "7 pm"],
)
def test_times_are_exactly_hh_mm(typed):
    with pytest.raises(UsageError, match="HH:MM"):
        parse_time(typed, "arrive")


@pytest.mark.parametrize("typed, hours, minutes", [("00:00", 0, 0), ("23:59", 23, 59)])
def test_good_times(typed, hours, minutes):
    assert parse_time(typed, "arrive") == dt.time(hours, minutes)


@pytest.mark.parametrize(
    "typed",
    [
        "0001-01-01",
        "9999-12-31",
        "2026-W49-4",
        "2026-1-5",
        "２０２６-１２-０１",
        "20261201",
        "2026-11-20",
        "2028-12-01",
    ],
)
def test_dates_are_exactly_yyyy_mm_dd_in_a_sane_window(typed):
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        parse_date(typed, "date", today=TODAY)


@pytest.mark.parametrize("typed", ["2026-11-21", "2026-11-28", "2028-11-01"])
def test_good_dates(typed):
    assert parse_date(typed, "date", today=TODAY) == dt.date.fromisoformat(typed)


def test_cli_and_web_refuse_the_same_times_naming_their_own_field(project, tmp_path):
    result = CliRunner().invoke(main, ["render", "prepare", "--arrive", "7:3", "-o", "-"])
    assert result.exit_code == 2 and "--arrive: '7:3' is not a time" in result.stderr
    with TestClient(create_app(project, workers=1), base_url="http://127.0.0.1:8000") as client:
        response = client.post("/api/render", json={"handout": "prepare", "arrive": "٠٧:٣٠"})
        assert response.status_code == 400
        assert "arrive: '٠٧:٣٠' is not a time" in response.json()["error"]
        for name in field_names(patient_data=True):  # every patient-data field is refused in a URL
            assert client.get("/pdf", params={"handout": "about", name: "x"}).status_code == 400


def test_a_plain_request_survives_its_url(project):
    request = build_request(
        {
            "handout": "aftercare",
            "lang": "zh-hant",
            "with": "en",
            "paper": "LETTER",
            "large_print": True,
        },
        project,
    )
    assert request == RenderRequest("aftercare", "zh_Hant", "letter", True, "en")
    assert build_request(dict(plain_query(request)), project) == request


def test_resolve_is_the_one_validation(project):
    with pytest.raises(UsageError, match="own language"):
        resolve(build_request({"handout": "about", "lang": "es", "with": "ES"}, project), project)
    with pytest.raises(UsageError, match="unknown handout"):
        resolve(RenderRequest("nope"), project)
    with pytest.raises(UsageError, match="unknown language"):
        resolve(build_request({"handout": "about", "lang": "xx-YY"}, project), project)


def test_the_web_checks_a_request_without_making_its_plan(project, monkeypatch):
    """The web checks every request on its event loop before queueing it; the plan (footer
    dates, notices, parts: most of resolve's time) is made by the worker that renders it."""
    from vertebro_print.web.inputs import to_request

    resolve_module = importlib.import_module("vertebro_print.plan.resolve")  # not the function

    def no_plan(*_):
        raise AssertionError("a plan was made to check a request")

    monkeypatch.setattr(resolve_module, "footer_dates", no_plan)
    monkeypatch.setattr(resolve_module, "_plan", no_plan)
    request = to_request({"handout": "packet", "lang": "es", "with": "en"}, project)
    assert (request.handout, request.lang, request.with_lang) == ("packet", "es", "en")
    with pytest.raises(UsageError, match="own language"):
        to_request({"handout": "about", "lang": "es", "with": "ES"}, project)
