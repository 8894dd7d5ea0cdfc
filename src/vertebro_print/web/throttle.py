"""Slowing down password guessing, for HTTP Basic and the login form alike.

Each client address may get the password wrong a few times (staff mistype); after that it
must wait before the next try, twice as long after each further failure, up to a ceiling.
A try during the wait is refused (429) without looking at the password, so waiting is the
only way on, and the right password works again once the wait is over. A global cap covers
guessing spread over many addresses: past it every address waits. Nothing sleeps: a refused
try costs the server a dictionary lookup, however many arrive in parallel.

State lives in memory: a restart forgets it, which is fine for a front desk server."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

FREE_FAILURES = 5  # per address, before any wait
FIRST_WAIT = 1.0  # seconds after the first failure past the free ones; doubles each time
LONGEST_WAIT = 15 * 60.0
FORGET_AFTER = 60 * 60.0  # an address with no failure for this long starts afresh
GLOBAL_FAILURES = 100  # failures from all addresses together ...
GLOBAL_WINDOW = 10 * 60.0  # ... within this many seconds, then everyone waits
MAX_ADDRESSES = 10_000  # memory bound: beyond it the least recent addresses are forgotten


@dataclass
class _Record:
    failures: int = 0
    last_failure: float = 0.0
    blocked_until: float = 0.0


class Throttle:
    """Failures per client address and in total. `clock` is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._records: dict[str, _Record] = {}
        self._recent: deque[float] = deque()  # times of recent failures, all addresses

    def wait(self, address: str) -> float:
        """Seconds this address must wait before its next password try (0: it may try)."""
        now = self.clock()
        while self._recent and self._recent[0] <= now - GLOBAL_WINDOW:
            self._recent.popleft()
        waits = [0.0]
        if len(self._recent) >= GLOBAL_FAILURES:
            waits.append(self._recent[0] + GLOBAL_WINDOW - now)
        record = self._records.get(address)
        if record is not None:
            waits.append(record.blocked_until - now)
        return max(waits)

    def failed(self, address: str) -> None:
        """A wrong password from this address."""
        now = self.clock()
        self._recent.append(now)
        record = self._records.pop(address, None)
        if record is None or now - record.last_failure >= FORGET_AFTER:
            record = _Record()
        record.failures += 1
        record.last_failure = now
        beyond = record.failures - FREE_FAILURES
        if beyond > 0:
            doublings = min(beyond - 1, 30)  # past the ceiling long before; keeps it a float
            record.blocked_until = now + min(FIRST_WAIT * 2**doublings, LONGEST_WAIT)
        self._records[address] = record  # re-inserted: the dict is ordered by last failure
        while len(self._records) > MAX_ADDRESSES:
            del self._records[next(iter(self._records))]

    def succeeded(self, address: str) -> None:
        """The right password: this address starts afresh."""
        self._records.pop(address, None)
