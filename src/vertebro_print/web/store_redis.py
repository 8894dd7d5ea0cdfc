"""The store in Redis or Valkey (`server.store = "redis://..."`), shared by several servers.

Keys, all under `vertebro-print:`: `password` (the current password's fingerprint),
`generation` (a counter; ending every session adds one), `session:<hashed id>` (a hash that
expires with the session), `failures:<address>` (a hash that expires an hour after its last
failure) and `global:<minute>` (failures from all addresses in that minute). Each request
reads what it needs in one round trip; a change is one MULTI/EXEC, so two servers never see
half of it. Any error or a store that does not answer within STORE_TIMEOUT is
StoreUnavailable: the request is refused, never let in."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Awaitable, Callable
from typing import TypeVar

import redis.asyncio as redis
from redis.exceptions import RedisError

from vertebro_print.web.store import (
    BUCKET_SECONDS,
    Failures,
    SessionRecord,
    SessionView,
    Store,
    StoreUnavailable,
    bucket,
)

PREFIX = "vertebro-print:"
STORE_TIMEOUT = 2.0  # seconds: a store that does not answer by then is down for this request
T = TypeVar("T")


def _number(value: bytes | None, kind: type = int):
    return kind(value) if value is not None else kind(0)


class RedisStore(Store):
    def __init__(self, url: str) -> None:
        self.url = url
        self._client: redis.Redis | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _redis(self) -> redis.Redis:
        """One client per event loop (its connections belong to the loop that made them)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = redis.Redis.from_url(
                self.url,
                socket_timeout=STORE_TIMEOUT,
                socket_connect_timeout=STORE_TIMEOUT,
                retry_on_timeout=False,
            )
            self._loop = loop
        return self._client

    async def _do(self, action: Callable[[redis.Redis], Awaitable[T]]) -> T:
        try:
            return await asyncio.wait_for(action(self._redis()), STORE_TIMEOUT * 2)
        except (RedisError, OSError, TimeoutError) as exc:
            raise StoreUnavailable(
                f"the session store at {self._public_url()} does not answer ({type(exc).__name__})"
            ) from exc

    def _public_url(self) -> str:
        """The URL without a password it may hold."""
        scheme, _, rest = self.url.partition("://")
        return f"{scheme}://{rest.rpartition('@')[2]}"

    @staticmethod
    def _buckets(now: float, count: int) -> list[str]:
        current = bucket(now)
        return [f"{PREFIX}global:{b}" for b in range(current - count + 1, current + 1)]

    # Sessions ------------------------------------------------------------------------------

    async def view(self, session: str) -> SessionView:
        async def read(r: redis.Redis):
            async with r.pipeline(transaction=False) as pipe:
                pipe.hgetall(f"{PREFIX}session:{session}")
                pipe.get(f"{PREFIX}generation")
                pipe.get(f"{PREFIX}password")
                return await pipe.execute()

        fields, generation, password = await self._do(read)
        record = None
        if fields:
            record = SessionRecord(
                int(fields[b"generation"]), float(fields[b"opened"]), float(fields[b"seen"])
            )
        return SessionView(record, _number(generation), (password or b"").decode())

    async def save_session(self, session: str, record: SessionRecord, ttl: float) -> None:
        async def write(r: redis.Redis):
            key = f"{PREFIX}session:{session}"
            async with r.pipeline(transaction=True) as pipe:
                pipe.hset(
                    key,
                    mapping={
                        "generation": record.generation,
                        "opened": repr(record.opened),
                        "seen": repr(record.seen),
                    },
                )
                pipe.pexpire(key, max(1, math.ceil(ttl * 1000)))
                await pipe.execute()

        await self._do(write)

    async def drop_session(self, session: str) -> None:
        await self._do(lambda r: r.delete(f"{PREFIX}session:{session}"))

    async def end_sessions(self) -> int:
        return int(await self._do(lambda r: r.incr(f"{PREFIX}generation")))

    async def claim_password(self, fingerprint: str) -> None:
        async def write(r: redis.Redis):
            async with r.pipeline(transaction=True) as pipe:
                pipe.set(f"{PREFIX}password", fingerprint)
                pipe.incr(f"{PREFIX}generation")
                await pipe.execute()

        await self._do(write)

    # Wrong passwords -----------------------------------------------------------------------

    async def failures(self, address: str, now: float, buckets: int) -> tuple[Failures | None, int]:
        async def read(r: redis.Redis):
            async with r.pipeline(transaction=False) as pipe:
                pipe.hgetall(f"{PREFIX}failures:{address}")
                pipe.mget(self._buckets(now, buckets))
                return await pipe.execute()

        fields, counts = await self._do(read)
        found = Failures(int(fields[b"count"]), float(fields[b"last"])) if fields else None
        return found, sum(_number(c) for c in counts)

    async def add_failure(
        self, address: str, now: float, forget_after: float, buckets: int
    ) -> tuple[Failures, int]:
        # The key expires forget_after seconds after its last failure: an address quiet for
        # that long starts again from one, as in memory.
        async def write(r: redis.Redis):
            key, minute = f"{PREFIX}failures:{address}", self._buckets(now, 1)[0]
            async with r.pipeline(transaction=True) as pipe:
                pipe.hincrby(key, "count", 1)
                pipe.hset(key, "last", repr(now))
                pipe.pexpire(key, max(1, math.ceil(forget_after * 1000)))
                pipe.incr(minute)
                pipe.expire(minute, (buckets + 1) * BUCKET_SECONDS)
                pipe.mget(self._buckets(now, buckets))
                return await pipe.execute()

        count, _, _, _, _, counts = await self._do(write)
        return Failures(int(count), now), sum(_number(c) for c in counts)

    async def clear_failures(self, address: str) -> None:
        await self._do(lambda r: r.delete(f"{PREFIX}failures:{address}"))

    async def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            # A store that went away, or a loop already closed: nothing left to release.
            with contextlib.suppress(RedisError, OSError, RuntimeError):
                await client.aclose()
