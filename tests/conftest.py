"""Shared fixtures. Every test fails on an unexpected warning from WeasyPrint or from
vertebro-print itself (logging is a contract: see README.md, "Logging")."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import shutil
from pathlib import Path

import pytest

# One Chromium launch for the browser tests and the benchmark.
from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS
from vertebro_print.handouts import load_registry
from vertebro_print.i18n.folder import LocaleFolder
from vertebro_print.project import Project
from vertebro_print.settings import Settings, load_settings

# Appointment dates are accepted from a week ago to two years ahead: tests use a coming one.
APPOINTMENT_DAY = dt.date.today() + dt.timedelta(days=12)
ROOT = Path(__file__).resolve().parents[1]
RESOURCES = Path(__file__).resolve().parent / "resources"
pytest_plugins = ["tests.fakes"]
# What the tests iterate over comes from the content, so adding a handout or a language
# needs no test edits: the handouts in handouts.toml, the languages in locales/.
HANDOUT_IDS = list(load_registry(ROOT / "handouts"))
LOCALE_CODES = LocaleFolder(
    ROOT / "locales"
).patient_codes()  # a language in progress is not tested as shipped


def pytest_collection_finish(session: pytest.Session) -> None:
    """A test process keeps many laid-out documents alive (the render caches), and every
    render makes hundreds of thousands of short-lived objects: with Python's default
    thresholds the collector walked that heap again and again (12% of the render tests'
    CPU). What was imported and collected is frozen out of its sight, and it runs less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _schedule_rank(item: pytest.Item) -> int:
    if item.get_closest_marker("longest"):
        return 0
    return 1 if item.get_closest_marker("browser") or item.get_closest_marker("slow") else 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest work first. xdist hands whole files to the two workers in collection order (the
    Makefile turns off its own order, by number of tests, which put the matrix last and left
    one core idle at the end): the longest task first, then the files that render or drive a
    browser, then the quick ones, which fill in beside them."""
    items.sort(key=_schedule_rank)  # stable: a file's tests keep their order


@pytest.fixture(autouse=True)
def no_unexpected_warnings(caplog):
    caplog.set_level(logging.WARNING)
    yield
    noisy = [
        r
        for r in caplog.get_records("call")
        if r.levelno >= logging.WARNING
        and r.name.split(".")[0] in ("weasyprint", "vertebro_print")
        and not getattr(r, "expected", False)
    ]
    allowed = getattr(caplog, "allowed_warnings", ())
    unexpected = [r for r in noisy if not any(a in r.getMessage() for a in allowed)]
    assert not unexpected, "unexpected warnings: " + "; ".join(r.getMessage() for r in unexpected)


@pytest.fixture(scope="session")
def project() -> Project:
    """The shipped handouts and catalogs, with no settings file."""
    return Project(Settings())


@pytest.fixture(scope="session")
def shipped_render(project):
    """Each request rendered once per test process from the shipped content, for the tests
    that only read the PDF. The suite runs with `--dist loadfile`: a module's tests share one
    worker. (pytest 9 ignores the node ids xdist's loadgroup rewrites, so xdist_group marks
    silently split a group over the workers, and a session fixture ran on each.)"""
    from vertebro_print.render import render

    cache = {}

    def get(request):
        if request not in cache:
            cache[request] = render(request, project)
        return cache[request]

    return get


@pytest.fixture(scope="session")
def page_footers(project, shipped_render):
    """For each page of a shipped render: the document code and "page X of Y" it must show.
    A stapled handout (the packet) shows each part's own."""
    from tests.plans import stapled_requests

    def get(request):
        pieces = stapled_requests(request, project) or [request]
        return [
            (project.handout(piece.handout).code, number, shipped_render(piece).pages)
            for piece in pieces
            for number in range(1, shipped_render(piece).pages + 1)
        ]

    return get


@pytest.fixture(scope="session")
def clinic_project() -> Project:
    return Project(load_settings(RESOURCES / "settings" / "clinic.toml"))


@pytest.fixture
def locales_copy(tmp_path) -> Path:
    """A throwaway copy of the shipped catalogs, for tests that change them."""
    target = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", target)
    return target


EXPECT_TIMEOUT_MS = 30_000
# A page's "load" waits for its preview images, each a render and a rasterisation: a cold
# one took more than Playwright's 30 s on two cores shared with a build (a navigation timed
# out in a full run beside other work). Navigations and actions wait for their condition up to
# this bound, as wait_for_preview does.
PAGE_TIMEOUT_MS = 90_000


def patient(browser):
    """The browser, its new contexts made to wait PAGE_TIMEOUT_MS for navigations and
    actions (Playwright has no browser-wide default)."""
    made = browser.new_context

    def new_context(**options):
        context = made(**options)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
        return context

    browser.new_context = new_context
    return browser


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (the web page and the build's index page)."""
    from playwright.sync_api import expect, sync_playwright

    # expect() waits for its condition up to 5 s by default: a preview that a render and a
    # rasterisation stand behind takes longer than that on two busy cores. Still a wait for
    # the condition, with the bound the actions have.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps.sh test")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield patient(launched)
        launched.close()
