"""Password guessing is slowed without ever locking the staff out: 5 free mistakes per
address (an IPv6 client by its /64), then a doubling wait; past the global bound only the
addresses that guessed wait, so the right password from anywhere else works at once (HTTP
Basic scripts included); and each kind of event is logged at most once per address and
minute, with the address and never what was typed. Fake clocks: nothing sleeps."""

from __future__ import annotations

import asyncio
import logging
import re

import pytest
from starlette.testclient import TestClient

from tests.web.access import (
    SIGN_IN_WARNINGS,
    TOKEN,
    FakeClock,
    basic,
    make_client,
    proxied,
    sign_in,
)
from vertebro_print.web import throttle as throttle_module
from vertebro_print.web.store import MemoryStore
from vertebro_print.web.throttle import FREE_FAILURES, GLOBAL_FAILURES, Throttle

API = "/api/handouts"


@pytest.fixture
def guarded() -> TestClient:
    return make_client(access_token=TOKEN)


@pytest.fixture(autouse=True)
def sign_in_warnings(caplog):
    caplog.allowed_warnings = SIGN_IN_WARNINGS


def test_five_mistakes_are_free_then_each_try_waits(guarded):
    """As the README says: 5 mistakes free, then the next try waits (the old code let a
    sixth through). 50 guesses as fast as they come: the rest are refused unread."""
    statuses = [guarded.get(API, headers=basic(f"guess{n}")).status_code for n in range(50)]
    assert statuses == [401] * FREE_FAILURES + [429] * (50 - FREE_FAILURES)
    # While it waits, even the right password is refused: a guess learns nothing.
    waiting = guarded.get(API, headers=basic(TOKEN))
    assert waiting.status_code == 429 and waiting.headers["retry-after"] == "1"
    assert "Too many wrong passwords" in waiting.json()["error"]


def test_the_wait_doubles_and_the_right_password_works_after_it(guarded):
    for n in range(FREE_FAILURES):
        assert guarded.get(API, headers=basic(f"guess{n}")).status_code == 401
    waits = []
    for _ in range(6):
        refused = guarded.get(API, headers=basic("wrong"))
        assert refused.status_code == 429
        waits.append(int(refused.headers["retry-after"]))
        guarded.clock.now += waits[-1] - 0.5
        assert guarded.get(API, headers=basic(TOKEN)).status_code == 429
        guarded.clock.now += 0.5
        assert guarded.get(API, headers=basic("wrong")).status_code == 401
    assert waits == [1, 2, 4, 8, 16, 32]
    guarded.clock.now += 64
    assert guarded.get(API, headers=basic(TOKEN)).status_code == 200
    # The right password starts the address afresh.
    assert guarded.get(API, headers=basic("typo")).status_code == 401
    assert guarded.get(API, headers=basic(TOKEN)).status_code == 200


def test_the_wait_has_a_ceiling():
    throttle = Throttle(MemoryStore(), FakeClock())

    async def fail_and_wait() -> tuple[float, float]:
        for _ in range(FREE_FAILURES + 40):  # fewer than the global bound
            throttle.clock.now += throttle_module.LONGEST_WAIT  # the last wait has passed
            await throttle.attempt("198.51.100.7", "guess", TOKEN, "test")
        return await throttle.wait("198.51.100.7"), await throttle.wait("198.51.100.8")

    assert asyncio.run(fail_and_wait()) == (throttle_module.LONGEST_WAIT, 0)


def test_the_login_form_and_basic_share_the_count(guarded):
    for n in range(3):
        wrong = sign_in(guarded, f"guess{n}")
        assert wrong.status_code == 401 and "not right" in wrong.text
    for n in range(FREE_FAILURES - 3):
        assert guarded.get(API, headers=basic(f"guess{n}")).status_code == 401
    refused = sign_in(guarded)
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    assert "Too many wrong passwords from this computer. Try again in 1 second." in refused.text
    assert 'role="alert"' in refused.text and "set-cookie" not in refused.headers
    guarded.clock.now += 1
    assert sign_in(guarded).status_code == 303


def test_a_minute_long_wait_is_said_in_minutes(guarded):
    for n in range(FREE_FAILURES + 7):
        guarded.clock.now += 1000  # the last wait has passed
        assert sign_in(guarded, f"guess{n}").status_code == 401
    refused = sign_in(guarded)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 60
    assert re.search(r"Try again in \d+ minutes\.", refused.text)


def test_one_address_waiting_does_not_stop_another():
    client = proxied(access_token=TOKEN)
    for n in range(FREE_FAILURES):
        client.get(API, headers=basic(f"g{n}", "203.0.113.9"))
    assert client.get(API, headers=basic(TOKEN, "203.0.113.9")).status_code == 429
    assert client.get(API, headers=basic(TOKEN, "192.168.1.31")).status_code == 200


