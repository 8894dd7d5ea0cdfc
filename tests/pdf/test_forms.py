"""The forms on the page, in English: the emergency line is never a blank, the time to stop
eating carries its day, the appointment box only where it belongs, one set of blanks in a
bilingual handout, and the packet's part codes set apart."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from tests.pdfs import page_texts
from tests.plans import html_of
from vertebro_print.errors import RenderError
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import Appointment, RenderRequest
from vertebro_print.settings import Settings

THURSDAY = dt.date(2026, 12, 3)
NO_NUMBER_LINE = "In an emergency, call your local emergency number right away."


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_text(request: RenderRequest, project: Project, shipped=None) -> list[str]:
    """Text per page; renders of the shipped content come from the session's cache."""
    result = shipped(request) if shipped else render(request, project)
    return [squash(t) for t in page_texts(result.pdf)]


def appointment_html(html: str) -> str:
    start = html.index('<div class="appointment">')
    return html[start : html.index("</table>", start)]


# The emergency line


def test_emergency_line_in_words_without_a_number(project, shipped_render):
    pages = pdf_text(RenderRequest("aftercare"), project, shipped_render)
    text = " ".join(pages)
    assert NO_NUMBER_LINE in text
    assert "call ______" not in text
    html = html_of(RenderRequest("aftercare"), project)
    assert 'data-label="emergency"' not in html, "a blank line for the emergency number"
    # The disclaimer still says to call for help, on every page.
    assert all("In an emergency, do not wait: call for help right away." in p for p in pages)


def test_emergency_number_in_warning_box_and_every_footer(clinic_project):
    pages = pdf_text(RenderRequest("aftercare"), clinic_project)
    assert "In an emergency, call 911 right away." in " ".join(pages)
    assert NO_NUMBER_LINE not in " ".join(pages)
    for number, page in enumerate(pages, start=1):
        assert "In an emergency, do not wait: call 911 right away." in page, number


def test_another_emergency_number_in_the_footer(project):
    settings = Settings(emergency_number="112")
    pages = pdf_text(RenderRequest("about", "en", "a4", True), Project(settings))
    assert all("do not wait: call 112 right away." in p for p in pages)


def test_emergency_number_helper_never_prints_a_blank(tmp_path, project):
    handouts = tmp_path / "handouts"
    shutil.copytree(project.handouts_dir, handouts)
    part = handouts / "parts" / "about.html.j2"
    part.write_text(part.read_text() + "<p>{{ emergency_number() }}</p>")
    with pytest.raises(RenderError, match="clinic.emergency_number is not set"):
        html_of(RenderRequest("about"), Project(Settings(handouts_dir=handouts)))
    settings = Settings(handouts_dir=handouts, emergency_number="112")
    assert "112" in html_of(RenderRequest("about"), Project(settings))


# The time to stop eating and drinking


@pytest.mark.parametrize(
    ("arrive", "fast_from", "expected", "absent"),
    [
        ("07:00", "23:30", "11:30 PM, the day before: Wednesday, December 2, 2026", "Thursday"),
        ("07:30", "00:00", "midnight, the night before: Wednesday, December 2, 2026", "12:00"),
        ("07:00", "05:00", "5:00 AM, on the day of your treatment", "day before"),
        ("07:00", "12:00", "noon, the day before: Wednesday, December 2, 2026", "12:00"),
        ("14:30", "12:00", "noon, on the day of your treatment", "12:00"),
    ],
)
def test_fasting_time_carries_its_day(project, arrive, fast_from, expected, absent):
    appointment = Appointment(
        THURSDAY, dt.time.fromisoformat(arrive), dt.time.fromisoformat(fast_from)
    )
    first = pdf_text(RenderRequest("prepare", appointment=appointment), project)[0]
    assert "Thursday, December 3, 2026" in first
    row = first[first.index("Stop eating and drinking at:") :]
    assert row.startswith(f"Stop eating and drinking at: {expected}"), row[:120]
    assert absent not in row[len("Stop eating and drinking at:") : 90]
    assert "12:00 AM" not in first and "12:00 PM" not in first


def test_fasting_day_without_a_date(project):
    html = html_of(
        RenderRequest("prepare", appointment=Appointment(None, dt.time(7), dt.time(22))),
        project,
    )
    assert "10:00\u202fPM, the day before</" in html
    midnight = Appointment(None, None, dt.time(0))
    html = html_of(RenderRequest("prepare", appointment=midnight), project)
    assert "midnight, the night before</" in html


def test_noon_arrival_is_a_word(project):
    appointment = Appointment(THURSDAY, dt.time(12), dt.time(0))
    first = pdf_text(RenderRequest("prepare", appointment=appointment), project)[0]
    assert "Arrive at: noon" in first


# Where the appointment box goes


@pytest.mark.parametrize("handout", ["about", "aftercare"])
def test_no_appointment_box_after_or_about(project, handout):
    appointment = Appointment(THURSDAY, dt.time(7), dt.time(0))
    request = RenderRequest(handout, appointment=appointment)
    assert 'class="appointment"' not in html_of(request, project)
    text = " ".join(pdf_text(request, project))
    assert "Your appointment" not in text and "Stop eating and drinking at" not in text


def test_appointment_box_on_the_prepare_part_of_the_packet(project, shipped_render):
    appointment = Appointment(THURSDAY, dt.time(7), dt.time(0))
    pages = pdf_text(RenderRequest("packet", appointment=appointment), project)
    with_box = [n for n, p in enumerate(pages) if "Your appointment" in p]
    assert len(with_box) == 1, with_box
    page = pages[with_box[0]]
    assert "Getting ready for your vertebroplasty" in page and "VP-PREP" in page
    assert page.index("Getting ready for your vertebroplasty") < page.index("Your appointment")
    assert "Thursday, December 3, 2026" in page
    assert "Your appointment" in pdf_text(RenderRequest("prepare"), project, shipped_render)[0]


