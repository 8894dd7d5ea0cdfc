"""A Project is everything one process loads once and reuses across renders: the settings,
the handout folder and its registry of handouts, and the catalog repository of the locales
folder (catalogs reloaded when their files change). The CLI, the web app and the build
workers each hold one; the stages of a render get what they need from the plan resolved
from it (plan/), never the Project itself."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from vertebro_print.errors import CatalogError, LocaleNotReady, Problem, UsageError
from vertebro_print.handouts import Handout
from vertebro_print.i18n import sources
from vertebro_print.i18n.catalogs import LocaleCatalog, ReviewStatus
from vertebro_print.i18n.folder import LocaleFolder, SourceIndex
from vertebro_print.i18n.languages import SOURCE_LANGUAGE, Language, language
from vertebro_print.i18n.review import SOURCE
from vertebro_print.settings import Settings

PACKAGE_DIR = Path(__file__).resolve().parent
BROKEN_LOCALE = "broken"  # a locale whose catalog does not load


def _shipped(name: str) -> Path:
    """The shipped handouts/ or locales/: inside the wheel, or at the top of a checkout."""
    for candidate in (PACKAGE_DIR / "_data" / name, PACKAGE_DIR.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise UsageError(
        f"cannot find the shipped {name}/ folder; set paths.{name}_dir in the settings file"
    )


@dataclass(frozen=True)
class LocaleInfo:
    """What staff and translators see about a locale."""

    language: Language
    review: ReviewStatus | None  # None for the source language
    error: str = ""  # why the locale is disabled, if it is

    @property
    def state(self) -> str:
        if self.error:
            return BROKEN_LOCALE
        return SOURCE if self.review is None else self.review.state


@dataclass
class Project:
    settings: Settings

    @cached_property
    def handouts_dir(self) -> Path:
        return (self.settings.handouts_dir or _shipped("handouts")).resolve()

    @cached_property
    def locales_dir(self) -> Path:
        return (self.settings.locales_dir or _shipped("locales")).resolve()

    @cached_property
    def sources(self) -> SourceIndex:
        return SourceIndex(self.handouts_dir)

    @cached_property
    def locales(self) -> LocaleFolder:
        return LocaleFolder(self.locales_dir)

    @property
    def handouts(self) -> dict[str, Handout]:
        return self.sources.handouts

    def allowed_roots(self) -> list[Path]:
        """Folders (and the logo file) WeasyPrint may read from."""
        logo = [Path(self.settings.logo)] if self.settings.logo else []
        return [self.handouts_dir, *logo]

    def handout(self, handout_id: str) -> Handout:
        if handout_id not in self.handouts:
            raise UsageError(
                f"unknown handout {handout_id!r}; choose one of {', '.join(self.handouts)}"
            )
        return self.handouts[handout_id]

    def source_messages(self, handout: Handout | None = None) -> dict[str, sources.SourceMessage]:
        """Every source message, or those a handout prints (SourceIndex.messages)."""
        return self.sources.messages(handout)

    def fingerprint(self) -> str:
        return self.sources.fingerprint()

    # Locales -----------------------------------------------------------------------------

    def locale_codes(self, in_progress: bool = False) -> list[str]:
        """Enabled locales: from the settings, or every catalog found (source first). A
        language in progress (i18n/progress.py) is left out unless `in_progress` asks for
        it: translators' tools list it, patients are never offered it."""
        codes = list(self.settings.enabled_languages) or [SOURCE_LANGUAGE, *self.locales.codes()]
        if in_progress:
            return codes + [c for c in self.locales.in_progress() if c not in codes]
        return [c for c in codes if not self.locales.is_in_progress(c)]

    def canonical_locale(self, code: str) -> str:
        """The locale code for a language as people type it: the catalog's code or the BCP 47
        tag that `list --json` prints (`zh_Hant`, `zh-Hant`, `ZH-hant`). Unknown codes are
        returned as given, for the plan to refuse with the list of choices."""
        wanted = code.strip().replace("-", "_").lower()
        return next((c for c in self.locale_codes(True) if c.lower() == wanted), code)

    def enabled_language(self, code: str, in_progress: bool = False) -> Language:
        """The Language of an enabled locale, or a UsageError listing the choices. A language
        in progress is known only to translators' tools (`in_progress`)."""
        self.require_enabled(code, in_progress)
        return language(code)

    def require_enabled(self, code: str, in_progress: bool = False) -> None:
        """A UsageError listing the choices unless the locale is enabled (see above)."""
        if code not in self.locale_codes(in_progress):
            if code in self.locale_codes(True):
                raise UsageError(
                    f"{code} is in progress and not offered to patients yet; print a "
                    f"translator's proof with `vertebro-print i18n proof {code}`, or offer it "
                    f"with `vertebro-print i18n ready {code}` once it passes every check"
                )
            raise UsageError(
                f"unknown language {code!r}; choose one of {', '.join(self.locale_codes())}"
            )

    def catalog_for(self, handout: Handout, code: str, patients: bool) -> LocaleCatalog | None:
        """The catalog a handout prints from in a locale (None for the source language); for
        patients only when it may print the handout (require_ready)."""
        if code == SOURCE_LANGUAGE:
            return None
        if patients:
            self.require_ready(handout, code)
        return self.catalog(code)

    def catalog(self, code: str) -> LocaleCatalog:
        """The checked catalog of a locale, reloaded when its files change."""
        return self.locales.catalog(code, self.sources)

    def handout_review(self, handout: Handout, code: str) -> str:
        """source, draft, reviewed or outdated: the review of this handout in this language."""
        if language(code).is_source:
            return SOURCE
        return self.catalog(code).handout_reviews[handout.id]

    def locale_info(self, code: str) -> LocaleInfo:
        lang = language(code)
        if lang.is_source:
            return LocaleInfo(lang, None)
        try:
            return LocaleInfo(lang, self.catalog(code).review)
        except CatalogError as exc:
            return LocaleInfo(lang, None, str(exc))

    def blocking_problems(self, handout: Handout, code: str) -> list[Problem]:
        """Why `code` may not print `handout` for patients: any safety-critical string not
        ready, or any string of this handout not ready. Empty when it may."""
        if code == SOURCE_LANGUAGE:
            return []
        catalog = self.catalog(code)
        keys = set(self.source_messages(handout))
        return [
            p
            for p in catalog.problems
            if p.is_error and p.code != "stale" and (p.safety_critical or p.msgid in keys)
        ]

    def require_ready(self, handout: Handout, code: str) -> None:
        problems = self.blocking_problems(handout, code)
        if problems:
            critical = sum(p.safety_critical for p in problems)
            raise LocaleNotReady(
                f"{code} cannot print {handout.id} for patients: {len(problems)} string(s) "
                f"not ready ({critical} safety-critical); run `vertebro-print i18n check {code}` "
                f"for the list, or print a translator's proof with `vertebro-print i18n proof "
                f"{code} {handout.id}`",
                problems,
            )
