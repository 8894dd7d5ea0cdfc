"""The two repositories a project reads its words from: the source messages of a handout folder
(SourceIndex) and the catalogs of a locales folder (LocaleFolder). A LocaleFolder is the one
place that knows where a locale's files are (its catalog, its review file, the template all
catalogs are made from) and which locales there are; it keeps each catalog checked, with its
review summed up per handout, until one of its files changes. Which locales there are, and
which are in progress, it looks up every time it is asked, or at most once per `recheck`
seconds when its owner sets that (the web server: every request asks, several times)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from vertebro_print.errors import CatalogError
from vertebro_print.handouts import Handout, load_registry, standalone_parts
from vertebro_print.i18n import progress, review, sources
from vertebro_print.i18n.catalogs import (
    PO_NAME,
    LocaleCatalog,
    ReviewStatus,
    discover,
    load_catalog,
)
from vertebro_print.i18n.review import REVIEW_NAME

TEMPLATE_NAME = "messages.pot"


@dataclass
class SourceIndex:
    """The handouts of one folder and the English messages each prints."""

    handouts_dir: Path

    @cached_property
    def handouts(self) -> dict[str, Handout]:
        return load_registry(self.handouts_dir)

    def messages(self, handout: Handout | None = None) -> dict[str, sources.SourceMessage]:
        """Every source message, or those a handout prints: its templates' and, of the
        handout titles, only its own and those of the handouts it is made of (so a new
        handout's title does not stop the others from printing until it is translated)."""
        folder = self.handouts_dir
        if handout is None:
            return sources.messages_of(folder, sources.all_templates(folder))
        found = sources.messages_of(folder, sources.handout_templates(folder, handout))
        alone = standalone_parts(self.handouts)
        shown = {handout.title} | {alone[p].title for p in handout.parts if p in alone}
        return {
            key: message
            for key, message in found.items()
            if key in shown
            or any(template != sources.REGISTRY_FILE for template, _ in message.locations)
        }

    def fingerprint(self) -> str:
        return sources.fingerprint(self.messages())


@dataclass
class LocaleFolder:
    """locales/<code>/LC_MESSAGES/messages.po and locales/<code>/review.toml for each locale,
    and locales/messages.pot."""

    root: Path
    recheck: float = 0.0  # seconds what was seen of the folder stays good (0: look every time)
    clock: Callable[[], float] = time.monotonic
    _loaded: dict[str, tuple[tuple[int, int], LocaleCatalog]] = field(default_factory=dict)
    _seen: tuple[float, dict] = field(default_factory=lambda: (float("-inf"), {}))

    def po(self, code: str) -> Path:
        return self.root / code / PO_NAME

    def review(self, code: str) -> Path:
        return self.root / code / REVIEW_NAME

    @property
    def template(self) -> Path:
        return self.root / TEMPLATE_NAME

    def _seen_lately(self) -> dict:
        """What was seen of the folder within the last `recheck` seconds (by question)."""
        when, seen = self._seen
        now = self.clock()
        if now - when >= self.recheck:
            when, seen = now, {}
            self._seen = (when, seen)
        return seen

    def codes(self) -> list[str]:
        """The locales that have a catalog, sorted."""
        seen = self._seen_lately()
        if "codes" not in seen:
            seen["codes"] = discover(self.root)
        return list(seen["codes"])

    def is_in_progress(self, code: str) -> bool:
        """Whether the locale is marked in progress (i18n/progress.py): for translators only."""
        seen, question = self._seen_lately(), ("in progress", code)
        if question not in seen:
            seen[question] = progress.in_progress(self.review(code))
        return seen[question]

    def in_progress(self) -> list[str]:
        return [code for code in self.codes() if self.is_in_progress(code)]

    def patient_codes(self) -> list[str]:
        """The catalogs that may be offered to patients: every one not in progress."""
        return [code for code in self.codes() if not self.is_in_progress(code)]

    def files(self, code: str) -> tuple[Path, Path]:
        """The files a locale's translations depend on: its catalog and its review file."""
        return self.po(code), self.review(code)

    def catalog(self, code: str, index: SourceIndex) -> LocaleCatalog:
        """The checked catalog of a locale, loaded again when one of its files changes."""
        path, review_path = self.files(code)
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
        cached = self._loaded.get(code)
        if cached is None or cached[0] != stamp:
            loaded = load_catalog(path, review_path, code, index.messages(), index.fingerprint())
            _sum_up_review(loaded, index)
            cached = (stamp, loaded)
            self._loaded[code] = cached
        return cached[1]


def _sum_up_review(catalog: LocaleCatalog, index: SourceIndex) -> None:
    """Each handout's review state in this locale, and the locale's from them."""
    for h in index.handouts.values():
        sources = index.messages(h)
        current = {k: catalog.fingerprint(k, s) for k, s in sources.items()}
        catalog.handout_reviews[h.id] = review.handout_state(catalog.review_file, h.id, current)
        if catalog.handout_reviews[h.id] == review.OUTDATED:
            pairs = {k: (current[k], s.id) for k, s in sources.items()}
            catalog.handout_changes[h.id] = review.handout_change(catalog.review_file, h.id, pairs)
    whole = catalog.review_file.whole
    reviewers = sorted({a.reviewer for a in catalog.review_file.approvals.values()})
    catalog.review = ReviewStatus(
        review.summary(list(catalog.handout_reviews.values())),
        whole.reviewer or "; ".join(reviewers),
        whole.date,
        whole.source_fingerprint,
    )
