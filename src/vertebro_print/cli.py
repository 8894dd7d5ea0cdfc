"""The command line. Each command only turns its arguments into calls to the core
(project, render, catalogs); errors a user can fix print one line and exit 2."""

from __future__ import annotations

import functools
import json
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


@main.group(cls=_Group)
def i18n() -> None:
    """Translator's tools: extract, init, update, check, stats, proof, review, approve."""


@i18n.command()
@project_options
def extract(project: Project) -> None:
    """Refresh locales/messages.pot from the templates."""
    from vertebro_print.i18n import frontend

    changed = frontend.extract(project)
    click.echo(f"{frontend.pot_path(project)}: {'updated' if changed else 'already current'}")


@i18n.command()
@click.argument("locale")
@project_options
def init(project: Project, locale: str) -> None:
    """Start the catalog of a new language."""
    from vertebro_print.i18n import frontend

    click.echo(f"created {frontend.init(project, locale)}")


@i18n.command()
@click.argument("locales", nargs=-1)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a catalog is stale.")
@project_options
def update(project: Project, locales: tuple[str, ...], check: bool) -> None:
    """Merge messages.pot into the catalogs (changed strings become fuzzy)."""
    from vertebro_print.i18n import frontend

    stale = frontend.update(project, list(locales) or None, check=check)
    verb = "out of date" if check else "updated"
    for code in stale:
        click.echo(f"{code}: {verb}")
    if check and (stale or not frontend.pot_is_current(project)):
        if not frontend.pot_is_current(project):
            click.echo("messages.pot: out of date (run `vertebro-print i18n extract`)")
        raise SystemExit(1)


@i18n.command()
@click.argument("locales", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@project_options
def check(project: Project, locales: tuple[str, ...], as_json: bool) -> None:
    """Every problem in the catalogs, one line each; exit 1 if any is an error (warnings,
    such as a plural header for a reviewer to confirm, are printed but pass)."""
    from vertebro_print.i18n.report import check as run_check

    problems = run_check(project, list(locales) or None)
    errors = sum(p.is_error for p in problems)
    if as_json:
        emit_json([{**p.__dict__} for p in problems])
    else:
        for problem in problems:
            click.echo(f"{problem}{' [safety-critical]' if problem.safety_critical else ''}")
        warnings = len(problems) - errors
        click.echo(f"{errors} problem(s), {warnings} warning(s)" if problems else "no problems")
    if errors:
        raise SystemExit(1)


@i18n.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@project_options
def stats(project: Project, as_json: bool) -> None:
    """Per locale: translated, fuzzy, untranslated, safety-critical, review status."""
    from vertebro_print.i18n.report import stats as run_stats

    rows = run_stats(project)
    if as_json:
        emit_json(
            {
                "source_fingerprint": project.fingerprint(),
                "locales": [{**r.__dict__, "percent": r.percent} for r in rows],
            }
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Catalogs (source fingerprint {project.fingerprint()})")
    for name in (
        "locale",
        "translated",
        "fuzzy",
        "untranslated",
        "broken",
        "safety-critical",
        "review",
        "last update",
    ):
        table.add_column(name)
    for r in rows:
        table.add_row(
            r.code,
            f"{r.translated}/{r.total} ({r.percent}%)",
            str(r.fuzzy),
            str(r.untranslated),
            str(r.broken),
            "complete" if r.safety_complete else "INCOMPLETE",
            r.error or r.review,
            f"{r.last_update:%Y-%m-%d}" if r.last_update else "",
        )
    Console(width=120).print(table)


@i18n.command()
@click.argument("locale")
@click.argument("handout", default="packet")
@click.option("--paper", help="a4 or letter (default: from the settings).")
@click.option("-o", "--output", help="Output file (default: proof-LOCALE-HANDOUT.pdf).")
@project_options
def proof(project: Project, locale: str, handout: str, paper, output) -> None:
    """A translator's proof PDF: rendered even when incomplete, with untranslated and fuzzy
    strings highlighted and each string's catalog line beside it."""
    from vertebro_print.request import build_request, check

    values = {"handout": handout, "lang": locale, "paper": paper}
    request = check(build_request(values, project, proof=True, cli=True), project)
    output = output or f"proof-{locale}-{handout}.pdf"
    write_output(output, produce(project, request, as_html=False))
    click.echo(f"wrote {output}")


@i18n.command()
@click.argument("locale")
@click.argument("handout", required=False)
@click.option("-o", "--output", help="Output file (default: review-LOCALE[-HANDOUT].pdf).")
@project_options
def review(project: Project, locale: str, handout: str | None, output: str | None) -> None:
    """A review sheet PDF: each English string beside its translation, with its catalog line,
    its id, a safety-critical mark and a box to tick (all handouts, or one)."""
    from vertebro_print.i18n.sheet import review_sheet

    output = output or f"review-{locale}{'-' + handout if handout else ''}.pdf"
    write_output(output, review_sheet(project, locale, handout))
    click.echo(f"wrote {output}")


@i18n.command()
@click.argument("locale")
@click.option("--all", "all_", is_flag=True, help="Approve every string of every handout.")
@click.option("--handout", help="Approve every string this handout prints.")
@click.option(
    "--ids",
    "ids_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Approve the strings whose ids (from the review sheet) this file lists, one a line.",
)
@click.option("--reviewer", required=True, help='Who approves: "Name, credential".')
@project_options
def approve(project: Project, locale: str, all_: bool, handout, ids_file, reviewer: str) -> None:
    """Record strings as approved by a qualified medical translator, as they are now, in
    locales/LOCALE/review.toml."""
    from vertebro_print.i18n.approve import approve as record
    from vertebro_print.i18n.approve import select

    result = record(project, locale, select(project, all_, handout, ids_file), reviewer)
    for key, state in result.skipped.items():
        click.echo(f"not approved ({state}): {key!r}", err=True)
    click.echo(f"{result.path}: {len(result.approved)} string(s) approved by {reviewer.strip()}")
    if result.skipped:
        click.echo(
            f"{len(result.skipped)} string(s) are not ready and were not approved; "
            f"run `vertebro-print i18n check {locale}`",
            err=True,
        )
        raise SystemExit(1)


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
    type=click.Path(file_okay=False, path_type=Path),
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
