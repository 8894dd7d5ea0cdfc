"""The appointment's rules: on which day the time to stop eating and drinking falls."""

from __future__ import annotations

import datetime as dt

import pytest

from vertebro_print.errors import UsageError
from vertebro_print.request import Appointment, build_request

THURSDAY = dt.date(2026, 12, 3)


def at(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


@pytest.mark.parametrize(
    ("fast_from", "arrive", "day_before"),
    [
        ("23:30", "07:00", True),  # the evening before
        ("22:00", "07:00", True),
        ("13:00", "07:00", True),  # later in the day than the arrival: cannot be that day
        ("12:00", "07:00", True),
        ("00:00", "07:00", True),  # midnight: the night before, as patients hear it
        ("00:00", "13:00", True),
        ("05:00", "07:00", False),  # earlier than the arrival: the same morning
        ("07:00", "07:00", False),
        ("06:59", "07:00", False),
        ("12:00", "14:30", False),
        ("00:30", "07:00", False),  # half an hour after midnight is on the day itself
    ],
)
def test_fasting_day(fast_from, arrive, day_before):
    appointment = Appointment(THURSDAY, at(arrive), at(fast_from))
    assert appointment.fasting_day_before is day_before
    expected = dt.date(2026, 12, 2) if day_before else THURSDAY
    assert appointment.fasting_date == expected


def test_fasting_day_crosses_month_and_year():
    appointment = Appointment(dt.date(2027, 1, 1), at("08:00"), at("21:00"))
    assert appointment.fasting_date == dt.date(2026, 12, 31)


def test_fasting_date_needs_the_appointment_date():
    assert Appointment(None, at("07:00"), at("23:30")).fasting_date is None
    assert Appointment(THURSDAY, at("07:00"), None).fasting_date is None


def test_midnight_needs_no_arrival_time():
    assert Appointment(THURSDAY, None, at("00:00")).fasting_day_before


@pytest.mark.parametrize("fast_from", ["22:00", "05:00", "12:00"])
def test_other_fasting_times_need_the_arrival_time(project, fast_from):
    values = {"handout": "prepare", "fast_from": fast_from}
    with pytest.raises(UsageError, match=f"^fast_from: {fast_from} needs the arrival time"):
        build_request(values, project)
    with pytest.raises(UsageError, match=f"^--fast-from: {fast_from} needs .* \\(--arrive\\)"):
        build_request(values, project, cli=True)
    with pytest.raises(UsageError, match="needs the arrival time"):
        Appointment(THURSDAY, None, at(fast_from))
