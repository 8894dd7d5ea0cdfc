"""render(request, project) -> PDF bytes: the one path every entry point takes, one way
through the stages: the request is resolved into a plan (plan/), the plan becomes HTML
(html/), the HTML is laid out and written as a PDF (pdf/). No stage reaches back: each gets
what it needs from the one before.

A glyph no font has fails the render (pdf/layout), so a handout never prints with boxes
instead of words.

A handout made of other handouts (the packet) is those handouts stapled: each part is laid
out exactly as the handout alone, with its own footer and "page X of Y", and the pages are
written as one PDF. Layouts are kept in a small per-process cache keyed by their HTML, so a
process that has laid out the parts writes the packet without laying anything out again, and
a personalised packet lays out only the part that shows the appointment."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from vertebro_print.html.compose import render_html, standalone_html
from vertebro_print.pdf.layout import Layout, cached_layout, write_pdf
from vertebro_print.pdf.linebreak import break_html
from vertebro_print.plan import RenderPlan, resolve
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest

__all__ = ["Rendered", "lay_out", "produce", "render", "render_plan"]


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    # Every file WeasyPrint loaded for this render (pictograms, logo): a build records them
    # as the output's inputs, so that editing one rebuilds exactly the PDFs that use it.
    resources: tuple[Path, ...] = ()


def _layouts(plan: RenderPlan) -> list[Layout]:
    """The laid-out documents of a plan: its own, or its stapled parts' (from this process's
    layout cache when the same HTML was laid out before)."""
    # Line breaks by each language's rules are placed in the HTML just before layout
    # (pdf/linebreak.py); render_html() stays the text as written.
    return [
        cached_layout(break_html(render_html(part)), part.folders, part.what)
        for part in plan.stapled or (plan,)
    ]


def lay_out(plan: RenderPlan) -> list:
    """The pages of a handout as laid out for its PDF (WeasyPrint Page objects; a stapled
    handout's are its parts', in order). The pagination tests read their boxes: which lines
    went on which page, under which elements."""
    return [page for layout in _layouts(plan) for page in layout.document.pages]


def render_plan(plan: RenderPlan) -> Rendered:
    """The PDF of a resolved plan."""
    layouts = _layouts(plan)
    document = layouts[0].document
    if plan.stapled:
        document = document.copy([page for layout in layouts for page in layout.document.pages])
        # The copy shares the first part's metadata object, which the cache keeps: change a copy.
        document.metadata = copy.copy(document.metadata)
        for name, value in _packet_metadata(plan, document.metadata.keywords).items():
            setattr(document.metadata, name, value)
    pdf = write_pdf(document)
    resources = tuple(dict.fromkeys(p for layout in layouts for p in layout.resources))
    return Rendered(pdf, len(document.pages), resources)


def render(request: RenderRequest, project: Project) -> Rendered:
    """Render one handout to PDF bytes."""
    plan = resolve(request, project)
    return render_plan(plan)


def produce(request: RenderRequest, project: Project, as_html: bool = False) -> bytes:
    """The PDF of a request, or with `as_html` the HTML a browser can open to see the same
    page (a stapled handout's first part)."""
    plan = resolve(request, project)
    if as_html:
        return standalone_html(plan).encode("utf-8")
    return render_plan(plan).pdf


def _packet_metadata(plan: RenderPlan, keywords: list[str]) -> dict:
    """The stapled document's own title and code (a copy starts with its first part's; the
    language is the same)."""
    first_code = plan.stapled[0].handout.code
    return {
        "title": plan.title,
        "description": f"{plan.title} ({plan.handout.code})",
        "keywords": [plan.handout.code if k == first_code else k for k in keywords or []],
    }
