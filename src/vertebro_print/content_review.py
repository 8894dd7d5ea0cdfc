"""The clinical review of each handout's English content, and the footer's honest date.

handouts/content-review.toml says when each handout's English content was written, and
records each clinical reviewer's sign-off (`vertebro-print content approve`): who (name and
role), when, and a fingerprint of the English strings they read. A handout's footer says
"Content reviewed <date>" only while a sign-off matches its strings as they are now; otherwise
it says "Written <date>". An edit to a handout's English after its sign-off makes its footer
say "Written" again until someone signs off the new text.

A handout's own content is what its part templates say, its appointment box (prepare) and
its title; the page frame (footer, disclaimer, notices) is shared by all and signed off with
none of them."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from vertebro_print.atomic import write_atomic
from vertebro_print.errors import VertebroError
from vertebro_print.handouts import standalone_parts
from vertebro_print.i18n import sources
from vertebro_print.project import Project

REVIEW_FILE = "content-review.toml"
APPOINTMENT_TEMPLATE = "_appointment.html.j2"
_SIGNOFF_KEYS = ("handout", "reviewer", "role", "date", "fingerprint")


class ContentReviewError(VertebroError):
    """The content review file cannot be read, or a sign-off cannot be recorded."""


@dataclass(frozen=True)
class SignOff:
    handout: str
    reviewer: str
    role: str
    date: dt.date
    fingerprint: str


@dataclass(frozen=True)
class FooterDate:
    """What a part's footer says about its content: reviewed on a date, or written on one."""

    reviewed: bool
    date: dt.date


@dataclass(frozen=True)
class ReviewFile:
    written: dict[str, dt.date]
    signoffs: tuple[SignOff, ...]


def read_review(handouts_dir: Path) -> ReviewFile:
    """The written dates and sign-offs of a handout folder, checked (none without the file)."""
    path = handouts_dir / REVIEW_FILE
    if not path.exists():  # a clinic's own folder without one: nothing written or reviewed
        return ReviewFile({}, ())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentReviewError(
            f"cannot read {path}: {exc.strerror}; it says when each handout was written"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContentReviewError(f"{path} is not valid TOML: {exc}") from exc
    written = data.get("written", {})
    for handout, date in written.items():
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            raise ContentReviewError(
                f"{path}: written.{handout} must be a date (YYYY-MM-DD), got {date!r}"
            )
    signoffs = []
    for number, entry in enumerate(data.get("signoff", []), start=1):
        if missing := [k for k in _SIGNOFF_KEYS if k not in entry]:
            raise ContentReviewError(
                f"{path}: [[signoff]] number {number} has no {', '.join(missing)}; record "
                "sign-offs with `vertebro-print content approve`"
            )
        if not isinstance(entry["date"], dt.date):
            raise ContentReviewError(f"{path}: [[signoff]] number {number}: date must be a date")
        signoffs.append(SignOff(*(entry[k] for k in _SIGNOFF_KEYS)))
    return ReviewFile(written, tuple(signoffs))


def content_fingerprint(project: Project, handout_id: str) -> str:
    """A short hash of the English strings of a one-part handout's own content."""
    handout = project.handout(handout_id)
    templates = list(handout.parts) + ([APPOINTMENT_TEMPLATE] if handout.appointment else [])
    messages = sources.messages_of(project.handouts_dir, templates)
    titles = sources.messages_of(project.handouts_dir, [sources.REGISTRY_FILE])
    messages.update({k: m for k, m in titles.items() if k == handout.title})
    return sources.fingerprint(messages)


def footer_dates(project: Project) -> dict[str, FooterDate]:
    """For each part template, what its footer says: the latest sign-off that matches its
    English as it is now, else the date it was written."""
    review = read_review(project.handouts_dir)
    dates = {}
    for template, handout in standalone_parts(project.handouts).items():
        current = content_fingerprint(project, handout.id)
        matching = [
            s for s in review.signoffs if s.handout == handout.id and s.fingerprint == current
        ]
        if matching:
            dates[template] = FooterDate(True, max(s.date for s in matching))
        elif handout.id in review.written:
            dates[template] = FooterDate(False, review.written[handout.id])
        # A handout with neither (a new one) prints its version alone: no date is invented.
    return dates


def approve(project: Project, handout_id: str, reviewer: str, role: str, date: dt.date) -> SignOff:
    """Record a clinical reviewer's sign-off of a handout's English content as it is now
    (the file is rewritten atomically, its other lines kept)."""
    handout = project.handout(handout_id)
    if len(handout.parts) != 1:
        parts = ", ".join(standalone_parts(project.handouts)[p].id for p in handout.parts)
        raise ContentReviewError(
            f"{handout_id} is made of other handouts: sign off each of them ({parts})"
        )
    for name, value in (("--reviewer", reviewer), ("--role", role)):
        if not value.strip() or any(c in value for c in '"\\\n'):
            raise ContentReviewError(
                f"{name} must be a name or role in plain text, without quotes or line breaks"
            )
    path = project.handouts_dir / REVIEW_FILE
    read_review(project.handouts_dir)  # the file must be sound before it is added to
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    fingerprint = content_fingerprint(project, handout_id)
    signoff = SignOff(handout_id, reviewer.strip(), role.strip(), date, fingerprint)
    entry = (
        "\n[[signoff]]\n"
        f'handout = "{signoff.handout}"\n'
        f'reviewer = "{signoff.reviewer}"\n'
        f'role = "{signoff.role}"\n'
        f"date = {signoff.date.isoformat()}\n"
        f'fingerprint = "{signoff.fingerprint}"\n'
    )
    write_atomic(path, (text.rstrip("\n") + "\n" + entry).encode("utf-8"))
    return signoff
