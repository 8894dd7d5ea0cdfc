"""A page-1 field is its request.FIELDS entry and the template that prints it: declared here
(the patient's preferred name, printed under the title), it is at once a CLI option, a field
of the front desk's form, patient data the page's URLs refuse, and words on the PDF."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.conftest import ROOT
from tests.pdfs import page_texts
from vertebro_print import request as request_fields
from vertebro_print.cli import main
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app

NAME = "Rosa"
PREFERRED = request_fields.RequestField(
    "preferred_name",
    "preferred_name",
    "--preferred-name",
    "the name the patient likes to be called",
    patient_data=True,
    label="Preferred name",
    control="text",
    group="appointment",
    shown_as="the preferred name",
)


@pytest.fixture
def handouts_dir(tmp_path):
    """The shipped handouts, with the layout printing the new field under the title."""
    folder = tmp_path / "handouts"
    shutil.copytree(ROOT / "handouts", folder)
    layout = folder / "_layout.html.j2"
    shown = (
        "{% if appointment.preferred_name %}"
        '<p class="preferred-name">{{ appointment.preferred_name }}</p>{% endif %}'
    )
    text = layout.read_text(encoding="utf-8")
    anchor = '<h1 class="title">{{ title_text }}</h1>'
    assert anchor in text
    layout.write_text(text.replace(anchor, anchor + shown), encoding="utf-8")
    return folder


@pytest.fixture
def declared(monkeypatch):
    monkeypatch.setattr(request_fields, "FIELDS", (*request_fields.FIELDS, PREFERRED))


def test_a_declared_field_is_an_option_and_prints(declared, handouts_dir, tmp_path):
    runner = CliRunner()
    assert "--preferred-name" in runner.invoke(main, ["render", "--help"]).output
    out = tmp_path / "about.pdf"
    args = ["render", "about", "--preferred-name", NAME, "--handouts-dir", str(handouts_dir)]
    result = runner.invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert NAME in page_texts(out.read_bytes())[0]


def test_a_declared_field_is_on_the_form_and_never_in_a_url(declared, handouts_dir):
    project = Project(Settings(handouts_dir=handouts_dir))
    with TestClient(create_app(project, workers=1), base_url="http://localhost") as client:
        page = client.get("/").text
        assert '<label for="preferred_name">Preferred name</label>' in page
        assert 'name="preferred_name" data-patient' in page
        refused = client.get("/pdf", params={"handout": "about", "preferred_name": NAME})
        assert refused.status_code == 400 and "preferred_name" in refused.text


def test_the_preview_says_which_details_it_shows(declared):
    from vertebro_print.web.pages import shown_details

    project = Project(Settings())
    named = request_fields.Appointment(preferred_name=NAME)
    about = request_fields.RenderRequest("about", appointment=named)
    assert shown_details(project, about) == "the preferred name"
    both = dataclasses.replace(
        about,
        handout="prepare",
        appointment=request_fields.Appointment(preferred_name=NAME, arrive=None, date=None),
    )
    assert shown_details(project, both) == "the preferred name"
    assert (
        shown_details(project, dataclasses.replace(about, appointment=request_fields.Appointment()))
        == ""
    )


def test_without_the_declaration_the_field_is_unknown(handouts_dir, tmp_path):
    result = CliRunner().invoke(main, ["render", "about", "--preferred-name", NAME, "-o", "-"])
    assert result.exit_code == 2 and "No such option" in result.output
