"""Deadlines and a bound on connections, for uvicorn.

uvicorn has no deadline for receiving a request (its issue #157): a client that sends half a
request, or connects and sends nothing, holds its connection and a file descriptor for ever,
and a thousand of them stop the server (`Errno 24`, /healthz unanswered). Its keep-alive
timeout covers only the quiet time after an answer. This wraps uvicorn's h11 protocol rather
than moving to another server (Hypercorn has read timeouts, but no bound on connections, and
the rest of the stack, the tests and the proxy-header handling are uvicorn's): about a hundred
lines that watch h11's own view of the request.

- A request's headers must arrive within HEADER_TIMEOUT of its first byte (or of the
  connection, for the first request), its body within BODY_TIMEOUT of the headers; otherwise
  the connection is answered 408 and closed. Then it is the server's turn: a render may take
  long, and no deadline applies.
- Between requests, uvicorn's keep-alive timeout (KEEP_ALIVE) closes a quiet connection.
- At most `limit` connections are open (below the process's file limit, so there is always a
  descriptor for a new one). At the limit, a new connection closes the one that has been
  waiting for a request longest (an idle or slow client) to make room; only when every
  connection is busy with an answer is the newcomer turned away. So a flood of idle or
  half-sent connections never keeps /healthz or a front desk out."""

from __future__ import annotations

import asyncio
import resource

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0  # seconds for a request's line and headers
BODY_TIMEOUT = 30.0  # seconds for its body (at most 16 KB here)
KEEP_ALIVE = 5.0  # seconds a connection may stay quiet between two requests
RESERVED_FILES = 128  # descriptors kept for the render pool's pipes, files read, the store
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: 41\r\n\r\nThe request did not arrive in time. Retry."
)


def connection_limit() -> int:
    """As many connections as the file limit allows, less the descriptors kept for the rest."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(16, soft - RESERVED_FILES)


class Deadlines(H11Protocol):
    """uvicorn's h11 protocol with receipt deadlines and a bound on connections. The bounds
    are class attributes: `with_limits()` makes a class with others (tests use short ones)."""

    header_timeout = HEADER_TIMEOUT
    body_timeout = BODY_TIMEOUT
    limit = 1024

    _refused = False
    _deadline: asyncio.TimerHandle | None = None
    _watching: object = None  # the h11 state the deadline is for (IDLE: headers, SEND_BODY)
    _waiting_since = 0.0  # when it began waiting for a request (to choose whom to close)

    @classmethod
    def with_limits(
        cls,
        header_timeout: float = HEADER_TIMEOUT,
        body_timeout: float = BODY_TIMEOUT,
        limit: int | None = None,
    ) -> type[Deadlines]:
        return type(
            "Deadlines",
            (cls,),
            {
                "header_timeout": header_timeout,
                "body_timeout": body_timeout,
                "limit": limit if limit is not None else connection_limit(),
            },
        )

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.limit and not self._make_room():
            self._refused = True
            transport.close()  # every connection is busy with an answer: turned away
            return
        super().connection_made(transport)
        self._waiting_since = self.loop.time()
        self._watch()

    def _make_room(self) -> bool:
        """Close the connection waiting longest for its request, if there is one."""
        waiting = [
            c for c in self.connections if isinstance(c, Deadlines) and c._awaiting_request()
        ]
        if not waiting:
            return False
        oldest = min(waiting, key=lambda c: c._waiting_since)
        oldest._close()
        return True

    def _awaiting_request(self) -> bool:
        return self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and (
            self.cycle is None or self.cycle.response_complete
        )

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # Quiet until the next request's first byte: uvicorn's keep-alive timer governs (or
        # a pipelined request is on its way already).
        self._waiting_since = self.loop.time()
        self._cancel()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._refused:
            return  # never made: nothing of uvicorn's to undo
        self._cancel()
        super().connection_lost(exc)

    def _watch(self) -> None:
        """Arm the deadline for what the client owes now: headers, a body, or nothing."""
        if self.transport is None or self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.IDLE and self.timeout_keep_alive_task is not None:
            state = None  # between requests, before a byte of the next: keep-alive's turn
        if state not in (h11.IDLE, h11.SEND_BODY):
            state = None
        if state is self._watching:
            return
        self._cancel()
        self._watching = state
        if state is not None:
            timeout = self.header_timeout if state is h11.IDLE else self.body_timeout
            self._deadline = self.loop.call_later(timeout, self._expired)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._watching = None, None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(TIMEOUT_ANSWER)
        self._close()

    def _close(self) -> None:
        self._cancel()
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # a body that never came: the route stops waiting
            self.cycle.message_event.set()
        self.transport.close()
