"""Review per string, end to end on a copy of the shipped catalogs: the review sheet, the
approve command, and the per-handout state (reviewed / outdated / draft) that the page-1
notice, `list --json`, `i18n stats --json`, the build manifest and the web page follow."""

from __future__ import annotations

import json
import re
import shutil
import tomllib

import pytest
from click.testing import CliRunner

from tests.conftest import HANDOUT_IDS
from tests.i18n.test_catalogs import edit_catalog, load, po
from tests.pdfs import page_texts
from vertebro_print.cli import main
from vertebro_print.i18n.review import short_id
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

REVIEWER = "Ana Ruiz, CMI-Spanish"
ABOUT_STRING = "How they differ"  # printed by about (and the handouts made with it) only
ABOUT = "parts/about.html.j2"
SHARED_STRING = "Your appointment"  # printed by prepare and the packet (the appointment box)
EVERY_HANDOUT = "Phone:"  # printed by every handout (the clinic header)
DRAFT = "Draft translation."
OUTDATED = "Translation may be out of date."


def showing(template: str) -> list[str]:
    """The shipped handouts that print a template (about alone, the packet with it)."""
    handouts = Project(Settings()).handouts
    return [h for h in HANDOUT_IDS if template in handouts[h].parts]


def change_the_english(locales, handouts) -> None:
    """One English string of the about part changed, extracted, merged and translated anew
    in es: its approval no longer matches the English."""
    part = handouts / "parts" / "about.html.j2"
    part.write_text(part.read_text().replace(ABOUT_STRING, "How the two differ"))
    for command in (["extract"], ["update", "es"]):
        assert cli(locales, "i18n", *command, handouts=handouts).exit_code == 0

    def translate(catalog):
        catalog["How the two differ"].string = "En qué se diferencian las dos"
        catalog["How the two differ"].flags = set()

    edit_catalog(locales, "es", translate)


def cli(locales, *args, handouts=None):
    extra = ["--handouts-dir", str(handouts)] if handouts else []
    return CliRunner().invoke(main, [*args, "--locales-dir", str(locales), *extra])


def handout_states(locales, code, handouts=None):
    result = cli(locales, "i18n", "stats", "--json", handouts=handouts)
    locale = next(r for r in json.loads(result.output)["locales"] if r["code"] == code)
    return {hid: h["review"] for hid, h in locale["handouts"].items()}


def first_page(locales, handout, code="es"):
    pdf = render(RenderRequest(handout, code), Project(Settings(locales_dir=locales))).pdf
    return " ".join(page_texts(pdf)[0].split())


@pytest.mark.slow  # lays out whole review sheets
def test_review_sheet_shows_each_string_beside_its_translation(locales_copy, tmp_path):
    out = tmp_path / "sheet.pdf"
    result = cli(locales_copy, "i18n", "review", "es", "aftercare", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(page_texts(out.read_bytes())).split())
    catalog = load(po(locales_copy, "es"))
    project = Project(Settings(locales_dir=locales_copy))
    strings = project.source_messages(project.handout("aftercare"))
    for key in strings:
        assert short_id(key) in text
        assert f"po:{catalog[key].lineno}" in text
    # Placeholders show examples (i18n/examples.toml): the emergency number 911.
    emergency = "In an emergency, call %(number)s right away."
    assert emergency.replace("%(number)s", "911") in text
    assert catalog[emergency].string.replace("%(number)s", "911") in text
    # Only what aftercare prints: the appointment box is prepare's.
    assert short_id(SHARED_STRING) not in text and "midnight" not in text
    assert text.count("SAFETY-CRITICAL") == sum(m.safety_critical for m in strings.values())
    assert "not yet approved" in text and "Reviewer (name, credential)" in text
    # A date or time setting shows what it prints.
    assert "prints: jueves, 3 de diciembre de 2026" in text and "prints: 6:45, 14:45" in text


@pytest.mark.slow
@pytest.mark.parametrize("code, sample", [("ar", "موعدك"), ("zh_Hant", "您的預約")])
def test_review_sheet_is_readable_in_rtl_and_cjk(locales_copy, tmp_path, code, sample):
    out = tmp_path / f"{code}.pdf"
    # prepare: the shortest sheet (9 pages, about has 16) that prints the shared string
    result = cli(locales_copy, "i18n", "review", code, "prepare", "-o", str(out))
    assert result.exit_code == 0, result.output  # a glyph no font has would fail the render
    catalog = load(po(locales_copy, code))
    assert catalog[SHARED_STRING].string == sample
    assert sample in " ".join(page_texts(out.read_bytes()))


