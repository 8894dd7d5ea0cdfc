"""Everything `vertebro-print i18n check` and `stats` report about the catalogs: whether
messages.pot and each catalog are current, and each catalog's per-message problems
(missing, fuzzy, broken markup or placeholders, wrong plural count, stale entries).
A catalog that cannot be read at all is one problem that names its file and line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vertebro_print.errors import CatalogError, Problem
from vertebro_print.i18n.catalogs import BROKEN, FUZZY, MISSING, OK, LocaleCatalog, ReviewStatus
from vertebro_print.i18n.languages import SOURCE_LANGUAGE
from vertebro_print.i18n.review import REVIEWED, string_state
from vertebro_print.project import Project


def check(project: Project, codes: list[str] | None = None) -> list[Problem]:
    from vertebro_print.translators import workflow

    problems: list[Problem] = []
    if not workflow.pot_is_current(project):
        problems.append(
            Problem(
                str(workflow.pot_path(project)),
                None,
                "stale-template",
                "does not match the templates; run `vertebro-print i18n extract`",
            )
        )
    targets = [c for c in (codes or project.locale_codes()) if c != SOURCE_LANGUAGE]
    readable = []
    for code in targets:
        try:
            problems.extend(project.catalog(code).problems)
        except CatalogError as exc:
            problems.append(Problem(exc.path, exc.line, "unreadable", exc.reason))
            continue
        readable.append(code)
    # One merge check for all of them: it builds the template catalog once.
    for code in sorted(workflow.update(project, readable, check=True) if readable else []):
        problems.append(
            Problem(
                str(project.catalog(code).path),
                None,
                "stale-catalog",
                f"not merged with the current templates; run `vertebro-print i18n update {code}`",
            )
        )
    return problems


@dataclass(frozen=True)
class LocaleStats:
    code: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    broken: int
    safety_complete: bool
    review: str
    reviewer: str
    last_update: dt.datetime | None
    error: str = ""
    # Per handout: its review state, and how many of its strings are approved as they are.
    handouts: dict[str, dict] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return int(100 * self.translated / self.total) if self.total else 0


def handout_reviews(project: Project, catalog: LocaleCatalog) -> dict[str, dict]:
    result = {}
    for handout in project.handouts.values():
        sources = project.source_messages(handout)
        approved = sum(
            string_state(catalog.review_file, k, catalog.fingerprint(k, s)) == REVIEWED
            for k, s in sources.items()
        )
        result[handout.id] = {
            "review": catalog.handout_reviews[handout.id],
            "approved": approved,
            "strings": len(sources),
        }
    return result


def stats(project: Project) -> list[LocaleStats]:
    sources = project.source_messages()
    critical = {k for k, m in sources.items() if m.safety_critical}
    result = []
    for code in project.locale_codes():
        if code == SOURCE_LANGUAGE:
            continue
        try:
            catalog = project.catalog(code)
        except CatalogError as exc:
            result.append(
                LocaleStats(code, len(sources), 0, 0, 0, 0, False, "broken", "", None, str(exc))
            )
            continue
        counts = {state: 0 for state in (OK, FUZZY, MISSING, BROKEN)}
        for key in sources:
            counts[catalog.state(key)] += 1
        review: ReviewStatus = catalog.review
        result.append(
            LocaleStats(
                code,
                len(sources),
                counts[OK],
                counts[FUZZY],
                counts[MISSING],
                counts[BROKEN],
                all(catalog.state(k) == OK for k in critical),
                review.state,
                review.reviewer,
                catalog.catalog.revision_date
                if isinstance(catalog.catalog.revision_date, dt.datetime)
                else None,
                handouts=handout_reviews(project, catalog),
            )
        )
    return result
