"""`vertebro-print content ...`: the clinical content owners' commands (a reviewer's sign-off
of a handout's English)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from vertebro_print.cli.common import Group, project_options

if TYPE_CHECKING:
    from vertebro_print.project import Project


@click.group(cls=Group)
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
