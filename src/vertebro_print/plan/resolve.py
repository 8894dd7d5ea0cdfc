"""resolve(request, project) -> RenderPlan: whether the project may render the request, and
everything the render needs, looked up once.

It refuses, with the UsageError or LocaleNotReady that says why: an unknown handout or
language, a language whose font is not installed, a second language equal to the first, an
unknown paper, or a language that may not print this handout for patients (proofs may)."""

from __future__ import annotations

import dataclasses

from vertebro_print.content_review import footer_dates
from vertebro_print.errors import UsageError
from vertebro_print.handouts import Handout, standalone_parts
from vertebro_print.i18n import translation as scope
from vertebro_print.i18n.installed_fonts import require_font
from vertebro_print.i18n.languages import Language, language
from vertebro_print.i18n.review import REVIEWED, SOURCE
from vertebro_print.pdf.layout import Folders
from vertebro_print.plan.model import Part, RenderPlan
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest
from vertebro_print.settings import PAPER_SIZES, PAPERS

# No-break spaces: the two codes stay on one line of the footer.
_CODE_SEPARATOR = "\u00a0/\u00a0"


def resolve_language(project: Project, code: str, in_progress: bool = False) -> Language:
    """The Language of an enabled locale whose font is installed, or a UsageError. A language
    in progress only for translators' tools (`in_progress`: a proof, a review sheet)."""
    lang = project.enabled_language(code, in_progress)
    require_font(lang)
    return lang


def check(request: RenderRequest, project: Project) -> tuple[Handout, list[scope.Scope]]:
    """The refusals above, and when there is none the request's handout and the scope of
    each of its languages. All that the web asks before it queues anything (every request,
    on its event loop): the rest of the plan is the worker's to make."""
    # The project's answers first (the handout, the languages it knows, their catalogs),
    # then the languages' own data: one way down.
    handout = project.handout(request.handout)
    codes = [c for c in (request.lang, request.with_lang) if c]
    for code in codes:
        project.require_enabled(code, request.proof)
    if request.with_lang == request.lang:
        raise UsageError(
            f"--with {request.with_lang} is the handout's own language; "
            f"choose a different second language"
        )
    if request.paper not in PAPERS:
        raise UsageError(f"unknown paper {request.paper!r}; choose one of {', '.join(PAPERS)}")
    catalogs = [project.catalog_for(handout, code, patients=not request.proof) for code in codes]
    languages = [language(code) for code in codes]
    for lang in languages:
        require_font(lang)
    mode = scope.PROOF if request.proof else scope.PATIENT
    region = project.settings.region
    return handout, [
        scope.Scope(lang, catalog, mode, region=region)
        for lang, catalog in zip(languages, catalogs, strict=True)
    ]


def resolve(request: RenderRequest, project: Project) -> RenderPlan:
    handout, scopes = check(request, project)
    # Then the plan's work.
    active = dataclasses.replace(scopes[0], companion=scopes[1] if len(scopes) > 1 else None)
    notices = tuple(_notice_scopes(project)) if project.settings.language_help_notice else ()
    # Read once: a stapled handout's parts share them.
    dates = footer_dates(project)
    return _plan(project, request, handout, active, notices, dates)


def _plan(
    project: Project,
    request: RenderRequest,
    handout: Handout,
    active: scope.Scope,
    notices: tuple[scope.Scope, ...],
    dates: dict,
) -> RenderPlan:
    """The plan of a checked request in its scope; a stapled handout's parts get theirs.
    The handout's own shape first (parts, stapled parts), then what its languages say."""
    parts = _parts(project, handout)
    stapled = tuple(
        _plan(project, dataclasses.replace(request, handout=part.id), part, active, notices, dates)
        for part in _stapled(project, handout)
    )
    reviews = [(s, _review(handout, s)) for s in (active, active.companion) if s]
    with scope.activate(active):
        title = active.plain(handout.title)
    return RenderPlan(
        request=request,
        handout=handout,
        scope=active,
        parts=parts,
        paper=PAPER_SIZES[request.paper],
        settings=project.settings,
        folders=Folders(project.handouts_dir, tuple(project.allowed_roots())),
        status_scopes=tuple(
            (s, r, s.catalog.handout_changes.get(handout.id, ""))
            for s, r in reviews
            if s.catalog and r != REVIEWED
        ),
        notice_scopes=notices,
        content_dates=dates,
        title=title,
        review=reviews[0][1],
        stapled=stapled,
    )


def _review(handout: Handout, active: scope.Scope) -> str:
    """source, draft, reviewed or outdated: the handout's review in the scope's language."""
    return SOURCE if active.catalog is None else active.catalog.handout_reviews[handout.id]


def _notice_scopes(project: Project) -> list[scope.Scope]:
    """A scope for every enabled locale whose catalog loads, for the language-help notice
    (the template leaves out a language whose notice line is not translated)."""
    scopes = []
    region = project.settings.region
    for code in project.locale_codes():
        lang = language(code)
        if lang.is_source:
            scopes.append(scope.Scope(lang, None, region=region))
        elif not project.locale_info(code).error:
            scopes.append(scope.Scope(lang, project.catalog(code), region=region))
    return scopes


def _parts(project: Project, handout: Handout) -> tuple[Part, ...]:
    """A handout made of several parts heads each part with the title of the handout that
    is that part alone, shows that handout's code after its own in the footer ("VP-PACKET
    / VP-ABOUT": a slash, since the footer's fields are already set apart with dots), and
    has its appointment box if that handout has one."""
    if len(handout.parts) == 1:
        return (Part(handout.parts[0], "", handout.code, handout.appointment),)
    alone = standalone_parts(project.handouts)
    return tuple(
        Part(
            p,
            alone[p].title,
            f"{handout.code}{_CODE_SEPARATOR}{alone[p].code}",
            alone[p].appointment,
        )
        if p in alone
        else Part(p, "", handout.code)
        for p in handout.parts
    )


def _stapled(project: Project, handout: Handout) -> list[Handout]:
    """The handouts a handout is stapled from, when every part is a handout of its own (the
    packet); [] for a handout printed as one document."""
    alone = standalone_parts(project.handouts)
    if len(handout.parts) < 2 or not all(p in alone for p in handout.parts):
        return []
    return [alone[p] for p in handout.parts]
