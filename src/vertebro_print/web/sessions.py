"""Staff sessions after the login form: a random id in the cookie, its expiry kept on the
server. Signing out ends the session on the server (a copied cookie stops working too); a
session ends by itself after the working day; a new password ends every session, and so does
a restart (sessions live in the server's memory only)."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

SESSION_HOURS = 12  # one working day; then staff sign in again
MAX_SESSIONS = 10_000  # memory bound: beyond it the sessions closest to expiry end first


def _fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    """Session ids and when each expires. `clock` (wall-clock seconds) is injectable for
    tests."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._expiry: dict[str, float] = {}
        self._password = ""  # fingerprint of the password the sessions were opened with

    def _for_password(self, token: str) -> None:
        """Forget every session when the password is not the one they were opened with."""
        fingerprint = _fingerprint(token)
        if fingerprint != self._password:
            self._expiry.clear()
            self._password = fingerprint

    def open(self, token: str) -> str:
        """A new session for someone who just gave `token`; returns its id for the cookie."""
        self._for_password(token)
        now = self.clock()
        if len(self._expiry) >= MAX_SESSIONS:
            self._expiry = {k: v for k, v in self._expiry.items() if v > now}
            while len(self._expiry) >= MAX_SESSIONS:
                del self._expiry[min(self._expiry, key=self._expiry.__getitem__)]
        session = secrets.token_urlsafe(32)
        self._expiry[session] = now + SESSION_HOURS * 3600
        return session

    def valid(self, session: str, token: str) -> bool:
        """Whether the cookie's id is a live session opened with the current password."""
        self._for_password(token)
        expires = self._expiry.get(session)
        if expires is None:
            return False
        if expires <= self.clock():
            del self._expiry[session]
            return False
        return True

    def close(self, session: str) -> None:
        self._expiry.pop(session, None)

    def __len__(self) -> int:
        return len(self._expiry)