def test_appointment_flag_in_the_handout_list(tmp_path, project):
    from vertebro_print.errors import SettingsError
    from vertebro_print.handouts import load_registry

    assert [h.id for h in project.handouts.values() if h.appointment] == ["prepare"]
    handouts = tmp_path / "handouts"
    shutil.copytree(project.handouts_dir, handouts)
    registry = handouts / "handouts.toml"
    registry.write_text(registry.read_text().replace("appointment = true", 'appointment = "yes"'))
    with pytest.raises(SettingsError, match=r"\[prepare\]: appointment must be true or false"):
        load_registry(handouts)


# Bilingual handouts: each blank once


@pytest.mark.parametrize("second", ["es", "ar", "zh_Hans"])
def test_bilingual_blanks_printed_once(project, second):
    single = html_of(RenderRequest("prepare", "en"), project)
    both = html_of(RenderRequest("prepare", "en", with_lang=second), project)
    # Up to the fasting rule: the header, the main message and the appointment box.
    fasting = '<section class="section" id="prepare-fasting"'
    front = both[: both.index(fasting)]
    assert (
        front.count('class="blank') == single[: single.index(fasting)].count('class="blank') == 5
    ), "clinic, phone, date, arrival and fasting time: once each"
    box = appointment_html(both)
    assert box.count(f'class="companion-inline stacked" lang="{second.replace("_", "-")}"') == 3
    assert "Your appointment" in box and "Date:" in box


def test_bilingual_values_in_both_languages(project):
    appointment = Appointment(THURSDAY, dt.time(7), dt.time(23, 30))
    request = RenderRequest("prepare", "es", with_lang="en", appointment=appointment)
    first = pdf_text(request, project)[0]
    assert first.count("Su cita") == 1 and first.count("Your appointment") == 1
    assert "jueves, 3 de diciembre de 2026" in first and "Thursday, December 3, 2026" in first
    assert "23:30, el día anterior: miércoles, 2 de diciembre de 2026" in first
    assert "11:30 PM, the day before: Wednesday, December 2, 2026" in first
    assert first.count("Teléfono:") == 1 and first.count("Phone:") == 1


# The packet's footer


def test_packet_footer_codes_are_set_apart(tmp_path, project, shipped_render):
    # The shipped packet is its handouts stapled: each page shows its own part's code.
    pages = pdf_text(RenderRequest("packet"), project, shipped_render)
    codes = [re.findall(r"VP-[A-Z]+", p.split("·")[0].split()[-1]) for p in pages]
    assert {tuple(c) for c in codes} == {("VP-ABOUT",), ("VP-PREP",), ("VP-AFTER",)}
    assert not any(re.search(r"VP-PACKET\s*VP-", p) for p in pages)
    # A handout with a part of its own shows both codes, set apart, on a handout's pages.
    handouts = tmp_path / "handouts"
    shutil.copytree(project.handouts_dir, handouts)
    (handouts / "parts" / "notes.html.j2").write_text("<p>Notes from your care team.</p>")
    registry = handouts / "handouts.toml"
    registry.write_text(
        registry.read_text()
        + '\n[custom]\ntitle = "Custom"\ncode = "VP-CUSTOM"\n'
        + 'parts = ["parts/aftercare.html.j2", "parts/notes.html.j2"]\n'
    )
    pages = pdf_text(RenderRequest("custom"), Project(Settings(handouts_dir=handouts)))
    assert "VP-CUSTOM / VP-AFTER" in pages[0]
    assert "VP-CUSTOM ·" in pages[-1] and "VP-CUSTOM VP-" not in " ".join(pages)


# The draft-status notice takes no more room than it needs


def _layout(request: RenderRequest, project: Project):
    """WeasyPrint's layout of a handout: the boxes, to measure what the PDF only draws."""
    from vertebro_print.pdf.fonts import weasyprint
    from vertebro_print.pdf.layout import font_configuration

    css = weasyprint.CSS(filename=str(project.handouts_dir / "css" / "handout.css"))
    return weasyprint.HTML(
        string=html_of(request, project), base_url=project.handouts_dir.as_uri() + "/"
    ).render(stylesheets=[css], font_config=font_configuration())


def _boxes(page, tag: str, css_class: str = ""):
    return [
        box
        for box in page._page_box.descendants()
        if getattr(box, "element_tag", None) == tag
        and css_class in (box.element.get("class") or "").split() + [""]
        and type(box).__name__ == "BlockBox"
    ]


@pytest.mark.parametrize("code", ["es", "zh_Hans", "ar"])
def test_status_notice_as_wide_as_its_text(project, code):
    page = _layout(RenderRequest("about", code), project).pages[0]
    (body,) = _boxes(page, "body")
    (notice,) = _boxes(page, "div", "status-notice")
    # Shrunk to its widest line (the regular-print measure is narrow enough that a notice
    # often fills it), never stretched to the body's width for nothing.
    (table,) = [b for b in notice.descendants() if type(b).__name__ == "TableBox"]
    widest = max(b.width for b in notice.descendants() if type(b).__name__ == "LineBox")
    frame = table.padding_left + table.padding_right
    frame += table.border_left_width + table.border_right_width
    assert notice.border_width() <= widest + frame + 1 <= body.width + 1
    assert notice.style["font_size"] < body.style["font_size"]
