"""Shortcuts for tests that look at one stage of a render: a request resolved into its plan
and taken through the HTML stage, or laid out, or split into its stapled parts."""

from __future__ import annotations

from vertebro_print.html.compose import render_html
from vertebro_print.plan import resolve
from vertebro_print.project import Project
from vertebro_print.render import lay_out
from vertebro_print.request import RenderRequest


def html_of(request: RenderRequest, project: Project) -> str:
    """The HTML WeasyPrint lays out for the request."""
    return render_html(resolve(request, project))


def pages_of(request: RenderRequest, project: Project) -> list:
    """The request's laid-out WeasyPrint pages (a stapled handout's parts', in order)."""
    return lay_out(resolve(request, project))


def stapled_requests(request: RenderRequest, project: Project) -> list[RenderRequest]:
    """The requests of the handouts a handout is stapled from; [] for one document."""
    return [part.request for part in resolve(request, project).stapled]
