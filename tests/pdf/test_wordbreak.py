"""Thai, Khmer and Burmese lines break between words: ICU's dictionary finds them, a zero
width space marks each boundary, and a long line laid out narrow breaks only there. The text
is CLDR's month names of each language written one after another (no spaces), so the words are
known without writing any."""

from __future__ import annotations

import re

import pytest
from babel.dates import get_month_names
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import LineBox, TextBox

from vertebro_print.i18n.languages import language
from vertebro_print.pdf.wordbreak import ZWSP, break_opportunities, words

CODES = ["th", "km", "my"]


def months(code: str) -> list[str]:
    return list(get_month_names("wide", locale=code).values())


@pytest.mark.parametrize("code", CODES)
def test_icu_finds_the_words_of_text_without_spaces(code):
    names = months(code)
    assert words("".join(names), code) == names
    assert break_opportunities("".join(names), code) == ZWSP.join(names)


def test_no_break_beside_spaces_or_punctuation():
    text = "มกราคม กุมภาพันธ์มีนาคม."
    assert break_opportunities(text, "th") == "มกราคม กุมภาพันธ์" + ZWSP + "มีนาคม."


def test_text_outside_the_basic_plane_keeps_its_place():
    text = "มกราคม\U0001f600กุมภาพันธ์"
    assert "".join(words(text, "th")) == text


def laid_out_lines(code: str, text: str, through_linebreak: bool = False) -> list[str]:
    """The lines of the text laid out 60 mm wide; through_linebreak: as the handouts are,
    cut into no-wrap units by pdf/linebreak.py."""
    from vertebro_print.pdf.linebreak import NOBR, break_html

    lang = language(code)
    html = (
        f'<html lang="{lang.tag}">'
        f"<style>body {{ font-family: {lang.font_stack}; width: 60mm }}"
        f".{NOBR} {{ white-space: nowrap }}</style><body><p>{text}</p></body></html>"
    )
    document = HTML(string=break_html(html) if through_linebreak else html).render()
    lines = []
    for box in document.pages[0]._page_box.descendants():
        if isinstance(box, LineBox):
            lines.append("".join(b.text for b in box.descendants() if isinstance(b, TextBox)))
    return [line.replace(ZWSP, "") for line in lines if line.strip(ZWSP)]


@pytest.mark.parametrize("through_linebreak", [False, True], ids=["zwsp", "handouts"])
@pytest.mark.parametrize("code", CODES)
def test_a_long_line_breaks_at_word_boundaries(code, through_linebreak):
    """Both ways: the zero-width spaces alone, and the handouts' no-wrap units (which gave
    the layout no break at all between two units of these scripts before the spaces)."""
    names = months(code) * 3
    text = "".join(names) if through_linebreak else break_opportunities("".join(names), code)
    lines = laid_out_lines(code, text, through_linebreak)
    assert len(lines) > 3, lines  # it did wrap
    boundaries = {sum(len(n) for n in names[:i]) for i in range(len(names) + 1)}
    at = 0
    for line in lines:
        assert at in boundaries and at + len(line) in boundaries, f"a word broken: {line!r}"
        at += len(line)
    assert at == len("".join(names))


@pytest.mark.parametrize("code", ["th", "km", "my"])
def test_the_handouts_line_breaking_uses_icu_for_languages_without_spaces(code):
    """The one break-opportunity mechanism (pdf/linebreak.py) marks these languages' text at
    ICU's word boundaries: a zero-width space between each two month names, none inside one,
    and no no-wrap span around a word ICU keeps whole by itself."""
    from vertebro_print.pdf.linebreak import NOBR, break_html

    names = months(code)
    tag = language(code).tag
    html = break_html(f'<html lang="{tag}"><body><p>{"".join(names)}</p></body></html>')
    text = re.search(r"<p>(.*)</p>", html)[1]
    assert NOBR not in text
    assert text == ZWSP.join(names)


def _cuts(pieces: list[str]) -> set[int]:
    return {sum(map(len, pieces[:i])) for i in range(len(pieces) + 1)}


