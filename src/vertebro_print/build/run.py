"""`vertebro-print build`: every handout x every enabled locale x A4 and Letter x regular and
large print, into DIR/<locale>/<handout>-<paper>[-large].pdf, with DIR/manifest.json and
DIR/index.html.

A build plans the matrix and stamps each output (provenance.py); keeps every output the previous
manifest made from the same inputs whose file is still intact; skips, with the reason, what
a locale may not print; renders the rest in a pool of worker processes into DIR/.staging;
then commits: moves the new PDFs into place, writes the manifest and the index, and deletes
the PDFs nothing lists any more. Until the commit the folder stays exactly as the previous
build left it, so an interrupted build (Ctrl-C, a kill) leaves every earlier output and the
previous manifest intact; the renders it finished wait in .staging for the next build."""

from __future__ import annotations

import fcntl
import json
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from vertebro_print.build import manifest
from vertebro_print.build import worker as build_worker
from vertebro_print.build.commit import STAGING, Outputs, commit, merge_skips, signals_deferred
from vertebro_print.build.manifest import FileEntry, Manifest, Skip
from vertebro_print.build.progress import Reporter
from vertebro_print.build.schedule import Schedule
from vertebro_print.build.worker import Done, Job, staged_entry, staged_pdf
from vertebro_print.errors import UsageError, VertebroError
from vertebro_print.plan import resolve_language
from vertebro_print.project import Project
from vertebro_print.provenance import Stamper, assets_unchanged
from vertebro_print.settings import PAPERS
from vertebro_print.workers import pool_size, worker_context

LOCK = ".build.lock"
# Exit codes of `vertebro-print build` (2 stays "bad usage", as for every command).
EXIT_OK, EXIT_SKIPPED, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 3, 130


class BuildInterrupted(VertebroError):
    """Ctrl-C or SIGTERM: nothing in the output folder changed."""

    exit_code = EXIT_INTERRUPTED


@dataclass
class BuildResult:
    out_dir: Path
    manifest: Manifest
    built: int = 0  # rendered by this build, or taken from an interrupted one
    resumed: int = 0  # of those, taken from an interrupted build's staging folder
    reused: int = 0
    skipped: list[Skip] = field(default_factory=list)
    skipped_pdfs: int = 0
    failed: list[Done] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_FAILED
        return EXIT_SKIPPED if self.skipped else EXIT_OK

    def summary(self) -> str:
        locales = ", ".join(sorted({s.locale for s in self.skipped}))
        resumed = f" ({self.resumed} finished by an interrupted build)" if self.resumed else ""
        return (
            f"{self.built} built{resumed}, {self.reused} up to date, "
            f"{self.skipped_pdfs} skipped"
            f"{f' ({locales})' if locales else ''}, {len(self.failed)} failed; "
            f"{len(self.manifest.files)} PDFs listed in {self.out_dir / manifest.MANIFEST} "
            f"and {self.out_dir / 'index.html'}"
        )


def plan(project: Project, langs: Iterable[str] = (), handouts: Iterable[str] = ()) -> list[Job]:
    """Every output of the matrix (or of the chosen languages and handouts), stamped."""
    codes = list(dict.fromkeys(langs)) or project.locale_codes()
    for code in codes:
        resolve_language(project, code)
    chosen = [project.handout(h) for h in dict.fromkeys(handouts)] or list(
        project.handouts.values()
    )
    stamper = Stamper(project)
    jobs = []
    for code in codes:
        for handout in chosen:
            jobs.extend(
                Job.stamped(stamper, handout, code, paper, large)
                for paper in PAPERS
                for large in (False, True)
            )
    return jobs


class _Build:
    """One build's state: what the last build left, and what this one has decided."""

    def __init__(self, project: Project, out_dir: Path) -> None:
        self.project, self.out_dir = project, out_dir
        self.staging = out_dir / STAGING
        self.stamper = Stamper(project)
        self.previous = manifest.load(out_dir)
        self.skip_reasons = {
            stamp: skip.reason for skip in self.previous.skipped for stamp in skip.stamps
        }
        self.kept: dict[str, FileEntry] = {}  # outputs already in place
        self.fresh: dict[str, FileEntry] = {}  # outputs waiting in the staging folder

    def _assets_unchanged(self, entry: FileEntry) -> bool:
        return assets_unchanged(self.project, self.stamper, entry.assets)

    def reusable(self, job: Job) -> FileEntry | None:
        """The previous output of this job, if made from the same inputs and intact."""
        entry = self.previous.files.get(job.path)
        if (
            entry is not None
            and entry.stamp == job.stamp
            and self._assets_unchanged(entry)
            and entry.intact(self.out_dir)
        ):
            return entry
        return None

    def known_skip(self, job: Job) -> Skip | None:
        """The previous build's reason to skip this job, if its inputs did not change."""
        reason = self.skip_reasons.get(job.stamp)
        return None if reason is None else Skip(job.locale, (job.handout,), reason, (job.stamp,))

    def staged(self, job: Job) -> FileEntry | None:
        """A render an interrupted build finished for the same inputs."""
        try:
            entry = FileEntry(**json.loads(staged_entry(self.staging, job.stamp).read_text()))
        except (OSError, ValueError, TypeError):
            return None
        if entry.matches(staged_pdf(self.staging, job.stamp)) and self._assets_unchanged(entry):
            return entry
        return None


