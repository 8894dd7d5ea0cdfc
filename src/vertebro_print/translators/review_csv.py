"""The review sheet as a spreadsheet: `i18n review LOCALE [HANDOUT] --csv` writes one row per
string (its id, line, safety mark, state, the English and the translation with examples in
the placeholders, its glossary terms) with an empty `decision` column; the reviewer writes
`approve` (or `change`, with a comment) there, and `i18n approve LOCALE --csv FILE` approves
those rows. No id is typed by hand, and a row is approved only if its translation is still
the one the reviewer read (the `fingerprint` column, made when the sheet was)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from vertebro_print.errors import UsageError
from vertebro_print.i18n.review import short_id
from vertebro_print.i18n.sources import SourceMessage
from vertebro_print.project import Project
from vertebro_print.translators.sheet import sheet_rows

COLUMNS = (
    "id",
    "line",
    "safety_critical",
    "state",
    "english",
    "translation",
    "glossary",
    "decision",
    "comment",
    "fingerprint",
)
APPROVE = {"approve", "approved", "yes", "y", "ok", "x", "✓", "✔"}
CHANGE = {"change", "no", "reject"}
# A cell a spreadsheet would run as a formula if it started so: shown with a leading '.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def export_csv(project: Project, code: str, handout_id: str | None) -> bytes:
    """The sheet's rows as CSV, UTF-8 with a byte order mark (spreadsheets then read every
    script right)."""
    catalog = project.catalog(code)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for key, source, row in sheet_rows(project, code, handout_id):
        texts = [
            f"{label}: {t.striptags()}" if label else t.striptags() for label, t in row.targets
        ]
        english = [
            f"{label}: {t.striptags()}" if label else t.striptags() for label, t in row.sources
        ]
        writer.writerow(
            [
                row.id,
                row.line or "",
                "yes" if row.critical else "",
                row.review_label,
                _cell(" | ".join(english)),
                _cell(" | ".join(texts) if not row.state_label else row.state_label),
                "; ".join(row.terms),
                "",
                "",
                catalog.fingerprint(key, source) or "",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


@dataclass
class Decisions:
    approve: dict[str, SourceMessage] = field(default_factory=dict)
    stale: dict[str, str] = field(default_factory=dict)  # msgid -> why it was not approved
    changes: list[tuple[str, str]] = field(default_factory=list)  # (msgid, comment)


def read_decisions(project: Project, code: str, path: Path) -> Decisions:
    """The reviewer's decisions in a sheet's CSV. Raises UsageError for a file that is not
    such a sheet, naming the line and the fix."""
    by_id = {short_id(k): (k, m) for k, m in project.source_messages().items()}
    catalog = project.catalog(code)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}; save the sheet as CSV, UTF-8") from exc
    try:  # a spreadsheet may save it with ; or tabs
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = [c for c in ("id", "decision", "fingerprint") if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(
            f"{path}: no {', '.join(missing)} column; use a sheet made by "
            f"`vertebro-print i18n review {code} --csv` and keep its first line"
        )
    decisions = Decisions()
    for row in reader:
        line = reader.line_num
        decision = (row.get("decision") or "").strip().casefold()
        if not decision:
            continue
        if decision not in APPROVE | CHANGE:
            raise UsageError(
                f"{path}:{line}: decision {row['decision']!r} is not understood; write "
                f"approve, change or nothing"
            )
        word = (row.get("id") or "").strip()
        if word not in by_id:
            raise UsageError(
                f"{path}:{line}: no string has the id {word!r}; make a new sheet with "
                f"`vertebro-print i18n review {code} --csv`"
            )
        key, message = by_id[word]
        if decision in CHANGE:
            decisions.changes.append((key, (row.get("comment") or "").strip()))
            continue
        if (row.get("fingerprint") or "").strip() != (catalog.fingerprint(key, message) or ""):
            decisions.stale[key] = "changed since the sheet was made: review it again"
            continue
        decisions.approve[key] = message
    return decisions
