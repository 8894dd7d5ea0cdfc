"""A fake renderer for tests of what happens around a render (the build's plan, triage,
commit and manifest): the real plan and the real HTML from the templates, so the gates and
the pictograms a handout shows are real, but no layout, so a test runs in milliseconds. The
bytes are a hash of the HTML: they change exactly when the page would."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from vertebro_print.build import worker
from vertebro_print.html.compose import render_html
from vertebro_print.plan import RenderPlan
from vertebro_print.render import Rendered
from vertebro_print.request import RenderRequest

PICTOGRAM = re.compile(r"url\((images/[\w-]+\.svg)\)")


def fake_render(plan: RenderPlan) -> Rendered:
    html = render_html(plan)
    resources = {plan.folders.base / name for name in PICTOGRAM.findall(html)}
    if plan.settings.logo:
        resources.add(Path(plan.settings.logo))
    pdf = b"%PDF-fake\n" + hashlib.sha256(html.encode()).hexdigest().encode()
    return Rendered(pdf, pages=1, resources=tuple(sorted(resources)))


@pytest.fixture
def fake_renders(monkeypatch) -> list[RenderRequest]:
    """Builds render with fake_render (in-process builds: jobs=0); lists what they render."""
    made: list[RenderRequest] = []

    def recording(plan: RenderPlan) -> Rendered:
        made.append(plan.request)
        return fake_render(plan)

    monkeypatch.setattr(worker, "render_pdf", recording)
    return made
