"""The last step of a build: move the new PDFs into place, then write the manifest and the
index, then delete the PDFs nothing lists any more. Until this step the output folder is as
the previous build left it; during it, Ctrl-C and kills wait (a few milliseconds), so the
manifest on disk always lists files that exist."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vertebro_print.build.index import write_index
from vertebro_print.build.manifest import FileEntry, Manifest, Skip
from vertebro_print.build.worker import staged_pdf
from vertebro_print.project import Project

STAGING = ".staging"


@dataclass(frozen=True)
class Outputs:
    """What a build decided: outputs already in place, outputs waiting in the staging folder
    (by path), and what it skipped."""

    kept: dict[str, FileEntry]
    fresh: dict[str, FileEntry]
    skipped: list[Skip]


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C or a kill during the commit takes effect after it."""
    stop = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, stop)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def commit(
    project: Project,
    out_dir: Path,
    previous: Manifest,
    outputs: Outputs,
    chosen: set[tuple[str, str]] | None,
) -> Manifest:
    """Bring the folder to the new state and return its manifest. `chosen` holds the
    (locale, handout) pairs of a build limited with --lang or --handout: outputs outside it
    stay as the previous build left them. None: the build covered everything."""
    staging = out_dir / STAGING
    for path, entry in outputs.fresh.items():
        (out_dir / path).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged_pdf(staging, entry.stamp), out_dir / path)
    files, skipped = {**outputs.kept, **outputs.fresh}, list(outputs.skipped)
    if chosen is not None:
        files = {
            **{p: e for p, e in previous.files.items() if (e.locale, e.handout) not in chosen},
            **files,
        }
        skipped += [
            Skip(s.locale, rest, s.reason, s.stamps)
            for s in previous.skipped
            if (rest := tuple(h for h in s.handouts if (s.locale, h) not in chosen))
        ]
    result = Manifest(files, skipped)
    result.save(out_dir)
    write_index(project, out_dir, result)
    for path in set(previous.files) - set(files):
        _remove_output(out_dir, path)
    shutil.rmtree(staging, ignore_errors=True)
    return result


def merge_skips(skips: list[Skip]) -> list[Skip]:
    """One entry per locale and reason (a worker reports a skip per PDF)."""
    merged: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for skip in skips:
        hids, stamps = merged.setdefault((skip.locale, skip.reason), ([], []))
        hids.extend(skip.handouts)
        stamps.extend(skip.stamps)
    return [
        Skip(code, tuple(dict.fromkeys(hids)), reason, tuple(sorted(stamps)))
        for (code, reason), (hids, stamps) in merged.items()
    ]


def _remove_output(out_dir: Path, relative: str) -> None:
    """Delete a PDF an earlier build made, never anything outside the output folder (the
    path comes from a file anyone could edit)."""
    path = (out_dir / relative).resolve()
    if path.suffix == ".pdf" and path.is_relative_to(out_dir.resolve()):
        path.unlink(missing_ok=True)
        if path.parent != out_dir.resolve() and not any(path.parent.iterdir()):
            path.parent.rmdir()
