"""The frozen request the CLI and the web app both build and pass to render()."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vertebro_print.errors import UsageError
from vertebro_print.settings import PAPERS


@dataclass(frozen=True)
class Appointment:
    """Optional appointment details: patient data, never logged or written to disk."""

    date: dt.date | None = None
    arrive: dt.time | None = None
    fast_from: dt.time | None = None

    @property
    def given(self) -> bool:
        return any((self.date, self.arrive, self.fast_from))


@dataclass(frozen=True)
class RenderRequest:
    handout: str
    lang: str = "en"
    paper: str = "a4"
    large_print: bool = False
    with_lang: str | None = None
    appointment: Appointment = field(default_factory=Appointment)
    proof: bool = False

    @property
    def personalised(self) -> bool:
        return self.appointment.given

    def describe(self) -> str:
        """Handout, language and variant only: safe to log."""
        variant = f"{self.paper}{'-large' if self.large_print else ''}"
        both = f"+{self.with_lang}" if self.with_lang else ""
        return f"{self.handout} {self.lang}{both} {variant}{' proof' if self.proof else ''}"


def parse_date(value: str | None, option: str = "date") -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(
            f"{option}: {value!r} is not a date; write it as YYYY-MM-DD, for example 2026-12-01"
        ) from exc


def parse_time(value: str | None, option: str) -> dt.time | None:
    if not value:
        return None
    try:
        hours, minutes = value.split(":")
        if len(minutes) != 2:
            raise ValueError(value)
        return dt.time(int(hours), int(minutes))
    except ValueError as exc:
        raise UsageError(
            f"{option}: {value!r} is not a time; write it as HH:MM (24-hour), for example 07:30"
        ) from exc


def build_request(
    *,
    handout: str,
    lang: str,
    paper: str | None,
    default_paper: str,
    large_print: bool = False,
    with_lang: str | None = None,
    date: str | None = None,
    arrive: str | None = None,
    fast_from: str | None = None,
    proof: bool = False,
) -> RenderRequest:
    """Turn user input (strings, as typed on the command line or in the web form) into a
    request, with one clear error per bad field."""
    paper = paper or default_paper
    if paper not in PAPERS:
        raise UsageError(f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}")
    return RenderRequest(
        handout=handout,
        lang=lang,
        paper=paper,
        large_print=large_print,
        with_lang=with_lang or None,
        appointment=Appointment(
            parse_date(date), parse_time(arrive, "arrive"), parse_time(fast_from, "fast-from")
        ),
        proof=proof,
    )