def test_an_ipv6_client_is_counted_by_its_64():
    """One machine gets a whole /64: its addresses share one count; the next /64 is another."""
    client = proxied(access_token=TOKEN)
    for n in range(FREE_FAILURES):
        address = f"2001:db8:7:1::{n + 1:x}"  # a new address for each guess
        assert client.get(API, headers=basic(f"g{n}", address)).status_code == 401
    assert client.get(API, headers=basic(TOKEN, "2001:db8:7:1:ffff::9")).status_code == 429
    assert client.get(API, headers=basic(TOKEN, "2001:db8:7:2::1")).status_code == 200


def test_guesses_from_many_addresses_never_lock_the_staff_out():
    """The probe of issue 19: 5 wrong passwords from each of 20 addresses (100 in all, the
    global bound). The old code then refused the right password from every other address for
    10 minutes; now only the guessers wait, and a desk or a Basic-auth script elsewhere is
    let in at once, every time."""
    client = proxied(access_token=TOKEN)
    for n in range(GLOBAL_FAILURES):
        address = f"10.0.0.{n // FREE_FAILURES + 1}"
        assert client.get(API, headers=basic(f"guess{n}", address)).status_code == 401
    for _ in range(3):  # a script sends the password with every request
        assert client.get(API, headers=basic(TOKEN, "10.9.9.9")).status_code == 200
    form = sign_in(client, **{"x-forwarded-for": "10.9.9.10"})
    assert form.status_code == 303
    client.cookies.clear()
    # Each guesser waits out the alarm, a minute at a time, even with the right password.
    refused = client.get(API, headers=basic(TOKEN, "10.0.0.1"))
    assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60


def test_past_the_global_bound_an_address_that_guessed_gets_no_more_tries():
    """The guessing rate across all addresses is bounded: once the bound is passed, an
    address that got it wrong once may not try again until the count falls, so guessing
    goes on at one try per fresh address at most."""
    client = proxied(access_token=TOKEN)
    for n in range(GLOBAL_FAILURES):
        address = f"10.1.{n // 200}.{n % 200 + 1}"  # one guess each: no address waits alone
        assert client.get(API, headers=basic("x", address)).status_code == 401
    assert client.get(API, headers=basic("y", "10.1.0.1")).status_code == 429
    assert client.get(API, headers=basic("z", "10.2.0.1")).status_code == 401  # a fresh one
    assert client.get(API, headers=basic("z", "10.2.0.1")).status_code == 429
    client.clock.now += throttle_module.GLOBAL_MINUTES * 60 + 60  # the count has fallen
    assert client.get(API, headers=basic(TOKEN, "10.1.0.1")).status_code == 200


def test_the_throttle_forgets_an_address_after_a_quiet_hour(guarded):
    for n in range(FREE_FAILURES):
        assert guarded.get(API, headers=basic(f"g{n}")).status_code == 401
    guarded.clock.now += throttle_module.FORGET_AFTER
    for n in range(FREE_FAILURES):
        assert guarded.get(API, headers=basic(f"h{n}")).status_code == 401
    guarded.clock.now += 16  # the wait after the fifth
    assert guarded.get(API, headers=basic(TOKEN)).status_code == 200


def test_sign_in_trouble_is_logged_once_a_minute_per_address_without_secrets(caplog):
    """Before, nothing was logged. Now a failure, a refusal during the wait, an address that
    must wait and the global bound are each logged, once per address and minute, with the
    address, and never the password tried."""
    caplog.set_level(logging.INFO, logger="vertebro_print.web.signin")
    client = proxied(access_token=TOKEN)
    for n in range(30):
        client.get(API, headers=basic(f"secret-guess-{n}", "203.0.113.5"))
    sign_in(client, "secret-guess-form", **{"x-forwarded-for": "203.0.113.5"})
    for n in range(GLOBAL_FAILURES):
        client.get(API, headers=basic(f"secret-guess-{n}", f"10.3.0.{n % 250 + 1}"))
    lines = [r.getMessage() for r in caplog.records if r.name == "vertebro_print.web.signin"]
    mine = [line for line in lines if "203.0.113.5" in line]
    assert sum("wrong password from 203.0.113.5 (HTTP Basic)" in line for line in mine) == 1
    assert sum("refused: 203.0.113.5 must wait" in line for line in mine) == 1
    assert sum("203.0.113.5 must wait before its next password try" in line for line in mine) == 1
    assert sum("from all addresses" in line for line in lines) == 1
    assert not [line for line in lines if "secret-guess" in line or TOKEN in line]
    # A minute later, the same address is logged again.
    client.clock.now += 60
    client.get(API, headers=basic("secret-guess-later", "203.0.113.5"))
    lines = [r.getMessage() for r in caplog.records if "203.0.113.5" in r.getMessage()]
    assert sum("refused: 203.0.113.5 must wait" in line for line in lines) == 2
