"""Slow and idle connections are dropped, and a flood of them leaves /healthz answering: the
server is uvicorn with the protocol of connections.py, here with deadlines of a fraction of a
second and a bound of a few connections, on 127.0.0.1. Each test waits for the server to
close a connection (a recv that returns, bounded): no fixed sleep."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app
from vertebro_print.web.connections import Deadlines, connection_limit
from vertebro_print.web.server import server_config

DEADLINE = 0.5  # seconds, for headers and for a body
LIMIT = 8  # connections
BOUND = 15.0  # seconds a test waits for the server at most


@contextmanager
def served(**limits) -> Iterator[int]:
    """The app (no render pool: nothing here renders) on uvicorn on 127.0.0.1; its port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    bounds = {"header_timeout": DEADLINE, "body_timeout": DEADLINE, "limit": LIMIT, **limits}
    app = create_app(Project(Settings(enabled_languages=("en",))), workers=1)
    config = server_config(
        app,
        http=Deadlines.with_limits(**bounds),
        timeout_keep_alive=DEADLINE,
        log_config=None,
        lifespan="off",  # no render pool: nothing here renders
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + BOUND
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(BOUND)
        sock.close()


def connect(port: int, data: bytes = b"") -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=BOUND)
    if data:
        connection.sendall(data)
    return connection


def closed_by_server(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (bounded by BOUND)."""
    received = b""
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        try:
            chunk = connection.recv(4096)
        except ConnectionResetError:
            return received
        if not chunk:
            return received
        received += chunk
    pytest.fail(f"the server kept the connection open for {BOUND} s")


def health(port: int) -> int:
    return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=BOUND).status_code


def test_a_connection_that_sends_nothing_is_closed():
    with served() as port:
        started = time.monotonic()
        with connect(port) as connection:
            assert b"408" in closed_by_server(connection)
        assert time.monotonic() - started < BOUND / 2


def test_half_sent_headers_are_closed():
    half_sent = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    with served() as port, connect(port, half_sent) as connection:
        assert closed_by_server(connection).startswith(b"HTTP/1.1 408 ")


def test_headers_sent_a_byte_at_a_time_do_not_keep_it_open():
    """The deadline runs from the request's first byte, not from the last one received."""
    with served() as port, connect(port) as connection:
        started = time.monotonic()
        for byte in b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: 1234567890\r\n":
            try:
                connection.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
            connection.settimeout(DEADLINE / 5)  # the pace of the drip: a bounded wait
            try:
                connection.recv(4096)
            except TimeoutError:
                continue  # still open: the next byte
            break  # the server answered 408 or closed
        else:
            pytest.fail("every byte was taken slowly and the connection is still open")
        assert time.monotonic() - started < BOUND


def test_a_body_that_stops_halfway_is_closed():
    half_sent = (
        b"POST /api/render HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json"
        b'\r\ncontent-length: 100\r\n\r\n{"handout": '
    )
    with served() as port, connect(port, half_sent) as connection:
        closed_by_server(connection)


def test_a_quiet_keep_alive_connection_is_closed():
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with served() as port, connect(port, request) as connection:
        answer = closed_by_server(connection)  # uvicorn's keep-alive timeout
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_idle_connections_past_the_bound_leave_healthz_answering():
    """The probe of issue 19: idle connections beyond the file limit stopped /healthz. At the
    bound, a new connection closes the one waiting longest for its request."""
    with served(header_timeout=60.0) as port:  # idle ones stay until pushed out
        idle = [connect(port) for _ in range(LIMIT * 3)]
        for _ in range(3):
            assert health(port) == 200
        first = idle[0]
        assert closed_by_server(first) == b""  # closed to make room, without an answer
        for connection in idle:
            connection.close()


def test_the_bound_leaves_room_below_the_file_limit():
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert 16 <= connection_limit() < soft or soft <= 16
