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
from pathlib import Path

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


def in_progress(review_path: Path) -> bool:
    """Whether a locale's review.toml (LocaleFolder.review) marks it in progress. A file that
    cannot be read says no: the catalog's loader then reports it as broken, with its line."""
    path = str(review_path)
    try:
        status = os.stat(path)
    except OSError:
        return False
    stamp = (status.st_mtime_ns, status.st_size)
    cached = _seen.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        flag = tomllib.loads(review_path.read_text(encoding="utf-8")).get(FLAG) is True
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        flag = False
    _seen[path] = (stamp, flag)
    return flag
