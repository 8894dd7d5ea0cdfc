"""Several front desk servers sharing one store (server.store = "redis://..."): a real
redis-server (Debian's package, which `make test` installs) on 127.0.0.1 on a free port with
a temporary folder, and two instances of the app on uvicorn against it. A session opened on
one works on the other; guesses add up across them; signing out, ending every session and a
new password take effect on both; the store keeps no password; and a store that goes away
makes them refuse (503), never let anyone in."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
import redis
from click.testing import CliRunner

from tests.web.access import SIGN_IN_WARNINGS, TOKEN, basic, session_of, with_session
from tests.web.serving import serving
from vertebro_print.cli import main
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web.throttle import FREE_FAILURES

API = "/api/handouts"
BOUND = 30.0  # seconds any wait here takes at most
HERE = {"x-forwarded-for": "192.168.1.31"}  # one desk, whichever server it reaches


@contextmanager
def redis_server(folder: Path) -> Iterator[int]:
    """redis-server on 127.0.0.1 on a free port, storing nothing on disk; its port."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: run scripts/system-deps.sh test")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    command += ["--appendonly", "no", "--dir", str(folder), "--loglevel", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
    deadline = time.monotonic() + BOUND
    while True:
        assert process.poll() is None, "redis-server exited at start"
        assert time.monotonic() < deadline, "redis-server did not answer"
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield port
    finally:
        client.close()
        process.terminate()
        process.wait(BOUND)


def settings_for(port: int, token: str = TOKEN) -> Settings:
    return Settings(
        access_token=token,
        store=f"redis://127.0.0.1:{port}/0",
        enabled_languages=("en",),
        trusted_proxies=("127.0.0.1",),
    )


@pytest.fixture(scope="module")
def store_port(tmp_path_factory) -> Iterator[int]:
    with redis_server(tmp_path_factory.mktemp("redis")) as port:
        yield port


@pytest.fixture(scope="module")
def servers(store_port) -> Iterator[tuple[str, str]]:
    """Two servers sharing the store (one render worker each; nothing here renders)."""
    with ExitStack() as stack:
        yield tuple(
            stack.enter_context(serving(Project(settings_for(store_port)), workers=1))
            for _ in range(2)
        )


@pytest.fixture(autouse=True)
def fresh_store(request, caplog):
    caplog.allowed_warnings = SIGN_IN_WARNINGS
    if "servers" in request.fixturenames:
        port = request.getfixturevalue("store_port")
        with redis.Redis(host="127.0.0.1", port=port) as client:
            client.flushall()


def sign_in(base: str, password: str = TOKEN) -> httpx.Response:
    return httpx.post(f"{base}/login", data={"password": password}, headers=HERE, timeout=BOUND)


def get(base: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.get(f"{base}{API}", headers={**HERE, **headers}, timeout=BOUND)


def test_a_session_from_one_server_works_on_the_other(servers):
    one, two = servers
    session = with_session(session_of(sign_in(one)))
    assert get(two, session).status_code == 200
    assert get(one, session).status_code == 200
    signed_out = httpx.post(f"{two}/logout", headers={**HERE, **session}, timeout=BOUND)
    assert signed_out.status_code == 303
    assert get(one, session).status_code == 401  # signed out on two: ended on one too


def test_guesses_add_up_across_servers(servers):
    one, two = servers
    for n in range(FREE_FAILURES):
        server = (one, two)[n % 2]
        assert get(server, basic(f"guess{n}")).status_code == 401
    for server in servers:  # five in all: both make the desk wait
        assert get(server, basic(TOKEN)).status_code == 429


def test_ending_every_session_takes_effect_everywhere(servers, store_port, tmp_path):
    one, two = servers
    desks = [with_session(session_of(sign_in(server))) for server in servers]
    settings = tmp_path / "s.toml"
    settings.write_text(
        f'[server]\naccess_token = "{TOKEN}"\nstore = "redis://127.0.0.1:{store_port}/0"\n'
    )
    result = CliRunner().invoke(main, ["end-sessions", "--settings", str(settings)])
    assert result.exit_code == 0 and "every server sharing the store" in result.output
    for desk in desks:
        for server in servers:
            assert get(server, desk).status_code == 401
    assert sign_in(two).status_code == 303  # and anyone signs in again


def test_a_new_password_takes_effect_everywhere_and_the_store_keeps_none(
    store_port, servers, caplog
):
    caplog.allowed_warnings = (*SIGN_IN_WARNINGS, "has a newer access password")
    one, two = servers
    old = with_session(session_of(sign_in(one)))
    with serving(Project(settings_for(store_port, "n3w-front-desk")), workers=1) as three:
        # A server started with the new password: sessions opened before end on every server.
        assert get(three, basic("n3w-front-desk")).status_code == 200
        for server in (one, two, three):
            assert get(server, old).status_code == 401
        # The servers still holding the old password refuse it, and say why.
        stale = get(one, basic(TOKEN))
        assert stale.status_code == 503 and "out of date" in stale.json()["error"]
        # A session opened with the new password is good on every server.
        new = with_session(session_of(sign_in(three, "n3w-front-desk")))
        for server in (one, two):
            assert get(server, new).status_code == 200
        with redis.Redis(host="127.0.0.1", port=store_port) as client:
            stored = b" ".join(
                [key for key in client.scan_iter()]
                + [value for key in client.scan_iter() for value in _values(client, key)]
            )
        assert stored and b"n3w-front-desk" not in stored and TOKEN.encode() not in stored
        assert session_of(sign_in(three, "n3w-front-desk")).encode() not in stored


def _values(client: redis.Redis, key: bytes) -> list[bytes]:
    kind = client.type(key)
    if kind == b"hash":
        return list(client.hgetall(key).values())
    return [client.get(key) or b""]


def test_a_store_that_goes_away_fails_closed(tmp_path, caplog):
    caplog.allowed_warnings = ("does not answer",)
    with redis_server(tmp_path) as port, serving(Project(settings_for(port)), workers=1) as one:
        session = with_session(session_of(sign_in(one)))
        assert get(one, session).status_code == 200
        with redis.Redis(host="127.0.0.1", port=port) as client:
            client.shutdown(nosave=True)
        for headers in (session, basic(TOKEN), {}):
            refused = get(one, headers)
            assert refused.status_code == 503, refused.text
            assert "session store" in refused.json()["error"]
        form = sign_in(one)
        assert form.status_code == 503 and "session store" in form.text
        assert httpx.get(f"{one}/healthz", timeout=BOUND).status_code == 200
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len([e for e in errors if "does not answer" in e]) == 1  # once a minute
    assert not [e for e in errors if TOKEN in e]
