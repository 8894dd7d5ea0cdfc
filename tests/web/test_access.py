"""Who may use the web page, over HTTP: the allowed host names (DNS rebinding), the same-site
check on POSTs, the password with its throttle (HTTP Basic and the login form share it), the
server-side sessions, and a trusted reverse proxy (the throttle itself: test_throttle.py;
sessions' ends: test_sessions.py). The clocks of the throttle and of the
sessions are fakes the tests move forward: nothing here sleeps. No test here renders, so
the apps run without their render pool (TestClient without `with`)."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.web.access import (
    BASE,
    SIGN_IN_WARNINGS,
    TOKEN,
    basic,
    make_client,
    session_of,
    sign_in,
)
from vertebro_print.cli import main
from vertebro_print.errors import UsageError
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import throttle as throttle_module
from vertebro_print.web.server import check_exposure
from vertebro_print.web.sessions import SESSION_HOURS


@pytest.fixture
def guarded() -> TestClient:
    return make_client(access_token=TOKEN)


@pytest.fixture(autouse=True)
def sign_in_warnings(caplog):
    caplog.allowed_warnings = SIGN_IN_WARNINGS


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


# Sessions ---------------------------------------------------------------------------------


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
    """However often it is used: the idle timeout is another end (test_sessions.py)."""
    sign_in(guarded)
    end = guarded.clock.now + SESSION_HOURS * 3600
    while guarded.clock.now + 20 * 60 < end:
        guarded.clock.now += 20 * 60
        assert guarded.get("/").status_code == 200
    guarded.clock.now = end
    assert guarded.get("/").headers["location"] == "/login"
    assert guarded.get("/api/handouts").status_code == 401


def test_sign_out_ends_the_session_on_the_server(guarded):
    session = session_of(sign_in(guarded))
    guarded.cookies.clear()  # another desk, another browser
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
