"""What the CLI's `list` and the web API's /api/handouts report: handouts and languages
with their status, for each language which handouts it may print for patients, and the
names people call it by (the page's language search)."""

from __future__ import annotations

from vertebro_print.errors import CatalogError
from vertebro_print.i18n import translation as scope
from vertebro_print.i18n.catalogs import OK
from vertebro_print.i18n.languages import SOURCE_LANGUAGE, language
from vertebro_print.i18n.names import search_names
from vertebro_print.project import Project


def readiness(project: Project, code: str) -> dict[str, int]:
    """For each handout, how many strings keep `code` from printing it (0: it may)."""
    try:
        return {h.id: len(project.blocking_problems(h, code)) for h in project.handouts.values()}
    except CatalogError:
        return {}  # a catalog that does not load prints nothing; listing() gives the reason


def titles(project: Project, code: str) -> dict[str, str]:
    """Each handout's title in the language, where its translation is usable."""
    if language(code).is_source:
        return {h.id: h.title for h in project.handouts.values()}
    try:
        catalog = project.catalog(code)
    except CatalogError:
        return {}
    return {
        h.id: catalog.gettext(h.title)
        for h in project.handouts.values()
        if catalog.state(h.title) == OK
    }


def reviews(project: Project, code: str) -> dict[str, str]:
    """Each handout's review state in the language (source, draft, reviewed, outdated)."""
    try:
        return {h.id: project.handout_review(h, code) for h in project.handouts.values()}
    except CatalogError:
        return {}


def listing(project: Project) -> dict:
    with scope.activate(scope.Scope(language(SOURCE_LANGUAGE), None)):
        handouts = [
            {"id": h.id, "title": h.title, "code": h.code, "parts": len(h.parts)}
            for h in project.handouts.values()
        ]
    languages = []
    shipped = tuple(project.locale_codes())
    for code in shipped:
        info = project.locale_info(code)
        blocked = readiness(project, code)
        languages.append(
            {
                "code": code,
                "tag": info.language.tag,
                "english_name": info.language.english_name,
                "native_name": info.language.native_name,
                "direction": info.language.direction,
                "status": info.state,
                "error": info.error,
                "reviewer": info.review.reviewer if info.review else "",
                "review": reviews(project, code),
                "ready": [hid for hid, count in blocked.items() if count == 0],
                "not_ready": {hid: count for hid, count in blocked.items() if count},
                "titles": titles(project, code),
                "names": list(search_names(code, shipped)),
            }
        )
    return {"handouts": handouts, "languages": languages}
