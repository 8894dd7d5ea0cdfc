"""Who started a catalog, and when: the Last-Translator and PO-Revision-Date a new catalog's
header carries, as msgfmt and the translation tools expect them filled in."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

from vertebro_print.errors import UsageError


def _git(key: str) -> str:
    git = shutil.which("git")
    if git is None:
        return ""
    try:
        done = subprocess.run(
            [git, "config", "--get", key], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def translator_name(given: str | None) -> str:
    """`Name <email>` for the header: as given, or git's user.name and user.email. Without
    either, a UsageError says how to give it."""
    if given and given.strip():
        return given.strip()
    name, email = _git("user.name"), _git("user.email")
    if not name:
        raise UsageError(
            "who is translating? give --translator 'Name <email>', or set git's "
            "user.name (git config --global user.name 'Name')"
        )
    return f"{name} <{email}>" if email else name


def now() -> dt.datetime:
    """The revision date: this minute, in UTC (the header's +0000)."""
    return dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
