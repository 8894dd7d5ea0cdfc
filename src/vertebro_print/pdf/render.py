"""render(request, project) -> PDF bytes: the one path every entry point takes.

A render validates the request, checks the locale may print the handout, builds the HTML
inside the request's language scope, and lays it out with WeasyPrint using a URL fetcher
that serves only the project's own files. Any WeasyPrint warning about a glyph no font has
fails the render, so a handout never prints with boxes instead of words.

A handout made of other handouts (the packet) is those handouts stapled: each part is laid
out exactly as the handout alone, with its own footer and "page X of Y", and the pages are
written as one PDF. Layouts are kept in a small per-process cache keyed by their HTML, so a
process that has laid out the parts writes the packet without laying anything out again, and
a personalised packet lays out only the part that shows the appointment."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from vertebro_print.content_review import footer_dates
from vertebro_print.errors import RenderError
from vertebro_print.handouts import standalone_parts
from vertebro_print.i18n import translation as scope
from vertebro_print.i18n.languages import language
from vertebro_print.pdf.layout import (  # re-exported: the build, the sheet and tests use them
    STYLESHEET,
    Layout,
    cached_layout,
    clear_layouts,
    font_configuration,
    lay_out_html,
    release_fonts,
    write_pdf,
)
from vertebro_print.pdf.linebreak import break_html
from vertebro_print.pdf.templates import LAYOUT, render_template
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest, check
from vertebro_print.settings import PAPER_SIZES

__all__ = [
    "Rendered",
    "clear_layouts",
    "font_configuration",
    "lay_out",
    "lay_out_html",
    "release_fonts",
    "render",
    "render_html",
    "standalone_html",
    "stapled_parts",
    "write_pdf",
]


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    # Every file WeasyPrint loaded for this render (pictograms, logo): a build records them
    # as the output's inputs, so that editing one rebuilds exactly the PDFs that use it.
    resources: tuple[Path, ...] = ()


def _scope(project: Project, code: str, mode: str, companion: scope.Scope | None = None):
    lang = project.check_locale_code(code)
    catalog = None if lang.is_source else project.catalog(code)
    return scope.Scope(lang, catalog, mode, companion)


def language_scope(project: Project, request: RenderRequest) -> scope.Scope:
    """The scope a checked request renders in (request.check() refused the rest)."""
    mode = scope.PROOF if request.proof else scope.PATIENT
    companion = _scope(project, request.with_lang, mode) if request.with_lang else None
    return _scope(project, request.lang, mode, companion)


def _notice_scopes(project: Project) -> list[scope.Scope]:
    """A scope for every enabled locale whose catalog loads, for the language-help notice
    (the template leaves out a language whose notice line is not translated). The codes
    come from locale_codes() itself, so they need no second check."""
    scopes = []
    for code in project.locale_codes():
        lang = language(code)
        if lang.is_source:
            scopes.append(scope.Scope(lang, None))
        elif not project.locale_info(code).error:
            scopes.append(scope.Scope(lang, project.catalog(code)))
    return scopes


# No-break spaces: the two codes stay on one line of the footer.
_CODE_SEPARATOR = "\u00a0/\u00a0"


@dataclass(frozen=True)
class Part:
    template: str
    title: str  # a msgid; "" when the part is the whole handout (the page title says it)
    code: str  # the document code in this part's footers
    appointment: bool = False  # headed by the appointment box


def _parts(project: Project, handout) -> list[Part]:
    """A handout made of several parts heads each part with the title of the handout that
    is that part alone, shows that handout's code after its own in the footer ("VP-PACKET
    / VP-ABOUT": a slash, since the footer's fields are already set apart with dots), and
    has its appointment box if that handout has one."""
    if len(handout.parts) == 1:
        return [Part(handout.parts[0], "", handout.code, handout.appointment)]
    alone = standalone_parts(project.handouts)
    return [
        Part(
            p,
            alone[p].title,
            f"{handout.code}{_CODE_SEPARATOR}{alone[p].code}",
            alone[p].appointment,
        )
        if p in alone
        else Part(p, "", handout.code)
        for p in handout.parts
    ]


def render_html(request: RenderRequest, project: Project, *, checked: bool = False) -> str:
    """The exact HTML WeasyPrint lays out for this request. `checked`: the caller already ran
    check() on it (the web app does, before it queues the render), so it is not run twice;
    a string that is not ready still fails the render in the patient scope."""
    if not checked:
        check(request, project)
    handout = project.handout(request.handout)
    active = language_scope(project, request)
    settings = project.settings
    context = {
        "request": request,
        "handout": handout,
        "settings": settings,
        "lang": active.language,
        "companion": active.companion,
        "appointment": request.appointment,
        "page_size": PAPER_SIZES[request.paper].css_size,
        "handouts_dir": str(project.handouts_dir),
        "stylesheet": STYLESHEET,
        # Page 1 says, per language, when this handout's strings are not all approved.
        "status_scopes": [
            (s, state)
            for s in (active, active.companion)
            if s is not None
            and s.catalog is not None
            and (state := project.handout_review(handout, s.language.code)) != "reviewed"
        ],
        "parts": _parts(project, handout),
        # Each part's footer: reviewed (a matching clinical sign-off) or written, and when.
        "content_dates": footer_dates(project),
        "logo_uri": Path(settings.logo).as_uri() if settings.logo else "",
        "notice_scopes": _notice_scopes(project) if settings.language_help_notice else [],
    }
    with scope.activate(active):
        context["title_text"] = active.plain(handout.title)
        return render_template(project.environment, LAYOUT, context)


def standalone_html(request: RenderRequest, project: Project) -> str:
    """render_html() for a browser: WeasyPrint gets the base URL and the stylesheet
    separately, a browser opening the file needs them in it to show the same page. The
    stylesheet goes before the layout's own <style>, which WeasyPrint lets win (it gives the
    handout stylesheet the lower, user, precedence)."""
    html = render_html(request, project)
    if "<head>" not in html:
        raise RenderError(f"{LAYOUT} has no <head>: cannot link the stylesheet into the HTML")
    assets = Markup('<head>\n<base href="{0}/">\n<link rel="stylesheet" href="{1}">').format(
        project.handouts_dir.as_uri(), STYLESHEET
    )
    return html.replace("<head>", assets, 1)


def _lay_out(request: RenderRequest, project: Project, checked: bool) -> Layout:
    """The laid-out document of one standalone handout (from this process's layout cache when
    the same HTML was laid out before)."""
    # Line breaks by each language's rules are placed in the HTML just before layout
    # (pdf/linebreak.py); render_html() stays the text as written.
    return cached_layout(
        break_html(render_html(request, project, checked=checked)), project, request.describe()
    )


def stapled_parts(request: RenderRequest, project: Project) -> list[RenderRequest]:
    """The requests of the handouts a handout is made of, when every part is a handout of
    its own (the packet); [] for a handout printed as one document."""
    handout = project.handout(request.handout)
    alone = standalone_parts(project.handouts)
    if len(handout.parts) < 2 or not all(p in alone for p in handout.parts):
        return []
    return [dataclasses.replace(request, handout=alone[p].id) for p in handout.parts]


def lay_out(request: RenderRequest, project: Project) -> list:
    """The pages of a handout as laid out for its PDF (WeasyPrint Page objects; a stapled
    handout's are its parts', in order). The pagination tests read their boxes: which lines
    went on which page, under which elements."""
    check(request, project)
    parts = stapled_parts(request, project) or [request]
    return [page for part in parts for page in _lay_out(part, project, checked=True).document.pages]


def render(request: RenderRequest, project: Project, *, checked: bool = False) -> Rendered:
    """Render one handout to PDF bytes (see render_html for `checked`)."""
    if not checked:
        check(request, project)
    parts = stapled_parts(request, project)
    layouts = [_lay_out(part, project, checked=True) for part in parts or [request]]
    document = layouts[0].document
    if parts:
        document = document.copy([page for layout in layouts for page in layout.document.pages])
        # The copy shares the first part's metadata object, which the cache keeps: change a copy.
        document.metadata = copy.copy(document.metadata)
        metadata = _packet_metadata(request, project, parts[0], document.metadata.keywords)
        for name, value in metadata.items():
            setattr(document.metadata, name, value)
    pdf = write_pdf(document)
    resources = tuple(dict.fromkeys(p for layout in layouts for p in layout.resources))
    return Rendered(pdf, len(document.pages), resources)


def _packet_metadata(
    request: RenderRequest, project: Project, first: RenderRequest, keywords: list[str]
) -> dict:
    """The stapled document's own title and code (a copy starts with its first part's; the
    language is the same)."""
    handout = project.handout(request.handout)
    first_code = project.handout(first.handout).code
    active = language_scope(project, request)
    with scope.activate(active):
        title = active.plain(handout.title)
    return {
        "title": title,
        "description": f"{title} ({handout.code})",
        "keywords": [handout.code if k == first_code else k for k in keywords or []],
    }
