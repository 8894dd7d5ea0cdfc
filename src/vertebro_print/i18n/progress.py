"""A language in progress: started with `i18n init`, not yet offered to patients.

The state is written, not inferred: `in_progress = true` in the locale's review.toml (init
writes it). Such a locale is listed for translators (stats, check, proof, review sheet,
approve) but never offered to patients: the build, the web page and `list` leave it out, and
its problems do not fail `i18n check` run over every locale. `i18n ready` clears the flag only
when the catalog passes every gate. A shipped language (no flag) that regresses still fails
everything loudly: the flag is never guessed from gaps in a catalog."""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from pathlib import Path

from vertebro_print.errors import CatalogError, UsageError
from vertebro_print.i18n.catalogs import discover
from vertebro_print.i18n.review import REVIEW_NAME, ReviewFile, read_review, write_review

FLAG = "in_progress"
# Written by `i18n init` into review.toml, before its status line.
MARK = f"""\
# This language is in progress: translators see it (stats, check, proof, review sheet),
# patients do not (the build, the web page and `list` leave it out). When every handout
# passes `vertebro-print i18n check`, offer it to patients with `vertebro-print i18n ready`.
{FLAG} = true
"""

# review.toml's flag by (path, mtime, size): every render asks which locales are enabled.
_seen: dict[str, tuple[tuple[int, int], bool]] = {}


def in_progress(locales_dir: Path, code: str) -> bool:
    """Whether the locale's review.toml marks it in progress. A file that cannot be read
    says no: the catalog's loader then reports it as broken, with its line."""
    path = os.path.join(locales_dir, code, REVIEW_NAME)
    try:
        status = os.stat(path)
    except OSError:
        return False
    stamp = (status.st_mtime_ns, status.st_size)
    cached = _seen.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        flag = tomllib.loads(Path(path).read_text(encoding="utf-8")).get(FLAG) is True
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        flag = False
    _seen[path] = (stamp, flag)
    return flag


def patient_codes(locales_dir: Path) -> list[str]:
    """The catalogs that may be offered to patients: every one not in progress."""
    return [c for c in discover(locales_dir) if not in_progress(locales_dir, c)]


def in_progress_codes(locales_dir: Path) -> list[str]:
    return [c for c in discover(locales_dir) if in_progress(locales_dir, c)]


def in_progress_note(project) -> str:
    """One line for the build's summary: the languages it left out because they are in
    progress (not a failure), and where translators see them."""
    waiting = [c for c in project.locale_codes(True) if in_progress(project.locales_dir, c)]
    if not waiting:
        return ""
    return (
        f"in progress, not offered to patients: {', '.join(waiting)} "
        f"(translators: `vertebro-print i18n stats`, `i18n proof`)"
    )


def gate_problems(project, code: str) -> list[str]:
    """Why the locale may not be offered to patients yet: every error `i18n check` finds in
    it, and every handout it cannot print. Empty when it may."""
    from vertebro_print.i18n.report import check

    found = [str(p) for p in check(project, [code]) if p.is_error and p.code != "stale-template"]
    try:
        for handout in project.handouts.values():
            if blocking := project.blocking_problems(handout, code):
                found.append(f"{handout.id}: {len(blocking)} string(s) not ready")
    except CatalogError as exc:
        found.append(str(exc))
    return found


def mark_ready(project, code: str) -> Path:
    """Offer an in-progress locale to patients: clear its flag, once it passes the gates.
    Raises UsageError naming what is missing otherwise."""
    locales_dir = project.locales_dir
    if not in_progress(locales_dir, code):
        raise UsageError(f"{code} is not in progress: it is already offered to patients")
    if problems := gate_problems(project, code):
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise UsageError(
            f"{code} is not ready for patients; fix these first "
            f"(`vertebro-print i18n check {code}`):\n  {shown}{more}"
        )
    review: ReviewFile = read_review(locales_dir, code, project.fingerprint())
    kept = {k: v for k, v in review.data.items() if k != FLAG}
    path = locales_dir / code / REVIEW_NAME
    write_review(path, replace(review, data=kept), list(review.approvals.values()))
    return path
