"""How staff sessions end, and which passwords can be given: an idle session ends after
server.idle_minutes; signing in again ends the browser's previous session; IT ends every
session with one command; the store keeps the password's fingerprint, never the password;
every password the settings accept can be typed into the login form, taken as typed as HTTP
Basic takes it; a password the form could not carry stops the server at start."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.web.access import (
    BASE,
    SIGN_IN_WARNINGS,
    TOKEN,
    basic,
    make_client,
    proxied,
    session_of,
    sign_in,
    with_session,
)
from tests.web.serving import serving
from vertebro_print.cli import main
from vertebro_print.errors import SettingsError
from vertebro_print.project import Project
from vertebro_print.settings import MAX_TOKEN_LENGTH, Settings, load_settings
from vertebro_print.web import create_app

API = "/api/handouts"


@pytest.fixture(autouse=True)
def sign_in_warnings(caplog):
    caplog.allowed_warnings = SIGN_IN_WARNINGS


@pytest.fixture
def guarded() -> TestClient:
    return make_client(access_token=TOKEN)


def test_a_session_unused_for_the_idle_time_ends(guarded):
    """30 minutes by default (server.idle_minutes): used, it goes on; left, it ends."""
    session = with_session(session_of(sign_in(guarded)))
    guarded.cookies.clear()
    for _ in range(4):  # two hours of use, a request every 25 minutes
        guarded.clock.now += 25 * 60
        assert guarded.get(API, headers=session).status_code == 200
    guarded.clock.now += 30 * 60
    assert guarded.get(API, headers=session).status_code == 401
    assert guarded.get("/", headers=session).headers["location"] == "/login"


def test_the_idle_time_is_a_setting(tmp_path):
    (tmp_path / "s.toml").write_text("[server]\nidle_minutes = 5\n")
    assert load_settings(tmp_path / "s.toml").idle_minutes == 5
    short = make_client(access_token=TOKEN, idle_minutes=5)
    session = with_session(session_of(sign_in(short)))
    short.cookies.clear()
    short.clock.now += 5 * 60
    assert short.get(API, headers=session).status_code == 401
    for wrong in ("0", "true", '"5"', "2.5"):
        (tmp_path / "s.toml").write_text(f"[server]\nidle_minutes = {wrong}\n")
        with pytest.raises(SettingsError, match="idle_minutes must be a whole number"):
            load_settings(tmp_path / "s.toml")


def test_signing_in_again_ends_the_previous_session(guarded):
    first = session_of(sign_in(guarded))
    second = session_of(sign_in(guarded))  # the same browser: it sends the first cookie
    guarded.cookies.clear()
    assert guarded.get(API, headers=with_session(first)).status_code == 401
    assert guarded.get(API, headers=with_session(second)).status_code == 200


def test_the_store_keeps_the_fingerprint_not_the_password(guarded):
    session = session_of(sign_in(guarded))
    store = guarded.app.state.store
    recorded = store._password
    assert recorded.startswith("scrypt$") and TOKEN not in recorded
    assert session not in repr(store._sessions)  # sessions are kept by a hash of their id


@pytest.mark.parametrize(
    "password",
    [
        "x" * 65,  # over the 64 characters the render fields allow: the form refused it
        ("correct horse battery staple " * 8).strip(),  # long, with spaces inside
        "pässwörd mit Ümläuten: 🔒",
        "y" * MAX_TOKEN_LENGTH,
    ],
)
def test_any_password_the_settings_accept_can_be_typed_into_the_form(tmp_path, password):
    (tmp_path / "s.toml").write_text(
        "[server]\naccess_token = '''" + password + "'''\n", encoding="utf-8"
    )
    settings = load_settings(tmp_path / "s.toml")
    assert settings.access_token == password
    client = make_client(access_token=password)
    assert client.get(API, headers=basic(password)).status_code == 200
    assert sign_in(client, password).status_code == 303


def test_the_form_takes_the_password_as_typed_like_basic(guarded):
    """No trimming on either path: a space typed by mistake is a wrong password on both."""
    for typed in (f" {TOKEN}", f"{TOKEN} "):
        assert sign_in(guarded, typed).status_code == 401
        assert guarded.get(API, headers=basic(typed)).status_code == 401
    too_long = guarded.post("/login", data={"password": "z" * (MAX_TOKEN_LENGTH + 1)})
    assert too_long.status_code == 400


@pytest.mark.parametrize(
    "token, reason",
    [
        (" padded", "starts or ends with a space"),
        ("padded ", "starts or ends with a space"),
        ("two\nlines", "control character"),
        ("tab\there", "control character"),
        ("w" * (MAX_TOKEN_LENGTH + 1), f"the most is {MAX_TOKEN_LENGTH}"),
    ],
)
def test_a_password_the_form_cannot_carry_stops_the_server_at_start(tmp_path, token, reason):
    escaped = token.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    (tmp_path / "s.toml").write_text(f'[server]\naccess_token = "{escaped}"\n')
    with pytest.raises(SettingsError, match=reason):
        load_settings(tmp_path / "s.toml")
    with pytest.raises(SettingsError, match="cannot be used as a password"):
        create_app(Project(Settings(access_token=token)), workers=1)
    result = CliRunner().invoke(main, ["serve", "--settings", str(tmp_path / "s.toml")])
    assert result.exit_code != 0 and "server.access_token" in result.output


def test_ending_every_session_through_the_server():
    """Sessions in a server's memory are ended by asking it, from its own machine."""
    client = proxied(access_token=TOKEN)
    here = {"x-forwarded-for": "127.0.0.1"}
    desks = [session_of(sign_in(client, **here)) for _ in range(2)]
    client.cookies.clear()
    from_afar = client.post("/sessions/end", headers=basic(TOKEN, "192.168.1.50"))
    assert from_afar.status_code == 403
    refused = client.post("/sessions/end", headers=here)  # no password: to the login page
    assert refused.status_code == 303 and refused.headers["location"] == "/login"
    assert client.post("/sessions/end", headers=basic(TOKEN, "127.0.0.1")).status_code == 200
    for desk in desks:
        assert client.get(API, headers=with_session(desk)).status_code == 401


