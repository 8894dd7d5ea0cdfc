"""Renders for the web, off the request thread: a pool of worker processes (WeasyPrint holds
the GIL, so threads would not help), each holding one Project it reuses, recycled after a
number of renders so memory stays flat. The pool is recycled whole rather than with
ProcessPoolExecutor's max_tasks_per_child: on Python 3.11 that option stops replacing retired
workers once completions have run ahead of submissions, and the pool hangs with work queued.
The queue in front of the pool is fair between clients and bounded (fairqueue.py; past a
client's share: ServiceBusy, a 503 with Retry-After, for that client only), and work nobody
waits for any more is taken out of it before it starts. Workers run at a lower CPU priority
than the server, so answers that need no render (the cache, a prebuilt PDF) stay quick while
every worker is busy.

In front of it, a bounded in-memory cache of non-personalised PDFs and page previews, keyed by
the request and by the build's stamp of its inputs (provenance.py: templates, stylesheet,
catalogs, logo, settings, code), and checked against the files the render itself loaded
(pictograms), so an edited file is never served from an old render. Only those named files
are read, at most once per STAMP_TTL: no folder is walked on the request path.

Personalised requests (with appointment details) are never cached: patient data lives only
in the request's memory, and in the worker while it renders."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from vertebro_print.build.prebuilt import Prebuilt
from vertebro_print.errors import RenderError, VertebroError
from vertebro_print.plan import resolve_language
from vertebro_print.project import Project
from vertebro_print.provenance import Stamper, asset_path
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings
from vertebro_print.web.cache import ByteCache, Made
from vertebro_print.web.fairqueue import FairQueue, QueueFull
from vertebro_print.workers import pool_size, settle, start_worker, worker_context

log = logging.getLogger("vertebro_print.web")

PREVIEW_SCALE = 1.5  # 1.5 px per point: an A4 page is 893 px wide, sharp at 100-200%
RENDERS_PER_WORKER = 100  # on average; then the pool is replaced, releasing what WeasyPrint kept
RENDER_TIMEOUT = 120.0  # seconds; the largest packet takes a few
STAMP_TTL = 1.0  # seconds between two looks at the files
QUEUE_PER_CLIENT = 2  # renders one client may have waiting for a worker
QUEUE_PER_WORKER = 16  # renders waiting in all (a memory bound: each holds a small request)
RETRY_AFTER = 5  # seconds, in the 503 that answers past the queue's bound
# Renders yield the CPU to the server's event loop: on two cores with two workers busy, a
# cached or prebuilt answer would otherwise wait for the scheduler behind them.
WORKER_NICENESS = 10
ANYONE = "address:unknown"  # the client of a render asked for outside a request (tests)


class ServiceBusy(RenderError):
    """The pool could not do the render now (too much queued, a worker died, or it took
    too long); trying again is the fix, after `retry_after` seconds."""

    retry_after = RETRY_AFTER


# Worker side ----------------------------------------------------------------------------

_worker_project: Project | None = None


# What the web's workers' forkserver imports besides workers.PRELOADED.
WORKER_MODULES = ("vertebro_print.web.renderer", "vertebro_print.warmup")


def _start_worker(settings: Settings) -> None:
    global _worker_project
    os.nice(WORKER_NICENESS)
    _worker_project = start_worker(settings)


def _ready() -> None:
    """Does nothing: submitting it makes the pool start a worker now."""


def _render_pdf(request: RenderRequest) -> tuple[bytes, tuple[Path, ...]]:
    """The PDF, and the files the render loaded on the way (pictograms, the logo)."""
    from vertebro_print.render import render

    rendered = render(request, _worker_project)
    return rendered.pdf, rendered.resources


def _rasterise(pdf: bytes, scale: float) -> tuple[bytes, ...]:
    """Each page of a PDF as a PNG."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            buffer = io.BytesIO()
            # zlib level 3, not Pillow's 6: a third less time encoding (which is four times
            # the drawing) and, on these pages, a tenth smaller files too (measured on the packet).
            page.render(scale=scale).to_pil().save(buffer, "PNG", compress_level=3)
            pages.append(buffer.getvalue())
        return tuple(pages)
    finally:
        document.close()


