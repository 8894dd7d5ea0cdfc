"""WeasyPrint may load only the project's own files: other paths and every network URL
are refused, and the refusal stops the render."""

from __future__ import annotations

import shutil

import pytest

from vertebro_print.errors import RenderError
from vertebro_print.pdf.render import render
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings


@pytest.fixture
def handouts_with(tmp_path, project):
    def make(markup: str) -> Project:
        target = tmp_path / "handouts"
        shutil.copytree(project.handouts_dir, target)
        part = target / "parts" / "about.html.j2"
        part.write_text(part.read_text() + markup)
        return Project(Settings(handouts_dir=target))

    return make


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "../../../../etc/hostname",
        "http://127.0.0.1:9/x.css",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        "data:text/plain,hello",
    ],
)
def test_refuses_anything_outside_the_project(handouts_with, url):
    project = handouts_with(f'<link rel="attachment" href="{url}"><img src="{url}" alt="x">')
    with pytest.raises(RenderError, match="refused to load"):
        render(RenderRequest("about"), project)


def test_refuses_stylesheet_imports(handouts_with):
    project = handouts_with('<style>@import url("file:///etc/passwd");</style>')
    with pytest.raises(RenderError, match="refused to load"):
        render(RenderRequest("about"), project)


def test_own_images_load(project):
    result = render(RenderRequest("aftercare"), project)
    assert b"/Subtype /Image" in result.pdf or b"/XObject" in result.pdf
