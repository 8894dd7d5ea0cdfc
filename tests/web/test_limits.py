"""What the web server reads and how much work it takes on, over HTTP: bad JSON is a 400 and
never a 500; the cache's staleness comes from the build's stamp and the files each render
loaded, with no folder walked (a broken link beside the logo breaks nothing); templates are
not followed out of the handout folder; the render queue is bounded (503 with Retry-After)
and drops the work of a client that left (on a real uvicorn on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from tests.conftest import APPOINTMENT_DAY
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app
from vertebro_print.web import renderer as renderer_module

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="{}"/></svg>'
)
PERSONAL = {"date": APPOINTMENT_DAY.isoformat(), "arrive": "06:45", "fast_from": "23:15"}


# JSON -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def poolless():
    """No test of this group renders: bad bodies are refused before anything is queued."""
    return TestClient(create_app(Project(Settings()), workers=1), base_url="http://127.0.0.1")


@pytest.mark.parametrize(
    "body, message",
    [
        (b"[" * 5000 + b"]" * 5000, "nested more than"),
        (b'{"handout": ' + b"[" * 5000, "nested more than"),
        (b'{"handout": "about", "x": ' + b"{" * 9 + b"}" * 9 + b"}", "nested more than"),
        (b'{"handout": ' + b"7" * 5000 + b"}", "number longer than"),
        (b'{"handout": -' + b"1" * 40 + b".5e1}", "number longer than"),
        (b'{"handout": 1e' + b"9" * 4400 + b"}", "number longer than"),
        (b'{"handout": 123}', "must be a string"),  # a short number: the usual message
        (b'{"handout": "' + b"[" * 5000 + b'"}', "too long"),  # brackets in a string count not
        (b'"\\' + b'"' * 16000, "not valid JSON"),
        # The last key won: "es" then "en" printed English. As on the form path, refused.
        (b'{"handout": "about", "lang": "es", "lang": "en"}', "'lang' is given more than once"),
        (b'{"handout": "about", "large_print": true, "large_print": false}', "more than once"),
    ],
)
def test_bad_json_is_a_400_never_a_500(poolless, body, message):
    response = poolless.post(
        "/api/render", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert message in response.json()["error"]


# Staleness and the files that may be read -------------------------------------------------


@pytest.fixture(scope="module")
def own_files(tmp_path_factory) -> Path:
    """A clinic's own handout folder and a logo in a folder holding a broken link and a link
    loop (the old staleness check walked this folder: every cached PDF was a 500)."""
    root = tmp_path_factory.mktemp("own")
    shutil.copytree(Project(Settings()).handouts_dir, root / "handouts")
    brand = root / "brand"
    brand.mkdir()
    (brand / "logo.svg").write_text(SVG.format("navy"))
    (brand / "gone").symlink_to(root / "nowhere")
    (brand / "loop").symlink_to(brand / "loop")
    # "about" is a link to a template outside the handout folder.
    outside = root / "elsewhere.html.j2"
    outside.write_text("<p>{{ settings.access_token }}</p>")
    about = root / "handouts" / "parts" / "about.html.j2"
    about.unlink()
    about.symlink_to(outside)
    return root


@pytest.fixture(scope="module")
def own(own_files):
    settings = Settings(
        handouts_dir=own_files / "handouts",
        logo=str(own_files / "brand" / "logo.svg"),
        enabled_languages=("en",),
    )
    app = create_app(Project(settings), workers=1)
    with TestClient(app, base_url="http://127.0.0.1", follow_redirects=False) as client:
        yield client


def test_a_broken_link_beside_the_logo_breaks_nothing(own):
    first = own.get("/pdf", params={"handout": "prepare"})
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    again = own.get(
        "/pdf", params={"handout": "prepare"}, headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert own.get("/preview/1.png", params={"handout": "prepare"}).status_code == 200


def test_an_edited_pictogram_renews_only_the_handouts_that_show_it(own, own_files, monkeypatch):
    monkeypatch.setattr(renderer_module, "STAMP_TTL", 0.0)
    shows = {"handout": "aftercare"}  # its warning signs have pictograms
    plain = {"handout": "prepare"}  # no pictogram
    before = {
        name: own.get("/pdf", params=q).headers["etag"]
        for name, q in (("shows", shows), ("plain", plain))
    }
    fever = own_files / "handouts" / "images" / "fever.svg"
    fever.write_text(fever.read_text().replace("</svg>", "<!-- redrawn --></svg>"))
    renewed = own.get("/pdf", params=shows, headers={"if-none-match": before["shows"]})
    assert renewed.status_code == 200 and renewed.headers["etag"] != before["shows"]
    kept = own.get("/pdf", params=plain, headers={"if-none-match": before["plain"]})
    assert kept.status_code == 304


def test_an_edited_logo_renews_every_handout(own, own_files, monkeypatch):
    monkeypatch.setattr(renderer_module, "STAMP_TTL", 0.0)
    before = own.get("/pdf", params={"handout": "prepare"}).headers["etag"]
    (own_files / "brand" / "logo.svg").write_text(SVG.format("teal"))
    after = own.get("/pdf", params={"handout": "prepare"}, headers={"if-none-match": before})
    assert after.status_code == 200 and after.headers["etag"] != before


def test_a_template_linked_from_outside_is_refused(own, caplog):
    caplog.allowed_warnings = ("failed: RenderError",)
    response = own.post("/api/render", json={"handout": "about"})
    assert response.status_code == 500
    assert "refused to load template parts/about.html.j2" in response.json()["error"]
    assert "outside the handout folder" in response.json()["error"]


# The render queue, on a real server -------------------------------------------------------


class Live:
    """The app on uvicorn on 127.0.0.1 in a thread, with one render worker that the test can
    keep busy with a job that waits for an event (set by the test)."""

    def __init__(self) -> None:
        # Requests may name their client (X-Forwarded-For): several desks on one loopback.
        settings = Settings(enabled_languages=("en",), trusted_proxies=("127.0.0.1",))
        self.app = create_app(Project(settings), workers=1)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_config=None, access_log=False))
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(target=asyncio.run, args=(self._serve(),), daemon=True)
        self.thread.start()
        self.until(lambda: self.server.started, "the server did not start")

    async def _serve(self) -> None:
        self.loop = asyncio.get_running_loop()
        await self.server.serve(sockets=[self.sock])

    @staticmethod
    def until(condition, what: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, what
            time.sleep(0.02)

    def health(self) -> dict:
        return httpx.get(f"http://127.0.0.1:{self.port}/healthz").json()

    def occupy_worker(self, event):
        renderer = self.app.state.renderer
        job = asyncio.run_coroutine_threadsafe(renderer._run(event.wait, 120), self.loop)
        self.until(lambda: self.health()["rendering"] == 1, "the worker did not start the job")
        return job

    def send(
        self, method: str, path: str, body: dict | None = None, client: str = ""
    ) -> socket.socket:
        """A request on a raw connection, left open until the test closes it; `client`: the
        address it comes from, as a trusted proxy names it."""
        data = json.dumps(body).encode() if body is not None else b""
        connection = socket.create_connection(("127.0.0.1", self.port))
        forwarded = f"X-Forwarded-For: {client}\r\n" if client else ""
        connection.sendall(
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n{forwarded}"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode()
            + data
        )
        return connection

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()


@pytest.fixture(scope="module")
def live():
    server = Live()
    manager = multiprocessing.get_context("spawn").Manager()
    server.event = manager.Event()
    yield server
    server.event.set()
    server.stop()
    manager.shutdown()


def queued_is(live: Live, count: int) -> None:
    live.until(lambda: live.health()["queued"] == count, f"queued never became {count}")


def test_a_render_nobody_waits_for_leaves_the_queue(live, caplog):
    caplog.set_level(logging.INFO, logger="vertebro_print")
    live.event.clear()
    blocker = live.occupy_worker(live.event)
    left = live.send("POST", "/api/render", {"handout": "prepare", **PERSONAL})
    queued_is(live, 1)
    left.close()  # the browser tab is closed
    queued_is(live, 0)
    # Two requests share one render of a cacheable PDF: it stays while one still waits.
    first = live.send("GET", "/pdf?handout=about")
    second = live.send("GET", "/pdf?handout=about")
    queued_is(live, 1)
    first.close()
    assert live.health()["queued"] == 1
    second.close()
    queued_is(live, 0)
    live.event.set()
    blocker.result(60)
    live.until(lambda: live.health()["rendering"] == 0, "the worker stayed busy")
    assert not [r for r in caplog.records if r.getMessage().startswith("rendered")]


def test_past_the_queue_bound_a_503_with_retry_after(live, caplog):
    caplog.allowed_warnings = ("failed: ServiceBusy",)
    live.event.clear()
    blocker = live.occupy_worker(live.event)
    bound = renderer_module.QUEUE_PER_CLIENT  # all from one client
    waiting = [
        live.send("POST", "/api/render", {"handout": "prepare", "paper": paper, **PERSONAL})
        for paper in ("a4", "letter")[:bound]
    ]
    queued_is(live, bound)
    base = f"http://127.0.0.1:{live.port}"
    refused = httpx.post(f"{base}/api/render", json={"handout": "about", **PERSONAL}, timeout=30)
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == str(renderer_module.RETRY_AFTER)
    assert "busy" in refused.json()["error"]
    page = httpx.get(f"{base}/pdf", params={"handout": "about"}, timeout=30)
    assert page.status_code == 503 and page.headers["retry-after"]
    live.event.set()
    blocker.result(60)
    for connection in waiting:  # the queued ones are served once the worker is free
        connection.settimeout(120)
        answer = b""
        while b"%PDF" not in answer:
            chunk = connection.recv(65536)
            assert chunk, "the connection closed without a PDF"
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200 ")
        connection.close()
    assert (
        httpx.post(f"{base}/api/render", json={"handout": "about"}, timeout=120).status_code == 200
    )


def answered(connections: dict[str, socket.socket]) -> list[str]:
    """The names of the connections in the order their PDFs came back (bounded wait)."""
    import selectors

    received = {name: b"" for name in connections}
    order: list[str] = []
    with selectors.DefaultSelector() as selector:
        for name, connection in connections.items():
            selector.register(connection, selectors.EVENT_READ, name)
        deadline = time.monotonic() + 240
        while len(order) < len(connections):
            assert time.monotonic() < deadline, f"only {order} were answered"
            for key, _ in selector.select(timeout=1):
                chunk = key.fileobj.recv(65536)
                received[key.data] += chunk
                if not chunk or received[key.data].rstrip().endswith(b"%%EOF"):
                    assert received[key.data].startswith(b"HTTP/1.1 200 "), key.data
                    order.append(key.data)
                    selector.unregister(key.fileobj)
    return order


def test_a_flood_from_one_client_leaves_the_others_their_turn(live, caplog):
    """Issue 19's probe: 12 clients flooding personalised renders got a staff member's
    render refused nine times in ten, plain PDFs ten in ten, and wrote an ERROR line per
    503. Now the flood fills only its own share of the queue: the staff render is queued and
    served in turn, the plain PDF goes first, and the flood's 503s are logged once."""
    caplog.allowed_warnings = ("failed: ServiceBusy",)
    live.event.clear()
    blocker = live.occupy_worker(live.event)
    share = renderer_module.QUEUE_PER_CLIENT
    flood = [
        live.send("POST", "/api/render", {"handout": "prepare", **PERSONAL}, "10.0.0.66")
        for _ in range(share)
    ]
    queued_is(live, share)
    base = f"http://127.0.0.1:{live.port}"
    for _ in range(8):  # the flood ignores Retry-After
        refused = httpx.post(
            f"{base}/api/render",
            json={"handout": "about", **PERSONAL},
            headers={"x-forwarded-for": "10.0.0.66"},
            timeout=30,
        )
        assert refused.status_code == 503 and refused.headers["retry-after"]
    staff = live.send("POST", "/api/render", {"handout": "about", **PERSONAL}, "10.0.0.7")
    queued_is(live, share + 1)
    plain = live.send("GET", "/pdf?handout=aftercare&large_print=true", client="10.0.0.8")
    queued_is(live, share + 2)
    live.event.set()
    blocker.result(60)
    connections = {"plain": plain, "staff": staff, "flood 1": flood[0], "flood 2": flood[1]}
    order = answered(connections)
    for connection in connections.values():
        connection.close()
    # Plain first, then one render per client in turn: the staff's before the flood's second.
    assert order == ["plain", "flood 1", "staff", "flood 2"]
    busy = [r for r in caplog.records if "failed: ServiceBusy" in r.getMessage()]
    assert len(busy) == 1
