"""The review round trip without typing an id (issue 23): the sheet as CSV, the reviewer's
decisions in its `decision` column, `approve --csv`, and the handout reviewed; in a
right-to-left and a CJK language. A row whose translation changed after the sheet was made is
not approved."""

from __future__ import annotations

import csv
import io

import pytest

from tests.i18n.test_catalogs import edit_catalog
from tests.i18n.test_review import DRAFT, cli, handout_states
from tests.pdfs import page_texts
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings
from vertebro_print.translators.review_csv import COLUMNS

REVIEWER = "Rana Haddad, CMI-Arabic"
CALL = "Call your doctor or care team right away at %(phone)s."


def sheet(locales, code, tmp_path, name="sheet.csv"):
    out = tmp_path / name
    result = cli(locales, "i18n", "review", code, "aftercare", "--csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read the script right
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    return out, rows


def decide(path, rows, decisions):
    """Save the sheet as a reviewer's spreadsheet would, with `decisions` by row index."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for number, row in enumerate(rows):
        writer.writerow({**row, **decisions.get(number, {})})
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")


@pytest.mark.parametrize("code, script", [("ar", "\u0600-\u06ff"), ("zh_Hant", "\u4e00-\u9fff")])
def test_csv_round_trip_approves_a_handout(locales_copy, tmp_path, code, script):
    import re

    out, rows = sheet(locales_copy, code, tmp_path)
    project = Project(Settings(locales_dir=locales_copy))
    assert len(rows) == len(project.source_messages(project.handout("aftercare")))
    assert all(re.search(f"[{script}]", r["translation"]) for r in rows)
    call = next(r for r in rows if r["english"] == CALL.replace("%(phone)s", "555-0100"))
    assert "555-0100" in call["translation"] and call["safety_critical"] == "yes"
    assert "care team" in call["glossary"]
    # Every row approved but one, which the reviewer wants changed.
    rows[0]["comment"] = "shorter, please"
    decide(
        out, rows, {0: {"decision": "change"}} | {n: {"decision": "x"} for n in range(1, len(rows))}
    )
    result = cli(locales_copy, "i18n", "approve", code, "--csv", str(out), "--reviewer", REVIEWER)
    assert result.exit_code == 0, result.output
    assert f"{len(rows) - 1} string(s) approved" in result.output
    assert "to change" in result.output and "shorter, please" in result.output
    assert handout_states(locales_copy, code)["aftercare"] == "draft"
    # A new sheet: the last row, approved now.
    out, rows = sheet(locales_copy, code, tmp_path, "second.csv")
    assert [r["state"] for r in rows].count("approved") == len(rows) - 1
    decide(out, rows, {0: {"decision": "approve"}})
    result = cli(locales_copy, "i18n", "approve", code, "--csv", str(out), "--reviewer", REVIEWER)
    assert result.exit_code == 0, result.output
    assert handout_states(locales_copy, code)["aftercare"] == "reviewed"
    pdf = render(RenderRequest("aftercare", code), Project(Settings(locales_dir=locales_copy))).pdf
    assert DRAFT not in " ".join(page_texts(pdf)[0].split())


def test_csv_refuses_stale_rows_and_unknown_decisions(locales_copy, tmp_path):
    out, rows = sheet(locales_copy, "ar", tmp_path)
    filled = CALL.replace("%(phone)s", "555-0100")
    number = next(n for n, r in enumerate(rows) if r["english"] == filled)
    edit_catalog(locales_copy, "ar", lambda c: setattr(c[CALL], "string", c[CALL].string + " "))
    decide(out, rows, {number: {"decision": "approve"}})
    result = cli(locales_copy, "i18n", "approve", "ar", "--csv", str(out), "--reviewer", REVIEWER)
    assert result.exit_code == 1 and "changed since the sheet was made" in result.output
    assert handout_states(locales_copy, "ar")["aftercare"] == "draft"
    decide(out, rows, {number: {"decision": "maybe"}})
    result = cli(locales_copy, "i18n", "approve", "ar", "--csv", str(out), "--reviewer", REVIEWER)
    assert result.exit_code == 2 and f"sheet.csv:{number + 2}" in result.output
    assert "approve, change or nothing" in result.output
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    result = cli(locales_copy, "i18n", "approve", "ar", "--csv", str(tmp_path / "other.csv"),
                 "--reviewer", REVIEWER)  # fmt: skip
    assert result.exit_code == 2 and "no id, decision, fingerprint column" in result.output
