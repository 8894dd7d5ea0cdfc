"""DIR/index.html: a page a person opens to browse and print every PDF of a build, grouped
by language under each language's own name (index.html.j2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from vertebro_print.atomic import write_if_changed
from vertebro_print.build.manifest import FileEntry, Manifest
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.review import STATE_DESCRIPTIONS
from vertebro_print.project import Project
from vertebro_print.settings import PAPERS

TEMPLATE = "index.html.j2"
HERE = Path(__file__).resolve().parent
INDEX = "index.html"
VARIANTS = [(paper, large) for paper in PAPERS for large in (False, True)]


@dataclass(frozen=True)
class Cell:
    href: str
    path: str
    pages: int
    size: str


def _cell(entry: FileEntry | None) -> Cell | None:
    if entry is None:
        return None
    return Cell(
        quote(entry.path), entry.path, entry.pages, f"{max(1, round(entry.bytes / 1024))} KB"
    )


def _variant_label(paper: str, large: bool) -> str:
    return f"{paper.capitalize() if paper != 'a4' else 'A4'}{', large print' if large else ''}"


def _group(project: Project, code: str, entries: list[FileEntry]) -> dict:
    by_variant = {(e.handout, e.paper, e.large_print): e for e in entries}
    order = [h for h in project.handouts if any(e.handout == h for e in entries)]
    order += sorted({e.handout for e in entries} - set(order))
    rows = []
    for hid in order:
        titled = next(e for e in entries if e.handout == hid)
        registered = project.handouts.get(hid)
        rows.append(
            {
                "title": titled.title,
                "code": registered.code if registered else hid,
                "cells": [_cell(by_variant.get((hid, paper, large))) for paper, large in VARIANTS],
                "status": STATE_DESCRIPTIONS.get(titled.review_status, titled.review_status),
            }
        )
    # Review is per handout: one line for the language when all its handouts agree.
    states = {row["status"] for row in rows}
    status = states.pop() if len(states) == 1 else ""
    return {"language": language(code), "status": status, "rows": rows}


def _locale_order(project: Project, codes: set[str]) -> list[str]:
    enabled = [c for c in project.locale_codes() if c in codes]
    return enabled + sorted(codes - set(enabled))


def render_index(project: Project, manifest: Manifest) -> str:
    entries = list(manifest.files.values())
    by_locale: dict[str, list[FileEntry]] = {}
    for entry in entries:
        by_locale.setdefault(entry.locale, []).append(entry)
    env = Environment(
        loader=FileSystemLoader(str(HERE)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    skipped: list[dict] = [
        {"language": language(s.locale), "handouts": s.handouts, "reason": s.reason}
        for s in manifest.skipped
    ]
    return env.get_template(TEMPLATE).render(
        groups=[
            _group(project, code, by_locale[code])
            for code in _locale_order(project, set(by_locale))
        ],
        variant_labels=[_variant_label(paper, large) for paper, large in VARIANTS],
        total=len(entries),
        versions=sorted({e.content_version for e in entries}),
        skipped=skipped,
    )


def write_index(project: Project, out_dir: Path, manifest: Manifest) -> None:
    write_if_changed(out_dir / INDEX, render_index(project, manifest).encode("utf-8"))
