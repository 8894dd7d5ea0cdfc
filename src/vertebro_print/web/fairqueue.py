"""The queue in front of the render workers, fair between clients.

A client is a signed-in session, else an address (security.set_render_client). Each may have
PER_CLIENT renders waiting; past that only its own requests are turned away (503), so one
desk or script that ignores Retry-After cannot fill the queue for the others. Free workers go
to the clients in turn, one render each, so a newcomer waits for at most one render of each
client ahead of it, not for a flood's whole backlog. Plain handouts (no appointment details:
cached once made, shared by everyone who asks) go before personalised ones, so they are never
stuck behind a flood of personalised renders."""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque

from vertebro_print.errors import RenderError


class QueueFull(RenderError):
    """This client already has its share of the queue waiting (or the whole queue is full)."""


class FairQueue:
    def __init__(self, slots: int, per_client: int, total: int) -> None:
        self.per_client, self.total = per_client, total
        self._free = slots
        # Two lanes, plain first; in each, the waiting renders of each client, oldest first,
        # and the clients in the order they get their next turn.
        self._lanes: tuple[OrderedDict[str, deque[asyncio.Future]], ...] = (
            OrderedDict(),
            OrderedDict(),
        )
        self.waiting = 0

    def _waiting_of(self, client: str) -> int:
        return sum(len(lane.get(client, ())) for lane in self._lanes)

    async def acquire(self, client: str, plain: bool) -> None:
        """Wait for a free worker (QueueFull past this client's share or the total)."""
        if self._free > 0 and not self.waiting:
            self._free -= 1
            return
        if self._waiting_of(client) >= self.per_client:
            raise QueueFull("you already have renders waiting")
        if self.waiting >= self.total:
            raise QueueFull("the render queue is full")
        lane = self._lanes[0 if plain else 1]
        turn = asyncio.get_running_loop().create_future()
        lane.setdefault(client, deque()).append(turn)
        self.waiting += 1
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release()  # given a worker just as it left: pass it on
            else:
                self._forget(lane, client, turn)
            raise

    def _forget(self, lane: OrderedDict, client: str, turn: asyncio.Future) -> None:
        waiting = lane.get(client)
        if waiting is not None and turn in waiting:
            waiting.remove(turn)
            self.waiting -= 1
            if not waiting:
                del lane[client]

    def release(self) -> None:
        """A worker is free: the next client's oldest render gets it."""
        for lane in self._lanes:
            while lane:
                client, waiting = next(iter(lane.items()))
                turn = waiting.popleft()
                self.waiting -= 1
                if waiting:
                    lane.move_to_end(client)  # its next render waits for the others' turn
                else:
                    del lane[client]
                if not turn.done():
                    turn.set_result(None)
                    return
        self._free += 1
