"""What the browser tests share: the app served by uvicorn in a thread, waiting for a preview,
screenshots for people to look at."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from tests.conftest import RESOURCES, ROOT
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PO = Path("LC_MESSAGES") / "messages.po"
IMAGES_LOADED = (
    "() => { const images = [...document.querySelectorAll('#preview img')];"
    " return images.length > 0 && images.every(i => i.complete && i.naturalWidth > 0); }"
)


@contextmanager
def serving(project: Project, workers: int = 2) -> Iterator[str]:
    """The app on uvicorn in a thread, on a socket bound here (port 0: no race for a port);
    yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(project, workers=workers), log_config=None, access_log=False)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        running.should_exit = True
        thread.join(30)
        sock.close()


def wait_for_preview(page) -> None:
    """Until every preview image has loaded. A loop here, not wait_for_function: that one's
    polling never runs in a page with JavaScript off."""
    deadline = time.monotonic() + 90
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


def clinic_locales(root: Path) -> Path:
    """The shipped catalogs, deep below `root` (as a clinic might keep them: a long absolute
    path that must never reach a page), with Polish broken (a syntax error) and French not
    ready for the aftercare handout (one of its texts untranslated), so French prints only
    some handouts."""
    from babel.messages.pofile import read_po, write_po

    locales = root / "srv" / "clinic-installation" / "front-desk" / "translations" / "locales"
    shutil.copytree(ROOT / "locales", locales)
    shutil.copy(RESOURCES / "catalogs" / "syntax-error.po", locales / "pl" / PO)
    project = Project(Settings(locales_dir=locales))
    elsewhere = {*project.source_messages(project.handout("about"))}
    elsewhere |= {*project.source_messages(project.handout("prepare"))}
    aftercare = project.source_messages(project.handout("aftercare"))
    only = next(
        key
        for key, message in aftercare.items()
        if key not in elsewhere and not message.safety_critical and not message.counts
    )
    path = locales / "fr" / PO
    with path.open("rb") as f:
        catalog = read_po(f, locale="fr")
    catalog[only].string = ""
    with path.open("wb") as f:
        write_po(f, catalog, width=0)
    return locales


def shown(html: str) -> set[str]:
    """The language codes a page's list shows (the others carry `hidden`)."""
    return set(
        re.findall(
            r'<li class="choice language" data-search="[^"]*">\s*<input[^>]*'
            r'value="([^"]+)"',
            html,
        )
    )
