"""`vertebro-print end-sessions`: IT ends every staff session at once (a lost laptop, a
colleague who left). With a shared store (server.store) the store is told directly, and every
server sharing it sees it at the next request; with sessions in a server's memory, that
server is asked, on this machine, with the password."""

from __future__ import annotations

import asyncio
import base64
import urllib.error
import urllib.request

from vertebro_print.errors import UsageError
from vertebro_print.settings import Settings
from vertebro_print.web.store import open_store

ASK_TIMEOUT = 10.0  # seconds for a running server to answer


async def _end_in_store(url: str) -> None:
    store = open_store(url)
    try:
        await store.end_sessions()
    finally:
        await store.close()


def _ask_server(server_url: str, token: str) -> None:
    request = urllib.request.Request(f"{server_url.rstrip('/')}/sessions/end", method="POST")
    if token:
        encoded = base64.b64encode(f"it:{token}".encode()).decode()
        request.add_header("Authorization", f"Basic {encoded}")
    try:
        with urllib.request.urlopen(request, timeout=ASK_TIMEOUT) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        raise UsageError(
            f"the server at {server_url} refused to end the sessions (HTTP {exc.code}); "
            f"run this on the server itself, with its settings file"
        ) from exc
    except OSError as exc:
        raise UsageError(
            f"no server answers at {server_url} ({exc}); its sessions live in its memory, "
            f"so a server that is not running has none to end"
        ) from exc


def end_every_session(settings: Settings, server_url: str) -> str:
    """End every session; returns what to tell IT."""
    if settings.store:
        asyncio.run(_end_in_store(settings.store))
        return "Every session has ended, on every server sharing the store: staff sign in again."
    _ask_server(server_url, settings.access_token)
    return f"Every session of the server at {server_url} has ended: staff sign in again."
