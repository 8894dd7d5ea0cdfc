"""Content rules a patient-education editor checks: what the handouts say and how a list
marks what to do. Read from the English PDFs and HTML of every handout."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.conftest import HANDOUT_IDS
from tests.pdfs import page_texts
from tests.plans import html_of
from vertebro_print.request import RenderRequest

HANDOUTS = HANDOUT_IDS
# A tick box is for something the patient does and ticks off; a prohibition is a rule.
PROHIBITION = re.compile(r"^(Do not|Don't|Never|No )", re.IGNORECASE)


@pytest.fixture
def text_of(shipped_render):
    def text(handout: str) -> str:
        return " ".join(" ".join(page_texts(shipped_render(RenderRequest(handout)).pdf)).split())

    return text


def checklist_items(html: str) -> list[str]:
    items = []
    for block in re.findall(r'<ul class="checklist">(.*?)</ul>', html, re.DOTALL):
        for item in re.findall(r"<li>(.*?)</li>", block, re.DOTALL):
            items.append(" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()))
    return items


@pytest.mark.parametrize("handout", HANDOUTS)
def test_tick_boxes_only_for_actions(project, handout):
    items = checklist_items(html_of(RenderRequest(handout), project))
    if handout in ("prepare", "packet"):
        assert len(items) >= 10
    assert not [i for i in items if PROHIBITION.match(i)]


def test_prohibitions_still_said(text_of):
    prepare = text_of("prepare")
    assert "Do not eat or drink after the time your care team gives you." in prepare
    assert "Do not drive until your doctor says it is OK." in prepare
    assert "Do not drive until your doctor says it is OK." in text_of("aftercare")


def test_ask_when_to_restart_medicines(project):
    html = html_of(RenderRequest("prepare"), project)
    callout = html[html.index('<div class="callout">') :]
    callout = callout[: callout.index("</div>")]
    assert "When should I start my blood thinners and other stopped medicines again?" in callout


def test_who_it_is_for_is_a_may(text_of):
    about = text_of("about")
    assert "All of these must also be true" not in about
    assert (
        "Your doctor may suggest vertebroplasty if you have a recent compression fracture and:"
        in about
    )


def test_no_unsourced_claim_about_bone_height(project, text_of):
    html = html_of(RenderRequest("about"), project)
    table = html[html.index('<table class="compare">') : html.index("</table>")]
    assert "taller" not in table, "the brief says nothing about vertebroplasty and height"
    about = text_of("about")
    assert "Sometimes the balloon also makes the flat bone a little taller again." in about
    assert about.index("small balloon") < about.index("the balloon also makes")


@pytest.mark.parametrize("handout", ["aftercare", "packet"])
def test_lifting_rule_once_and_in_the_summary(text_of, handout):
    text = text_of(handout)
    # The rule, with what to ask instead of a vague "anything heavy", and the key points'
    # short form of it: the summary says the rules again, nothing else does.
    assert text.count("Do not lift heavy things.") == 1
    assert "Ask your care team how much you may lift." in text
    assert text.count("No heavy lifting and no hard exercise for at least 6 weeks.") == 1
    assert "anything heavy" not in text