def test_approve_a_handout_then_a_change_makes_it_outdated(locales_copy):
    assert set(handout_states(locales_copy, "es").values()) == {"draft"}
    assert DRAFT in first_page(locales_copy, "about")
    result = cli(
        locales_copy, "i18n", "approve", "es", "--handout", "about", "--reviewer", REVIEWER
    )
    assert result.exit_code == 0, result.output
    recorded = tomllib.loads((locales_copy / "es" / "review.toml").read_text())
    assert recorded["status"] == "draft"  # the whole-locale field is kept as it was
    entry = next(a for a in recorded["approved"] if a["msgid"] == ABOUT_STRING)
    assert entry["reviewer"] == REVIEWER and len(entry["fingerprint"]) == 16
    assert entry["handouts"] == showing(ABOUT)

    # about is all approved; every other handout (the packet too) has strings that are not.
    assert handout_states(locales_copy, "es") == {
        h: "reviewed" if h == "about" else "draft" for h in HANDOUT_IDS
    }
    listed = json.loads(cli(locales_copy, "list", "--json").output)
    es = next(lang for lang in listed["languages"] if lang["code"] == "es")
    assert es["review"]["about"] == "reviewed" and es["review"]["prepare"] == "draft"
    about = first_page(locales_copy, "about")
    assert DRAFT not in about and OUTDATED not in about
    assert DRAFT in first_page(locales_copy, "prepare")

    # A changed translation of one approved string: the handouts that print it are outdated.
    def change(catalog):
        catalog[ABOUT_STRING].string = "Cómo se diferencian"

    edit_catalog(locales_copy, "es", change)
    states = handout_states(locales_copy, "es")
    assert states["about"] == "outdated" and states["prepare"] == "draft"
    assert OUTDATED in first_page(locales_copy, "about")
    # Approving it again makes the handout reviewed again.
    ids = locales_copy / "ids.txt"
    ids.write_text(f"# ticked on the sheet\n{short_id(ABOUT_STRING)}\n")
    result = cli(locales_copy, "i18n", "approve", "es", "--ids", str(ids), "--reviewer", REVIEWER)
    assert result.exit_code == 0 and "1 string(s) approved" in result.output
    assert handout_states(locales_copy, "es")["about"] == "reviewed"


def test_a_changed_english_string_makes_its_handouts_outdated(locales_copy, tmp_path):
    handouts = tmp_path / "handouts"
    shutil.copytree(Project(Settings()).handouts_dir, handouts)
    assert (
        cli(locales_copy, "i18n", "approve", "es", "--all", "--reviewer", REVIEWER).exit_code == 0
    )
    assert set(handout_states(locales_copy, "es", handouts).values()) == {"reviewed"}
    assert cli(locales_copy, "list", "--json").output.count('"status": "reviewed"') == 1
    change_the_english(locales_copy, handouts)
    states = handout_states(locales_copy, "es", handouts)
    assert states == {h: "outdated" if h in showing(ABOUT) else "reviewed" for h in HANDOUT_IDS}


def test_approve_refuses_bad_input_and_unready_strings(locales_copy):
    review = locales_copy / "es" / "review.toml"
    before = review.read_bytes()
    for args, message in [
        (["--all", "--handout", "about"], "exactly one of"),
        (["--all", "--reviewer", "Ana Ruiz"], "Name, credential"),
        (["--handout", "nope"], "unknown handout"),
    ]:
        reviewer = [] if "--reviewer" in args else ["--reviewer", REVIEWER]
        result = cli(locales_copy, "i18n", "approve", "es", *args, *reviewer)
        assert result.exit_code == 2 and message in result.output, result.output
    ids = locales_copy / "ids.txt"
    ids.write_text("deadbeef\n")
    result = cli(locales_copy, "i18n", "approve", "es", "--ids", str(ids), "--reviewer", REVIEWER)
    assert result.exit_code == 2 and "ids.txt:1" in result.output
    assert review.read_bytes() == before  # nothing written

    edit_catalog(locales_copy, "es", lambda c: c[EVERY_HANDOUT].flags.add("fuzzy"))
    result = cli(
        locales_copy, "i18n", "approve", "es", "--handout", "about", "--reviewer", REVIEWER
    )
    assert result.exit_code == 1 and "not approved (fuzzy)" in result.output
    assert handout_states(locales_copy, "es")["about"] == "draft"


