"""No rel="attachment" from a template or a catalog ever becomes a file embedded in a PDF:
the catalog check refuses it, and the renderer refuses any the HTML still has before the
file is read. Checked with poppler's pdfdetach and with pypdf."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.i18n.test_catalogs import edit_catalog, load, po
from tests.pdfs import reader
from vertebro_print.errors import LocaleNotReady, RenderError
from vertebro_print.i18n import catalogs
from vertebro_print.lru import LRU
from vertebro_print.pdf.fetcher import ProjectFetcher
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

FEVER = "A fever. This can be a sign of infection."
HOSTILE = [
    ' <link rel="attachment" href="handouts.toml" title="a"',
    ' <link rel="attachment" href="handouts.toml">',
    ' <a rel="attachment" href="css/handout.css">x</a>',
    ' <link rel="attachment" href="file:///etc/hostname">',
]


def attachments(pdf: bytes, tmp_path) -> tuple[str, int]:
    """pdfdetach's list and pypdf's count of embedded files (names and annotations)."""
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    listed = subprocess.run(
        ["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    pdf_reader = reader(pdf)
    annotations = sum(
        1
        for page in pdf_reader.pages
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/Subtype") == "/FileAttachment"
    )
    return listed, len(pdf_reader.attachments) + annotations


def test_a_clean_handout_has_no_attachment(project, tmp_path):
    listed, count = attachments(render(RenderRequest("about", "es"), project).pdf, tmp_path)
    assert listed.startswith("0 embedded files") and count == 0


@pytest.mark.parametrize("markup", HOSTILE)
def test_template_attachment_is_refused_before_the_file_is_read(project, tmp_path, markup):
    handouts = tmp_path / "handouts"
    shutil.copytree(project.handouts_dir, handouts)
    part = handouts / "parts" / "about.html.j2"
    part.write_text(part.read_text() + markup)
    hostile = Project(Settings(handouts_dir=handouts))
    with pytest.raises(RenderError, match="never embed files"):
        render(RenderRequest("about", "en"), hostile)


@pytest.mark.parametrize("suffix", HOSTILE)
def test_hostile_translation_attaches_nothing(locales_copy, tmp_path, monkeypatch, suffix):
    spanish = load(po(locales_copy, "es"))[FEVER].string

    def change(catalog):
        catalog[FEVER].string = spanish + suffix

    edit_catalog(locales_copy, "es", change)
    project = Project(Settings(locales_dir=locales_copy))
    # The catalog check refuses it for patients...
    with pytest.raises(LocaleNotReady):
        render(RenderRequest("aftercare", "es"), project)
    # ...a translator's proof shows the English in its place and embeds nothing...
    proof = render(RenderRequest("aftercare", "es", proof=True), project)
    listed, count = attachments(proof.pdf, tmp_path)
    assert listed.startswith("0 embedded files") and count == 0
    assert not any(p.name == "handouts.toml" for p in proof.resources)
    # ...and with the check bypassed, the renderer itself refuses before reading the file.
    monkeypatch.setattr(catalogs, "check_message", lambda *args: None)
    monkeypatch.setattr(
        catalogs, "_checked", LRU(catalogs.CHECKED_CACHE_SIZE)
    )  # findings of the real checks
    fetched = []
    original = ProjectFetcher.fetch
    monkeypatch.setattr(
        ProjectFetcher,
        "fetch",
        lambda self, url, *a: fetched.append(url) or original(self, url, *a),
    )
    unchecked = Project(Settings(locales_dir=locales_copy))
    assert unchecked.catalog("es").state(FEVER) == catalogs.OK
    with pytest.raises(RenderError, match="never embed files"):
        render(RenderRequest("aftercare", "es"), unchecked)
    assert fetched and not [u for u in fetched if "handouts.toml" in u or "hostname" in u]