def test_the_end_sessions_command_ends_a_running_servers_sessions(tmp_path):
    import httpx

    settings = tmp_path / "s.toml"
    settings.write_text(f'[server]\naccess_token = "{TOKEN}"\n[languages]\nenabled = ["en"]\n')
    with serving(Project(load_settings(settings)), workers=1) as base:
        desk = httpx.post(f"{base}/login", data={"password": TOKEN})
        session = with_session(session_of(desk))
        assert httpx.get(f"{base}{API}", headers=session).status_code == 200
        result = CliRunner().invoke(
            main, ["end-sessions", "--settings", str(settings), "--url", base]
        )
        assert result.exit_code == 0, result.output
        assert "Every session" in result.output
        assert httpx.get(f"{base}{API}", headers=session).status_code == 401
    gone = CliRunner().invoke(main, ["end-sessions", "--settings", str(settings), "--url", base])
    assert gone.exit_code != 0 and "no server answers" in gone.output


def test_the_first_sign_in_waits_for_no_password_hashing(monkeypatch):
    """The password's fingerprint (scrypt at 16 MB, made then checked: tens of ms each, on the
    event loop) is ready once the server has started: the first sign-in, and every request
    behind it, no longer waits for it."""
    from vertebro_print.web import sessions as sessions_module

    sessions_module.fingerprint_matches.cache_clear()  # as in a server just started
    app = create_app(Project(Settings(enabled_languages=("en",), access_token=TOKEN)), workers=1)
    made, fingerprint = [], sessions_module.fingerprint
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        monkeypatch.setattr(
            sessions_module, "fingerprint", lambda *given: made.append(1) or fingerprint(*given)
        )
        assert sign_in(client).status_code == 303
        assert client.get(API).status_code == 200
    assert not made
