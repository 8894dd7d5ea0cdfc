"""`vertebro-print build`: the manifest matches the files, only what changed is rendered
again, an interrupted build changes nothing, a broken locale is skipped with its reason while
the rest build, and `render --html` writes a page a browser shows with its stylesheet.

Builds here are small (one or two handouts, English plus one copied catalog) to stay fast;
benchmarks/run.py builds the whole matrix."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import RESOURCES, ROOT
from tests.pdfs import reader
from tests.plans import html_of
from vertebro_print import provenance as stamps
from vertebro_print.build import run as builder
from vertebro_print.build.manifest import MANIFEST
from vertebro_print.build.progress import Reporter
from vertebro_print.cli import main
from vertebro_print.errors import UsageError
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

pytestmark = pytest.mark.slow
TRANSLATED = "es"  # a shipped, complete catalog
HANDOUT = "aftercare"  # two pages, and it loads pictograms


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path]:
    """One build of the handout in en and es, from a locales folder holding only es."""
    folder = tmp_path_factory.mktemp("first-build")
    shutil.copytree(ROOT / "locales" / TRANSLATED, folder / "locales" / TRANSLATED)
    run_build(project_for(folder / "locales"), folder / "out", jobs=2)  # real PDFs, in a pool
    return folder / "locales", folder / "out"


@pytest.fixture
def locales(tmp_path, first_build) -> Path:
    """A copy of the first build's locales folder, for tests that change it."""
    return Path(shutil.copytree(first_build[0], tmp_path / "locales"))


@pytest.fixture
def out(tmp_path, first_build) -> Path:
    """A copy of the first build's output: stamps name files relative to their folder, so
    it is up to date for the copied locales too."""
    return Path(shutil.copytree(first_build[1], tmp_path / "out"))


def project_for(locales: Path, handouts: Path | None = None, **settings) -> Project:
    return Project(Settings(locales_dir=locales, handouts_dir=handouts, **settings))


def run_build(project: Project, out: Path, *handouts: str, **options) -> builder.BuildResult:
    """A build in this process (jobs=0): with the fake_renders fixture, in milliseconds."""
    options.setdefault("jobs", 0)
    return builder.build(project, out, handouts=handouts or (HANDOUT,), **options)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(out: Path) -> dict[str, tuple[str, int]]:
    """Every file of an output folder but the staging area: content hash and mtime."""
    return {
        str(p.relative_to(out)): (sha256(p), p.stat().st_mtime_ns)
        for p in sorted(out.rglob("*"))
        if p.is_file() and builder.STAGING not in p.parts
    }


def manifest_of(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


def test_manifest_matches_the_files(first_build):
    out = first_build[1]
    data = manifest_of(out)
    paths = {f["path"] for f in data["files"]}
    assert paths == {
        f"{code}/{HANDOUT}-{paper}{large}.pdf"
        for code in ("en", TRANSLATED)
        for paper in ("a4", "letter")
        for large in ("", "-large")
    }
    for entry in data["files"]:
        pdf = out / entry["path"]
        assert entry["bytes"] == pdf.stat().st_size
        assert entry["sha256"] == sha256(pdf)
        assert entry["pages"] == len(reader(pdf.read_bytes()).pages)
        assert entry["handout"] == HANDOUT and entry["content_version"] == "1.0"
        assert entry["large_print"] == entry["path"].endswith("-large.pdf")
        assert entry["review_status"] == ("source" if entry["locale"] == "en" else "draft")
        # The pictograms the render loaded are its inputs too.
        assert "handouts/images/fever.svg" in entry["assets"]
    titles = {f["locale"]: f["title"] for f in data["files"]}
    assert titles["en"] == "After your vertebroplasty: care at home" != titles[TRANSLATED]
    assert data["skipped"] == []
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "en",
        "es",
        "index.html",
        MANIFEST,
    ]


def test_index_lists_every_pdf_under_its_language(first_build):
    out = first_build[1]
    index = (out / "index.html").read_text(encoding="utf-8")
    for entry in manifest_of(out)["files"]:
        assert f'href="{entry["path"]}"' in index
    assert '<span lang="es" dir="ltr">Español</span>' in index
    assert 'id="lang-en"' in index and "Translation status: draft" in index