@pytest.mark.parametrize(
    ("code", "text", "word"),
    [
        ("th", "การเตรียมตัวก่อนทำเวอร์ทีโบรพลาสตี", "เวอร์ทีโบรพลาสตี"),
        ("th", "การเตรียมตัวก่อนทำเวอร์ทีโบรพลาสตี", "เตรียม"),
        ("km", "ទូរស័ព្ទទៅគ្រូពេទ្យរបស់អ្នកភ្លាមៗ", "អ្នក"),
    ],
)
def test_a_word_the_dictionary_cuts_is_kept_whole_where_linebreak_toml_says(code, text, word):
    """ICU cuts loanwords into syllables ("เวอร์|ที|โบ|รพ|ลา|สตี") and misreads a few words
    beside others (Khmer អ្នក before ភ្លាមៗ); `keep` holds each in one unit, and only removes
    boundaries, never adds one."""
    from vertebro_print.pdf.linebreak import rules_for, units

    inside = set(range(text.index(word) + 1, text.index(word) + len(word)))
    assert _cuts(words(text, code)) & inside, "ICU no longer cuts it: the entry can go"
    kept = units(rules_for(code), text)
    assert not _cuts(kept) & inside, kept
    assert _cuts(kept) <= _cuts(words(text, code))


def test_a_khmer_line_never_ends_on_a_coeng():
    """ICU cuts ហ្វ្លុយ after the coeng (ហ្វ្|លុយ), which would split a consonant cluster across
    two lines: the unit that ends with it takes the next one (no_end)."""
    from vertebro_print.pdf.linebreak import Rules, rules_for, units

    text = "ហ្វ្លុយអូរ៉ូស្កូពី"
    assert any(w.endswith("\u17d2") for w in words(text, "km"))
    bare = Rules("icu", "km", no_end=rules_for("km").no_end)
    assert not any(unit.endswith("\u17d2") for unit in units(bare, text))


def test_keep_must_be_a_list_of_words(tmp_path):
    from vertebro_print.errors import RenderError
    from vertebro_print.pdf.linebreak import language_rules

    bad = tmp_path / "linebreak.toml"
    bad.write_text('[th]\nsegmenter = "icu"\nmodel = "th"\nkeep = ["", 3]\n', encoding="utf-8")
    with pytest.raises(RenderError, match="keep must be a list of words"):
        language_rules(bad)


def test_only_a_segmenter_that_marks_its_breaks_may_go_without_spans(tmp_path):
    from vertebro_print.errors import RenderError
    from vertebro_print.pdf.linebreak import language_rules

    bad = tmp_path / "linebreak.toml"
    bad.write_text('[ja]\nsegmenter = "budoux"\nmodel = "ja"\nspans = false\n', encoding="utf-8")
    with pytest.raises(RenderError, match="spans = false is only for"):
        language_rules(bad)


def test_zero_width_spaces_between_phrases_only_in_boxes_sized_to_their_content():
    """Between two no-wrap phrases of Japanese a zero-width space goes only inside the boxes
    linebreak.toml lists as sized to their content (a table cell), where WeasyPrint needs it to
    find the narrowest width; a paragraph's lines break between the spans without one, and
    each one is a text box of its own that the layout pays for."""
    from vertebro_print.pdf.linebreak import NOBR, break_html, shrink_to_fit

    text = "次のような症状が一つでもあれば、すぐに医師に電話してください"
    html = break_html(
        f'<html lang="ja"><body><p>{text}</p><table><tr><td>{text}</td></tr></table>'
        f'<div class="status-notice"><strong>{text}</strong></div></body></html>'
    )
    paragraph, cell, notice = (
        re.search(f"<{t}[^>]*>(.*?)</{t}>", html)[1] for t in ("p", "td", "div")
    )
    assert {"td", "div.status-notice"} <= shrink_to_fit()
    assert paragraph.count(f'class="{NOBR}"') > 3 and ZWSP not in paragraph
    assert cell.count(ZWSP) == cell.count(f'class="{NOBR}"') - 1
    assert notice.count(ZWSP) == notice.count(f'class="{NOBR}"') - 1


def test_line_breaking_rules_without_the_sized_elements_name_the_fix(tmp_path):
    from vertebro_print.errors import RenderError
    from vertebro_print.pdf.linebreak import shrink_to_fit

    rules = tmp_path / "linebreak.toml"
    rules.write_text('[ja]\nsegmenter = "budoux"\nmodel = "ja"\n', encoding="utf-8")
    with pytest.raises(RenderError, match=r"needs \[shrink-to-fit\] elements"):
        shrink_to_fit(rules)
