"""`vertebro-print doctor`: are the fonts each enabled locale needs installed? Asks
fontconfig, the same library WeasyPrint (through Pango) uses to find fonts."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from vertebro_print.i18n.languages import language
from vertebro_print.project import Project


@dataclass(frozen=True)
class FontCheck:
    code: str
    family: str
    installed: bool
    package: str


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


def diagnose(project: Project) -> list[FontCheck]:
    families = installed_families()
    checks = []
    for code in project.locale_codes():
        lang = language(code)
        for family in lang.script.fonts:
            checks.append(FontCheck(code, family, family in families, lang.script.package))
    return checks
