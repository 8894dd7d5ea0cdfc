"""`vertebro-print doctor`: are the fonts each enabled locale needs installed? Asks
fontconfig, the same library WeasyPrint (through Pango) uses to find fonts."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from vertebro_print.languages import language
from vertebro_print.project import Project


@dataclass(frozen=True)
class FontCheck:
    code: str
    family: str
    installed: bool
    package: str


def installed_families() -> set[str]:
    if shutil.which("fc-list") is None:
        return set()
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                         check=False).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def diagnose(project: Project) -> list[FontCheck]:
    families = installed_families()
    checks = []
    for code in project.locale_codes():
        lang = language(code)
        for family in lang.script.fonts:
            checks.append(FontCheck(code, family, family in families, lang.script.package))
    return checks
