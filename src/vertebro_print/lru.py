"""A least-recently-used map bounded by the total weight of its entries. One mechanism for
every cache a process keeps: the web's finished renders (weighed in bytes), laid-out
documents and checked catalogs (one each)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


def _one(_value: object) -> int:
    return 1


class LRU(Generic[V]):
    """Least recently used entries first out, once their weights together pass `limit`. An
    entry heavier than the whole limit is not kept."""

    def __init__(self, limit: int, weigh: Callable[[V], int] = _one) -> None:
        self.limit = limit
        self.weigh = weigh
        self.size = 0
        self._entries: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: Hashable, value: V) -> None:
        weight = self.weigh(value)
        if weight > self.limit:
            return
        self.drop(key)
        self._entries[key] = value
        self.size += weight
        while self.size > self.limit:
            _, dropped = self._entries.popitem(last=False)
            self.size -= self.weigh(dropped)

    def drop(self, key: Hashable) -> None:
        value = self._entries.pop(key, None)
        if value is not None:
            self.size -= self.weigh(value)

    def clear(self) -> None:
        self._entries.clear()
        self.size = 0

    def __len__(self) -> int:
        return len(self._entries)
