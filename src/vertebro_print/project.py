"""A Project is everything one process loads once and reuses across renders: the settings,
the handout list, the template environment and the catalogs (reloaded when their files
change). The CLI, the web app and the build workers each hold one."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jinja2 import Environment

from vertebro_print.errors import CatalogError, LocaleNotReady, Problem, UsageError
from vertebro_print.handouts import Handout, load_registry, standalone_parts
from vertebro_print.i18n import review, sources
from vertebro_print.i18n.catalogs import (
    REVIEW_NAME,
    LocaleCatalog,
    ReviewStatus,
    discover,
    load_catalog,
    po_path,
)
from vertebro_print.i18n.languages import SOURCE_LANGUAGE, Language, language
from vertebro_print.pdf.templates import make_environment
from vertebro_print.settings import Settings

PACKAGE_DIR = Path(__file__).resolve().parent


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
            return "broken"
        return "source" if self.review is None else self.review.state


@dataclass
class Project:
    settings: Settings
    _catalogs: dict[str, tuple[tuple[int, int], LocaleCatalog]] = field(default_factory=dict)

    @cached_property
    def handouts_dir(self) -> Path:
        return (self.settings.handouts_dir or _shipped("handouts")).resolve()

    @cached_property
    def locales_dir(self) -> Path:
        return (self.settings.locales_dir or _shipped("locales")).resolve()

    @cached_property
    def handouts(self) -> dict[str, Handout]:
        return load_registry(self.handouts_dir)

    @cached_property
    def environment(self) -> Environment:
        return make_environment(self.handouts_dir)

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

    # Source messages ---------------------------------------------------------------------

    def source_messages(self, handout: Handout | None = None) -> dict[str, sources.SourceMessage]:
        """Every source message, or those a handout prints: its templates' and, of the
        handout titles, only its own and those of the handouts it is made of (so a new
        handout's title does not stop the others from printing until it is translated)."""
        if handout is None:
            return sources.messages_of(self.handouts_dir, sources.all_templates(self.handouts_dir))
        found = sources.messages_of(
            self.handouts_dir, sources.handout_templates(self.handouts_dir, handout)
        )
        alone = standalone_parts(self.handouts)
        shown = {handout.title} | {alone[p].title for p in handout.parts if p in alone}
        return {
            key: message
            for key, message in found.items()
            if key in shown
            or any(template != sources.REGISTRY_FILE for template, _ in message.locations)
        }

    def fingerprint(self) -> str:
        return sources.fingerprint(self.source_messages())

    # Locales -----------------------------------------------------------------------------

    def locale_codes(self) -> list[str]:
        """Enabled locales: from the settings, or every catalog found (source first)."""
        return list(self.settings.enabled_languages) or [
            SOURCE_LANGUAGE,
            *discover(self.locales_dir),
        ]

    def canonical_locale(self, code: str) -> str:
        """The locale code for a language as people type it: the catalog's code or the BCP 47
        tag that `list --json` prints (`zh_Hant`, `zh-Hant`, `ZH-hant`). Unknown codes are
        returned as given, for check_locale_code to refuse with the list of choices."""
        wanted = code.strip().replace("-", "_").lower()
        return next((c for c in self.locale_codes() if c.lower() == wanted), code)

    def check_locale_code(self, code: str) -> Language:
        """The Language of an enabled locale whose font is installed, or a UsageError."""
        from vertebro_print.pdf.installed_fonts import require_font

        if code not in self.locale_codes():
            raise UsageError(
                f"unknown language {code!r}; choose one of {', '.join(self.locale_codes())}"
            )
        lang = language(code)
        require_font(lang)
        return lang

    def catalog(self, code: str) -> LocaleCatalog:
        """The checked catalog of a locale, reloaded when its files change."""
        path = po_path(self.locales_dir, code)
        review_path = self.locales_dir / code / REVIEW_NAME
        try:
            stamp = (
                path.stat().st_mtime_ns,
                review_path.stat().st_mtime_ns if review_path.exists() else 0,
            )
        except OSError as exc:
            raise CatalogError(
                str(path),
                None,
                f"no catalog for this language; start one with `vertebro-print i18n init {code}`",
            ) from exc
        cached = self._catalogs.get(code)
        if cached is None or cached[0] != stamp:
            loaded = load_catalog(
                self.locales_dir, code, self.source_messages(), self.fingerprint()
            )
            self._sum_up_review(loaded)
            cached = (stamp, loaded)
            self._catalogs[code] = cached
        return cached[1]

    def _sum_up_review(self, catalog: LocaleCatalog) -> None:
        """Each handout's review state in this locale, and the locale's from them."""
        for h in self.handouts.values():
            sources = self.source_messages(h)
            current = {k: catalog.fingerprint(k, s) for k, s in sources.items()}
            catalog.handout_reviews[h.id] = review.handout_state(catalog.review_file, h.id, current)
            if catalog.handout_reviews[h.id] == review.OUTDATED:
                pairs = {k: (current[k], s.id) for k, s in sources.items()}
                catalog.handout_changes[h.id] = review.handout_change(
                    catalog.review_file, h.id, pairs
                )
        whole = catalog.review_file.whole
        reviewers = sorted({a.reviewer for a in catalog.review_file.approvals.values()})
        catalog.review = ReviewStatus(
            review.summary(list(catalog.handout_reviews.values())),
            whole.reviewer or "; ".join(reviewers),
            whole.date,
            whole.source_fingerprint,
        )

    def handout_review(self, handout: Handout, code: str) -> str:
        """source, draft, reviewed or outdated: the review of this handout in this language."""
        if language(code).is_source:
            return "source"
        return self.catalog(code).handout_reviews[handout.id]

    def handout_change(self, handout: Handout, code: str) -> str:
        """For an outdated handout: which side changed since its review (translation, source
        or either); "" otherwise."""
        if language(code).is_source:
            return ""
        return self.catalog(code).handout_changes.get(handout.id, "")

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
        if language(code).is_source:
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
