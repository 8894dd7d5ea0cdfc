"""`vertebro-print i18n approve`: record strings a reviewer approved in review.toml.

A reviewer approves what they read on the review sheet: each string is chosen by --all, by
--handout, or by the ids ticked on the sheet (--ids FILE, one id a line). Only a string that
is usable now can be approved; the others are reported and left as they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from vertebro_print.errors import UsageError
from vertebro_print.i18n.catalogs import OK
from vertebro_print.i18n.review import Approval, short_id, source_fingerprint, write_review
from vertebro_print.i18n.sources import SourceMessage
from vertebro_print.plan import resolve_language
from vertebro_print.project import Project


@dataclass(frozen=True)
class Approved:
    approved: list[str]  # msgids
    skipped: dict[str, str]  # msgid -> its state (missing, fuzzy, broken)
    path: Path


def strings_of(project: Project, handout_id: str | None) -> dict[str, SourceMessage]:
    """The strings a handout prints, or every string of every handout."""
    if handout_id is None:
        return project.source_messages()
    return project.source_messages(project.handout(handout_id))


def read_ids(project: Project, ids_file: Path) -> dict[str, SourceMessage]:
    """The strings named by the ids in a file (as printed on the review sheet)."""
    by_id = {short_id(k): (k, m) for k, m in project.source_messages().items()}
    try:
        lines = ids_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {ids_file}: {exc}") from exc
    chosen: dict[str, SourceMessage] = {}
    for number, line in enumerate(lines, start=1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if word not in by_id:
            raise UsageError(
                f"{ids_file}:{number}: no string has the id {word!r}; copy the ids from a "
                f"current review sheet (`vertebro-print i18n review`)"
            )
        key, message = by_id[word]
        chosen[key] = message
    if not chosen:
        raise UsageError(f"{ids_file} names no string: write one id from the sheet per line")
    return chosen


def select(
    project: Project, all_: bool, handout: str | None, ids_file: Path | None
) -> dict[str, SourceMessage]:
    if sum((all_, handout is not None, ids_file is not None)) != 1:
        raise UsageError("choose exactly one of --all, --handout H or --ids FILE")
    if ids_file is not None:
        return read_ids(project, ids_file)
    return strings_of(project, handout)


def approve(
    project: Project,
    code: str,
    chosen: dict[str, SourceMessage],
    reviewer: str,
    date: dt.date | None = None,
) -> Approved:
    """Record the chosen strings, as they are now, as approved by the reviewer."""
    if resolve_language(project, code, in_progress=True).is_source:
        raise UsageError(f"{code} is the source language; there is no translation to approve")
    if "," not in reviewer or not all(p.strip() for p in reviewer.split(",", 1)):
        raise UsageError('give the reviewer as "Name, credential", e.g. "Ana Ruiz, CMI-Spanish"')
    catalog = project.catalog(code)
    day = date or dt.date.today()
    approvals = dict(catalog.review_file.approvals)
    done, skipped = [], {}
    for key, source in chosen.items():
        if catalog.state(key) != OK:
            skipped[key] = catalog.state(key)
            continue
        handouts = tuple(
            h.id for h in project.handouts.values() if key in project.source_messages(h)
        )
        approvals[key] = Approval(
            key,
            catalog.fingerprint(key, source),
            reviewer.strip(),
            day,
            handouts,
            source_fingerprint(source.id),
        )
        done.append(key)
    path = project.locales.review(code)
    if done:
        write_review(path, catalog.review_file, list(approvals.values()))
    return Approved(done, skipped, path)
