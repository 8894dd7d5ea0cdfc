"""The web server's memory of finished renders: each result with the files it loaded, and a
cache of them bounded by bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vertebro_print.lru import LRU


@dataclass(frozen=True)
class Made:
    """A render's result: the bytes of each page (one item for a PDF), and the files it
    loaded on the way with their digests when it was made."""

    items: tuple[bytes, ...]
    assets: tuple[tuple[Path, str], ...] = ()


class ByteCache(LRU[Made]):
    """Finished renders, least recently used first out once their bytes pass max_bytes."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, weigh=lambda made: sum(map(len, made.items)))
