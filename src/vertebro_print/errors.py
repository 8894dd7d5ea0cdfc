"""Domain errors. Every error a user can cause is a VertebroError with a message that names
the problem and the fix; the CLI prints it on one line and exits with its exit code, the web
app answers 400 with it."""

from __future__ import annotations

from dataclasses import dataclass


class VertebroError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 2


class UsageError(VertebroError):
    """An unknown handout, language or paper, or a malformed date or time."""


class SettingsError(VertebroError):
    """The settings file cannot be read or does not validate."""


class CatalogError(VertebroError):
    """A catalog cannot be loaded at all (syntax, encoding, plural header); disables its locale."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):
        # Renders run in worker processes: the error must survive pickling back.
        return type(self), (self.path, self.line, self.reason)


@dataclass(frozen=True)
class Problem:
    """One finding about a catalog, reported by `i18n check` and by the render gate."""

    path: str
    line: int | None
    code: str  # missing | fuzzy | markup | placeholder | plural | syntax | obsolete-source ...
    message: str
    msgid: str = ""
    safety_critical: bool = False
    severity: str = "error"  # error: blocks printing and fails `i18n check`; warning: neither
    check: str = ""  # which check found it: a name declared in i18n.checks.CHECKS

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "" if self.is_error else "warning: "
        return f"{where}: {kind}{self.code}: {self.message}"


class LocaleNotReady(VertebroError):
    """A locale may not print this handout for patients (missing, fuzzy or broken strings)."""

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(summary)

    def __reduce__(self):
        # Renders run in worker processes: the error must survive pickling back.
        return type(self), (str(self), self.problems)


class RenderError(VertebroError):
    """WeasyPrint could not produce a correct PDF (missing glyphs, a refused resource...)."""
