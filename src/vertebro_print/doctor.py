"""`vertebro-print doctor`: are the fonts each enabled locale needs installed, and those of
every script scripts.toml names (a language started later needs them)? Asks fontconfig, the
same library WeasyPrint (through Pango) uses to find fonts."""

from __future__ import annotations

from dataclasses import dataclass

from vertebro_print.i18n.installed_fonts import installed_families
from vertebro_print.i18n.languages import configured_scripts, language
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
    # Then each script's fonts no enabled language has asked for, by script code (Mymr) or,
    # for a language that draws its script its own way, by language code (ur).
    reported = {check.family for check in checks}
    for script in configured_scripts().values():
        for code, own in ((script.code, script), *script.by_language):
            for family in own.fonts:
                if family not in reported:
                    reported.add(family)
                    checks.append(FontCheck(code, family, family in families, own.package))
    return checks
