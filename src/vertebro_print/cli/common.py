"""What every command shares: one-line errors with their exit codes, the project options,
the render request's fields as arguments and options (from request.FIELDS), and writing
output. The commands themselves are thin: arguments in, one call to the core, words out."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vertebro_print.errors import LocaleNotReady, VertebroError
from vertebro_print.settings import load_settings

if TYPE_CHECKING:
    # Imported when a command runs (open_project): it loads Jinja2 and Babel's catalog
    # machinery, which `--help` and `--version` do not need.
    from vertebro_print.project import Project

DEFAULT_OUT = "out"  # where `build` writes, and where `serve` looks for a build


class Group(click.Group):
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


class FieldsCommand(click.Command):
    """A command whose first parameters are the render request's fields (request.FIELDS),
    read when the command runs: a field declared there is an argument or option here at
    once, with its help."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        from vertebro_print.request import FIELDS

        fields: list[click.Parameter] = []
        for declared in FIELDS:
            if declared.option.isupper():
                fields.append(click.Argument([declared.name]))
            else:
                fields.append(
                    click.Option(
                        [declared.option, declared.name],
                        is_flag=declared.flag,
                        help=declared.help[:1].upper() + declared.help[1:] + ".",
                    )
                )
        return [*fields, *super().get_params(ctx)]


def emit_json(data) -> None:
    import json  # here, not at the top: `--help` should not pay for it

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


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


def split_commas(ctx, param, values: tuple[str, ...]) -> list[str]:
    """--lang es --lang fr and --lang es,fr mean the same."""
    return [v for value in values for v in value.split(",") if v]
