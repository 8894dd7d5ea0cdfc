"""serve --prebuilt DIR: a PDF an earlier build made from the same inputs is served as built,
byte for byte, and never a stale one: a changed catalog or pictogram, a damaged file or a
personalised request falls back to rendering.

The build here uses the fake renderer, whose bytes no real render gives: an answer with the
fake's bytes came from the build folder, one without them was rendered."""

from __future__ import annotations

import shutil

import pytest
from starlette.testclient import TestClient

from tests.conftest import APPOINTMENT_DAY, ROOT
from vertebro_print.build import run as builder
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app

FAKE = b"%PDF-fake"
pytestmark = pytest.mark.slow  # the fallbacks are real renders in a pool


@pytest.fixture
def built(tmp_path, fake_renders):
    """A project (en and es, its own handouts folder) and a build of it, made by the fake."""
    locales, handouts = tmp_path / "locales", tmp_path / "handouts"
    shutil.copytree(ROOT / "locales" / "es", locales / "es")
    shutil.copytree(ROOT / "handouts", handouts)
    project = Project(Settings(locales_dir=locales, handouts_dir=handouts))
    out = tmp_path / "out"
    builder.build(project, out, handouts=["aftercare", "prepare"], jobs=0)
    return project, out


def client_for(project: Project, out) -> TestClient:
    fresh = Project(project.settings)  # a server started after the build
    return TestClient(create_app(fresh, workers=1, prebuilt=out), base_url="http://127.0.0.1:8000")


def test_a_current_pdf_is_served_exactly_as_built(built, caplog):
    project, out = built
    caplog.set_level("INFO", logger="vertebro_print.web")
    with client_for(project, out) as client:
        response = client.get("/pdf", params={"handout": "aftercare", "lang": "es"})
        assert response.status_code == 200
        assert response.content == (out / "es" / "aftercare-a4.pdf").read_bytes()
        assert response.content.startswith(FAKE)
        again = client.get(
            "/pdf",
            params={"handout": "aftercare", "lang": "es"},
            headers={"if-none-match": response.headers["etag"]},
        )
        assert again.status_code == 304
        letter = client.get("/pdf", params={"handout": "prepare", "paper": "letter"})
        assert letter.content == (out / "en" / "prepare-letter.pdf").read_bytes()
    assert any("as built in es/aftercare-a4.pdf" in r.getMessage() for r in caplog.records)


def test_the_first_answer_waits_for_no_catalog_or_stamp(built, monkeypatch):
    """The first prebuilt answer took 200 ms where later ones take a few: the language's
    catalog was loaded and checked for the build's stamp on the first request. It is ready
    before the server answers anything now (the files' digests are read again each second,
    by design: a few milliseconds)."""
    from vertebro_print.i18n import folder as catalog_repository

    project, out = built
    with client_for(project, out) as client:
        loaded = []
        real_load = catalog_repository.load_catalog
        monkeypatch.setattr(
            catalog_repository,
            "load_catalog",
            lambda *a, **k: loaded.append(a) or real_load(*a, **k),
        )
        response = client.get("/pdf", params={"handout": "aftercare", "lang": "es"})
        assert response.content == (out / "es" / "aftercare-a4.pdf").read_bytes()
    assert loaded == []


def test_a_changed_catalog_is_rendered_not_served_stale(built):
    project, out = built
    catalog = project.locales_dir / "es" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Regreso a casa"', 'msgstr "De vuelta a casa"', 1))
    assert catalog.read_text(encoding="utf-8") != text
    with client_for(project, out) as client:
        es = client.get("/pdf", params={"handout": "aftercare", "lang": "es"})
        en = client.get("/pdf", params={"handout": "aftercare", "lang": "en"})
    assert es.status_code == 200 and not es.content.startswith(FAKE)
    assert en.content == (out / "en" / "aftercare-a4.pdf").read_bytes()


def test_a_changed_pictogram_or_damaged_file_is_rendered(built):
    project, out = built
    fever = project.handouts_dir / "images" / "fever.svg"
    fever.write_text(fever.read_text(encoding="utf-8") + "<!-- redrawn -->\n", encoding="utf-8")
    (out / "en" / "prepare-a4.pdf").write_bytes(FAKE + b" damaged")
    with client_for(project, out) as client:
        aftercare = client.get("/pdf", params={"handout": "aftercare"})
        prepare = client.get("/pdf", params={"handout": "prepare"})
        large = client.get("/pdf", params={"handout": "prepare", "large_print": "true"})
    assert not aftercare.content.startswith(FAKE)  # it shows the fever pictogram
    assert not prepare.content.startswith(FAKE)
    assert large.content == (out / "en" / "prepare-a4-large.pdf").read_bytes()


def test_personalised_and_bilingual_pdfs_are_always_rendered(built):
    project, out = built
    with client_for(project, out) as client:
        personal = client.post(
            "/api/render", json={"handout": "prepare", "date": APPOINTMENT_DAY.isoformat()}
        )
        both = client.get("/pdf", params={"handout": "prepare", "lang": "es", "with": "en"})
    assert personal.status_code == 200 and not personal.content.startswith(FAKE)
    assert both.status_code == 200 and not both.content.startswith(FAKE)


def test_serve_refuses_a_prebuilt_folder_that_is_not_there(tmp_path):
    from click.testing import CliRunner

    from vertebro_print.cli import main

    result = CliRunner().invoke(main, ["serve", "--prebuilt", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "does not exist" in result.output
