"""Slowing down password guessing, for HTTP Basic and the login form alike, without ever
locking the staff out.

Per address (an IPv6 client counted by its /64, the block one machine gets): 5 wrong
passwords are free (staff mistype); after the fifth the next try must wait 1 second, then 2,
4, 8 ... up to 15 minutes. A try during the wait is refused (429) without looking at the
password, so waiting is the only way on. An address quiet for an hour, or that gives the right
password, starts afresh.

Across addresses: past 100 wrong passwords in 10 minutes from all addresses together, an
address that has got the password wrong may not try again until the count falls back under
that bound (the wait is said a minute at a time). The guessing rate across all addresses is
then one guess per address (per /64) per 10 minutes at most. An address without failures is
not slowed at all: its right password is looked at and works at once, so a flood of guesses
from elsewhere never locks a front desk or a Basic-auth script out.

Counts live in the store (store.py): in memory, or shared by several servers in Redis, where
guesses add up across servers. Nothing sleeps: a refused try costs a store lookup. Failures,
refusals and locks are logged at most once per address and kind per minute (the address, never
what was typed)."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import math
import time
from collections.abc import Callable

from vertebro_print.web.notes import Once
from vertebro_print.web.store import BUCKET_SECONDS, Failures, Store

log = logging.getLogger("vertebro_print.web.signin")

FREE_FAILURES = 5  # per address: after this many, each try waits
FIRST_WAIT = 1.0  # seconds after the fifth failure; doubles after each further one
LONGEST_WAIT = 15 * 60.0
FORGET_AFTER = 60 * 60.0  # an address with no failure for this long starts afresh
GLOBAL_FAILURES = 100  # failures from all addresses together ...
GLOBAL_MINUTES = 10  # ... within this many minutes: addresses that failed wait it out


class TooManyTries(Exception):
    """This client must wait before it may give a password again."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"wait {wait:.0f} s")
        self.retry_after = max(1, math.ceil(wait))

    def words(self) -> str:
        count, unit = (
            (self.retry_after, "second")
            if self.retry_after < 60
            else (math.ceil(self.retry_after / 60), "minute")
        )
        when = f"{count} {unit}{'s' if count > 1 else ''}"
        return f"Too many wrong passwords from this computer. Try again in {when}."


def counted_address(address: str) -> str:
    """The address the throttle counts: an IPv6 address by its /64 (one machine or network
    gets a whole /64), an IPv4-mapped one as IPv4, anything else as given."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def password_matches(given: str, token: str) -> bool:
    # As bytes: compare_digest refuses str with non-ASCII characters, which clients can send.
    return hmac.compare_digest(given.encode(), token.encode())


def _own_wait(failures: Failures) -> float:
    """How long after its last failure this address waits."""
    beyond = failures.count - FREE_FAILURES
    if beyond < 0:
        return 0.0
    return min(FIRST_WAIT * 2 ** min(beyond, 30), LONGEST_WAIT)


class Throttle:
    """Failures per address and in total, in `store`. `clock` (wall-clock seconds, shared by
    servers) is injectable for tests."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock
        self.once = Once()

    def _note(self, level: int, kind: str, key: str, message: str, *args: object) -> None:
        if self.once(kind, key):
            log.log(level, message, *args)

    async def wait(self, address: str) -> float:
        """Seconds this address must wait before its next password try (0: it may try)."""
        now = self.clock()
        failures, total = await self.store.failures(address, now, GLOBAL_MINUTES)
        if failures is None or now - failures.last >= FORGET_AFTER:
            return 0.0
        wait = failures.last + _own_wait(failures) - now
        if total >= GLOBAL_FAILURES:
            # Said a minute at a time: the count is kept per minute and is looked at again.
            wait = max(wait, BUCKET_SECONDS - now % BUCKET_SECONDS)
        return wait

    async def attempt(self, address: str, given: str, token: str, via: str) -> bool:
        """Whether `given` is the password. While the address must wait the password is not
        even looked at (TooManyTries), so a guess during the wait learns nothing."""
        counted = counted_address(address)
        wait = await self.wait(counted)
        if wait > 0:
            self._note(logging.INFO, "refused", counted, "sign-in refused: %s must wait", counted)
            raise TooManyTries(wait)
        if password_matches(given, token):
            await self.store.clear_failures(counted)
            return True
        failures, total = await self.store.add_failure(
            counted, self.clock(), FORGET_AFTER, GLOBAL_MINUTES
        )
        self._note(logging.INFO, "wrong", counted, "wrong password from %s (%s)", counted, via)
        if failures.count >= FREE_FAILURES:
            self._note(
                logging.WARNING,
                "locked",
                counted,
                "%s must wait before its next password try: %d wrong passwords",
                counted,
                failures.count,
            )
        if total >= GLOBAL_FAILURES:
            self._note(
                logging.WARNING,
                "global",
                "",
                "%d wrong passwords from all addresses in %d minutes: the addresses that got "
                "it wrong wait until the count falls (the others are not slowed)",
                total,
                GLOBAL_MINUTES,
            )
        return False
