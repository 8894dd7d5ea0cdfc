"""What the tests of signing in share: an app with fake clocks and no render pool, HTTP Basic
headers, the login form, and a client address named through a trusted proxy."""

from __future__ import annotations

import base64
import re

from starlette.testclient import TestClient

from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app

TOKEN = "s3cret-front-desk"
# What signing in logs at WARNING level, as it should, in tests that guess or change it.
SIGN_IN_WARNINGS = (
    "must wait before its next password try",
    "wrong passwords from all addresses",
    "the access password changed",
    "every session was ended by IT",
)
BASE = "http://127.0.0.1:8000"


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_client(base_url: str = BASE, **settings) -> TestClient:
    """An app with fake clocks (client.clock moves them all) and no render pool."""
    app = create_app(Project(Settings(enabled_languages=("en", "es"), **settings)), workers=1)
    client = TestClient(app, base_url=base_url, follow_redirects=False)
    client.clock = FakeClock()
    state = app.state
    for owner in (state.throttle, state.sessions, getattr(state.throttle, "once", None)):
        if owner is not None:
            owner.clock = client.clock
    return client


def proxied(**settings) -> TestClient:
    """A client whose address each request names (X-Forwarded-For, through a trusted proxy)."""
    return make_client(trusted_proxies=("testclient",), **settings)


def basic(password: str, address: str | None = None) -> dict[str, str]:
    headers = {"authorization": "Basic " + base64.b64encode(f"desk:{password}".encode()).decode()}
    if address:
        headers["x-forwarded-for"] = address
    return headers


def sign_in(client: TestClient, password: str = TOKEN, **headers):
    return client.post("/login", data={"password": password}, headers=headers)


def session_of(response) -> str:
    return re.search(r"vertebro_session=([^;]+)", response.headers["set-cookie"]).group(1)


def with_session(session: str) -> dict[str, str]:
    return {"cookie": f"vertebro_session={session}"}
