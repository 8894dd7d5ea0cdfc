"""The footer says "Content reviewed" only when a clinical reviewer's sign-off of that
handout's English is recorded and still matches it; otherwise the version and the date the
content was written."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from click.testing import CliRunner

from tests.plans import html_of
from vertebro_print.cli import main
from vertebro_print.content_review import REVIEW_FILE, ContentReviewError, approve
from vertebro_print.errors import SettingsError
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings, load_settings


@pytest.fixture
def handouts_copy(tmp_path, project):
    shutil.copytree(project.handouts_dir, tmp_path / "handouts")
    return tmp_path / "handouts"


def footers(project: Project, handout: str) -> list[str]:
    html = html_of(RenderRequest(handout), project)
    return [" ".join(f.split()) for f in re.findall(r'<p class="doc-line">(.*?)</p>', html, re.S)]


@pytest.mark.parametrize("handout", ["about", "prepare", "aftercare", "packet"])
def test_shipped_footers_say_written_not_reviewed(project, handout):
    lines = footers(project, handout)
    assert lines and all("Written Dec 7, 2026" in line for line in lines)
    assert not any("reviewed" in line.lower() for line in lines)


def test_a_sign_off_makes_that_handout_reviewed_until_its_english_changes(handouts_copy):
    result = CliRunner().invoke(
        main,
        [
            "content",
            "approve",
            "aftercare",
            "--reviewer",
            "Ana Ruiz",
            "--role",
            "Physician, interventional radiology",
            "--date",
            "2026-12-08",
            "--handouts-dir",
            str(handouts_copy),
        ],
    )
    assert result.exit_code == 0, result.output
    recorded = (handouts_copy / REVIEW_FILE).read_text(encoding="utf-8")
    assert 'reviewer = "Ana Ruiz"' in recorded and "date = 2026-12-08" in recorded
    project = Project(Settings(handouts_dir=handouts_copy))
    assert "Content reviewed Dec 8, 2026" in footers(project, "aftercare")[0]
    assert "Written Dec 7, 2026" in footers(project, "about")[0]
    packet = footers(project, "packet")  # each part's footer speaks for that part
    assert ["Content reviewed" in line for line in packet] == [False, False, True]

    template = handouts_copy / "parts" / "aftercare.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("Rest at first,", "Rest first,"), encoding="utf-8")
    edited = Project(Settings(handouts_dir=handouts_copy))
    assert "Written Dec 7, 2026" in footers(edited, "aftercare")[0]


def test_a_packet_is_signed_off_part_by_part(handouts_copy):
    project = Project(Settings(handouts_dir=handouts_copy))
    with pytest.raises(ContentReviewError, match="sign off each of them \\(about, prepare"):
        approve(project, "packet", "Ana Ruiz", "Physician", dt.date(2026, 12, 8))


@pytest.mark.parametrize("reviewer", ["", "  ", 'Ana "the" Ruiz', "Ana\nRuiz"])
def test_a_reviewer_must_be_plain_text(handouts_copy, reviewer):
    project = Project(Settings(handouts_dir=handouts_copy))
    before = (handouts_copy / REVIEW_FILE).read_bytes()
    with pytest.raises(ContentReviewError, match="--reviewer must be"):
        approve(project, "about", reviewer, "Physician", dt.date(2026, 12, 8))
    assert (handouts_copy / REVIEW_FILE).read_bytes() == before


def test_a_handout_without_a_written_date_prints_its_version_alone(handouts_copy):
    (handouts_copy / REVIEW_FILE).write_text("[written]\nabout = 2026-12-07\n", encoding="utf-8")
    project = Project(Settings(handouts_dir=handouts_copy))
    assert "Written Dec 7, 2026" in footers(project, "about")[0]
    (line,) = set(footers(project, "prepare"))
    assert "Version 1.0" in line and "Written" not in line and "reviewed" not in line


def test_a_broken_review_file_is_named(handouts_copy):
    (handouts_copy / REVIEW_FILE).write_text("[[signoff]]\nhandout = 'about'\n", encoding="utf-8")
    project = Project(Settings(handouts_dir=handouts_copy))
    with pytest.raises(ContentReviewError, match="has no reviewer, role, date, fingerprint"):
        html_of(RenderRequest("about"), project)


def test_the_old_review_date_setting_says_what_replaced_it(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("[content]\nreview_date = 2026-11-20\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="content approve"):
        load_settings(settings)
