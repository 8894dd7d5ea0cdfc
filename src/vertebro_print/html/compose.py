"""The HTML of a plan: the layout template with the plan's handout, languages, paper,
settings and notices, rendered inside the plan's language scope."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from vertebro_print.errors import RenderError
from vertebro_print.html.templates import LAYOUT, environment, render_template
from vertebro_print.i18n import translation as scope
from vertebro_print.pdf.layout import STYLESHEET
from vertebro_print.plan import RenderPlan


def render_html(plan: RenderPlan) -> str:
    """The exact HTML WeasyPrint lays out for this plan (one standalone handout: a stapled
    handout's parts each have their own)."""
    settings, active = plan.settings, plan.scope
    context = {
        "request": plan.request,
        "handout": plan.handout,
        "settings": settings,
        "lang": active.language,
        "companion": active.companion,
        "appointment": plan.request.appointment,
        "page_size": plan.paper.css_size,
        "handouts_dir": str(plan.folders.base),
        "stylesheet": STYLESHEET,
        "status_scopes": list(plan.status_scopes),
        "parts": list(plan.parts),
        "content_dates": plan.content_dates,
        "logo_uri": Path(settings.logo).as_uri() if settings.logo else "",
        "notice_scopes": list(plan.notice_scopes),
        "title_text": plan.title,
    }
    with scope.activate(active):
        return render_template(environment(plan.folders.base), LAYOUT, context)


def standalone_html(plan: RenderPlan) -> str:
    """render_html() for a browser: WeasyPrint gets the base URL and the stylesheet
    separately, a browser opening the file needs them in it to show the same page. The
    stylesheet goes before the layout's own <style>, which WeasyPrint lets win (it gives the
    handout stylesheet the lower, user, precedence)."""
    html = render_html(plan)
    if "<head>" not in html:
        raise RenderError(f"{LAYOUT} has no <head>: cannot link the stylesheet into the HTML")
    assets = Markup('<head>\n<base href="{0}/">\n<link rel="stylesheet" href="{1}">').format(
        plan.folders.base.as_uri(), STYLESHEET
    )
    return html.replace("<head>", assets, 1)
