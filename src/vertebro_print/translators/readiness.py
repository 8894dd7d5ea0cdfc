"""Offering a language in progress to patients (`i18n ready`), once it passes the gates, and
the build's line about the languages it left out because they are in progress (the flag
itself is i18n/progress.py's)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from vertebro_print.errors import CatalogError, UsageError
from vertebro_print.i18n.progress import FLAG
from vertebro_print.i18n.review import ReviewFile, read_review, write_review
from vertebro_print.project import Project


def in_progress_note(project: Project) -> str:
    """One line for the build's summary: the languages it left out because they are in
    progress (not a failure), and where translators see them."""
    waiting = [c for c in project.locale_codes(True) if project.locales.is_in_progress(c)]
    if not waiting:
        return ""
    return (
        f"in progress, not offered to patients: {', '.join(waiting)} "
        f"(translators: `vertebro-print i18n stats`, `i18n proof`)"
    )


def gate_problems(project: Project, code: str) -> list[str]:
    """Why the locale may not be offered to patients yet: every error `i18n check` finds in
    it, and every handout it cannot print. Empty when it may."""
    from vertebro_print.translators.report import check

    found = [str(p) for p in check(project, [code]) if p.is_error and p.code != "stale-template"]
    try:
        for handout in project.handouts.values():
            if blocking := project.blocking_problems(handout, code):
                found.append(f"{handout.id}: {len(blocking)} string(s) not ready")
    except CatalogError as exc:
        found.append(str(exc))
    return found


def mark_ready(project: Project, code: str) -> Path:
    """Offer an in-progress locale to patients: clear its flag, once it passes the gates.
    Raises UsageError naming what is missing otherwise."""
    if not project.locales.is_in_progress(code):
        raise UsageError(f"{code} is not in progress: it is already offered to patients")
    if problems := gate_problems(project, code):
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise UsageError(
            f"{code} is not ready for patients; fix these first "
            f"(`vertebro-print i18n check {code}`):\n  {shown}{more}"
        )
    path = project.locales.review(code)
    review: ReviewFile = read_review(path, project.fingerprint())
    kept = {k: v for k, v in review.data.items() if k != FLAG}
    write_review(path, replace(review, data=kept), list(review.approvals.values()))
    return path
