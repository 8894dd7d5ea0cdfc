"""Adding a handout is the content files alone: a new entry in handouts.toml and its part.
No test, CLI or web code names the handouts, so the new one is listed, rendered, gated per
language and built like the others."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from tests.conftest import ROOT
from tests.pdfs import page_texts
from vertebro_print.cli import main

NEW_PART = """{% call section("discharge-intro") %}
<h2>{{ _("Leaving the hospital") }}</h2>
<p>{% trans trimmed %}Ask your care team any questions before you go home.{% endtrans %}</p>
{% endcall %}
"""


def test_a_new_handout_needs_only_its_content(tmp_path):
    handouts = tmp_path / "handouts"
    shutil.copytree(ROOT / "handouts", handouts)
    (handouts / "parts" / "discharge.html.j2").write_text(NEW_PART, encoding="utf-8")
    with (handouts / "handouts.toml").open("a", encoding="utf-8") as registry:
        registry.write(
            '\n[discharge]\ntitle = "Going home from the hospital"\ncode = "VP-HOME"\n'
            'parts = ["parts/discharge.html.j2"]\n'
        )
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    dirs = ["--handouts-dir", str(handouts), "--locales-dir", str(locales)]

    def run(*args):
        return CliRunner().invoke(main, [*args, *dirs])

    listed = json.loads(run("list", "--json").output)
    assert "discharge" in [h["id"] for h in listed["handouts"]]
    es = next(lang for lang in listed["languages"] if lang["code"] == "es")
    assert "discharge" not in es["ready"] and "aftercare" in es["ready"]

    out = tmp_path / "discharge.pdf"
    assert run("render", "discharge", "-o", str(out)).exit_code == 0
    text = " ".join(" ".join(page_texts(out.read_bytes())).split())
    assert "Leaving the hospital" in text and "VP-HOME" in text

    refused = run("render", "discharge", "--lang", "es", "-o", "-")
    assert refused.exit_code == 2 and "es cannot print discharge" in refused.stderr
    assert run("i18n", "extract").exit_code == 0
    assert "Going home from the hospital" in (locales / "messages.pot").read_text()
