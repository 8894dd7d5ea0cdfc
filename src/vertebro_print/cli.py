"""The command line. Each command only turns its arguments into calls to the core
(project, render, catalogs); errors a user can fix print one line and exit 2."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vertebro_print import __version__
from vertebro_print.errors import LocaleNotReady, VertebroError
from vertebro_print.request import FIELDS
from vertebro_print.settings import load_settings

if TYPE_CHECKING:
    # Imported when a command runs (open_project): it loads Jinja2 and Babel's catalog
    # machinery, which `--help` and `--version` do not need.
    from vertebro_print.project import Project

DEFAULT_OUT = "out"  # where `build` writes, and where `serve` looks for a build


class _Group(click.Group):
    """Turns every VertebroError into a one-line message and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VertebroError as exc:
            click.echo(f"error: {exc}", err=True)
            if isinstance(exc, LocaleNotReady):
                for problem in exc.problems[:40]:
                    mark = " [safety-critical]" if problem.safety_critical else ""
                    click.echo(f"  {problem}{mark}", err=True)
                if len(exc.problems) > 40:
                    click.echo(f"  ... and {len(exc.problems) - 40} more", err=True)
            ctx.exit(exc.exit_code)


def project_options(command):
    """--settings, --handouts-dir and --locales-dir, accepted by every command."""

    @click.option(
        "--settings",
        "settings_file",
        type=click.Path(dir_okay=False),
        envvar="VERTEBRO_PRINT_SETTINGS",
        help="Settings file (TOML).",
    )
    @click.option(
        "--handouts-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Use this folder of handout templates instead of the configured one.",
    )
    @click.option(
        "--locales-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Use this folder of catalogs instead of the configured one.",
    )
    @functools.wraps(command)
    def wrapper(settings_file, handouts_dir, locales_dir, **kwargs):
        return command(project=open_project(settings_file, handouts_dir, locales_dir), **kwargs)

    return wrapper


def open_project(settings_file=None, handouts_dir=None, locales_dir=None) -> Project:
    from vertebro_print.project import Project

    settings = load_settings(settings_file)
    overrides = {
        k: v.resolve()
        for k, v in (("handouts_dir", handouts_dir), ("locales_dir", locales_dir))
        if v
    }
    return Project(settings.replace(**overrides))


def emit_json(data) -> None:
    import json  # here, not at the top: `--help` should not pay for it

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vertebro-print")
def main() -> None:
    """Translated, print-ready PDF handouts about vertebroplasty."""


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@project_options
def list_command(project: Project, as_json: bool) -> None:
    """List the handouts and the languages."""
    from vertebro_print.i18n.readiness import listing

    data = listing(project)
    if as_json:
        emit_json(data)
        return
    click.echo("Handouts:")
    for h in data["handouts"]:
        click.echo(f"  {h['id']:<10} {h['code']:<10} {h['title']}")
    click.echo("Languages:")
    for lang in data["languages"]:
        note = f" ({lang['error']})" if lang["error"] else ""
        click.echo(
            f"  {lang['code']:<8} {lang['status']:<9} {lang['english_name']} - "
            f"{lang['native_name']}{note}"
        )


def request_options(command):
    """The render request's fields as arguments and options, from request.FIELDS."""
    for declared in reversed(FIELDS):
        if declared.option.isupper():
            command = click.argument(declared.name)(command)
        else:
            command = click.option(
                declared.option,
                declared.name,
                is_flag=declared.flag,
                help=declared.help[:1].upper() + declared.help[1:] + ".",
            )(command)
    return command


@main.command()
@request_options
@click.option("--html", "as_html", is_flag=True, help="Write the HTML that would be laid out.")
@click.option("-o", "--output", required=True, help="Output file, or - for standard output.")
@project_options
def render(project: Project, as_html: bool, output: str, **values) -> None:
    """Render one handout to PDF."""
    from vertebro_print.request import build_request, check

    request = check(build_request(values, project, cli=True), project)
    write_output(output, produce(project, request, as_html))


def produce(project: Project, request, as_html: bool) -> bytes:
    """The PDF (or HTML) of a request that check() has passed."""
    if as_html:
        from vertebro_print.pdf.render import standalone_html

        return standalone_html(request, project).encode("utf-8")
    from vertebro_print.pdf.render import render as render_pdf

    return render_pdf(request, project, checked=True).pdf


def write_output(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from vertebro_print.atomic import write_atomic

    path = Path(output)
    if not path.parent.is_dir():
        raise click.UsageError(f"cannot write {output}: folder {path.parent} does not exist")
    write_atomic(path, data)


def _split_commas(ctx, param, values: tuple[str, ...]) -> list[str]:
    """--lang es --lang fr and --lang es,fr mean the same."""
    return [v for value in values for v in value.split(",") if v]


@main.command("build")
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
    callback=_split_commas,
    help="Only these languages (repeat, or separate with commas).",
)
@click.option(
    "--handout",
    "handouts",
    multiple=True,
    callback=_split_commas,
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


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@project_options
def readability(project: Project, as_json: bool) -> None:
    """Flesch-Kincaid grade of each handout's English text."""
    from vertebro_print.readability import GRADE_LIMIT, measure

    results = measure(project)
    if as_json:
        emit_json([r.__dict__ for r in results])
        return
    for r in results:
        verdict = "ok" if r.grade <= GRADE_LIMIT else f"above {GRADE_LIMIT}"
        click.echo(
            f"{r.handout:<10} grade {r.grade:>4}  ({r.words} words, "
            f"{r.sentences} sentences)  {verdict}"
        )


@main.command()
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


@main.command()
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


# The translator's commands live in their own module; imported last, as it uses the helpers
# above.
from vertebro_print.cli_i18n import i18n  # noqa: E402

main.add_command(i18n)


@main.group()
def content() -> None:
    """The clinical review of the handouts' English content."""


@content.command("approve")
@click.argument("handout")
@click.option("--reviewer", required=True, help="The clinical reviewer's name.")
@click.option("--role", required=True, help='Their role: "Physician, interventional radiology".')
@click.option(
    "--date",
    "date_",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The date of the review (YYYY-MM-DD); default today.",
)
@project_options
def content_approve(project: Project, handout: str, reviewer: str, role: str, date_) -> None:
    """Record a clinical reviewer's sign-off of HANDOUT's English content as it is now: its
    footer then says "Content reviewed" with that date, until its English changes."""
    from vertebro_print.content_review import approve

    day = date_.date() if date_ else dt.date.today()
    signoff = approve(project, handout, reviewer, role, day)
    click.echo(f"{handout}: signed off by {signoff.reviewer} ({signoff.role}) on {day.isoformat()}")
