"""The front desk page in a real browser: Debian's Chromium driven by Playwright, against a
server this module starts on a free port. Choose Spanish by typing its name, choose the
aftercare handout in large print, see the preview, and check that the PDF Print opens is
Spanish in large print; the same with the keyboard only, and without JavaScript. Screenshots
(desktop, tablet, 200% zoom) go to tests/artifacts/ to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pdfs import body_size_pt, page_texts, reader
from tests.web.serving import printed_pdf, screenshot, serving, squash, wait_for_preview
from vertebro_print.project import Project
from vertebro_print.settings import Settings

pytestmark = pytest.mark.browser

TITLE = "After your vertebroplasty: care at home"


@pytest.fixture(scope="module")
def server():
    with serving(Project(Settings())) as url:
        yield url


@pytest.fixture
def context(browser):
    made = browser.new_context(viewport={"width": 1280, "height": 900})
    yield made
    made.close()


@pytest.fixture(scope="module")
def spanish_title() -> str:
    return Project(Settings()).catalog("es").gettext(TITLE)


def assert_spanish_large_print(pdf: bytes, spanish_title: str) -> None:
    text = squash(" ".join(page_texts(pdf)))
    assert squash(spanish_title) in text
    assert TITLE not in text
    assert reader(pdf).trailer["/Root"]["/Lang"] == "es"
    assert body_size_pt(pdf) == 18.0  # large print body text


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_choose_preview_and_print_with_the_mouse(server, context, spanish_title):
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(server)
    page.fill("#q", "Spanish")
    visible = page.locator("li.language:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Español")
    assert page.inner_text("#match-count").startswith("1 of ")
    page.click("label[for=lang-es]")
    shown = page.locator('[data-title-for="aftercare"]')
    assert shown.inner_text() == spanish_title and shown.get_attribute("lang") == "es"
    # Each handout says whether its strings are approved in the chosen language.
    badge = page.locator('[data-badge-for="aftercare"]')
    expect(badge).to_have_text("Draft translation")
    expect(badge).to_have_class("badge badge-draft")
    page.click("label[for=handout-aftercare]")
    page.check("#large_print")
    with page.expect_navigation():
        page.click("button[value=preview]")
    wait_for_preview(page)
    assert "Spanish, large print" in page.inner_text("#preview")
    assert page.is_checked("#lang-es") and page.is_checked("#large_print")
    screenshot(page, "desktop-preview")
    pdf = printed_pdf(context, page, lambda: page.click("#preview button[value=print]"))
    assert_spanish_large_print(pdf, spanish_title)
    assert not problems, problems  # no CSP violation, no failed load


def test_the_same_with_the_keyboard_only(server, context, spanish_title):
    page = context.new_page()
    page.goto(server)
    tab_to(page, "#q")
    page.keyboard.type("espanol")
    page.keyboard.press("Enter")  # the only match is chosen and focused
    assert page.evaluate("document.activeElement.id") == "lang-es"
    assert page.is_checked("#lang-es")
    ring = page.eval_on_selector("label[for=lang-es]", "l => getComputedStyle(l).outlineStyle")
    assert ring == "solid", "the focused language shows no focus ring"
    screenshot(page, "keyboard-focus")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "handout"
    while not page.is_checked("#handout-aftercare"):
        page.keyboard.press("ArrowDown")
    tab_to(page, "#large_print")
    page.keyboard.press("Space")
    assert page.is_checked("#large_print")
    tab_to(page, "button[value=preview]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_preview(page)
    tab_to(page, "#preview button[value=print]")
    pdf = printed_pdf(context, page, lambda: page.keyboard.press("Enter"))
    assert_spanish_large_print(pdf, spanish_title)


def test_works_without_javascript(server, browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(server)
        page.fill("#q", "kreyol")
        # Each click below loads a new page; wait for it, or the checks read the old one.
        with page.expect_navigation():
            page.click("#language-search button")  # a plain GET search
        expect(page.locator("li.language:visible")).to_have_count(1)
        expect(page.locator("li.language:visible")).to_contain_text("Kreyòl")
        with page.expect_navigation():
            page.click("a.show-all")
        offered = len(Project(Settings()).locale_codes())  # English and every shipped catalog
        expect(page.locator("li.language:visible")).to_have_count(offered)
        page.click("label[for=lang-es]")
        page.click("label[for=handout-aftercare]")
        page.check("#large_print")
        with page.expect_navigation():
            page.click("button[value=preview]")
        wait_for_preview(page)
    finally:
        context.close()


@pytest.mark.parametrize(
    "name, viewport, scale",
    [
        ("desktop", {"width": 1280, "height": 900}, 1),
        ("tablet", {"width": 768, "height": 1024}, 1),
        ("zoom-200", {"width": 640, "height": 450}, 2),  # a 1280 px window at 200% zoom
    ],
)
def test_layout_fits_every_width(server, browser, name, viewport, scale):
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    try:
        page = context.new_page()
        page.goto(f"{server}/?handout=aftercare&lang=es&large_print=true&preview=1")
        wait_for_preview(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow} px"
        screenshot(page, name)
    finally:
        context.close()