def test_a_whole_locale_review_is_still_read(locales_copy):
    project = Project(Settings(locales_dir=locales_copy))
    (locales_copy / "es" / "review.toml").write_text(
        'status = "reviewed"\nreviewer = "A. Reviewer, CHI"\ndate = 2026-11-01\n'
        f'source_fingerprint = "{project.fingerprint()}"\n'
    )
    assert set(handout_states(locales_copy, "es").values()) == {"reviewed"}
    (locales_copy / "es" / "review.toml").write_text(
        'status = "reviewed"\nreviewer = "A. Reviewer, CHI"\ndate = 2026-11-01\n'
        'source_fingerprint = "000000000000"\n'
    )
    assert set(handout_states(locales_copy, "es").values()) == {"outdated"}
    # Strings approved one by one since make their handout reviewed again.
    approved = cli(
        locales_copy, "i18n", "approve", "es", "--handout", "about", "--reviewer", REVIEWER
    )
    assert approved.exit_code == 0, approved.output
    states = handout_states(locales_copy, "es")
    assert states["about"] == "reviewed" and states["prepare"] == "outdated"
    kept = tomllib.loads((locales_copy / "es" / "review.toml").read_text())
    assert kept["status"] == "reviewed" and kept["source_fingerprint"] == "000000000000"


@pytest.mark.parametrize(
    "content, reason",
    [
        ('[[approved]]\nmsgid = "x"\n', "needs fingerprint, reviewer, date"),
        (
            '[[approved]]\nmsgid = "x"\nfingerprint = "ab"\nreviewer = "A, B"\n'
            'date = 2026-12-01\nhandouts = "about"\n',
            "handouts a list",
        ),
        ('[[approved]]\nmsgid = "x"\nfingerprint = 1\nreviewer = "A, B"\ndate = "x"\n', "date"),
        ("status = [", "cannot read the review status"),
    ],
)
def test_a_broken_review_file_names_itself(locales_copy, content, reason):
    (locales_copy / "es" / "review.toml").write_text(content)
    result = cli(locales_copy, "i18n", "check", "es")
    assert result.exit_code == 1 and "review.toml" in result.output
    assert reason in result.output
    # The other languages are not touched.
    assert "fr" not in result.output
    listed = json.loads(cli(locales_copy, "list", "--json").output)
    assert next(x for x in listed["languages"] if x["code"] == "fr")["status"] == "draft"


@pytest.mark.slow
def test_manifest_and_web_page_follow_each_handout(locales_copy, tmp_path, fake_renders):
    from starlette.testclient import TestClient

    from vertebro_print.build.run import build
    from vertebro_print.web import create_app

    approved = cli(
        locales_copy, "i18n", "approve", "es", "--handout", "about", "--reviewer", REVIEWER
    )
    assert approved.exit_code == 0, approved.output
    out = tmp_path / "out"
    # The manifest is what is read here: an in-process build with the fake renderer.
    build(Project(Settings(locales_dir=locales_copy)), out, langs=["es"], jobs=0)
    assert fake_renders, "the build rendered nothing"
    manifest = json.loads((out / "manifest.json").read_text())
    states = {e["handout"]: e["review_status"] for e in manifest["files"]}
    assert states == {h: "reviewed" if h == "about" else "draft" for h in HANDOUT_IDS}
    project = Project(Settings(locales_dir=locales_copy))
    with TestClient(create_app(project, workers=1), base_url="http://127.0.0.1:8000") as client:
        page = client.get("/", params={"lang": "es"}).text
    badges = dict(re.findall(r'data-badge-for="(\w+)"[^>]*>([^<]*)</span>', page, flags=re.DOTALL))
    assert badges["about"] == "Checked by a medical translator"
    assert badges["prepare"] == "Draft translation"
    assert "data-reviews=" in page
