"""What the web shows people, in words front desk staff understand, and never a server path.

A broken catalog is shown as a short reason; its details (path, line, parser message) go to
the log once, for IT. Any other message that names a file of the project shows it relative
to the project's folders (`locales/it/LC_MESSAGES/messages.po:12`), so no answer (page, JSON
or error) reveals where the server keeps its files."""

from __future__ import annotations

import copy
import logging

from starlette.requests import Request

from vertebro_print.errors import CatalogError, LocaleNotReady, UsageError, VertebroError
from vertebro_print.i18n.languages import language
from vertebro_print.listing import listing
from vertebro_print.project import PACKAGE_DIR, Project

log = logging.getLogger("vertebro_print.web")

BROKEN_REASON = "the translation file needs fixing (IT: the details are in the server log)"
# What the page asks for when a choice is missing, by form field.
MISSING = {"lang": "the patient's language (step 1)", "handout": "a handout (step 2)"}


def public(text: str, project: Project) -> str:
    """`text` with the project's folders written relative: no absolute server path. Longest
    first, so a folder inside the checkout is named by its own role."""
    roots = {
        str(project.locales_dir): "locales",
        str(project.handouts_dir): "handouts",
        str(PACKAGE_DIR.parents[1]): ".",
    }
    for root in sorted(roots, key=len, reverse=True):
        text = text.replace(root, roots[root])
    return text


def report_broken(request: Request, detail: str) -> None:
    """Log a broken catalog for IT, once per distinct problem while the server runs."""
    state = request.app.state
    reported = getattr(state, "reported_catalogs", None)
    if reported is None:
        reported = state.reported_catalogs = set()
    if detail not in reported:
        reported.add(detail)
        log.warning("a catalog does not load, so its language is not offered: %s", detail)


def public_listing(request: Request) -> dict:
    """listing() for the web: a broken catalog's error relative to the locales folder (the
    full one goes to the log)."""
    project: Project = request.app.state.project
    data = copy.deepcopy(listing(project))
    for lang in data["languages"]:
        if lang["error"]:
            report_broken(request, lang["error"])
            lang["error"] = public(lang["error"], project)
    return data


def language_name(code: object) -> str:
    try:
        return language(str(code)).english_name
    except VertebroError:
        return str(code)


def require_choices(values: dict, project: Project) -> None:
    """The page's form must name a language and a handout: nothing is printed in a language
    nobody chose. English twice is a mistake the form allows without its script."""
    missing = [words for name, words in MISSING.items() if not values.get(name)]
    if missing:
        raise UsageError(f"Choose {' and '.join(missing)}, then press the button again.")
    second = values.get("with")
    if second and project.canonical_locale(str(second)) == project.canonical_locale(
        str(values["lang"])
    ):
        raise UsageError(
            f"The handout is already in {language_name(project.canonical_locale(str(second)))}: "
            f"untick “Add English after each section”, or choose the patient's language."
        )


def staff_message(exc: VertebroError, values: dict, project: Project) -> str:
    """The error in words for the front desk (the CLI's wording names commands and files)."""
    name = language_name(project.canonical_locale(str(values.get("lang") or "")))
    if isinstance(exc, LocaleNotReady):
        return (
            f"This handout cannot be printed in {name} yet: {len(exc.problems)} texts are "
            f"not translated or not checked. Choose another handout or language."
        )
    if isinstance(exc, CatalogError):
        return f"{name} cannot be printed now: {BROKEN_REASON}. Choose another language."
    text = public(str(exc), project)
    return text[:1].upper() + text[1:]


def error_body(request: Request, exc: VertebroError) -> dict:
    """The JSON API's answer to a refused request: the reason, and the strings not ready."""
    project: Project = request.app.state.project
    if isinstance(exc, CatalogError):
        report_broken(request, str(exc))
    body: dict = {"error": public(str(exc), project)}
    if isinstance(exc, LocaleNotReady):
        body["problems"] = [public(str(p), project) for p in exc.problems[:40]]
        body["problem_count"] = len(exc.problems)
    return body
