"""Never the wrong handout, in a real browser: a language the search hides stays in sight and
is what Print makes; every button says what it makes; a personalised preview is brought into
view and focused; no language means no handout (with and without JavaScript); the search
knows the names people use, as the server does; a broken catalog with a long path does not
widen the page. The catalogs are tests/web/serving.py's clinic_locales: Polish is broken."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.conftest import APPOINTMENT_DAY
from tests.pdfs import page_texts, reader
from tests.web.serving import (
    clinic_locales,
    printed_pdf,
    screenshot,
    serving,
    shown,
    squash,
    wait_for_preview,
)
from vertebro_print.project import Project
from vertebro_print.settings import Settings

pytestmark = pytest.mark.browser

PREPARE = "Getting ready for your vertebroplasty"
DESKTOP = {"width": 1280, "height": 900}
IN_VIEW = (
    "e => { const r = e.getBoundingClientRect();"
    " return r.top >= 0 && r.top < window.innerHeight / 2; }"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return Project(Settings(locales_dir=clinic_locales(tmp_path_factory.mktemp("choosing"))))


@pytest.fixture(scope="module")
def server(project):
    with serving(project) as url:
        urllib.request.urlopen(url).read()  # the broken catalog is logged here, not in a test
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def search_page(server, browser):
    """One page for all the search cases: loading a page for each was a third of this file's
    time, and typing in the box changes nothing else on the page."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_a_language_hidden_by_the_search_stays_in_sight(server, page, project):
    page.goto(server)
    chosen, buttons = page.locator("#chosen-language"), page.locator("#choices .actions button")
    expect(chosen).to_have_text("No language chosen yet.", use_inner_text=True)
    page.click("label[for=lang-es]")
    page.click("label[for=handout-prepare]")
    page.fill("#q", "chinese")
    expect(page.locator("li.language:visible")).to_have_count(2)
    expect(chosen).to_have_text(
        "Chosen language: Español – Spanish · hidden by the search", use_inner_text=True
    )
    for button in buttons.all():
        expect(button).to_contain_text(f"Spanish · {PREPARE}")
    pdf = printed_pdf(page.context, page, lambda: page.click("#choices button[value=print]"))
    screenshot(page, "hidden-choice")  # after: a full-page shot first loses the click
    assert reader(pdf).trailer["/Root"]["/Lang"] == "es"
    spanish = project.catalog("es").gettext(PREPARE)
    assert squash(spanish) in squash(" ".join(page_texts(pdf)))
    # Choosing one of the matches changes everything that says what will be made.
    page.click("label[for=lang-zh_Hant]")
    expect(chosen).to_have_text(
        "Chosen language: 中文 (繁體) – Chinese (Traditional)", use_inner_text=True
    )
    expect(page.locator("#chosen-language strong")).to_have_attribute("lang", "zh-Hant")
    expect(buttons.nth(1)).to_contain_text(f"Chinese (Traditional) · {PREPARE}")
    page.fill("#q", "")
    # Every language offered (English and each shipped catalog) is in sight again.
    expect(page.locator("li.language:visible")).to_have_count(len(project.locale_codes()))


def test_print_this_makes_what_the_preview_shows(server, page):
    """Choices changed after a preview change the form's buttons, not the preview's."""
    page.goto(server)
    page.click("label[for=lang-es]")
    page.click("label[for=handout-about]")
    with page.expect_navigation():
        page.click("#choices button[value=preview]")
    wait_for_preview(page)
    page.click("label[for=lang-fr]")
    page.click("label[for=handout-prepare]")
    expect(page.locator("#choices button[value=print]")).to_contain_text(f"French · {PREPARE}")
    about = "Vertebroplasty: what it is and how it is done"
    expect(page.locator("#previewed button[value=print]")).to_contain_text(f"Spanish · {about}")
    pdf = printed_pdf(page.context, page, lambda: page.click("#previewed button[value=print]"))
    assert reader(pdf).trailer["/Root"]["/Lang"] == "es"


