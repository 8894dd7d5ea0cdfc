"""The forms on the page in every shipped language: the emergency line in words when the
clinic has not set the number (and the number in the footer when it has), and the time to
stop eating with its day, midnight and noon as words, never "12:00 AM" in any form."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pdfs import page_texts
from tests.plans import html_of
from vertebro_print.i18n import translation as scope
from vertebro_print.i18n.folder import LocaleFolder
from vertebro_print.i18n.languages import language
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import Appointment, RenderRequest
from vertebro_print.settings import Settings

LOCALES = LocaleFolder(Project(Settings()).locales_dir).patient_codes()
THURSDAY, WEDNESDAY = dt.date(2026, 12, 3), dt.date(2026, 12, 2)
NO_NUMBER_LINE = "In an emergency, call your local emergency number right away."
DISCLAIMER_WITH_NUMBER = (
    "This handout is general information. It does not replace advice from your own doctor or "
    "care team, and it is not for making decisions about your care. In an emergency, do not "
    "wait: call %(number)s right away."
)


class Words:
    """A locale's translations and formats, as the handouts print them."""

    def __init__(self, project: Project, code: str) -> None:
        self.scope = scope.Scope(language(code), project.catalog(code))

    def __call__(self, message: str, **values: str) -> str:
        with scope.activate(self.scope):
            text = self.scope.gettext(message)
        return text % values if values else text

    def time(self, value: dt.time) -> str:
        with scope.activate(self.scope):
            return scope.short_time(value)

    def date(self, value: dt.date) -> str:
        with scope.activate(self.scope):
            return scope.long_date(value)


def printed(phrase: str, text: str) -> bool:
    """Every word of the phrase is in text read back from a PDF. Extraction may reorder runs
    of mixed direction (and the digits inside them, and the commas between them: poppler
    reads "الأربعاء، 2" as "الأربعاء 2 ،") and drops zero-width joiners, so numbers are left
    out and joiners and those commas removed; a right-to-left vowel sign may come out beside
    its letter ("فو ًرا"), so those signs are left out too (tests/pdf/test_text_layer.py holds
    these gaps to account). A phrase written without spaces (Japanese, Chinese) may wrap
    anywhere, so the text's line breaks and spaces are taken out too."""
    marks = [chr(c) for c in range(0x064B, 0x0653)]  # Arabic tanwin, harakat, shadda, sukun
    plain = str.maketrans("", "", "\u200c\u200d\u060c" + "".join(marks))
    text = "".join(text.translate(plain).split())
    return all(
        w in text for w in phrase.translate(plain).split() if not any(c.isdigit() for c in w)
    )


def appointment_box(html: str) -> str:
    start = html.index('<div class="appointment">')
    return html[start : html.index("</table>", start)]


@pytest.mark.parametrize("code", LOCALES)
def test_emergency_line_never_blank(project, clinic_project, code):
    words = Words(project, code)
    html = html_of(RenderRequest("aftercare", code), project)
    assert words(NO_NUMBER_LINE) in html
    assert 'data-label="emergency"' not in html
    html = html_of(RenderRequest("aftercare", code), clinic_project)
    assert words(NO_NUMBER_LINE) not in html
    number = "\u2066911\u2069"  # isolated, left to right in any script
    footer = html[html.index('<footer class="page-footer">') : html.index("</footer>")]
    assert words(DISCLAIMER_WITH_NUMBER, number=number) in footer


@pytest.mark.parametrize("code", LOCALES)
def test_midnight_and_noon_are_words(project, code):
    words = Words(project, code)
    appointment = Appointment(THURSDAY, dt.time(12), dt.time(0))
    box = appointment_box(html_of(RenderRequest("prepare", code, appointment=appointment), project))
    assert words("midnight, the night before: %(date)s", date=words.date(WEDNESDAY)) in box
    assert words("noon") in box
    for clock in (dt.time(0), dt.time(12)):
        assert words.time(clock) not in box, f"{code}: {words.time(clock)!r} is ambiguous"


@pytest.mark.parametrize("code", LOCALES)
def test_evening_fasting_time_falls_on_the_day_before(project, code):
    words = Words(project, code)
    appointment = Appointment(THURSDAY, dt.time(7), dt.time(23, 30))
    box = appointment_box(html_of(RenderRequest("prepare", code, appointment=appointment), project))
    expected = words(
        "%(time)s, the day before: %(date)s",
        time=words.time(dt.time(23, 30)),
        date=words.date(WEDNESDAY),
    )
    assert expected in box
    same_day = Appointment(THURSDAY, dt.time(7), dt.time(5))
    box = appointment_box(html_of(RenderRequest("prepare", code, appointment=same_day), project))
    assert words("%(time)s, on the day of your treatment", time=words.time(dt.time(5))) in box
    assert words.date(WEDNESDAY) not in box


# Printed: right to left (with Persian digits), CJK and Cyrillic, read back from the PDF.
# (Not Hindi: its PDF text layer splits shaped clusters, so words cannot be found in it.)
@pytest.mark.parametrize("code", ["ar", "fa", "zh_Hans", "ja", "ko", "ru"])
def test_printed_fasting_time_and_emergency_line(project, code):
    words = Words(project, code)
    appointment = Appointment(THURSDAY, dt.time(12), dt.time(0))
    pdf = render(RenderRequest("prepare", code, appointment=appointment), project).pdf
    first = " ".join(page_texts(pdf)[0].split())
    midnight = words("midnight, the night before: %(date)s", date=words.date(WEDNESDAY))
    assert printed(midnight, first), midnight
    assert words("noon") in first
    for clock in (dt.time(0), dt.time(12)):
        assert " ".join(words.time(clock).split()) not in first
    aftercare = render(RenderRequest("aftercare", code), project).pdf
    text = " ".join(" ".join(page_texts(aftercare)).split())
    assert printed(words(NO_NUMBER_LINE), text)


def test_emergency_and_fasting_words_are_safety_critical(project):
    from vertebro_print.i18n.sources import all_templates, messages_of

    messages = messages_of(project.handouts_dir, all_templates(project.handouts_dir))
    critical = {
        NO_NUMBER_LINE,
        DISCLAIMER_WITH_NUMBER,
        "midnight",
        "noon",
        "midnight, the night before: %(date)s",
        "midnight, the night before",
        "%(time)s, the day before: %(date)s",
        "%(time)s, the day before",
        "%(time)s, on the day of your treatment",
    }
    assert {k for k in critical if not messages[k].safety_critical} == set()
