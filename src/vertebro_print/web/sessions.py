"""Staff sessions after the login form: a random id in the cookie; the store keeps a hash of
it with when it was opened and last used. A session ends when that person signs out (a copied
cookie stops working too), when it has not been used for `server.idle_minutes`, after the
working day whatever happens, when IT ends every session (`vertebro-print end-sessions`), and
when the password changes.

The store keeps the password's fingerprint (a salted scrypt hash, never the password): the
first request a server answers with a password it has not seen in the store records the new
fingerprint and ends every session, on every server sharing the store. A server whose settings
still hold the previous password then refuses sign-ins (SettingsOutdated) until it is
restarted with the new settings, so the old password works nowhere."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache

from vertebro_print.errors import VertebroError
from vertebro_print.web.store import SessionRecord, SessionView, Store, StoreUnavailable

log = logging.getLogger("vertebro_print.web.signin")

SESSION_HOURS = 12  # one working day; then staff sign in again
TOUCH_EVERY = 60.0  # seconds: a session's last use is written at most once a minute
# scrypt at 16 MB and about 40 ms: computed once per password and store state, never per
# request; slow enough that a copy of the store does not give the password away cheaply.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


class SettingsOutdated(VertebroError):
    """Another server sharing the store has a newer password than this one's settings."""


def fingerprint(token: str, salt: bytes | None = None) -> str:
    """`scrypt$<salt>$<hash>` of the password, with a new random salt unless given one."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    hashed = hashlib.scrypt(token.encode(), salt=salt, maxmem=64 * 1024 * 1024, **SCRYPT)
    return f"scrypt${salt.hex()}${hashed.hex()}"


@lru_cache(maxsize=16)
def fingerprint_matches(token: str, recorded: str) -> bool:
    """Whether `recorded` is a fingerprint of `token` (scrypt once per pair)."""
    kind, _, rest = recorded.partition("$")
    salt, _, _ = rest.partition("$")
    try:
        return kind == "scrypt" and hmac.compare_digest(
            fingerprint(token, bytes.fromhex(salt)), recorded
        )
    except ValueError:  # not hex: not a fingerprint we wrote
        return False


def _key(session: str) -> str:
    """The store knows sessions by a hash of their id: a copy of it opens no session."""
    return hashlib.sha256(session.encode()).hexdigest()


def client_key(session: str) -> str:
    """A short name for the session, for the render queue's turns (never the id itself)."""
    return "session:" + _key(session)[:16]


class Sessions:
    """Sessions in a store. `clock` (wall-clock seconds, shared by servers) is injectable."""

    def __init__(
        self, store: Store, idle_minutes: int = 30, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.idle = idle_minutes * 60.0
        self.clock = clock
        self._claimed: str | None = None  # the password this server last made the store's

    async def view(self, session: str, token: str) -> SessionView:
        """The store's view for one request. When this server's password is not the one it
        last recorded (its first request, or new settings) and the store holds another, or
        the store holds none, the store gets the new fingerprint and every session ends."""
        view = await self.store.view(_key(session))
        # An empty store (new, or restarted without its data) learns the password again.
        if token != self._claimed or not view.password:
            if not fingerprint_matches(token, view.password):
                await self.store.claim_password(fingerprint(token))
                if view.password:
                    log.warning("the access password changed: every session has ended")
                view = await self.store.view(_key(session))
            self._claimed = token
        return view

    async def ready(self, token: str) -> None:
        """At start, what the first request would otherwise do on the event loop while every
        other request waited: the password's fingerprint made (scrypt, 16 MB, twice: made
        and checked) and given to the store. A store that does not answer yet is left to
        the first request, which fails closed as any request does."""
        if not token:
            return
        with suppress(StoreUnavailable):
            self.check_current(await self.view("", token), token)

    @staticmethod
    def check_current(view: SessionView, token: str) -> None:
        """Refuse to judge a password with settings older than the store's password."""
        if not fingerprint_matches(token, view.password):
            raise SettingsOutdated(
                "another server sharing the session store has a newer access password: "
                "restart this one with the same settings file"
            )

    def _ttl(self, record: SessionRecord, now: float) -> float:
        return min(record.opened + SESSION_HOURS * 3600, now + self.idle) - now

    async def live(self, view: SessionView, session: str) -> bool:
        """Whether the cookie's id is a session that has not ended; notes its use."""
        record, now = view.record, self.clock()
        if not session or record is None or record.generation != view.generation:
            return False
        if self._ttl(record, now) <= 0 or now - record.seen >= self.idle:
            return False
        if now - record.seen >= min(TOUCH_EVERY, self.idle / 10):
            touched = dataclasses.replace(record, seen=now)
            await self.store.save_session(_key(session), touched, self._ttl(touched, now))
        return True

    async def open(self, view: SessionView) -> str:
        """A new session for someone who just gave the password; its id for the cookie."""
        session, now = secrets.token_urlsafe(32), self.clock()
        record = SessionRecord(view.generation, now, now)
        await self.store.save_session(_key(session), record, self._ttl(record, now))
        return session

    async def close(self, session: str) -> None:
        if session:
            await self.store.drop_session(_key(session))

    async def end_all(self) -> None:
        await self.store.end_sessions()
        log.warning("every session was ended by IT")
