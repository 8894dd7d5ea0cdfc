"""What a render is made of, resolved: the handout and its parts, the language scopes, the
paper, the notices, the clinic's settings, the folders the layout may read, and the document's
metadata. Frozen: the stages after resolve() only read it."""

from __future__ import annotations

from dataclasses import dataclass

from vertebro_print.handouts import Handout
from vertebro_print.i18n.translation import Scope
from vertebro_print.pdf.layout import Folders
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Paper, Settings


@dataclass(frozen=True)
class Part:
    template: str
    title: str  # a msgid; "" when the part is the whole handout (the page title says it)
    code: str  # the document code in this part's footers
    appointment: bool = False  # headed by the appointment box


@dataclass(frozen=True)
class RenderPlan:
    request: RenderRequest
    handout: Handout
    scope: Scope  # the handout's language, with the second language as its companion
    parts: tuple[Part, ...]
    paper: Paper
    settings: Settings
    folders: Folders  # where the layout reads from: the handout folder, the logo
    # Page 1 says, per language, when this handout's strings are not all approved: the
    # scope, its review state, and for an outdated one which side changed (review.py).
    status_scopes: tuple[tuple[Scope, str, str], ...]
    # Every enabled language that can say the language-help notice (empty when it is off).
    notice_scopes: tuple[Scope, ...]
    # Each standalone part's footer date: reviewed (a clinical sign-off that matches its
    # English) or written, and when (content_review.footer_dates).
    content_dates: dict
    title: str  # the handout's title in its language, as plain text (metadata, the build)
    review: str  # source, draft, reviewed or outdated: this handout in its language
    # A handout made of handouts (the packet) is their plans, laid out alone and stapled.
    stapled: tuple[RenderPlan, ...] = ()

    @property
    def what(self) -> str:
        """The request, safe to log (no patient data)."""
        return self.request.describe()
