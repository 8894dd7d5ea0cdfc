"""`vertebro-print doctor`: are the fonts each enabled locale needs installed? Asks
fontconfig, the same library WeasyPrint (through Pango) uses to find fonts."""

from __future__ import annotations

from dataclasses import dataclass

from vertebro_print.i18n.languages import language
from vertebro_print.pdf.installed_fonts import installed_families
from vertebro_print.project import Project


@dataclass(frozen=True)
class FontCheck:
    code: str
    family: str
    installed: bool
    package: str


def diagnose(project: Project) -> list[FontCheck]:
    families = installed_families()
    checks = []
    for code in project.locale_codes(in_progress=True):
        lang = language(code)
        for family in lang.script.fonts:
            checks.append(FontCheck(code, family, family in families, lang.script.package))
    return checks
