"""The front desk page in a real browser: Debian's Chromium driven by Playwright, against a
server this module starts on a free port. Choose Spanish by typing its name, choose the
aftercare handout in large print, see the preview, and check that the PDF Print opens is
Spanish in large print; the same with the keyboard only, and without JavaScript. Screenshots
(desktop, tablet, 200% zoom) go to tests/artifacts/ to be looked at."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import expect

from tests.pdfs import body_size_pt, page_texts, reader
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TITLE = "After your vertebroplasty: care at home"
IMAGES_LOADED = (
    "() => { const images = [...document.querySelectorAll('#preview img')];"
    " return images.length > 0 && images.every(i => i.complete && i.naturalWidth > 0); }"
)


@pytest.fixture(scope="module")
def server():
    """The app on uvicorn in a thread, on a socket bound here (port 0: no race for a port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        create_app(Project(Settings()), workers=2), log_config=None, access_log=False
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    running.should_exit = True
    thread.join(30)
    sock.close()


@pytest.fixture
def context(browser):
    made = browser.new_context(viewport={"width": 1280, "height": 900})
    yield made
    made.close()


@pytest.fixture(scope="module")
def spanish_title() -> str:
    return Project(Settings()).catalog("es").gettext(TITLE)


def wait_for_preview(page) -> None:
    """Until every preview image has loaded. A loop here, not wait_for_function: that one's
    polling never runs in a page with JavaScript off."""
    deadline = time.monotonic() + 60
    while not page.evaluate(IMAGES_LOADED):
        assert time.monotonic() < deadline, "the preview did not appear"
        page.wait_for_timeout(100)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def squash(text: str) -> str:
    return " ".join(text.split())


def printed_pdf(context, page, press) -> bytes:
    """Press Print (by `press()`) and return the PDF the new tab shows. Chromium's viewer
    keeps the bytes to itself, so they are fetched again from the tab's URL (a plain
    request's PDF is the same bytes every time)."""
    pdfs = []
    context.on(
        "response",
        lambda r: pdfs.append(r) if r.headers.get("content-type") == "application/pdf" else None,
    )
    with page.expect_popup() as opened:
        press()
    popup = opened.value
    popup.wait_for_load_state()
    assert popup.url.split("?")[0].endswith("/pdf")
    shown = next(r for r in pdfs if r.url == popup.url)
    assert shown.status == 200 and shown.headers["content-disposition"].startswith("inline")
    pdf = context.request.get(popup.url).body()
    assert pdf.startswith(b"%PDF")
    return pdf


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
        expect(page.locator("li.language:visible")).to_have_count(16)
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
