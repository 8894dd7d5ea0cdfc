"""Which variant (locale, paper, size) a build worker renders next.

A worker keeps one language until its variants are done: a language's first render in a
process pays for its catalog's checks (about a quarter of a second), its fonts and its line
breaking's data, and two workers sharing every language paid that twice. When no language is
left that nobody has started, an idle worker helps with the one that has the most variants
left, so the build still ends with both workers busy. Languages come in the order given,
a language's longest variants first, so the end of the build is short ones."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from vertebro_print.build.worker import Job


def variant_groups(jobs: Iterable[Job]) -> dict[str, deque[list[Job]]]:
    """The jobs by language, then by variant: a worker renders a variant's handouts one after
    another, so the packet is stapled from the layouts of the handouts it has just laid out."""
    groups: dict[tuple[str, str, bool], list[Job]] = {}
    for job in jobs:
        groups.setdefault((job.locale, job.paper, job.large_print), []).append(job)
    by_language: dict[str, list[list[Job]]] = {}
    for (locale, _, _), group in groups.items():
        by_language.setdefault(locale, []).append(group)
    return {
        locale: deque(sorted(variants, key=lambda g: -sum(job.cost for job in g)))
        for locale, variants in by_language.items()
    }


class Schedule:
    """The variants left, and the language each worker (a slot number) is on."""

    def __init__(self, jobs: Iterable[Job]) -> None:
        self.left = variant_groups(jobs)
        self.language: dict[int, str] = {}

    def __len__(self) -> int:
        return sum(len(variants) for variants in self.left.values())

    def next_for(self, slot: int) -> list[Job] | None:
        """The next variant for this worker, or None when every variant has been handed out."""
        current = self.language.get(slot)
        if not self.left.get(current):
            current = self._unstarted() or self._most_left()
            if current is None:
                return None
            self.language[slot] = current
        return self.left[current].popleft()

    def _unstarted(self) -> str | None:
        taken = set(self.language.values())
        return next((code for code, left in self.left.items() if left and code not in taken), None)

    def _most_left(self) -> str | None:
        waiting = [code for code, left in self.left.items() if left]
        return max(waiting, key=lambda code: len(self.left[code]), default=None)