@contextmanager
def _only_build(out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder: two would share the staging folder and each
    write a manifest that misses the other's PDFs."""
    with open(out_dir / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise UsageError(
                f"another build is writing to {out_dir}; wait for it to finish"
            ) from exc
        yield


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """A kill (SIGTERM) stops the build the way Ctrl-C does: in order, changing nothing."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _pool(project: Project) -> ProcessPoolExecutor:
    # One worker a pool, so the build chooses which worker renders what (schedule.py).
    # Workers live for one build and are not recycled: max_tasks_per_child deadlocks the
    # pool on Python 3.11 to 3.13 (CPython gh-115634), and a worker's memory grows by only
    # a few MB over hundreds of renders (benchmarks/run.py measures it).
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=worker_context(),
        initializer=build_worker.start,
        initargs=(project.settings,),
    )


def _render(project: Project, staging: Path, jobs: list[Job], workers: int) -> Iterator[Done]:
    """Render the jobs, yielding each as it finishes. Leaving early (Ctrl-C) waits for the
    variants being rendered, so their staged files are whole; nothing else has started.

    A worker takes one variant (locale, paper, size) at a time, so the packet is stapled from
    the layouts of the handouts it has just rendered, and keeps to one language while it has
    variants left (schedule.py). A worker that dies fails its variant; another takes its slot."""
    staging.mkdir(exist_ok=True)
    schedule = Schedule(jobs)
    if workers == 0:  # in this process, one variant after another
        build_worker.attach(project)
        while (group := schedule.next_for(0)) is not None:
            yield from build_worker.run_group(group, str(staging))
        return
    pools = [_pool(project) for _ in range(min(workers, len(schedule)))]
    running: dict[Future, tuple[int, list[Job]]] = {}

    def hand_out(slot: int) -> None:
        if (group := schedule.next_for(slot)) is not None:
            future = pools[slot].submit(build_worker.run_group, group, str(staging))
            running[future] = (slot, group)

    try:
        for slot in range(len(pools)):
            hand_out(slot)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                slot, group = running.pop(future)
                try:
                    yield from future.result()
                except Exception as exc:  # a crash or a dead worker: report it, go on
                    for job in group:
                        yield Done(job, failed=f"{type(exc).__name__}: {exc}")
                    if isinstance(exc, BrokenProcessPool):
                        pools[slot] = _pool(project)
                hand_out(slot)
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


def build(
    project: Project,
    out_dir: Path,
    *,
    langs: Iterable[str] = (),
    handouts: Iterable[str] = (),
    jobs: int | None = None,
    reporter: Reporter | None = None,
) -> BuildResult:
    """Bring out_dir up to date. Raises UsageError for an unknown language or handout (before
    touching anything) and BuildInterrupted on Ctrl-C or SIGTERM (having changed nothing).
    `jobs`: worker processes (default one per core); 0 renders in this process."""
    langs, handouts = list(langs), list(handouts)
    planned = plan(project, langs, handouts)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the output folder {out_dir}: {exc.strerror}") from exc
    with _only_build(out_dir):
        return _build(
            project,
            out_dir,
            planned,
            jobs,
            reporter or Reporter(quiet=True),
            chosen={(j.locale, j.handout) for j in planned} if langs or handouts else None,
        )


def _build(
    project: Project,
    out_dir: Path,
    planned: list[Job],
    jobs: int | None,
    reporter: Reporter,
    chosen: set[tuple[str, str]] | None,
) -> BuildResult:
    run = _Build(project, out_dir)
    result = BuildResult(out_dir, Manifest())
    todo = _triage(run, result, planned)
    reporter.begin(len(todo), result.reused)
    try:
        with _sigterm_interrupts():
            workers = pool_size() if jobs is None else jobs
            for done in _render(project, run.staging, todo, workers) if todo else ():
                reporter.finished(done)
                _record(run, result, done)
    except KeyboardInterrupt as exc:
        raise BuildInterrupted(
            f"interrupted: {out_dir} is as the last build left it; the "
            f"renders that finished wait in {run.staging} for the next "
            f"build"
        ) from exc
    finally:
        reporter.close()
    with signals_deferred():
        result.skipped = merge_skips(result.skipped)
        result.manifest = commit(
            project, out_dir, run.previous, Outputs(run.kept, run.fresh, result.skipped), chosen
        )
    return result


def _triage(run: _Build, result: BuildResult, planned: list[Job]) -> list[Job]:
    """Decide what the previous build already settled; return the jobs left to render."""
    todo = []
    for job in planned:
        if (entry := run.reusable(job)) is not None:
            run.kept[job.path] = entry
            result.reused += 1
        elif (entry := run.staged(job)) is not None:
            run.fresh[job.path] = entry
            result.built += 1
            result.resumed += 1
        elif (skip := run.known_skip(job)) is not None:
            result.skipped.append(skip)
            result.skipped_pdfs += 1
        else:
            todo.append(job)
    return todo


def _record(run: _Build, result: BuildResult, done: Done) -> None:
    path = done.job.path
    if done.entry is not None:
        run.fresh[path] = done.entry
        result.built += 1
    elif done.skipped:
        result.skipped.append(
            Skip(done.job.locale, (done.job.handout,), done.skipped, (done.job.stamp,))
        )
        result.skipped_pdfs += 1
    else:
        result.failed.append(done)
        # The last good PDF stays listed: its stale stamp makes the next build try again.
        if path in run.previous.files and run.previous.files[path].intact(run.out_dir):
            run.kept[path] = run.previous.files[path]
