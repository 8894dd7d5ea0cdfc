"""`vertebro-print i18n ...`: the translator's commands (extract, init, update, check, stats,
proof, review, approve), shells over vertebro_print.translators."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from vertebro_print.cli.common import Group, emit_json, project_options, write_output

if TYPE_CHECKING:
    from vertebro_print.project import Project


@click.group(cls=Group)
def i18n() -> None:
    """Translator's tools: extract, init, update, check, stats, proof, review, approve."""


@i18n.command()
@project_options
def extract(project: Project) -> None:
    """Refresh locales/messages.pot from the templates."""
    from vertebro_print.translators import workflow

    changed = workflow.extract(project)
    click.echo(f"{workflow.pot_path(project)}: {'updated' if changed else 'already current'}")


@i18n.command()
@click.argument("locale")
@project_options
def init(project: Project, locale: str) -> None:
    """Start the catalog of a new language."""
    from vertebro_print.translators import workflow

    click.echo(f"created {workflow.init(project, locale)}")


@i18n.command()
@click.argument("locales", nargs=-1)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a catalog is stale.")
@project_options
def update(project: Project, locales: tuple[str, ...], check: bool) -> None:
    """Merge messages.pot into the catalogs (changed strings become fuzzy)."""
    from vertebro_print.translators import workflow

    stale = workflow.update(project, list(locales) or None, check=check)
    verb = "out of date" if check else "updated"
    for code in stale:
        click.echo(f"{code}: {verb}")
    if check and (stale or not workflow.pot_is_current(project)):
        if not workflow.pot_is_current(project):
            click.echo("messages.pot: out of date (run `vertebro-print i18n extract`)")
        raise SystemExit(1)


@i18n.command()
@click.argument("locales", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@project_options
def check(project: Project, locales: tuple[str, ...], as_json: bool) -> None:
    """Every problem in the catalogs, one line each; exit 1 if any is an error (warnings,
    such as a plural header for a reviewer to confirm, are printed but pass)."""
    from vertebro_print.translators.report import check as run_check

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
    from vertebro_print.translators.report import stats as run_stats

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
        "review, handouts reviewed",
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
            r.error
            or f"{r.review}, {sum(h['review'] == 'reviewed' for h in r.handouts.values())}"
            f"/{len(r.handouts)}",
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
    from vertebro_print.render import produce
    from vertebro_print.request import build_request

    values = {"handout": handout, "lang": locale, "paper": paper}
    request = build_request(values, project, proof=True, cli=True)
    output = output or f"proof-{locale}-{handout}.pdf"
    write_output(output, produce(request, project))
    click.echo(f"wrote {output}")


@i18n.command()
@click.argument("locale")
@click.argument("handout", required=False)
@click.option("-o", "--output", help="Output file (default: review-LOCALE[-HANDOUT].pdf).")
@project_options
def review(project: Project, locale: str, handout: str | None, output: str | None) -> None:
    """A review sheet PDF: each English string beside its translation, with its catalog line,
    its id, a safety-critical mark and a box to tick (all handouts, or one)."""
    from vertebro_print.translators.sheet import review_sheet

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
    from vertebro_print.translators.approve import approve as record
    from vertebro_print.translators.approve import select

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
