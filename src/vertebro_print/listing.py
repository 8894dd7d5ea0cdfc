"""What the CLI's `list` and the web API's /api/handouts report: handouts and languages
with their status."""

from __future__ import annotations

from vertebro_print import scope
from vertebro_print.languages import SOURCE_LANGUAGE, language
from vertebro_print.project import Project


def listing(project: Project) -> dict:
    with scope.activate(scope.Scope(language(SOURCE_LANGUAGE), None)):
        handouts = [{"id": h.id, "title": h.title, "code": h.code, "parts": len(h.parts)}
                    for h in project.handouts.values()]
    languages = []
    for code in project.locale_codes():
        info = project.locale_info(code)
        languages.append({
            "code": code, "tag": info.language.tag, "english_name": info.language.english_name,
            "native_name": info.language.native_name, "direction": info.language.direction,
            "status": info.state, "error": info.error,
            "reviewer": info.review.reviewer if info.review else "",
        })
    return {"handouts": handouts, "languages": languages}
