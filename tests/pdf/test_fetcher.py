"""WeasyPrint may load only the project's own files: other paths and every network URL
are refused, and the refusal stops the render."""

from __future__ import annotations

import shutil

import pytest

from vertebro_print.errors import RenderError
from vertebro_print.pdf.layout import clear_layouts
from vertebro_print.project import Project
from vertebro_print.render import render
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


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="images/no-such-picture.svg" alt="x">',
        '<p style="background: url(images/no-such-bullet.png)">x</p>',
    ],
)
def test_a_missing_file_stops_the_render_and_names_it(handouts_with, markup):
    """WeasyPrint alone would log the failure and print the handout without the picture."""
    project = handouts_with(markup)
    with pytest.raises(
        RenderError, match=r"cannot read .*images/no-such-.*correct what refers to it"
    ):
        render(RenderRequest("about"), project)


def test_a_failure_inside_weasyprint_is_one_clear_error(project, monkeypatch):
    """A stylesheet value WeasyPrint accepts and then fails on (calc() in background-size did,
    in WeasyPrint 70) must not reach the user as a traceback from inside WeasyPrint."""
    from vertebro_print.pdf.fonts import weasyprint

    def trips(*args, **kwargs):
        raise AttributeError("'tuple' object has no attribute 'source_line'")

    monkeypatch.setattr(weasyprint.HTML, "render", trips)
    clear_layouts()  # an earlier test in this process may have laid it out already
    with pytest.raises(
        RenderError, match="WeasyPrint failed to lay it out .*AttributeError.*undo"
    ) as caught:
        render(RenderRequest("about", "es"), project)
    assert isinstance(caught.value.__cause__, AttributeError)


def test_a_logo_removed_after_start_stops_the_render_and_names_it(tmp_path, project):
    logo = tmp_path / "clinic-logo.png"
    shutil.copy(project.handouts_dir / "images" / "list-bullet.png", logo)
    with_logo = Project(Settings(logo=str(logo)))
    assert render(RenderRequest("aftercare"), with_logo).pages >= 1
    logo.unlink()
    clear_layouts()
    with pytest.raises(
        RenderError, match=r"cannot read .*clinic-logo\.png.*the logo in the settings"
    ):
        render(RenderRequest("aftercare"), with_logo)
