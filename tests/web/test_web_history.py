"""The page prints what it shows, whatever way it is shown again: Back, Forward, reload, the
back-forward cache, two tabs. After each, the ticked language and handout, the "Chosen
language" line, the buttons' labels and what Print sends all agree; and the last patient's
appointment is never on the page when staff come back to it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import APPOINTMENT_DAY
from tests.pdfs import reader
from tests.web.serving import printed_pdf, serving, wait_for_preview
from vertebro_print.project import Project
from vertebro_print.settings import Settings

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
SPANISH_AFTERCARE = "/?handout=aftercare&lang=es&preview=1"
# What the page says, read from the page itself: the ticked radios of the choosing form, the
# "Chosen language" line and the buttons' labels.
SAID = """() => {
  const form = document.getElementById("choices");
  const lang = form.querySelector('input[name="lang"]:checked');
  const handout = form.querySelector('input[name="handout"]:checked');
  const chosen = document.querySelector('#chosen-language [data-chosen="some"]');
  return {
    lang: lang ? lang.value : null,
    langName: lang ? lang.dataset.name : null,
    native: lang ? lang.dataset.native : null,
    handoutTitle: handout ? handout.dataset.title : null,
    chosenShown: !chosen.hidden,
    chosenName: document.querySelector('[data-chosen="name"]').textContent,
    noneShown: !document.querySelector('[data-chosen="none"]').hidden,
    making: [...form.querySelectorAll("[data-making]")].map(s => s.textContent),
  };
}"""


@pytest.fixture(scope="module")
def server():
    with serving(Project(Settings())) as url:
        yield url


@pytest.fixture
def context(browser):
    made = browser.new_context(viewport=DESKTOP)
    yield made
    made.close()


def assert_page_agrees(page, lang: str) -> None:
    """The page says `lang` everywhere, and nothing else."""
    said = page.evaluate(SAID)
    assert said["lang"] == lang, said
    assert said["chosenShown"] and not said["noneShown"], said
    assert said["chosenName"] == said["native"], said
    expected = f"{said['langName']} · {said['handoutTitle'] or 'no handout chosen'}"
    assert said["making"] == [expected] * len(said["making"]), said


def printed_lang(context, page, button: str = "#choices button[value=print]") -> str:
    """The language of the PDF a Print button opens, as the PDF itself declares it."""
    pdf = printed_pdf(context, page, lambda: page.click(button))
    return str(reader(pdf).trailer["/Root"]["/Lang"])


def preview_of(page, label: str) -> None:
    page.click(f"label[for={label}]")
    with page.expect_navigation():
        page.click("#choices button[value=preview]")
    wait_for_preview(page)


def test_back_prints_the_language_it_shows(server, context):
    page = context.new_page()
    page.goto(server + SPANISH_AFTERCARE)
    wait_for_preview(page)
    preview_of(page, "lang-fr")
    assert_page_agrees(page, "fr")
    page.go_back()
    wait_for_preview(page)
    assert "lang=es" in page.url
    assert_page_agrees(page, "es")
    assert printed_lang(context, page) == "es"
    # Forward again: French, as the address says.
    page.go_forward()
    wait_for_preview(page)
    assert "lang=fr" in page.url
    assert_page_agrees(page, "fr")
    assert printed_lang(context, page) == "fr"


def test_reload_shows_what_the_address_says(server, context):
    page = context.new_page()
    page.goto(server + SPANISH_AFTERCARE)
    wait_for_preview(page)
    page.click("label[for=lang-ru]")  # ticked, never sent
    page.click("label[for=handout-about]")
    assert_page_agrees(page, "ru")
    page.reload()
    wait_for_preview(page)
    assert_page_agrees(page, "es")
    assert page.is_checked("#handout-aftercare")
    assert printed_lang(context, page) == "es"


def test_the_last_patients_appointment_is_gone_after_back(server, context):
    page = context.new_page()
    page.goto(server)
    page.click("label[for=lang-es]")
    page.click("label[for=handout-prepare]")
    page.fill("#date", APPOINTMENT_DAY.isoformat())
    page.fill("#arrive", "07:30")
    page.fill("#fast_from", "00:00")
    with page.expect_navigation():
        page.click("#choices button[value=preview]")
    wait_for_preview(page)
    expect(page.locator("#preview")).to_contain_text("with the appointment")
    page.go_back()
    expect(page.locator("#choices")).to_be_visible()
    for field in ("#date", "#arrive", "#fast_from"):
        assert page.input_value(field) == "", field
    assert page.locator("#preview").count() == 0


def test_a_search_on_a_preview_page_leaves_the_preview_alone(server, context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + SPANISH_AFTERCARE)
    wait_for_preview(page)
    page.fill("#q", "francais")
    page.press("#q", "Enter")  # one match: chosen
    expect(page.locator("#lang-fr")).to_be_checked()
    assert not errors, errors
    hidden = page.locator('#previewed input[name="handout"]')
    assert hidden.is_disabled() is False and hidden.input_value() == "aftercare"
    assert page.locator('#previewed input[name="lang"]').input_value() == "es"
    # The preview's own Print still makes the Spanish handout it shows.
    assert printed_lang(context, page, "#previewed button[value=print]") == "es"


def test_two_tabs_keep_their_own_choice(server, context):
    first, second = context.new_page(), context.new_page()
    first.goto(server + SPANISH_AFTERCARE)
    second.goto(server + "/?handout=aftercare&lang=vi&preview=1")
    wait_for_preview(first)
    wait_for_preview(second)
    first.bring_to_front()
    assert_page_agrees(first, "es")
    second.bring_to_front()
    assert_page_agrees(second, "vi")
    assert printed_lang(context, first) == "es"
    assert printed_lang(context, second) == "vi"


@pytest.fixture(scope="module")
def caching_browser(browser):
    """A second Chromium, with the back-forward cache on (Playwright turns it off)."""
    from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS
    from tests.conftest import patient

    launched = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield patient(launched)
    launched.close()


def test_the_back_forward_cache_shows_a_page_that_agrees(server, caching_browser):
    context = caching_browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        # Every pageshow, and whether it came from the cache.
        page.add_init_script(
            "window.__shows = [];"
            "addEventListener('pageshow', e => window.__shows.push(e.persisted));"
        )
        page.goto(server + SPANISH_AFTERCARE)
        wait_for_preview(page)
        page.fill("#date", APPOINTMENT_DAY.isoformat())  # typed, then the page is left
        page.click("label[for=lang-fr]")
        page.goto(server + "/?q=polish")
        # A page from the cache fires no load event: wait for the navigation, then its pageshow.
        page.go_back(wait_until="commit")
        page.wait_for_function("window.__shows.length > 0")
        assert page.evaluate("window.__shows") == [False, True], "not shown from the cache"
        assert page.input_value("#date") == ""
        # The cache keeps the French tick the labels were written for.
        assert_page_agrees(page, "fr")
        assert printed_lang(context, page) == "fr"
    finally:
        context.close()
