"""Who may use the web page, over HTTP: the allowed host names (DNS rebinding), the same-site
check on POSTs, the password with its throttle (HTTP Basic and the login form share it), the
server-side sessions, and a trusted reverse proxy. The clocks of the throttle and of the
sessions are fakes the tests move forward: nothing here sleeps. No test here renders, so
the apps run without their render pool (TestClient without `with`)."""

from __future__ import annotations

import asyncio
import base64
import re

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from vertebro_print.cli import main
from vertebro_print.errors import UsageError
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app
from vertebro_print.web import throttle as throttle_module
from vertebro_print.web.server import check_exposure
from vertebro_print.web.sessions import SESSION_HOURS

TOKEN = "s3cret-front-desk"
BASE = "http://127.0.0.1:8000"


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_client(base_url: str = BASE, **settings) -> TestClient:
    """An app with fake clocks (client.clock moves both) and no render pool."""
    app = create_app(Project(Settings(enabled_languages=("en", "es"), **settings)), workers=1)
    client = TestClient(app, base_url=base_url, follow_redirects=False)
    client.clock = FakeClock()
    app.state.throttle.clock = app.state.sessions.clock = client.clock
    return client


@pytest.fixture
def guarded() -> TestClient:
    return make_client(access_token=TOKEN)


def basic(password: str) -> dict[str, str]:
    return {"authorization": "Basic " + base64.b64encode(f"desk:{password}".encode()).decode()}


def sign_in(client: TestClient, password: str = TOKEN, **headers):
    return client.post("/login", data={"password": password}, headers=headers)


# Host names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost", "LOCALHOST:8000", "localhost.", "[::1]:8000", "[::1]"]
)
def test_loopback_names_are_answered(host):
    client = make_client()
    assert client.get("/healthz", headers={"host": host}).status_code == 200
    assert client.get("/", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    ["attacker.example", "127.0.0.1.attacker.example", "localhost.attacker.example", "0.0.0.0"],
)
def test_other_host_names_are_refused(host):
    """A DNS-rebinding page points its own name at 127.0.0.1: the Host header still names it."""
    client = make_client()
    page = client.get("/", headers={"host": host})
    assert page.status_code == 421 and "server.host_names" in page.text
    api = client.post("/api/render", json={"handout": "about"}, headers={"host": host})
    assert api.status_code == 421 and "server.host_names" in api.json()["error"]
    assert client.get("/healthz", headers={"host": host}).status_code == 421
    # The security headers go on the refusal too.
    assert page.headers["x-frame-options"] == "DENY"


def test_configured_host_names_replace_the_defaults():
    client = make_client("http://frontdesk.clinic.lan", host_names=("FrontDesk.Clinic.LAN",))
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"host": "frontdesk.clinic.lan:8443"}).status_code == 200
    assert client.get("/", headers={"host": "localhost"}).status_code == 421
    bare = make_client(host_names=("::1", "fd00::7"))
    assert bare.get("/", headers={"host": "[::1]:8000"}).status_code == 200
    assert bare.get("/", headers={"host": "[fd00::7]"}).status_code == 200
    assert bare.get("/", headers={"host": "[::]:1"}).status_code == 421


