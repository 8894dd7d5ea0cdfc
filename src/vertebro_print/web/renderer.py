"""Renders for the web, off the request thread: a pool of worker processes (WeasyPrint holds
the GIL, so threads would not help), each holding one Project it reuses, recycled after a
number of renders so memory stays flat. The pool is recycled whole rather than with
ProcessPoolExecutor's max_tasks_per_child: on Python 3.11 that option stops replacing retired
workers once completions have run ahead of submissions, and the pool hangs with work queued.
In front of it, a bounded in-memory cache of
non-personalised PDFs and page previews, keyed by the request and by the state of the
template and catalog files, so an edited catalog is never served from an old render.

Personalised requests (with appointment details) are never cached: patient data lives only
in the request's memory, and in the worker while it renders."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import signal
import time
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from vertebro_print.errors import RenderError
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

log = logging.getLogger("vertebro_print.web")

PREVIEW_SCALE = 1.5  # 1.5 px per point: an A4 page is 893 px wide, sharp at 100-200%
RENDERS_PER_WORKER = 100  # on average; then the pool is replaced, releasing what WeasyPrint kept
RENDER_TIMEOUT = 120.0  # seconds; the largest packet takes a few
STAMP_TTL = 1.0  # seconds between two looks at the files' modification times


def pool_size() -> int:
    """The cores this process may use (a container or taskset may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ServiceBusy(RenderError):
    """The pool could not do the render now (a worker died, or it took too long); trying
    again is the fix."""


# Worker side ----------------------------------------------------------------------------

_worker_project: Project | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_project
    # Ctrl-C reaches the whole process group: let the server shut the pool down instead.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_project = Project(settings)
    import weasyprint  # noqa: F401  (the slow import, done before the first patient waits)


def _ready() -> None:
    """Does nothing: submitting it makes the pool start a worker now."""


def _render_pdf(request: RenderRequest) -> bytes:
    from vertebro_print.pdf.render import render

    return render(request, _worker_project, checked=True).pdf


def _rasterise(pdf: bytes, scale: float) -> tuple[bytes, ...]:
    """Each page of a PDF as a PNG."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            buffer = io.BytesIO()
            page.render(scale=scale).to_pil().save(buffer, "PNG")
            pages.append(buffer.getvalue())
        return tuple(pages)
    finally:
        document.close()


# Server side ----------------------------------------------------------------------------


class ByteCache:
    """Least recently used entries first out, once the entries together pass max_bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[tuple, tuple[bytes, ...]] = OrderedDict()

    def get(self, key: tuple) -> tuple[bytes, ...] | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: tuple, value: tuple[bytes, ...]) -> None:
        size = sum(map(len, value))
        if size > self.max_bytes or key in self._entries:
            return
        self._entries[key] = value
        self.size += size
        while self.size > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self.size -= sum(map(len, dropped))

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class Output:
    """What a route sends: the bytes of each page (one item for a PDF), and the ETag when the
    output may be cached (never for a personalised request)."""

    items: tuple[bytes, ...]
    etag: str | None


def files_stamp(folders: list[Path]) -> str:
    """Changes when any template, stylesheet, catalog or review file is edited."""
    digest = hashlib.sha256()
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    return digest.hexdigest()


class Renderer:
    def __init__(
        self, project: Project, workers: int | None = None, cache_bytes: int = 128 * 1024 * 1024
    ) -> None:
        self.project = project
        self.workers = workers or pool_size()
        self.cache = ByteCache(cache_bytes)
        self._pool: ProcessPoolExecutor | None = None
        self._submitted = 0  # tasks given to the current pool
        self._inflight: dict[tuple, asyncio.Future] = {}
        self._stamp = ("", float("-inf"))

    # Pool ---------------------------------------------------------------------------------

    def start(self) -> None:
        """A new pool, its workers started at once so the first render does not wait."""
        # spawn: a forked copy of a server with an event loop and threads is unsafe.
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.project.settings,),
        )
        self._submitted = 0
        for _ in range(self.workers):
            self._pool.submit(_ready)

    def _recycle_when_due(self) -> None:
        if self._submitted >= self.workers * RENDERS_PER_WORKER:
            retired = self._pool
            self.start()
            retired.shutdown(wait=False)  # its running renders finish, then it exits

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def _run(self, function, *args):
        if self._pool is None:
            raise ServiceBusy("the print service is not running")
        self._recycle_when_due()
        pool = self._pool
        self._submitted += 1
        try:
            return await asyncio.wait_for(
                asyncio.wrap_future(pool.submit(function, *args)), RENDER_TIMEOUT
            )
        except BrokenProcessPool as exc:
            # A worker died (out of memory, a crash in a C library): start a fresh pool so
            # everyone after this request is served.
            if self._pool is pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self.start()
            raise ServiceBusy("the print service had to restart; please try again") from exc
        except TimeoutError as exc:
            raise ServiceBusy(
                f"making the PDF took longer than {RENDER_TIMEOUT:.0f} s; please try again"
            ) from exc

    # Cache --------------------------------------------------------------------------------

    def stamp(self) -> str:
        """The files' state, looked at again at most once per STAMP_TTL."""
        value, when = self._stamp
        now = time.monotonic()
        if now - when >= STAMP_TTL:
            project = self.project
            logo = [Path(project.settings.logo).parent] if project.settings.logo else []
            value = files_stamp([project.handouts_dir, project.locales_dir, *logo])
            self._stamp = (value, now)
        return value

    def _key(self, kind: str, request: RenderRequest) -> tuple:
        return (kind, request, self.stamp())

    @staticmethod
    def _etag_of(key: tuple) -> str:
        # Renders are deterministic (same inputs, same bytes), so the key is a strong ETag,
        # stable across restarts.
        return '"' + hashlib.sha256(repr(key).encode()).hexdigest()[:32] + '"'

    def etag(self, kind: str, request: RenderRequest) -> str | None:
        """The ETag the output would have, without rendering (to answer If-None-Match)."""
        return None if request.personalised else self._etag_of(self._key(kind, request))

    async def _cached(self, kind: str, request: RenderRequest, make) -> Output:
        """make() once per key: concurrent identical requests share one render, which is
        cached even if the client that asked first has gone."""
        if request.personalised:
            return Output(await make(), None)
        key = self._key(kind, request)
        found = self.cache.get(key)
        if found is None:
            task = self._inflight.get(key)
            if task is None:
                task = asyncio.ensure_future(make())
                self._inflight[key] = task
                task.add_done_callback(lambda done: self._finished(key, done))
            found = await asyncio.shield(task)
        return Output(found, self._etag_of(key))

    def _finished(self, key: tuple, task: asyncio.Future) -> None:
        del self._inflight[key]
        if not task.cancelled() and task.exception() is None:
            self.cache.put(key, task.result())

    # Outputs ------------------------------------------------------------------------------

    async def pdf(self, request: RenderRequest) -> Output:
        async def make() -> tuple[bytes, ...]:
            started = time.perf_counter()
            pdf = await self._run(_render_pdf, request)
            # Handout, language and variant only: never the appointment details.
            log.info(
                "rendered %s%s in %.0f ms",
                request.describe(),
                " (personalised)" if request.personalised else "",
                (time.perf_counter() - started) * 1000,
            )
            return (pdf,)

        return await self._cached("pdf", request, make)

    async def previews(self, request: RenderRequest) -> Output:
        async def make() -> tuple[bytes, ...]:
            pdf = (await self.pdf(request)).items[0]
            return await self._run(_rasterise, pdf, PREVIEW_SCALE)

        return await self._cached("png", request, make)
