"""The content commands: list the handouts and languages, render one handout, measure
the English text's reading level."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from vertebro_print.cli.common import (
    FieldsCommand,
    emit_json,
    project_options,
    write_output,
)

if TYPE_CHECKING:
    from vertebro_print.project import Project


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@project_options
def list_command(project: Project, as_json: bool) -> None:
    """List the handouts and the languages."""
    from vertebro_print.listing import listing

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


@click.command(cls=FieldsCommand)
@click.option("--html", "as_html", is_flag=True, help="Write the HTML that would be laid out.")
@click.option("-o", "--output", required=True, help="Output file, or - for standard output.")
@project_options
def render(project: Project, as_html: bool, output: str, **values) -> None:
    """Render one handout to PDF."""
    from vertebro_print.render import produce
    from vertebro_print.request import build_request

    write_output(output, produce(build_request(values, project, cli=True), project, as_html))


@click.command()
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
