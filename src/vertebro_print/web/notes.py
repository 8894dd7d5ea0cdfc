"""Log lines that a flood would repeat: each kind of event is written at most once per key
(an address, a client) and minute, so an attacker or a stuck script cannot fill the log."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

EVERY = 60.0  # seconds between two lines about the same key
MAX_KEYS = 10_000  # memory bound: beyond it the keys noted longest ago are forgotten


class Once:
    """`once(key)` is true when nothing was logged for `key` in the last minute."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._last: OrderedDict[Hashable, float] = OrderedDict()

    def __call__(self, *key: Hashable) -> bool:
        now = self.clock()
        last = self._last.get(key)
        if last is not None and now - last < EVERY:
            return False
        self._last[key] = now
        self._last.move_to_end(key)
        while len(self._last) > MAX_KEYS:
            self._last.popitem(last=False)
        return True
