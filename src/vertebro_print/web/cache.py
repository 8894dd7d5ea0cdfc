"""The web server's memory of finished renders: each result with the files it loaded, and a
cache of them bounded by bytes."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Made:
    """A render's result: the bytes of each page (one item for a PDF), and the files it
    loaded on the way with their digests when it was made."""

    items: tuple[bytes, ...]
    assets: tuple[tuple[Path, str], ...] = ()


class ByteCache:
    """Least recently used entries first out, once the entries together pass max_bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[tuple, Made] = OrderedDict()

    def get(self, key: tuple) -> Made | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: tuple, value: Made) -> None:
        size = sum(map(len, value.items))
        if size > self.max_bytes or key in self._entries:
            return
        self._entries[key] = value
        self.size += size
        while self.size > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self.size -= sum(map(len, dropped.items))

    def drop(self, key: tuple) -> None:
        value = self._entries.pop(key, None)
        if value is not None:
            self.size -= sum(map(len, value.items))

    def __len__(self) -> int:
        return len(self._entries)
