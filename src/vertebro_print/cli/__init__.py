"""The command line: `vertebro-print COMMAND`. A package of thin shells: each command turns
its arguments into one call to the core and its result into words; errors a user can fix
print one line and exit 2 (common.Group)."""

from __future__ import annotations

import click

from vertebro_print import __version__
from vertebro_print.cli import content, handouts, service, translators
from vertebro_print.cli.common import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vertebro-print")
def main() -> None:
    """Translated, print-ready PDF handouts about vertebroplasty."""


for command in (
    handouts.list_command,
    handouts.render,
    service.build_command,
    handouts.readability,
    service.doctor,
    service.serve,
    service.end_sessions,
    translators.i18n,
    content.content,
):
    main.add_command(command)
