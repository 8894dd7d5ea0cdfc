"""A safety line keeps its last two units together (pdf/linebreak.py, keep_end()), and only
them: a line that is one bold element (the fasting rule) must still wrap before its end."""

from __future__ import annotations

import re

import pytest

from vertebro_print.pdf.linebreak import NOBR, keep_end

FASTING = {
    "en": "<strong>Do not eat or drink after the time in your appointment box above.</strong>",
    "hy": "<strong>Մի՛ կերեք և մի՛ խմեք վերևում՝ ձեր այցի շրջանակում նշված ժամից հետո։</strong>",
    "my": "<strong>အထက်ပါ သင်၏ ချိန်းဆိုမှုကွက်ထဲရှိ အချိန်ပြီးနောက် ဘာမျှ မစားပါနှင့်၊ မသောက်ပါနှင့်။</strong>",
}


@pytest.mark.parametrize("code", sorted(FASTING))
def test_a_line_that_is_one_element_keeps_only_its_end_together(code):
    kept = str(keep_end(FASTING[code], code))
    # The element stays outermost: before, the whole line went in one no-wrap span and ran
    # off the page in Armenian and Burmese.
    inner = kept.removeprefix("<strong>").removesuffix("</strong>")
    assert kept == f"<strong>{inner}</strong>" and "<strong>" not in inner
    # Its end is held together (a no-wrap span, or a no-break space between two words)...
    assert inner.endswith("</span>") or "\u00a0" in inner.rsplit(" ", 1)[-1]
    # ...and the rest may still break.
    assert " " in re.sub(rf'<span class="{NOBR}">.*?</span>', "", inner)


def test_an_element_at_the_end_of_a_sentence_stays_whole():
    line = 'Call your care team right away at <span class="blank">555</span>.'
    assert str(keep_end(line, "en")) == (
        'Call your care team right away <span class="nobr">at '
        '<span class="blank">555</span>.</span>'
    )


BLANK = '<span class="blank" role="presentation" data-label="clinic"></span>'


@pytest.mark.parametrize(
    ("code", "line", "alone"),
    [
        # The blank, then a word: the blank and that word are the last two units. With the
        # word before the blank kept too, the Armenian call line was wider than the warning
        # box's line and ran past the page's text area.
        ("hy", f"Անմիջապես զանգահարեք ձեր բժշկին կամ բուժանձնակազմին {BLANK} համարով։", ""),
        # The blank, then only a full stop: the word before it stays with it, so the blank
        # never starts a line by itself.
        ("vi", f"Hãy gọi ngay cho bác sĩ theo số {BLANK}.", "số "),
        ("en", f"Call your doctor or care team right away at {BLANK}.", "at "),
    ],
)
def test_a_blank_to_write_on_counts_as_a_unit(code, line, alone):
    kept = str(keep_end(line, code))
    held = re.search(rf'<span class="{NOBR}">(.*)</span>', kept)
    assert held and held[1].startswith(alone + BLANK), kept
    assert held[1].removeprefix(alone + BLANK).strip() in {"համարով։", "."}
