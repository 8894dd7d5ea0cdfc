"""The frozen request the CLI and the web app both build and pass to render().

Each field a user can set is declared once, in FIELDS, in the style of pretix's variables:
its web and JSON name, its CLI option, its parser, its help text and whether it is patient
data. The CLI's options, the web form and JSON API, the rule that patient data never goes in
a URL, and the README's API table are all made from these declarations, so adding a field
(say the doctor's name) is one entry here plus the template that prints it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vertebro_print.errors import UsageError
from vertebro_print.i18n import SOURCE_LANGUAGE
from vertebro_print.settings import PAPER_SIZES, PAPERS

if TYPE_CHECKING:
    from vertebro_print.project import Project

# Appointments are printed for the coming visit: a date outside this window is a typo.
DATE_WINDOW = (dt.timedelta(days=-7), dt.timedelta(days=2 * 366))
TIME = re.compile(r"([0-9]{2}):([0-9]{2})", re.ASCII)
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


MIDNIGHT = dt.time(0, 0)


def require_arrival_for_fasting(
    fast_from: dt.time | None,
    arrive: dt.time | None,
    fast_label: str = "fast_from",
    arrive_label: str = "arrive",
) -> None:
    """A time to stop eating other than midnight says its day only against the arrival
    time (see Appointment.fasting_day_before), so it cannot come without one."""
    if fast_from and not arrive and fast_from != MIDNIGHT:
        raise UsageError(
            f"{fast_label}: {fast_from:%H:%M} needs the arrival time too ({arrive_label}), so "
            f"that the handout can say on which day to stop eating and drinking"
        )


class Appointment:
    """The patient's details for one print: patient data, never logged, cached or put in a
    URL. One value for each patient-data field FIELDS declares (the appointment's date and
    times, and whatever field is declared next), by its attribute name; None when not given.
    Frozen, compared and hashed by its values, like the request that holds it."""

    __slots__ = ("_values",)

    def __init__(self, *given: Any, **values: Any) -> None:
        names = patient_attributes()
        if len(given) > len(names):
            raise TypeError(f"Appointment takes at most {len(names)} values: {names}")
        values = {**dict(zip(names, given, strict=False)), **values}
        if unknown := sorted(set(values) - set(names)):
            raise TypeError(f"no patient field {unknown[0]!r}; FIELDS declares {names}")
        kept = tuple(sorted((k, v) for k, v in values.items() if v is not None))
        object.__setattr__(self, "_values", kept)
        require_arrival_for_fasting(self.fast_from, self.arrive)

    def __getattr__(self, name: str) -> Any:
        # Called only for names that are not attributes of the class: the declared fields.
        if name.startswith("_") or name not in patient_attributes():
            raise AttributeError(name)
        return dict(self._values).get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Appointment) and self._values == other._values

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        # Patient data: the names of the given fields only, never their values.
        return f"Appointment(given={[name for name, _ in self._values]})"

    def __reduce__(self):
        return (_appointment, (self._values,))

    @property
    def given(self) -> bool:
        return bool(self._values)

    @property
    def fasting_day_before(self) -> bool:
        """Whether the time to stop eating falls on the day before the appointment: always
        for midnight (the one that starts the appointment day, as patients hear "nothing
        after midnight"), and for a time later in the day than the arrival, which the
        patient cannot mean on the appointment day itself."""
        if self.fast_from is None:
            return False
        return self.fast_from == MIDNIGHT or (
            self.arrive is not None and self.fast_from > self.arrive
        )

    @property
    def fasting_date(self) -> dt.date | None:
        """The calendar date of the time to stop eating, when the appointment date is known."""
        if self.date is None or self.fast_from is None:
            return None
        return self.date - dt.timedelta(days=1) if self.fasting_day_before else self.date


def _appointment(values: tuple[tuple[str, Any], ...]) -> Appointment:
    """An Appointment again from its values (pickling: worker processes get requests)."""
    return Appointment(**dict(values))


@dataclass(frozen=True)
class RenderRequest:
    handout: str
    lang: str = SOURCE_LANGUAGE
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


def parse_date(value: str, name: str = "date", today: dt.date | None = None) -> dt.date:
    """Exactly YYYY-MM-DD (ASCII digits), from a week ago to two years ahead."""
    form = "write it as YYYY-MM-DD, for example 2026-12-01"
    try:
        if not DATE.fullmatch(value):
            raise ValueError(value)
        date = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{name}: {value!r} is not a date; {form}") from exc
    today = today or dt.date.today()
    first, last = today + DATE_WINDOW[0], today + DATE_WINDOW[1]
    if not first <= date <= last:
        raise UsageError(
            f"{name}: {value} is not a coming appointment date; give a date between "
            f"{first.isoformat()} and {last.isoformat()} ({form})"
        )
    return date


def parse_time(value: str, name: str = "time") -> dt.time:
    """Exactly HH:MM, 24-hour, ASCII digits."""
    match = TIME.fullmatch(value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise UsageError(
            f"{name}: {value!r} is not a time; write it as HH:MM (24-hour, 00:00 to 23:59), "
            f"for example 07:30"
        )
    return dt.time(int(match[1]), int(match[2]))


def parse_paper(value: str, name: str = "paper") -> str:
    """a4 or letter, in any case."""
    if value.lower() not in PAPERS:
        raise UsageError(f"unknown paper {value!r}; choose one of {', '.join(PAPERS)}")
    return value.lower()


@dataclass(frozen=True)
class RequestField:
    """One field a user can set, everywhere it appears."""

    name: str  # the web form's and the JSON API's name
    attribute: str  # RenderRequest's attribute, or Appointment's for patient data
    option: str  # the CLI's option
    help: str  # CLI help and the README's API table
    parse: Callable[[str, str], Any] | None = None  # text -> value; None keeps the text
    flag: bool = False  # true or false rather than text
    patient_data: bool = False  # never in a URL, a log, a cache or a file
    label: str = ""  # the web page's words for it, which its error messages use too
    # How the front desk page offers it (web/pages.py makes the form from these): "" not in
    # the generated part (language and handout are steps 1 and 2 of their own), else the
    # control ("select", "checkbox", "date", "time", "text"), its group ("options" or
    # "appointment"), a hint, the value a checkbox sends, and a select's choices.
    control: str = ""
    group: str = "options"
    hint: str = ""
    checkbox_value: str = "true"
    choices: Callable[[], dict[str, str]] | None = None
    # Patient data only: what the preview says it shows ("with the appointment"), and whether
    # the appointment box prints it (only handouts that have the box show it then).
    shown_as: str = ""
    in_appointment_box: bool = False

    @property
    def json_type(self) -> str:
        return "boolean" if self.flag else "string"

    def label_for(self, cli: bool = False, page: bool = False) -> str:
        """How errors name the field: the CLI's option, the page's words or the API's name."""
        return self.option if cli else (page and self.label) or self.name

    def convert(self, raw: str | bool | None, label: str) -> Any:
        """The value of what was typed; errors name the field as `label` (the CLI's option
        or the web's field name, whichever the person used)."""
        if self.flag:
            return bool(raw)
        if raw is None or not str(raw).strip():
            return None
        text = str(raw).strip()
        return self.parse(text, label) if self.parse else text


FIELDS: tuple[RequestField, ...] = (
    RequestField("handout", "handout", "HANDOUT", "the handout: an id that `list` shows"),
    RequestField(
        "lang",
        "lang",
        "--lang",
        f"the patient's language, as a catalog code or BCP 47 tag "
        f"(`es`, `zh_Hant`, `zh-Hant`, any case; default `{SOURCE_LANGUAGE}`)",
    ),
    RequestField(
        "paper",
        "paper",
        "--paper",
        "`a4` or `letter`, any case (default from the settings)",
        parse_paper,
        label="Paper size",
        control="select",
        choices=lambda: {paper.id: paper.label for paper in PAPER_SIZES.values()},
    ),
    RequestField(
        "large_print",
        "large_print",
        "--large-print",
        "large print",
        flag=True,
        label="Large print",
        control="checkbox",
        hint="bigger text, for patients who see poorly",
    ),
    RequestField(
        "with",
        "with_lang",
        "--with",
        "a second language, after each section",
        label="Add English after each section",
        control="checkbox",
        hint="for a family member or carer",
        checkbox_value=SOURCE_LANGUAGE,
    ),
    RequestField(
        "date",
        "date",
        "--date",
        "appointment date, `YYYY-MM-DD`",
        parse_date,
        patient_data=True,
        label="Date",
        control="date",
        group="appointment",
        shown_as="the appointment",
        in_appointment_box=True,
    ),
    RequestField(
        "arrive",
        "arrive",
        "--arrive",
        "arrival time, `HH:MM` (24-hour)",
        parse_time,
        patient_data=True,
        label="Arrive at",
        control="time",
        group="appointment",
        shown_as="the appointment",
        in_appointment_box=True,
    ),
    RequestField(
        "fast_from",
        "fast_from",
        "--fast-from",
        "time to stop eating and drinking, `HH:MM` (24-hour)",
        parse_time,
        patient_data=True,
        label="Stop eating and drinking at",
        control="time",
        group="appointment",
        shown_as="the appointment",
        in_appointment_box=True,
    ),
)
# Everything below reads FIELDS when it is asked, never a copy made at import: a field
# declared there is known everywhere at once (and a test may declare one).


def by_name() -> dict[str, RequestField]:
    return {f.name: f for f in FIELDS}


def field_names(*, patient_data: bool | None = None, flag: bool | None = None) -> tuple[str, ...]:
    """The names of the fields, all or those that are (or are not) patient data or flags."""
    return tuple(
        f.name for f in FIELDS if patient_data in (None, f.patient_data) and flag in (None, f.flag)
    )


def patient_attributes() -> tuple[str, ...]:
    """The Appointment's attributes, in declaration order."""
    return tuple(f.attribute for f in FIELDS if f.patient_data)


Values = Mapping[str, str | bool | None]


def build_request(
    values: Values,
    project: Project,
    *,
    proof: bool = False,
    cli: bool = False,
    page: bool = False,
) -> RenderRequest:
    """Turn user input (text as typed on the command line or sent by the web page, booleans
    from JSON) into a request, with one clear error per bad field (named as the CLI's option
    when `cli`, in the page's words when `page`). Language codes become the project's
    catalog codes; the paper defaults to the settings'."""
    named = by_name()
    unknown = sorted(set(values) - set(named))
    if unknown:
        raise UsageError(f"unknown field {unknown[0]!r}; the fields are {', '.join(named)}")
    plain: dict[str, Any] = {}
    appointment: dict[str, Any] = {}
    for declared in FIELDS:
        value = declared.convert(values.get(declared.name), declared.label_for(cli, page))
        (appointment if declared.patient_data else plain)[declared.attribute] = value
    if not plain["handout"]:
        raise UsageError(
            f"choose a handout: one of {', '.join(project.handouts)} (`vertebro-print list`)"
        )
    plain["lang"] = project.canonical_locale(plain["lang"] or SOURCE_LANGUAGE)
    if plain["with_lang"]:
        plain["with_lang"] = project.canonical_locale(plain["with_lang"])
    plain["paper"] = plain["paper"] or project.settings.paper
    require_arrival_for_fasting(
        appointment["fast_from"],
        appointment["arrive"],
        *(named[n].label_for(cli, page) for n in ("fast_from", "arrive")),
    )
    return RenderRequest(**plain, appointment=Appointment(**appointment), proof=proof)


def api_markdown() -> str:
    """The README's table of the JSON API's fields, made from FIELDS."""
    rows = ["| field | type | meaning |", "| --- | --- | --- |"]
    for declared in FIELDS:
        kind = declared.json_type + (", required" if declared.name == "handout" else "")
        note = " Patient data: POST body only, never in a URL." if declared.patient_data else ""
        rows.append(f"| `{declared.name}` | {kind} | {declared.help}.{note} |")
    return "\n".join(rows)
