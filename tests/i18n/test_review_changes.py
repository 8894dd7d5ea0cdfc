"""An approval is bound to the exact pair (English, translation); when either side changes, the
page-1 notice and the review sheet say which: "the translation changed after review" is not
"the English text changed"."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib

from tests.i18n.test_catalogs import edit_catalog
from tests.i18n.test_review import (
    ABOUT_STRING,
    REVIEWER,
    change_the_english,
    cli,
    first_page,
    handout_states,
)
from tests.pdfs import page_texts
from vertebro_print.i18n import review
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings
from vertebro_print.translators.sheet import sheet_html

TRANSLATION_NOTICE = "The translation changed after a medical translator checked it."
ENGLISH_NOTICE = "The English text changed after a medical translator checked"


def _sheet_label(locales, key, handouts=None):
    project = Project(Settings(locales_dir=locales, handouts_dir=handouts))
    html = sheet_html(project, "es", "about", dt.date(2026, 12, 7))
    row = html[html.index(review.short_id(key)) :]
    return row[: row.index("</tr>")]


def test_a_changed_translation_says_the_translation_changed(locales_copy):
    approved = cli(
        locales_copy, "i18n", "approve", "es", "--handout", "about", "--reviewer", REVIEWER
    )
    assert approved.exit_code == 0, approved.output
    recorded = tomllib.loads((locales_copy / "es" / "review.toml").read_text())
    entry = next(a for a in recorded["approved"] if a["msgid"] == ABOUT_STRING)
    assert entry["source"] == review.source_fingerprint(ABOUT_STRING)

    def change(catalog):
        catalog[ABOUT_STRING].string = "Cómo se diferencian"

    edit_catalog(locales_copy, "es", change)
    assert handout_states(locales_copy, "es")["about"] == "outdated"
    page = first_page(locales_copy, "about")
    assert TRANSLATION_NOTICE in page and ENGLISH_NOTICE not in page
    assert "La traducción cambió después de que un traductor médico la revisó." in page
    label = _sheet_label(locales_copy, ABOUT_STRING)
    assert "the translation changed after review" in label and "English" not in label


def test_a_changed_english_string_says_the_english_changed(locales_copy, tmp_path):
    handouts = tmp_path / "handouts"
    shutil.copytree(Project(Settings()).handouts_dir, handouts)
    approved = cli(locales_copy, "i18n", "approve", "es", "--all", "--reviewer", REVIEWER)
    assert approved.exit_code == 0, approved.output
    change_the_english(locales_copy, handouts)
    project = Project(Settings(locales_dir=locales_copy, handouts_dir=handouts))
    assert project.catalog("es").handout_changes["about"] == review.SOURCE_CHANGED
    page = " ".join(page_texts(render(RenderRequest("about", "es"), project).pdf)[0].split())
    assert ENGLISH_NOTICE in page and TRANSLATION_NOTICE not in page


def test_each_side_of_a_pair_is_told_apart():
    """A plural message keeps its key (the singular) when only its plural English changes."""
    old = ("%(n)s week", "%(n)s weeks")
    approval = review.Approval(
        "%(n)s week",
        review.pair_fingerprint(old, ("%(n)s semana", "%(n)s semanas")),
        REVIEWER,
        dt.date(2026, 12, 1),
        ("aftercare",),
        review.source_fingerprint(old),
    )
    file = review.ReviewFile(review.ReviewStatus("draft"), {"%(n)s week": approval})
    assert review.changed_side(file, "%(n)s week", old) == review.TRANSLATION_CHANGED
    new = ("%(n)s week", "%(n)s full weeks")
    assert review.changed_side(file, "%(n)s week", new) == review.SOURCE_CHANGED
    # An approval written before `source` was recorded cannot tell.
    legacy = review.Approval(
        approval.msgid, approval.fingerprint, REVIEWER, dt.date(2026, 12, 1), ("aftercare",)
    )
    older = review.ReviewFile(review.ReviewStatus("draft"), {"%(n)s week": legacy})
    assert review.changed_side(older, "%(n)s week", old) == review.EITHER_CHANGED
    current = {"%(n)s week": ("another pair", new)}
    assert review.handout_change(file, "aftercare", current) == review.SOURCE_CHANGED
    current = {"%(n)s week": ("another pair", old)}
    assert review.handout_change(file, "aftercare", current) == review.TRANSLATION_CHANGED
