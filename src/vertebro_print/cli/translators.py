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
    """Translator's tools: extract, init, ready, update, check, stats, proof, review, approve."""


@i18n.command()
@project_options
def extract(project: Project) -> None:
    """Refresh locales/messages.pot from the templates, and the glossary's English from
    handouts/terms.toml."""
    from vertebro_print.translators import workflow

    changed = workflow.extract(project)
    click.echo(f"{workflow.pot_path(project)}: {'updated' if changed else 'already current'}")
    seeded = workflow.seed_glossary(project)
    click.echo(f"{workflow.glossary_path(project)}: {'updated' if seeded else 'already current'}")


@i18n.command()
@click.argument("locale")
@click.option("--translator", help="'Name <email>' for the header (default: git's user).")
@project_options
def init(project: Project, locale: str, translator: str | None) -> None:
    """Start the catalog of a new language, in progress: translators see it, patients do
    not, until `i18n ready`."""
    from vertebro_print.translators import workflow

    click.echo(f"created {workflow.init(project, locale, translator)} (in progress)")


@i18n.command()
@click.argument("locale")
@project_options
def ready(project: Project, locale: str) -> None:
    """Offer a language in progress to patients, once it passes every check."""
    from vertebro_print.translators.readiness import mark_ready

    click.echo(f"{mark_ready(project, locale)}: {locale} is offered to patients")


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
    if not check:
        return
    pot_stale = not workflow.pot_is_current(project)
    glossary_stale = workflow.seed_glossary(project, check=True)
    for name, out_of_date in (("messages.pot", pot_stale), ("glossary.tbx", glossary_stale)):
        if out_of_date:
            click.echo(f"{name}: out of date (run `vertebro-print i18n extract`)")
    if stale or pot_stale or glossary_stale:
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
    """Per locale: offered or in progress, translated, fuzzy, untranslated, safety-critical,
    and per handout its review and approved strings."""
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
    from vertebro_print.translators.stats_table import print_stats

    print_stats(project, rows)


@i18n.command()
@click.argument("locale")
@click.argument("handout", default="packet")
@click.option("--paper", help="a4 or letter (default: from the settings).")
@click.option("--date", help="Appointment date, YYYY-MM-DD.")
@click.option("--arrive", help="Arrival time, HH:MM (24-hour).")
@click.option("--fast-from", help="Time to stop eating and drinking, HH:MM (24-hour).")
@click.option("--clinic-name", help="The clinic's name, as the settings would give it.")
@click.option("--clinic-phone", help="The clinic's phone, as the settings would give it.")
@click.option("--emergency-number", help="The local emergency number (e.g. 911).")
@click.option(
    "--variants/--as-given",
    default=True,
    help="After the handout as asked, every variant that prints other strings: each fasting "
    "line, noon and midnight, with and without the clinic's details (default); or only the "
    "handout as asked.",
)
@click.option("-o", "--output", help="Output file (default: proof-LOCALE-HANDOUT.pdf).")
@project_options
def proof(project: Project, locale: str, handout: str, paper, output, variants, **given) -> None:
    """A translator's proof PDF: rendered even when incomplete, with untranslated and fuzzy
    strings highlighted and each string's catalog line beside it; every string the handout
    can print, in context."""
    from vertebro_print.translators.proof import proof_of

    values = {"handout": handout, "lang": locale, "paper": paper, **given}
    output = output or f"proof-{locale}-{handout}.pdf"
    write_output(output, proof_of(project, values, variants))
    click.echo(f"wrote {output}")


@i18n.command()
@click.argument("locale")
@click.argument("handout", required=False)
@click.option(
    "--csv", "as_csv", is_flag=True, help="Write the sheet as CSV, with a decision column."
)
@click.option("-o", "--output", help="Output file (default: review-LOCALE[-HANDOUT].pdf or .csv).")
@project_options
def review(project: Project, locale: str, handout: str | None, output: str | None, as_csv) -> None:
    """A review sheet PDF: each English string beside its translation, with its catalog line,
    its id, a safety-critical mark and a box to tick (all handouts, or one). With --csv, the
    same rows for a spreadsheet: the reviewer writes `approve` in the decision column."""
    from vertebro_print.translators.review_csv import export_csv
    from vertebro_print.translators.sheet import review_sheet

    suffix = "csv" if as_csv else "pdf"
    output = output or f"review-{locale}{'-' + handout if handout else ''}.{suffix}"
    made = (
        export_csv(project, locale, handout) if as_csv else review_sheet(project, locale, handout)
    )
    write_output(output, made)
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
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Approve the rows whose decision is `approve` in a sheet's CSV (`i18n review --csv`).",
)
@click.option("--reviewer", required=True, help='Who approves: "Name, credential".')
@project_options
def approve(
    project: Project, locale: str, all_: bool, handout, ids_file, csv_file, reviewer: str
) -> None:
    """Record strings as approved by a qualified medical translator, as they are now, in
    locales/LOCALE/review.toml."""
    from vertebro_print.translators.approve import approve as record
    from vertebro_print.translators.approve import select
    from vertebro_print.translators.review_csv import Decisions, read_decisions

    if csv_file is not None and (all_ or handout or ids_file):
        raise click.UsageError("choose exactly one of --all, --handout H, --ids FILE or --csv FILE")
    decisions = read_decisions(project, locale, csv_file) if csv_file else Decisions()
    chosen = decisions.approve if csv_file else select(project, all_, handout, ids_file)
    for key, comment in decisions.changes:
        click.echo(f"to change: {key!r}{': ' + comment if comment else ''}", err=True)
    result = record(project, locale, chosen, reviewer)
    result.skipped.update(decisions.stale)
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
