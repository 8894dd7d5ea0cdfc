"""`vertebro-print i18n stats` as a coordinator reads it: per locale whether it is offered to
patients or still in progress, how much is translated, and per handout its review state with
how many of its strings a medical translator approved (the same figures as `--json`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from vertebro_print.project import Project
from vertebro_print.translators.report import LocaleStats

WIDTH = 160  # a terminal or a pasted report; columns wrap inside their cells beyond it


def _offered(project: Project, row: LocaleStats) -> str:
    if row.error:
        return "broken"
    return "in progress" if project.locales.is_in_progress(row.code) else "offered"


def stats_table(project: Project, rows: list[LocaleStats]) -> Table:
    table = Table(
        title=f"Catalogs (source fingerprint {project.fingerprint()})",
        caption="Each handout: its review in the language, strings approved / strings it prints",
    )
    columns = ["locale", "patients", "translated", "fuzzy", "untransl.", "broken", "safety"]
    handouts = list(project.handouts)
    for name in [*columns, *handouts, "last update"]:
        table.add_column(name, no_wrap=True)
    for r in rows:
        reviews = [
            f"{r.handouts[h]['review']}, {r.handouts[h]['approved']}/{r.handouts[h]['strings']}"
            if h in r.handouts
            else ""
            for h in handouts
        ]
        table.add_row(
            r.code,
            _offered(project, r),
            f"{r.translated}/{r.total} ({r.percent}%)",
            str(r.fuzzy),
            str(r.untranslated),
            str(r.broken),
            "complete" if r.safety_complete else "INCOMPLETE",
            *(reviews if not r.error else [r.error, *[""] * (len(handouts) - 1)]),
            f"{r.last_update:%Y-%m-%d}" if r.last_update else "",
        )
    return table


def print_stats(project: Project, rows: list[LocaleStats]) -> None:
    Console(width=WIDTH).print(stats_table(project, rows))
