"""Which store a server keeps its sessions and sign-in counts in, from `server.store`: its own
memory (store.py) or a Redis server shared by several (store_redis.py)."""

from __future__ import annotations

from vertebro_print.web.store import MemoryStore, Store
from vertebro_print.web.store_redis import RedisStore


def open_store(url: str) -> Store:
    """The store `server.store` names: empty for this server's memory, else a Redis URL."""
    if not url:
        return MemoryStore()
    return RedisStore(url)
