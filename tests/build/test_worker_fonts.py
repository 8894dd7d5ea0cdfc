"""A build worker lets its fonts go when it moves on from a language whose fonts keep much
memory (a CJK face keeps about 39 MB resident), and keeps them warm otherwise: letting them go
costs a cycle collection and warm fonts again (0.1-0.35 s a move), and the libraries a
render loads keep more file-backed memory than the limit by themselves, so the measure is
the font files alone."""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest

from tests.conftest import RESOURCES
from vertebro_print.build import run as builder
from vertebro_print.build import worker
from vertebro_print.pdf import layout
from vertebro_print.project import Project
from vertebro_print.settings import Settings


def test_only_font_files_count_as_mapped_fonts():
    # A CJK collection (18432 kB) and a Noto face (512 kB) count; ICU's data, the program,
    # anonymous memory and the stack do not.
    assert worker.mapped_fonts_mb(RESOURCES / "proc" / "smaps") == pytest.approx(18.5)


def test_no_smaps_reads_as_no_fonts(tmp_path):
    assert worker.mapped_fonts_mb(tmp_path / "absent") == 0.0


@pytest.mark.slow
def test_a_worker_keeps_latin_fonts_warm_and_lets_a_cjk_face_go(tmp_path: Path):
    project = Project(Settings())
    worker.attach(project)
    jobs = {
        job.locale: job
        for job in builder.plan(project, ["es", "fr", "ja", "pl"], ["about"])
        if job.paper == "a4" and not job.large_print
    }

    def render(locale: str) -> weakref.ref:
        """The font configuration the render used (a weak reference: the test must not
        keep it from being let go)."""
        done = worker.run(jobs[locale], str(tmp_path))
        assert done.entry is not None, done.failed or done.skipped
        return weakref.ref(layout.font_configuration())

    spanish = render("es")
    assert len(layout._layouts) == 1
    assert render("fr")() is spanish()  # Latin to Latin: the same fonts, kept
    # ...but not the layouts: no later render takes the last language's again.
    assert len(layout._layouts) == 1
    japanese = render("ja")
    assert japanese() is spanish()  # moving from Latin fonts keeps them
    assert worker.mapped_fonts_mb() > worker.MAPPED_FONTS_LIMIT_MB  # the CJK face
    polish = render("pl")
    assert japanese() is None and polish() is not None  # moving from it let it go
    assert worker.mapped_fonts_mb() < worker.MAPPED_FONTS_LIMIT_MB