def test_a_request_without_host_is_refused():
    """HTTP/1.0 allows it; every HTTP client adds one, so the app is called directly."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.0",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(make_client().app(scope, receive, send))
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 400


# Same-site POSTs --------------------------------------------------------------------------

FORM = {"handout": "about", "lang": "en", "action": "print"}


@pytest.mark.parametrize(
    "headers, refused",
    [
        ({"origin": "null"}, True),  # an opaque origin (sandboxed frame, data: page)
        ({"origin": "https://attacker.example"}, True),
        ({"origin": "http://127.0.0.1:9999"}, True),
        ({"sec-fetch-site": "cross-site", "origin": "null"}, True),
        ({"sec-fetch-site": "same-site"}, True),
        ({"sec-fetch-site": "same-origin", "origin": "null"}, False),  # our page, no-referrer
        ({"origin": BASE}, False),
        ({}, False),  # not a browser page: curl, another system
    ],
)
def test_cross_site_posts_are_refused(headers, refused):
    response = make_client().post("/go", data=FORM, headers=headers)
    if refused:
        assert response.status_code == 403 and "Cross-site" in response.text
    else:
        assert response.status_code == 303 and response.headers["location"].startswith("/pdf?")


# The password -----------------------------------------------------------------------------


def test_password_required_when_set(guarded):
    assert guarded.get("/healthz").status_code == 200
    assert guarded.get("/static/app.css").status_code == 200
    assert guarded.get("/").headers["location"] == "/login"
    refused = guarded.get("/api/handouts")
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic")
    assert guarded.get("/api/handouts", headers=basic("wrong")).status_code == 401
    assert guarded.get("/api/handouts", headers={"authorization": "Basic !!"}).status_code == 401
    assert guarded.get("/api/handouts", headers=basic("pässword")).status_code == 401
    odd_cookie = {"cookie": "vertebro_session=caf\u00e9".encode("latin-1")}
    assert guarded.get("/api/handouts", headers=odd_cookie).status_code == 401
    assert guarded.get("/api/handouts", headers=basic(TOKEN)).status_code == 200


def test_guessing_is_throttled_not_slowed(guarded):
    """50 guesses in a row (as fast as they come: no sleep anywhere): the first few are
    looked at, every other one is refused with 429 before the password is compared."""
    statuses = [
        guarded.get("/api/handouts", headers=basic(f"guess{n}")).status_code for n in range(50)
    ]
    free = throttle_module.FREE_FAILURES
    assert statuses == [401] * (free + 1) + [429] * (50 - free - 1)
    # While it waits, even the right password is refused: a guess learns nothing.
    waiting = guarded.get("/api/handouts", headers=basic(TOKEN))
    assert waiting.status_code == 429 and waiting.headers["retry-after"] == "1"
    assert "Too many wrong passwords" in waiting.json()["error"]


def test_the_wait_grows_and_the_right_password_works_after_it(guarded):
    for n in range(throttle_module.FREE_FAILURES):
        assert guarded.get("/api/handouts", headers=basic(f"guess{n}")).status_code == 401
    waits = []
    for _ in range(6):
        assert guarded.get("/api/handouts", headers=basic("wrong")).status_code == 401
        refused = guarded.get("/api/handouts", headers=basic("wrong"))
        assert refused.status_code == 429
        waits.append(int(refused.headers["retry-after"]))
        guarded.clock.now += waits[-1] - 0.5
        assert guarded.get("/api/handouts", headers=basic(TOKEN)).status_code == 429
        guarded.clock.now += 0.5
    assert waits == [1, 2, 4, 8, 16, 32]
    assert guarded.get("/api/handouts", headers=basic(TOKEN)).status_code == 200
    # The right password starts the address afresh.
    assert guarded.get("/api/handouts", headers=basic("typo")).status_code == 401
    assert guarded.get("/api/handouts", headers=basic(TOKEN)).status_code == 200


def test_the_wait_has_a_ceiling():
    throttle = throttle_module.Throttle(FakeClock())
    for _ in range(throttle_module.FREE_FAILURES + 40):  # fewer than the global cap
        throttle.failed("198.51.100.7")
    assert throttle.wait("198.51.100.7") == throttle_module.LONGEST_WAIT
    assert throttle.wait("198.51.100.8") == 0


def test_the_login_form_and_basic_share_the_count(guarded):
    for n in range(3):
        wrong = sign_in(guarded, f"guess{n}")
        assert wrong.status_code == 401 and "not right" in wrong.text
    for n in range(throttle_module.FREE_FAILURES - 2):
        assert guarded.get("/api/handouts", headers=basic(f"guess{n}")).status_code == 401
    refused = sign_in(guarded)
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    assert "Too many wrong passwords from this computer. Try again in 1 second." in refused.text
    assert 'role="alert"' in refused.text and "set-cookie" not in refused.headers
    guarded.clock.now += 1
    assert sign_in(guarded).status_code == 303


def test_a_minute_long_wait_is_said_in_minutes(guarded):
    for n in range(throttle_module.FREE_FAILURES + 7):
        assert sign_in(guarded, f"guess{n}").status_code == 401
        guarded.clock.now += 1000  # each wait has passed
    assert sign_in(guarded, "one more").status_code == 401
    refused = sign_in(guarded)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 60
    assert re.search(r"Try again in \d+ minutes\.", refused.text)


def test_one_address_waiting_does_not_stop_another():
    client = make_client(access_token=TOKEN, trusted_proxies=("testclient",))
    guesser = {"x-forwarded-for": "203.0.113.9"}
    desk = {"x-forwarded-for": "192.168.1.31"}
    for n in range(throttle_module.FREE_FAILURES + 1):
        client.get("/api/handouts", headers={**basic(f"g{n}"), **guesser})
    assert client.get("/api/handouts", headers={**basic(TOKEN), **guesser}).status_code == 429
    assert client.get("/api/handouts", headers={**basic(TOKEN), **desk}).status_code == 200


def test_a_global_cap_covers_guessing_from_many_addresses():
    client = make_client(access_token=TOKEN, trusted_proxies=("testclient",))
    for n in range(throttle_module.GLOBAL_FAILURES):
        address = {"x-forwarded-for": f"10.0.{n // 250}.{n % 250}"}  # one guess each
        assert client.get("/api/handouts", headers={**basic("x"), **address}).status_code == 401
    fresh = {"x-forwarded-for": "10.9.9.9"}
    refused = client.get("/api/handouts", headers={**basic(TOKEN), **fresh})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) == throttle_module.GLOBAL_WINDOW
    client.clock.now += throttle_module.GLOBAL_WINDOW
    assert client.get("/api/handouts", headers={**basic(TOKEN), **fresh}).status_code == 200


def test_the_throttle_forgets_an_address_after_a_quiet_hour(guarded):
    for n in range(throttle_module.FREE_FAILURES):
        assert guarded.get("/api/handouts", headers=basic(f"g{n}")).status_code == 401
    guarded.clock.now += throttle_module.FORGET_AFTER
    for n in range(throttle_module.FREE_FAILURES):
        assert guarded.get("/api/handouts", headers=basic(f"h{n}")).status_code == 401
    assert guarded.get("/api/handouts", headers=basic(TOKEN)).status_code == 200


# Sessions ---------------------------------------------------------------------------------


def session_of(response) -> str:
    return re.search(r"vertebro_session=([^;]+)", response.headers["set-cookie"]).group(1)


def test_sign_in_opens_a_random_session(guarded):
    assert 'type="password"' in guarded.get("/login").text
    first = sign_in(guarded)
    assert first.status_code == 303 and first.headers["location"] == "/"
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert f"max-age={SESSION_HOURS * 3600}" in cookie and "secure" not in cookie
    assert guarded.get("/").status_code == 200
    second = sign_in(guarded)
    assert session_of(first) != session_of(second)  # not derived from the password
    assert len(session_of(first)) >= 40 and TOKEN not in first.headers["set-cookie"]
    made_up = {"cookie": "vertebro_session=" + "A" * 43}
    guarded.cookies.clear()
    assert guarded.get("/api/handouts", headers=made_up).status_code == 401


def test_a_session_ends_after_the_working_day(guarded):
    sign_in(guarded)
    guarded.clock.now += SESSION_HOURS * 3600 - 60
    assert guarded.get("/").status_code == 200
    guarded.clock.now += 60
    assert guarded.get("/").headers["location"] == "/login"
    assert guarded.get("/api/handouts").status_code == 401


def test_sign_out_ends_the_session_on_the_server(guarded):
    session = session_of(sign_in(guarded))
    other_desk = session_of(sign_in(guarded))
    guarded.cookies.clear()
    copied = {"cookie": f"vertebro_session={session}"}
    assert guarded.get("/api/handouts", headers=copied).status_code == 200
    out = guarded.post("/logout", headers=copied)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    # The cookie was copied before signing out: it no longer works anywhere.
    assert guarded.get("/api/handouts", headers=copied).status_code == 401
    assert guarded.get("/", headers=copied).headers["location"] == "/login"
    assert (
        guarded.get("/api/handouts", headers={"cookie": f"vertebro_session={other_desk}"})
    ).status_code == 200


def test_a_new_password_ends_every_session(guarded):
    session = {"cookie": f"vertebro_session={session_of(sign_in(guarded))}"}
    guarded.cookies.clear()
    assert guarded.get("/api/handouts", headers=session).status_code == 200
    # The settings now hold another password (a restart with the edited file does the same,
    # as sessions live in memory only):
    app = guarded.app
    app.state.project = Project(app.state.project.settings.replace(access_token="n3w-pass"))
    assert guarded.get("/api/handouts", headers=session).status_code == 401
    assert guarded.get("/api/handouts", headers=basic("n3w-pass")).status_code == 200
    restarted = make_client(access_token=TOKEN)
    assert restarted.get("/api/handouts", headers=session).status_code == 401


# A reverse proxy --------------------------------------------------------------------------


def test_secure_cookie_behind_a_trusted_https_proxy():
    proxied = make_client(access_token=TOKEN, trusted_proxies=("testclient",))
    cookie = sign_in(proxied, **{"x-forwarded-proto": "https"}).headers["set-cookie"]
    assert "secure" in cookie.lower()
    assert "secure" not in sign_in(proxied).headers["set-cookie"].lower()  # plain HTTP


def test_forwarded_headers_from_anyone_else_are_ignored():
    direct = make_client(access_token=TOKEN)
    cookie = sign_in(direct, **{"x-forwarded-proto": "https"}).headers["set-cookie"]
    assert "secure" not in cookie.lower()
    direct.cookies.clear()
    # A client cannot escape its wait by naming another address.
    for n in range(throttle_module.FREE_FAILURES + 1):
        direct.get("/api/handouts", headers=basic(f"g{n}"))
    spoofed = {**basic(TOKEN), "x-forwarded-for": "192.168.1.31"}
    assert direct.get("/api/handouts", headers=spoofed).status_code == 429


def test_secure_cookie_over_direct_https():
    cookie = sign_in(make_client("https://127.0.0.1", access_token=TOKEN)).headers["set-cookie"]
    assert "secure" in cookie.lower()


# Serving other computers ------------------------------------------------------------------


def test_serving_beyond_loopback_needs_a_password_and_host_names():
    reachable = Settings(access_token=TOKEN, host_names=("frontdesk.clinic.lan",))
    for host in ("127.0.0.1", "::1", "[::1]", "localhost"):
        check_exposure(host, Settings())
    for host in ("0.0.0.0", "192.168.1.20", "frontdesk.local"):
        with pytest.raises(UsageError, match="server.access_token"):
            check_exposure(host, Settings())
        with pytest.raises(UsageError, match="server.host_names"):
            check_exposure(host, Settings(access_token=TOKEN))
        check_exposure(host, reachable)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "refusing to serve on 0.0.0.0" in result.output
