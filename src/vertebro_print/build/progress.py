"""How a build reports as it goes: a progress bar on a terminal, one plain line per PDF when
the output is a file or a pipe (logs, CI), and nothing but problems with --quiet. A failed
render is a problem, printed to standard error at once in every mode; skipped locales are
listed once, with their reasons, in the summary at the end (cli.py)."""

from __future__ import annotations

import sys

import click

from vertebro_print.build.worker import Done


class Reporter:
    """Plain lines, or only problems when quiet."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    def problem(self, line: str) -> None:
        click.echo(line, err=True)

    def begin(self, to_render: int, reused: int) -> None:
        if not self.quiet:
            click.echo(f"{to_render} PDF(s) to render, {reused} up to date")

    def finished(self, done: Done) -> None:
        if done.failed:
            self.problem(f"failed {done.job.path}: {done.failed}")
        elif not self.quiet and done.entry is not None:
            entry = done.entry
            click.echo(f"built {entry.path} ({entry.pages} pages, {entry.bytes // 1024} KB)")

    def close(self) -> None:
        pass


class BarReporter(Reporter):
    """A rich progress bar on standard error; problems print above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        super().__init__()
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self.task = None

    def problem(self, line: str) -> None:
        self.progress.console.print(line, markup=False, highlight=False)

    def begin(self, to_render: int, reused: int) -> None:
        self.task = self.progress.add_task(f"rendering ({reused} up to date)", total=to_render)
        self.progress.start()

    def finished(self, done: Done) -> None:
        if done.failed:
            super().finished(done)
        self.progress.advance(self.task)

    def close(self) -> None:
        self.progress.stop()


def reporter(quiet: bool) -> Reporter:
    if not quiet and sys.stderr.isatty():
        return BarReporter()
    return Reporter(quiet)
