"""The PDF's text layer says what the page shows, in shaped scripts too: copy, search and
screen readers get "क्लिनिक", not "क्लि निक" (see vertebro_print/pdf/actualtext.py)."""

from __future__ import annotations

import subprocess

import pytest

from tests.pdfs import reader
from vertebro_print.pdf.actualtext import needs_actual_text
from vertebro_print.render import render
from vertebro_print.request import RenderRequest

# Words whose clusters WeasyPrint's glyph-by-glyph ToUnicode map got wrong.
HINDI = ["Clinic:", "Phone:", "Getting ready for your vertebroplasty", "Your medicines"]


def poppler_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())


def test_hindi_reads_back_as_written(project, tmp_path):
    text = poppler_text(render(RenderRequest("prepare", "hi"), project).pdf, tmp_path)
    catalog = project.catalog("hi")
    for message in HINDI:
        assert catalog.gettext(message) in text, message


@pytest.mark.parametrize(("code", "marked"), [("hi", True), ("en", False), ("zh_Hans", False)])
def test_only_text_with_combining_marks_carries_actual_text(project, code, marked):
    pdf = reader(render(RenderRequest("about", code), project).pdf)
    streams = b"".join(page.get_contents().get_data() for page in pdf.pages)
    assert (b"/ActualText" in streams) is marked


def test_combining_marks_decide():
    assert needs_actual_text("क्लिनिक")
    assert needs_actual_text("Tiê\u0301ng")  # a decomposed Vietnamese tone mark
    assert not needs_actual_text("clinic")
    assert not needs_actual_text("诊所")
