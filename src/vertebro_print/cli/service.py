"""The clinic IT's commands: build every handout into a folder, serve the front desk's
page, check the fonts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from vertebro_print.cli.common import (
    DEFAULT_OUT,
    project_options,
    split_commas,
)

if TYPE_CHECKING:
    from vertebro_print.project import Project


@click.command("build")
@click.option(
    "--out",
    "out_dir",
    default=DEFAULT_OUT,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 256),
    help="Render processes (default: one per CPU core).",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    callback=split_commas,
    help="Only these languages (repeat, or separate with commas).",
)
@click.option(
    "--handout",
    "handouts",
    multiple=True,
    callback=split_commas,
    help="Only these handouts (repeat, or separate with commas).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
@project_options
def build_command(
    project: Project,
    out_dir: Path,
    jobs: int | None,
    langs: list[str],
    handouts: list[str],
    quiet: bool,
) -> None:
    """Render every handout in every enabled language, on A4 and Letter, in regular and large
    print, into OUT/<locale>/<handout>-<paper>[-large].pdf with OUT/manifest.json and
    OUT/index.html. Only what changed is rendered again.

    Exit code: 0 all built, 1 a language was skipped (its reason is printed), 2 bad usage,
    3 a render failed, 130 interrupted (the folder is left as it was)."""
    from vertebro_print.build.progress import reporter
    from vertebro_print.build.run import build

    result = build(
        project, out_dir, langs=langs, handouts=handouts, jobs=jobs, reporter=reporter(quiet)
    )
    for skip in result.skipped:
        click.echo(f"skipped {skip.locale} ({', '.join(skip.handouts)}): {skip.reason}", err=True)
    if not quiet:
        click.echo(result.summary())
    raise SystemExit(result.exit_code)


@click.command()
@project_options
def doctor(project: Project) -> None:
    """Check that the fonts every enabled language needs are installed."""
    from vertebro_print.doctor import diagnose

    missing = 0
    for item in diagnose(project):
        if item.installed:
            click.echo(f"ok       {item.code:<8} {item.family}")
        else:
            missing += 1
            click.echo(
                f"MISSING  {item.code:<8} {item.family}: install it with "
                f"`sudo apt-get install {item.package}`"
            )
    if missing:
        raise SystemExit(1)


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback needs server.access_token.",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--workers", type=click.IntRange(1, 256), help="Render processes (default: one per CPU core)."
)
@click.option(
    "--prebuilt",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A build folder whose PDFs are served as built while current "
    f"(default: {DEFAULT_OUT}/ when it holds a build).",
)
@project_options
def serve(
    project: Project, host: str, port: int, workers: int | None, prebuilt: Path | None
) -> None:
    """Serve the front desk's web page and JSON API."""
    from vertebro_print.web import serve as run_server

    if prebuilt is None and (Path(DEFAULT_OUT) / "manifest.json").is_file():
        prebuilt = Path(DEFAULT_OUT)
    run_server(project, host, port, workers, prebuilt.resolve() if prebuilt else None)


@click.command("end-sessions")
@click.option(
    "--url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="The server to ask when its sessions live in its memory (no server.store).",
)
@project_options
def end_sessions(project: Project, url: str) -> None:
    """End every staff session at once (everyone signs in again)."""
    from vertebro_print.web.admin import end_every_session

    click.echo(end_every_session(project.settings, url))