def test_the_server_writes_the_same_words_as_the_script(server, page, page_without_js):
    """Without JavaScript the page shows the choice it was sent, in the script's words."""
    page.goto(server)
    page.click("label[for=lang-es]")
    page.click("label[for=handout-prepare]")
    page.fill("#q", "chinese")
    page_without_js.goto(f"{server}/?lang=es&handout=prepare&q=chinese")
    served = ""
    for selector in ("#chosen-language", "#choices .actions"):
        scripted, text = (squash(p.inner_text(selector)) for p in (page, page_without_js))
        assert scripted == text
        served += text
    assert "Español – Spanish · hidden by the search" in served
    assert f"Spanish · {PREPARE}" in served


def test_a_personalised_preview_is_brought_into_view_and_focused(server, page):
    page.goto(server)
    page.click("label[for=lang-es]")
    page.click("label[for=handout-prepare]")
    page.fill("#date", APPOINTMENT_DAY.isoformat())
    with page.expect_navigation():
        page.click("#choices button[value=preview]")
    wait_for_preview(page)
    assert page.evaluate("document.activeElement.id") == "preview"
    assert page.eval_on_selector("#preview", IN_VIEW), "the preview is out of sight"
    assert "with the appointment" in page.inner_text("#preview")
    screenshot(page, "personalised-preview")
    page.keyboard.press("Tab")  # from the preview, straight to its own Print button
    focused = page.evaluate("document.activeElement.closest('form').id")
    assert focused == "previewed"


def test_without_javascript_the_preview_is_in_view_too(server, page_without_js):
    page = page_without_js
    page.goto(server)
    page.click("label[for=lang-es]")
    page.click("label[for=handout-prepare]")
    page.fill("#date", APPOINTMENT_DAY.isoformat())
    with page.expect_navigation():
        page.click("#choices button[value=preview]")
    wait_for_preview(page)
    assert page.url.endswith("/go#preview")
    assert page.eval_on_selector("#preview", IN_VIEW), "the preview is out of sight"


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_no_language_means_no_handout(server, browser, script):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=script)
    try:
        page = context.new_page()
        page.goto(server)
        page.click("label[for=handout-about]")
        with page.expect_navigation():
            page.click("#choices button[value=preview]")
        # The buttons say what is missing (the script as soon as it is, the server after).
        expect(page.locator("#choices button[value=print]")).to_contain_text(
            "No language chosen · Vertebroplasty: what it is and how it is done"
        )
        alert = page.locator("#problem")
        expect(alert).to_contain_text("Choose the patient's language (step 1)")
        assert "field" not in alert.inner_text()
        assert page.locator("#preview").count() == 0
        assert page.is_checked("#handout-about")  # what was chosen is kept
    finally:
        context.close()


@pytest.mark.parametrize(
    "typed",
    [
        "Farsi",
        "Mandarin",
        "Cantonese",
        "Filipino",
        "Brazilian",
        "Portuguese Brazil",
        "繁体",
        "perski",
        "ÁRABE",
        "हिन्दी",
        "Kreyòl",
        "中国語",
        "tieng viet",
        "ZH-hant",
        "klingon",
    ],
)
def test_the_search_as_you_type_finds_what_the_server_finds(server, search_page, typed):
    page = search_page
    page.fill("#q", "")  # each query starts from the whole list, as a person's would
    expect(page.locator("li.language:visible")).to_have_count(page.locator("li.language").count())
    page.fill("#q", typed)
    expected = shown(
        urllib.request.urlopen(f"{server}/?q={urllib.parse.quote(typed)}").read().decode()
    )
    expect(page.locator("li.language:visible")).to_have_count(len(expected))
    visible = page.eval_on_selector_all(
        "li.language:not([hidden]) input", "inputs => inputs.map(i => i.value)"
    )
    assert set(visible) == expected and (expected or typed == "klingon")


@pytest.mark.parametrize(
    "name, viewport, scale",
    [
        ("desktop", DESKTOP, 1),
        ("tablet", {"width": 768, "height": 1024}, 1),
        ("zoom-200", {"width": 640, "height": 450}, 2),
    ],
)
def test_a_broken_catalog_does_not_widen_the_page(server, browser, name, viewport, scale):
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    try:
        page = context.new_page()
        page.goto(server)
        expect(page.locator("#lang-pl")).to_be_disabled()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow} px"
        expect(page.locator("label[for=lang-pl]")).to_contain_text(
            "Not available: the translation file needs fixing"
        )
        assert "/srv/" not in page.content()
        screenshot(page, f"broken-catalog-{name}")
    finally:
        context.close()
