"""Where staff sessions and the wrong-password counts live: one interface, two back-ends.

`MemoryStore` (the default) keeps them in this server's memory: one server, and a restart
forgets them. `RedisStore` (store_redis.py, `server.store = "redis://..."`) keeps them in a
Redis or Valkey server that several front desk servers share, so a session opened on one
works on the others, guesses add up across them, and signing out, ending every session and a
new password take effect everywhere.

The store holds data only; the rules (when a session is live, how long an address waits) are
in sessions.py and throttle.py, the same for both back-ends. It never holds a password: the
password's fingerprint (a salted scrypt hash, sessions.py) and hashed session ids only.

Every method may raise StoreUnavailable: the caller then refuses (503), never lets in."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import OrderedDict
from dataclasses import dataclass

from vertebro_print.errors import VertebroError

BUCKET_SECONDS = 60  # failures from all addresses are counted per minute
MAX_KEYS = 10_000  # in memory: beyond it the least recently used sessions/addresses go first


class StoreUnavailable(VertebroError):
    """The shared store did not answer: nobody is let in on a guess (a 503 for IT to fix)."""


@dataclass(frozen=True)
class SessionRecord:
    """A session as the store keeps it: the generation of sessions it belongs to (ending every
    session starts a new one), when it was opened and when it was last used."""

    generation: int
    opened: float
    seen: float


@dataclass(frozen=True)
class SessionView:
    """What one request needs to judge its session, read together."""

    record: SessionRecord | None
    generation: int
    password: str  # the fingerprint of the current password ("" before any server set it)


@dataclass(frozen=True)
class Failures:
    """Wrong passwords from one address: how many, and when the last one came."""

    count: int
    last: float


def bucket(now: float) -> int:
    return int(now // BUCKET_SECONDS)


class Store(ABC):
    # Sessions and the password's fingerprint ---------------------------------------------

    @abstractmethod
    async def view(self, session: str) -> SessionView:
        """The session stored under this (hashed) id, the current generation and password."""

    @abstractmethod
    async def save_session(self, session: str, record: SessionRecord, ttl: float) -> None:
        """Store a session for `ttl` seconds (after which it is gone in any case)."""

    @abstractmethod
    async def drop_session(self, session: str) -> None: ...

    @abstractmethod
    async def end_sessions(self) -> int:
        """Start a new generation: every session opened before ends. Returns the new one."""

    @abstractmethod
    async def claim_password(self, fingerprint: str) -> None:
        """Record a new password's fingerprint and end every session, in one step."""

    # Wrong passwords ---------------------------------------------------------------------

    @abstractmethod
    async def failures(self, address: str, now: float, buckets: int) -> tuple[Failures | None, int]:
        """This address's failures, and the failures from all addresses in the last
        `buckets` minutes."""

    @abstractmethod
    async def add_failure(
        self, address: str, now: float, forget_after: float, buckets: int
    ) -> tuple[Failures, int]:
        """Count a wrong password (an address quiet for `forget_after` seconds starts again
        from one); returns the same as failures()."""

    @abstractmethod
    async def clear_failures(self, address: str) -> None: ...

    @abstractmethod
    async def close(self) -> None:
        """Release connections (at the server's shutdown)."""


class MemoryStore(Store):
    """This server's memory, bounded: one front desk server."""

    def __init__(self) -> None:
        self._sessions: OrderedDict[str, tuple[SessionRecord, float]] = OrderedDict()
        self._failures: OrderedDict[str, Failures] = OrderedDict()
        self._global: dict[int, int] = {}
        self._generation = 0
        self._password = ""

    @staticmethod
    def _bounded(table: OrderedDict) -> None:
        while len(table) > MAX_KEYS:
            table.popitem(last=False)

    async def view(self, session: str) -> SessionView:
        found = self._sessions.get(session)
        record = None
        if found is not None:
            record, _ = found
            self._sessions.move_to_end(session)
        return SessionView(record, self._generation, self._password)

    async def save_session(self, session: str, record: SessionRecord, ttl: float) -> None:
        # Expiry is judged by sessions.py from the record; the ttl only lets memory go.
        self._sessions[session] = (record, record.seen + ttl)
        self._sessions.move_to_end(session)
        if len(self._sessions) > MAX_KEYS:
            now = record.seen
            for key in [k for k, (_, gone) in self._sessions.items() if gone <= now]:
                del self._sessions[key]
            self._bounded(self._sessions)

    async def drop_session(self, session: str) -> None:
        self._sessions.pop(session, None)

    async def end_sessions(self) -> int:
        self._generation += 1
        self._sessions.clear()
        return self._generation

    async def claim_password(self, fingerprint: str) -> None:
        self._password = fingerprint
        await self.end_sessions()

    def _global_count(self, now: float, buckets: int) -> int:
        current = bucket(now)
        for old in [b for b in self._global if b <= current - buckets]:
            del self._global[old]
        return sum(self._global.values())

    async def failures(self, address: str, now: float, buckets: int) -> tuple[Failures | None, int]:
        return self._failures.get(address), self._global_count(now, buckets)

    async def add_failure(
        self, address: str, now: float, forget_after: float, buckets: int
    ) -> tuple[Failures, int]:
        before = self._failures.pop(address, None)
        count = 1 if before is None or now - before.last >= forget_after else before.count + 1
        self._failures[address] = Failures(count, now)  # re-inserted: the most recent last
        self._bounded(self._failures)
        self._global[bucket(now)] = self._global.get(bucket(now), 0) + 1
        return self._failures[address], self._global_count(now, buckets)

    async def clear_failures(self, address: str) -> None:
        self._failures.pop(address, None)

    async def close(self) -> None:
        """Nothing to release: the memory goes with the process."""


def open_store(url: str) -> Store:
    """The store `server.store` names: empty for this server's memory, else a Redis URL."""
    if not url:
        return MemoryStore()
    from vertebro_print.web.store_redis import RedisStore

    return RedisStore(url)
