"""The fonts installed on this machine, as fontconfig (which Pango and so WeasyPrint use)
sees them, and the check that a language's font is among them. A render in a script with no
installed font would print empty boxes; it is refused before any work, naming the font and
the package to install."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from vertebro_print.errors import UsageError
from vertebro_print.i18n.languages import Language


def installed_fonts() -> list[tuple[frozenset[str], Path]]:
    """Every font file fontconfig knows, with the family names it answers to."""
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(
        ["fc-list", "--format", "%{family}|%{file}\n"], capture_output=True, text=True, check=False
    ).stdout
    lines = (line.rpartition("|") for line in out.splitlines())
    return [
        (frozenset(name.strip() for name in families.split(",")), Path(file))
        for families, _, file in lines
    ]


def installed_families() -> set[str]:
    return {family for families, _ in installed_fonts() for family in families}


@cache
def _installed_families_once() -> frozenset[str]:
    # Asked once per process: installing a font package needs a restart of the web service,
    # as it does for Pango's own font list.
    return frozenset(installed_families())


def require_font(lang: Language) -> None:
    """Raise a UsageError naming the script, the font and its package when the font that
    draws the language's script is not installed."""
    first = lang.script.fonts[0]
    if first in _installed_families_once():
        return
    where = (
        ""
        if lang.script.configured
        else (" (or choose a font for it in src/vertebro_print/i18n/scripts.toml)")
    )
    raise UsageError(
        f"{lang.code} ({lang.english_name}) is written in the {lang.script.name} script, and its "
        f'font "{first}" is not installed: install the Debian package {lang.script.package} '
        f"(apt-get install {lang.script.package}){where}; `vertebro-print doctor` lists the "
        f"fonts every language needs"
    )