# Server side ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """What a route sends: the bytes of each page (one item for a PDF), and the ETag when the
    output may be cached (never for a personalised request)."""

    items: tuple[bytes, ...]
    etag: str | None


@dataclass
class _Work:
    """A render under way that several requests may wait for."""

    task: asyncio.Future | None = None
    waiters: int = 0
    jobs: list[Future] = field(default_factory=list)  # given to the pool: they run to the end


class Renderer:
    def __init__(
        self,
        project: Project,
        workers: int | None = None,
        cache_bytes: int = 128 * 1024 * 1024,
        prebuilt: Path | None = None,
    ) -> None:
        self.project = project
        # Which locales there are, seen at most once per STAMP_TTL like the files: every
        # request asks several times, and walking the folder each time was most of the
        # CPU a prebuilt or cached answer took (about 3 of 4 ms).
        project.locales.recheck = STAMP_TTL
        # A build folder whose current PDFs are served as built (serve --prebuilt).
        self.prebuilt = Prebuilt(project, prebuilt) if prebuilt else None
        self.workers = workers or pool_size()
        self.cache = ByteCache(cache_bytes)
        self.rendering = 0  # jobs the pool is doing (until they end, even if nobody waits)
        self._queue: FairQueue | None = None  # one turn per worker
        self._pool: ProcessPoolExecutor | None = None
        self._submitted = 0  # tasks given to the current pool
        self._inflight: dict[tuple, _Work] = {}
        self._stamper: tuple[Stamper | None, float] = (None, float("-inf"))

    # Pool ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Called in the server's event loop: the queue, and the pool."""
        self._queue = FairQueue(
            self.workers, QUEUE_PER_CLIENT, max(QUEUE_PER_CLIENT, self.workers * QUEUE_PER_WORKER)
        )
        self._new_pool()
        self._warm()
        # What start-up and the warming made (catalogs, their checks, stamps, the app) lives as
        # long as the server: moved out of the collector's sight, a full collection no longer
        # walks it on the event loop, a pause that every quick answer behind it waited out.
        settle()

    def _warm(self) -> None:
        """What a language's first request would otherwise wait for (200 ms and more for a
        translated one): its catalog loaded and checked, the stamps of its handouts, and the
        build's manifest. Done at start, before the server answers anything."""
        stamper = self.stamper()
        for code in self.project.locale_codes():
            try:
                resolve_language(self.project, code)
                self.project.locale_info(code)
                for handout in self.project.handouts.values():
                    stamper.source_stamp(handout, code)
            except VertebroError:
                continue  # a broken language is reported when it is asked for
        if self.prebuilt is not None:
            self.prebuilt.manifest()

    @property
    def queued(self) -> int:
        """Renders waiting for a worker (not yet given to the pool)."""
        return self._queue.waiting if self._queue is not None else 0

    def _new_pool(self) -> None:
        """A new pool, its workers started at once so the first render does not wait."""
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            # warmup: the web recycles its workers, and each new one would load the catalog
            # checks' model again on its first catalog.
            mp_context=worker_context(*WORKER_MODULES),
            initializer=_start_worker,
            initargs=(self.project.settings,),
        )
        self._submitted = 0
        for _ in range(self.workers):
            self._pool.submit(_ready)

    def _recycle_when_due(self) -> None:
        if self._submitted >= self.workers * RENDERS_PER_WORKER:
            retired = self._pool
            self._new_pool()
            retired.shutdown(wait=False)  # its running renders finish, then it exits

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def _slot(self, client: str, plain: bool) -> None:
        """Wait for a free worker, in the fair queue. The queue is ours, not the pool's
        (which hands work to its processes ahead of time): a request that leaves while it
        waits here takes its render out of the queue."""
        if self._pool is None or self._queue is None:
            raise ServiceBusy("the print service is not running")
        try:
            await self._queue.acquire(client, plain)
        except QueueFull as exc:
            raise ServiceBusy(
                "the print service is busy; please try again in a few seconds"
            ) from exc

    def _job_ended(self, _job: Future) -> None:
        """A job's worker is free again (not before: a render nobody waits for any more
        still occupies its worker until it ends)."""
        self.rendering -= 1
        self._queue.release()

    def _replace_broken(self, pool) -> None:
        if self._pool is pool:
            pool.shutdown(wait=False, cancel_futures=True)
            self._new_pool()

    async def _run(
        self, function, *args, work: _Work | None = None, client: str = ANYONE, plain: bool = False
    ):
        await self._slot(client, plain)
        loop = asyncio.get_running_loop()
        try:
            if self._pool is None:
                raise ServiceBusy("the print service is not running")
            self._recycle_when_due()
            pool = self._pool
            try:
                job = pool.submit(function, *args)
            except BrokenProcessPool:
                # A worker died since the last render and the pool knows it already: replace
                # the pool now and give this render to the new one.
                self._replace_broken(pool)
                pool = self._pool
                job = pool.submit(function, *args)
            self._submitted += 1
        except BaseException:
            self._queue.release()
            raise
        self.rendering += 1
        job.add_done_callback(lambda done: loop.call_soon_threadsafe(self._job_ended, done))
        if work is not None:
            work.jobs.append(job)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(job), RENDER_TIMEOUT)
        except BrokenProcessPool as exc:
            # A worker died (out of memory, a crash in a C library): start a fresh pool so
            # everyone after this request is served.
            self._replace_broken(pool)
            raise ServiceBusy("the print service had to restart; please try again") from exc
        except TimeoutError as exc:
            raise ServiceBusy(
                f"making the PDF took longer than {RENDER_TIMEOUT:.0f} s; please try again"
            ) from exc

    # Cache --------------------------------------------------------------------------------

    def stamper(self) -> Stamper:
        """The build's Stamper, new every STAMP_TTL so that files are read again."""
        stamper, when = self._stamper
        now = time.monotonic()
        if stamper is None or now - when >= STAMP_TTL:
            stamper = Stamper(self.project)
            self._stamper = (stamper, now)
        return stamper

    def _key(self, kind: str, request: RenderRequest) -> tuple:
        """The request and the build's stamp of its inputs, in each of its languages."""
        stamper, handout = self.stamper(), self.project.handout(request.handout)
        codes = (request.lang, request.with_lang) if request.with_lang else (request.lang,)
        return (kind, request, tuple(stamper.source_stamp(handout, code) for code in codes))

    def _fresh(self, made: Made) -> bool:
        stamper = self.stamper()
        return all(stamper.digest_of(path) == sha for path, sha in made.assets)

    @staticmethod
    def _etag_of(key: tuple, made: Made) -> str:
        # Renders are deterministic (same inputs, same bytes), so the inputs' stamp and the
        # loaded files' digests make a strong ETag, stable across restarts.
        return '"' + hashlib.sha256(repr((key, made.assets)).encode()).hexdigest()[:32] + '"'

    async def _cached(self, kind: str, request: RenderRequest, make) -> tuple[tuple | None, Made]:
        """make(work) once per key: concurrent identical requests share one render. When
        every request waiting for it has gone, it is dropped if its pool job has not
        started yet; one under way finishes and is cached. Returns the key (None for a
        personalised request, which is never cached) and the result."""
        if request.personalised:
            return None, await make(None)
        key = self._key(kind, request)
        found = self.cache.get(key)
        if found is not None and self._fresh(found):
            return key, found
        self.cache.drop(key)
        work = self._inflight.get(key)
        if work is None:
            work = _Work()
            work.task = asyncio.ensure_future(make(work))
            self._inflight[key] = work
            work.task.add_done_callback(lambda done: self._finished(key, done))
        work.waiters += 1
        try:
            return key, await asyncio.shield(work.task)
        finally:
            work.waiters -= 1
            if not work.waiters and not work.task.done():
                self._abandoned(key, work)

    def _abandoned(self, key: tuple, work: _Work) -> None:
        """Nobody waits for this render any more: drop it unless a worker is on it."""
        if not any(not job.done() for job in work.jobs):
            del self._inflight[key]
            work.task.cancel()

    def _finished(self, key: tuple, task: asyncio.Future) -> None:
        work = self._inflight.get(key)
        if work is not None and work.task is task:  # not a newer render of the same key
            del self._inflight[key]
        if not task.cancelled() and task.exception() is None:
            self.cache.put(key, task.result())

    def _assets(self, paths: tuple[Path, ...]) -> tuple[tuple[Path, str], ...]:
        stamper = self.stamper()
        return tuple((path, stamper.digest_of(path)) for path in sorted(set(paths)))

    def _output(self, key: tuple | None, made: Made) -> Output:
        return Output(made.items, None if key is None else self._etag_of(key, made))

    # Outputs ------------------------------------------------------------------------------

    def _built(self, request: RenderRequest) -> Made | None:
        """The PDF as an earlier build made it, when that is still what a render would give."""
        found = self.prebuilt.find(request, self.stamper()) if self.prebuilt else None
        if found is None:
            return None
        entry, pdf = found
        log.info("served %s as built in %s", request.describe(), entry.path)
        return Made((pdf,), self._assets(tuple(asset_path(self.project, k) for k in entry.assets)))

    async def _pdf(self, request: RenderRequest, client: str) -> tuple[tuple | None, Made]:
        async def make(work: _Work | None) -> Made:
            if (built := self._built(request)) is not None:
                return built
            started = time.perf_counter()
            pdf, loaded = await self._run(
                _render_pdf, request, work=work, client=client, plain=not request.personalised
            )
            # Handout, language and variant only: never the appointment details.
            log.info(
                "rendered %s%s in %.0f ms",
                request.describe(),
                " (personalised)" if request.personalised else "",
                (time.perf_counter() - started) * 1000,
            )
            return Made((pdf,), self._assets(loaded))

        return await self._cached("pdf", request, make)

    async def pdf(self, request: RenderRequest, client: str = ANYONE) -> Output:
        """The PDF; `client` (a session or an address) waits its turn in the fair queue."""
        return self._output(*await self._pdf(request, client))

    async def previews(self, request: RenderRequest, client: str = ANYONE) -> Output:
        async def make(work: _Work | None) -> Made:
            _, pdf = await self._pdf(request, client)
            pages = await self._run(
                _rasterise,
                pdf.items[0],
                PREVIEW_SCALE,
                work=work,
                client=client,
                plain=not request.personalised,
            )
            return Made(pages, pdf.assets)  # as fresh as the PDF they show

        return self._output(*await self._cached("png", request, make))
