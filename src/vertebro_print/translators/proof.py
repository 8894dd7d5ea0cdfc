"""`vertebro-print i18n proof`: a translator's proof in context. The handout as asked (with
the appointment and clinic details given on the command line), then (unless `--as-given`)
each variant that prints other strings, so that every string the handout can print is seen
where it prints: the fasting lines (midnight, a time the day before, a time on the day, each
with and without the date), noon, and the clinic's details and emergency number set and not.
A packet's variants are its appointment part's (the prepare handout): the rest of it prints
the same strings whatever the appointment."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from vertebro_print.handouts import standalone_parts
from vertebro_print.project import Project
from vertebro_print.request import Appointment, RenderRequest
from vertebro_print.settings import Settings

EXAMPLE_CLINIC = {
    "clinic_name": "Example Spine Clinic",
    "clinic_phone": "555-0100",
    "emergency_number": "911",
    "language_help_notice": True,
}
NO_CLINIC = {"clinic_name": "", "clinic_phone": "", "emergency_number": ""}
# Each variant: the appointment (days ahead, arrival, time to stop eating; None leaves a
# blank) and whether the clinic's details are set. Together they print every branch of
# _appointment.html.j2 and of the clinic lines.
APPOINTMENT_VARIANTS: tuple[tuple[int | None, str, str, bool], ...] = (
    (12, "12:00", "00:00", True),  # noon; midnight, the night before: <date>
    (None, "00:00", "00:00", False),  # arrive at midnight; midnight, the night before (no date)
    (12, "07:30", "22:00", True),  # <time>, the day before: <date>
    (None, "07:30", "22:00", False),  # <time>, the day before (no date)
    (None, "09:00", "05:00", True),  # <time>, on the day of your treatment
)


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def variants(project: Project, request: RenderRequest) -> list[tuple[Settings, RenderRequest]]:
    """The settings and request of each variant that prints strings the request does not."""
    settings = project.settings
    handout = project.handout(request.handout)
    chosen = [
        (settings.replace(**EXAMPLE_CLINIC), request),
        (settings.replace(**NO_CLINIC), request),
    ]
    if handout.boxed:
        alone = standalone_parts(project.handouts)
        boxed = next(
            (alone[p] for p in handout.parts if p in alone and alone[p].appointment), handout
        )
        request = dataclasses.replace(request, handout=boxed.id)
        today = dt.date.today()
        chosen = [
            (
                settings.replace(**(EXAMPLE_CLINIC if clinic else NO_CLINIC)),
                dataclasses.replace(
                    request,
                    appointment=Appointment(
                        today + dt.timedelta(days=days) if days is not None else None,
                        _time(arrive),
                        _time(fast),
                    ),
                ),
            )
            for days, arrive, fast, clinic in APPOINTMENT_VARIANTS
        ]
    return chosen


def proof_pdf(project: Project, request: RenderRequest, every_variant: bool) -> bytes:
    """The proof: the request as asked, then (every_variant) each variant, in one PDF."""
    from pypdf import PdfWriter

    from vertebro_print.render import render

    pieces = [render(request, project).pdf]
    if every_variant:
        for settings, variant in variants(project, request):
            pieces.append(render(variant, Project(settings)).pdf)
    if len(pieces) == 1:
        return pieces[0]
    writer = PdfWriter()
    for piece in pieces:
        writer.append(io.BytesIO(piece))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# The options of `i18n proof` that stand in for the clinic's settings.
CLINIC_OPTIONS = ("clinic_name", "clinic_phone", "emergency_number")


def proof_of(project: Project, values: dict, every_variant: bool) -> bytes:
    """The proof of what `i18n proof` was given: the request's fields (as typed) and the
    clinic's details, which stand in for those of the settings."""
    from vertebro_print.request import build_request

    clinic = {name: v for name in CLINIC_OPTIONS if (v := values.pop(name, None))}
    if clinic:
        project = Project(project.settings.replace(**clinic))
    request = build_request(values, project, proof=True, cli=True)
    return proof_pdf(project, request, every_variant)