def test_index_escapes_what_it_shows(tmp_path, locales):
    hostile = 'Clinic <script>alert("x")</script> & Co'
    out = tmp_path / "fresh"
    result = run_build(project_for(locales, content_version=hostile), out, langs=["en"])
    assert result.exit_code == builder.EXIT_OK and result.built == 4
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index
    assert "Clinic &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in index


def test_nothing_changed_nothing_rendered(locales, out, fake_renders):
    before = snapshot(out)
    again = run_build(project_for(locales), out)
    assert (again.built, again.reused) == (0, 8)
    assert snapshot(out) == before  # not even the manifest or the index is rewritten


def test_a_changed_catalog_rebuilds_only_its_locale(locales, out, fake_renders):
    before = snapshot(out)
    catalog = locales / TRANSLATED / "LC_MESSAGES" / "messages.po"
    catalog.write_text(
        catalog.read_text(encoding="utf-8") + "\n# reviewed line by line\n", encoding="utf-8"
    )
    result = run_build(project_for(locales), out)
    assert (result.built, result.reused) == (4, 4)
    assert {r.lang for r in fake_renders} == {TRANSLATED} and len(fake_renders) == 4
    after = snapshot(out)
    rebuilt = {p for p in after if p.endswith(".pdf") and after[p][1] != before[p][1]}
    assert rebuilt == {p for p in after if p.startswith(f"{TRANSLATED}/")}


def test_a_changed_pictogram_rebuilds_only_the_handouts_that_show_it(
    tmp_path, locales, fake_renders
):
    handouts = tmp_path / "handouts"
    shutil.copytree(ROOT / "handouts", handouts)
    out = tmp_path / "fresh"
    run_build(project_for(locales, handouts), out, "prepare", HANDOUT, langs=["en"])
    fever = handouts / "images" / "fever.svg"
    fever.write_text(fever.read_text(encoding="utf-8") + "<!-- redrawn -->\n", encoding="utf-8")
    result = run_build(project_for(locales, handouts), out, "prepare", HANDOUT, langs=["en"])
    assert (result.built, result.reused) == (4, 4)
    assert {
        e.handout
        for e in result.manifest.files.values()
        if e.assets.get("handouts/images/fever.svg") == sha256(fever)
    } == {HANDOUT}


def test_a_choice_of_languages_keeps_the_rest_of_the_manifest(locales, out, fake_renders):
    catalog = locales / TRANSLATED / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# checked\n", encoding="utf-8")
    result = run_build(project_for(locales), out, langs=[TRANSLATED])
    assert (result.built, result.reused, len(result.manifest.files)) == (4, 0, 8)
    assert len(manifest_of(out)["files"]) == 8


def test_broken_locale_is_skipped_with_its_reason_while_the_rest_build(locales, out):
    shutil.copytree(locales / TRANSLATED, locales / "fr")
    shutil.copy(
        RESOURCES / "catalogs" / "syntax-error.po", locales / "fr" / "LC_MESSAGES" / "messages.po"
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--out",
            str(out),
            "--handout",
            HANDOUT,
            "--locales-dir",
            str(locales),
            "--jobs",
            "2",
        ],
    )
    assert result.exit_code == builder.EXIT_SKIPPED, result.output
    assert "skipped fr (aftercare): " in result.stderr
    assert "fr/LC_MESSAGES/messages.po:12: syntax error" in result.stderr
    assert "0 built, 8 up to date, 4 skipped (fr)" in result.stdout
    data = manifest_of(out)
    assert {f["locale"] for f in data["files"]} == {"en", TRANSLATED}
    [skip] = data["skipped"]
    assert skip["locale"] == "fr" and skip["handouts"] == [HANDOUT]
    assert "messages.po:12: syntax error" in skip["reason"]
    assert "fr" not in {p.name for p in out.iterdir()}
    assert "messages.po:12: syntax error" in (out / "index.html").read_text(encoding="utf-8")
    # The same broken catalog: skipped again without starting a single worker.
    again = builder.build(project_for(locales), out, handouts=[HANDOUT])
    assert (again.built, again.reused, again.skipped_pdfs) == (0, 8, 4)


def test_a_locale_that_breaks_loses_its_old_pdfs(locales, out, fake_renders):
    """A patient must never get a PDF its locale may no longer print."""
    shutil.copy(
        RESOURCES / "catalogs" / "syntax-error.po",
        locales / TRANSLATED / "LC_MESSAGES" / "messages.po",
    )
    result = run_build(project_for(locales), out)
    assert result.exit_code == builder.EXIT_SKIPPED
    assert {e.locale for e in result.manifest.files.values()} == {"en"}
    assert not (out / TRANSLATED).exists()


class _InterruptAfterFirst(Reporter):
    def finished(self, done) -> None:
        raise KeyboardInterrupt


def test_interrupted_build_changes_nothing_and_the_next_one_resumes(locales, out, fake_renders):
    before = snapshot(out)
    changed = project_for(locales, content_version="2.0")
    with pytest.raises(builder.BuildInterrupted):
        run_build(changed, out, reporter=_InterruptAfterFirst(quiet=True))
    assert snapshot(out) == before
    assert len(list((out / builder.STAGING).glob("*.pdf"))) >= 1
    resumed = run_build(project_for(locales, content_version="2.0"), out)
    assert resumed.built == 8 and resumed.resumed >= 1
    assert {e["content_version"] for e in manifest_of(out)["files"]} == {"2.0"}
    assert not (out / builder.STAGING).exists()


def test_killed_build_leaves_the_previous_outputs_and_manifest(tmp_path, locales, out):
    before = snapshot(out)
    settings = tmp_path / "settings.toml"
    settings.write_text('[content]\nversion = "2.0"\n', encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "vertebro_print",
        "build",
        "--out",
        str(out),
        "--handout",
        HANDOUT,
        "--locales-dir",
        str(locales),
        "--settings",
        str(settings),
        "--jobs",
        "1",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    for line in process.stdout:
        if line.startswith("built "):  # one PDF done, seven to go
            process.send_signal(signal.SIGTERM)
            break
    _, errors = process.communicate(timeout=60)
    assert process.returncode == builder.EXIT_INTERRUPTED, errors
    assert "interrupted:" in errors
    assert snapshot(out) == before


def test_one_build_at_a_time_per_folder(locales, out, fake_renders):
    with open(out / builder.LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(UsageError, match="another build is writing to"):
            run_build(project_for(locales), out)


def test_unknown_language_is_a_usage_error_before_anything_is_written(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--lang", "xx"])
    assert result.exit_code == 2
    assert "unknown language 'xx'" in result.stderr
    assert not out.exists()


def test_render_html_links_its_stylesheet_and_base(tmp_path, project):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["render", HANDOUT, "--html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    base = f'<base href="{project.handouts_dir.as_uri()}/">'
    link = '<link rel="stylesheet" href="css/handout.css">'
    # Exactly the HTML WeasyPrint lays out, plus the two lines a browser needs.
    assert written == html_of(RenderRequest(HANDOUT), project).replace(
        "<head>", f"<head>\n{base}\n{link}", 1
    )
    assert written.index(link) < written.index("<style>")


@pytest.mark.browser
def test_render_html_shows_the_same_page_in_a_browser(tmp_path, browser):  # noqa: F811
    out = tmp_path / "page.html"
    assert CliRunner().invoke(main, ["render", HANDOUT, "--html", "-o", str(out)]).exit_code == 0
    page = browser.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(out.as_uri(), wait_until="load")
    # 12pt body text and the page footer hidden from the flow come from the stylesheet; the
    # pictograms from images/ beside it.
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "16px"
    pictograms = page.evaluate(
        "[...document.querySelectorAll('.pictogram')].map(e => getComputedStyle(e).backgroundImage)"
    )
    assert pictograms and all("handouts/images/" in p for p in pictograms)
    assert failed == []
    page.close()


def test_the_installed_fonts_are_an_input(locales, out, fake_renders, monkeypatch):
    files = {path.name for path in stamps.font_files()}
    assert {"NotoSans-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoSansCJK-Regular.ttc"} <= files
    monkeypatch.setattr(stamps, "fonts_stamp", lambda: "after a font package upgrade")
    result = run_build(project_for(locales), out)
    assert (result.built, result.reused) == (8, 0) and len(fake_renders) == 8
