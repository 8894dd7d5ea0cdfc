"""The PDF's text layer says what the page shows, in shaped scripts too: copy, search and
screen readers get "क्लिनिक", not "क्लि निक" (see vertebro_print/pdf/actualtext.py), and
"مجوّفة", not "مجّوفة" (pdf/rtlwords.py)."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import pytest

from tests.pdfs import reader
from tests.plans import html_of
from tests.text_layer import (
    missing,
    missing_when_tagged,
    pdfium_pages_text,
    poppler_pages,
    printed_strings,
    printed_words,
)
from vertebro_print.i18n.catalogs import discover
from vertebro_print.pdf.actualtext import actual_text, needs_actual_text
from vertebro_print.pdf.rtltext import right_to_left, stored_text
from vertebro_print.pdf.rtlwords import for_pdfium, for_poppler, word_spans
from vertebro_print.pdf.talllines import (
    POPPLER_LINE_SPACING,
    pdfium_reads_right_to_left,
    text_layer_scale,
)
from vertebro_print.pdf.textops import Glyph
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

# Words whose clusters WeasyPrint's glyph-by-glyph ToUnicode map got wrong.
HINDI = ["Clinic:", "Phone:", "Getting ready for your vertebroplasty", "Your medicines"]


def poppler_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())


def test_hindi_reads_back_as_written(project, tmp_path):
    text = poppler_text(render(RenderRequest("prepare", "hi"), project).pdf, tmp_path)
    catalog = project.catalog("hi")
    for message in HINDI:
        assert catalog.gettext(message) in text, message


@pytest.mark.parametrize("code", ["pa", "gu"])
def test_gurmukhi_and_gujarati_read_back_as_written(project, tmp_path, code):
    """Both draw the short i sign before its consonant (ਕਲੀਨਿਕ, ક્લિનિક) and stack
    conjuncts (ਬ੍ਰੋ, ર્ટે, પ્લા) as Devanagari does: the same /ActualText gives them back."""
    text = poppler_text(render(RenderRequest("prepare", code), project).pdf, tmp_path)
    catalog = project.catalog(code)
    for message in HINDI:
        assert catalog.gettext(message) in text, message


@pytest.mark.parametrize(
    ("code", "marked"),
    [("hi", True), ("pa", True), ("gu", True), ("bn", True), ("en", False), ("zh_Hans", False)],
)
def test_only_text_with_combining_marks_carries_actual_text(project, code, marked):
    pdf = reader(render(RenderRequest("about", code), project).pdf)
    streams = b"".join(page.get_contents().get_data() for page in pdf.pages)
    assert (b"/ActualText" in streams) is marked


def test_a_run_ending_in_a_hyphen_keeps_it_for_poppler():
    """poppler drops a hyphen-minus that ends a line (a hyphenation, it takes it): "Levez-"
    then "vous" read "Levezvous" in French aftercare, until the run got /ActualText with a
    zero-width space after its hyphen."""
    assert actual_text("Levez-") == "Levez-\u200b"
    assert actual_text("at pag-") == "at pag-\u200b"
    assert actual_text("क्लिनिक-") == "क्लिनिक-\u200b"  # with its combining marks too
    assert actual_text("क्लिनिक") == "क्लिनिक"
    assert actual_text("Levez-vous") is None  # Latin without one: no /ActualText
    assert actual_text("\u0628\u0647-") is None  # right to left: its words' own spans
    assert actual_text("नि-") == "नि-\u200b"  # a word ending in a vowel sign
    # A hyphen alone, or after no letter: a run between two units mid-line (the Chinese
    # footer's "VP" "-" "ABOUT"), where the space went into the text ("VP-\u200bABOUT").
    assert actual_text("-") is None
    assert actual_text("1.0 -") is None


@pytest.mark.parametrize(("handout", "code", "word"), [("aftercare", "fr", "Levez-vous")])
def test_a_word_broken_at_its_own_hyphen_reads_back_with_it(
    project, shipped_render, handout, code, word
):
    pages = poppler_pages(shipped_render(RenderRequest(handout, code)).pdf)
    assert any(word in page for page in pages)


def test_combining_marks_decide():
    assert needs_actual_text("क्लिनिक")
    assert needs_actual_text("ক্লিনিক")  # Bengali: a vowel sign drawn before its consonant
    assert not needs_actual_text("\u062a\u0648\u062c\u0651\u0647")  # Arabic: by glyphs
    assert needs_actual_text("Tiê\u0301ng")  # a decomposed Vietnamese tone mark
    assert not needs_actual_text("clinic")
    assert not needs_actual_text("诊所")
    assert needs_actual_text("นำ") and needs_actual_text("การ")  # Thai SARA AM shares SARA AA
    # Burmese (scripts.toml: actual_text): a run without a mark, "ပ" cut from "ပလက်" by the
    # word breaks, read back by its glyph as "ပြ"; Armenian's own marks are punctuation.
    assert needs_actual_text("\u1015")
    assert not needs_actual_text("Ի՞նչ")


def _every_language() -> list:
    return ["en", *discover(Project(Settings()).locales_dir)]


HANDOUTS = ["about", "prepare", "aftercare"]
# What each handout's body must print at least: its own strings, not only the furniture.
_BODY = {"about": 50, "prepare": 40, "aftercare": 25}


@pytest.mark.parametrize("code", _every_language())
@pytest.mark.parametrize("handout", HANDOUTS)
def test_every_printed_string_reads_back_whole(project, shipped_render, handout, code):
    """Each translated string a handout prints is found whole in the text poppler and PDFium
    give (a language added later is tested by being shipped). Urdu in Nastaliq lost 1 of its
    about handout's 106 to poppler (a table row's cells read as one block, its lines
    interleaved: test_the_cells_of_a_row_of_tall_lines_read_back_cell_by_cell) and 5 to
    PDFium (a short word turned around: "تہب" for "بہت", pdfium_reads_right_to_left); its
    prepare handout lost "(Coumadin)۔" alone on a line to PDFium (test_a_left_to_right_word_
    before_urdus_full_stop_reads_back_once_and_whole). A4, regular print."""
    request = RenderRequest(handout, code)
    strings = printed_strings(request, project)
    assert len(strings) > _BODY[handout]  # the handout's body, not only its furniture
    assert missing(strings, shipped_render(request).pdf) == {"poppler": [], "pdfium": []}


class _Nastaliq:
    """What a Recorder knows of a few glyphs of Noto Nastaliq Urdu: their texts, which have
    ink, and their widths."""

    def __init__(self, texts: dict[str, str], inked: set[str], widths: dict[str, float]):
        self.texts, self.with_ink, self.widths = texts, inked, widths

    def read_as(self, glyph: Glyph) -> str:
        return (self.texts.get(glyph.hex, "") or chr(int(glyph.hex, 16)))[0]

    def inked(self, glyph: Glyph) -> bool:
        return glyph.hex in self.with_ink

    def advance(self, glyph: Glyph) -> float:
        return self.widths.get(glyph.hex, 0.0)


def _glyphs(*placed: tuple[str, float]) -> list[Glyph]:
    return [Glyph("F1", 18.4, 0.0, hex_, x) for hex_, x in placed]


def test_pdfium_is_given_the_glyphs_of_a_right_to_left_word_that_read_right_to_left():
    # "پر" as Nastaliq draws it: two of its four glyphs have no text, and PDFium takes them
    # for the letters of their numbers, U+014C and U+02B7 (left to right).
    glyphs = _glyphs(("014c", 0.0), ("0010", 3.0), ("03cc", 5.0), ("02b7", 5.0))
    font = _Nastaliq({"0010": "\u0686", "03cc": "\u06a9"}, {"014c", "0010"}, {"014c": 5.0})
    assert chr(0x014C) == font.read_as(glyphs[0])
    kept = pdfium_reads_right_to_left(glyphs, font)
    assert [g.hex for g in kept] == ["0010", "03cc"]


def test_a_right_to_left_word_without_ink_in_its_glyphs_that_read_so_spans_its_room():
    # "مدد": its one glyph with text joins letters and has no outline; drawn alone it would
    # be a box 0 wide, which PDFium passes over.
    glyphs = _glyphs(("00ed", 0.0), ("00ee", 4.0), ("03cc", 8.0), ("0136", 8.0))
    font = _Nastaliq({"03cc": "\u06a9"}, {"00ed", "00ee", "0136"}, {"00ee": 4.0, "0136": 6.0})
    kept = pdfium_reads_right_to_left(glyphs, font)
    assert [(g.hex, g.x) for g in kept] == [("03cc", 0.0), ("03cc", 8.0), ("03cc", 14.0)]


@pytest.mark.parametrize("words", [4, 8])
def test_the_cells_of_a_row_of_tall_lines_read_back_cell_by_cell(project, words):
    """A row of cells side by side, each of a line or two of Urdu, as a comparison table
    sets them: poppler read two cells whose lines fill them as one block, their lines
    interleaved, until its text layer was narrowed in table cells (talllines.py)."""
    from tests.pdf.tall_page import cldr_text, table_row_page
    from vertebro_print.pdf.layout import write_pdf

    names = cldr_text("ur").split()
    cells = [" ".join(names[k * words : (k + 1) * words]) for k in range(3)]
    pdf = write_pdf(table_row_page("ur", project, cells))
    assert missing([cell.replace(" ", "") for cell in cells], pdf) == {"poppler": [], "pdfium": []}


@pytest.mark.parametrize("code", ["ar", "fa", "ur"])
def test_a_screen_reader_reads_right_to_left_words_as_written(project, shipped_render, code):
    """Read by its structure tree, the about handout gives each printed right-to-left word
    in the order it is written, not turned around as the extractors' /ActualText holds it
    ("ةفوجم" for "مجوفة"): the words' structure elements carry it (pdf/rtltags.py)."""
    request = RenderRequest("about", code)
    words = [w for w in printed_words(request, project) if right_to_left(w)]
    assert len(words) > 200  # the handout's body, not only its furniture
    assert missing_when_tagged(words, shipped_render(request).pdf) == []


def test_right_to_left_letters_are_every_character_unicode_writes_right_to_left():
    # right_to_left() looks letters up in a set built from the blocks Unicode gives
    # right-to-left scripts: a letter outside them would go unnoticed.
    for code_point in range(sys.maxunicode + 1):
        c = chr(code_point)
        assert right_to_left(c) == (unicodedata.bidirectional(c) in ("R", "AL")), hex(code_point)
    assert right_to_left("intro مرحبا") and not right_to_left("日本")


def test_right_to_left_glyph_text_is_stored_as_it_reads_left_to_right():
    assert stored_text("\u0644\u0627") == "\u0627\u0644"  # lam-alef: read back as lam, alef
    assert stored_text("\u062c\u0651") == "\u0651\u062c"  # jeem with shadda
    assert stored_text("\u0644") == "\u0644"
    assert stored_text("fi") == "fi"  # a Latin ligature stays as it is


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_lam_alef_ligatures_read_back_as_lam_then_alef(project, shipped_render, code):
    """Every printed word with a lam-alef ligature comes back as written ("ورتبروپلاستی", not
    "ورتبروپالستی"), from both extractors."""
    request = RenderRequest("about", code)
    page = re.sub(r"<[^>]*>", " ", html_of(request, project))
    words = {word.strip(".,:;()؟،") for word in page.split() if "\u0644\u0627" in word}
    pdf = shipped_render(request).pdf
    texts = {"poppler": "".join(poppler_pages(pdf)), "pdfium": "".join(pdfium_pages_text(pdf))}
    lost = {name: sorted(w for w in words if w not in text) for name, text in texts.items()}
    assert len(words) > 3
    assert lost == {"poppler": [], "pdfium": []}


def test_right_to_left_words_are_given_to_each_extractor_as_it_reads_them():
    # poppler turns the whole word around, digits and left-to-right letters kept in order.
    assert for_poppler("\u0645\u06cc\u200c\u0634\u0648\u062f") == (
        "\u062f\u0648\u0634\u200c\u06cc\u0645"
    )
    assert for_poppler("\u0645\u06f2\u06f0") == "\u06f2\u06f0\u0645"
    # PDFium turns each run of one class around where it stands, and mirrors brackets; a word
    # that starts with a bracket starts with a zero-width space.
    assert for_pdfium("\u0645\u06cc\u200c\u0634\u0648\u062f") == (
        "\u06cc\u0645\u200c\u062f\u0648\u0634"
    )
    assert for_pdfium("(\u0628\u0647)") == "\u200b)\u0647\u0628("
    assert for_pdfium("\u0628\u0651\u064e.") == "\u0628.\u064e\u0651"


def test_right_to_left_words_are_what_lies_between_spaces():
    text = "\u0641\u064a (\u0627\u0644\u062a\u062e\u062f\u064a\u0631). DEXA 2026 (MRI)."
    assert [text[a:b] for a, b in word_spans(text)] == [
        "\u0641\u064a",
        "(\u0627\u0644\u062a\u062e\u062f\u064a\u0631).",
        "(MRI).",  # written left to right, with brackets: a span too
    ]
    # PDFium takes a left-to-right word's runs last to first, mirroring the opening bracket.
    assert for_pdfium("(DEXA).") == ".)DEXA)"
    # poppler keeps its closing bracket with it for the left-to-right mark after it.
    assert for_poppler("(DEXA).") == "(DEXA).\u200e"
    assert for_poppler("(DEXA)") == "(DEXA)\u200e"


# Paragraphs whose lines end (at their left) in a bracketed word, after a paragraph (so no
# line is the page's first): the sentence of the Arabic and Persian prepare handouts, its
# full stop in the word's run; a bold word with it outside the run; bracketed words one
# after another.
BRACKETED_ENDS = {
    "ar": [
        "من الأمثلة عليها: الأسبرين، والإيبوبروفين، والنابروكسين، والوارفارين (كومادين).",
        "يُسمّى هذا الدواء <b>المخدِّر</b> (التخدير).",
        "وهناك دواء آخر هو <b>المهدّئ (التخدير)</b>.",
        "أدوية مثل الوارفارين (كومادين) والهيبارين (هيبارين) والأسبرين (أسبرين).",
    ],
    "fa": [
        "چند نمونه: آسپرین، ایبوپروفن، ناپروکسن و وارفارین (کومادین).",
        "به این دارو <b>بی‌حسی (بیهوشی)</b>. دو نوع دارد و تیم شما می‌گوید کدام.",
        "داروهایی مانند وارفارین (کومادین) و هپارین (هپارین) و آسپرین (آسپرین).",
    ],
}


@pytest.mark.parametrize("code", sorted(BRACKETED_ENDS))
def test_a_bracketed_word_ending_a_line_reads_back_whole_in_pdfium(project, code):
    """PDFium gives a word's /ActualText back whole the other way round only after a piece it
    reads as left to right (rtlwords._piece_text), and a line is met after the one before
    it: "(كومادين)." came back ".)نيداموك(" while a line was taken to start afresh."""
    from tests.pdf.tall_page import language_page
    from vertebro_print.pdf.layout import write_pdf

    paragraphs = [
        f'<p style="width: {width}mm">{text}</p>'
        for text in BRACKETED_ENDS[code]
        for width in (80, 110, 140)
    ]
    pdf = write_pdf(language_page(code, project, "<p>نص</p>" + "".join(paragraphs)))
    strings = [re.sub(r"<[^>]*>|\s", "", text) for text in BRACKETED_ENDS[code]]
    read = "".join(pdfium_pages_text(pdf))
    assert [read.count(s) for s in strings] == [3] * len(strings)


URDU_STOP = "کچھ مثالیں یہ ہیں: اسپرین، آئبوپروفین، نیپروکسن اور وارفرین (Coumadin)۔"


def test_a_left_to_right_word_before_urdus_full_stop_reads_back_once_and_whole(project):
    """Urdu's full stop is a right-to-left character: with it, "(Coumadin)۔" was one
    right-to-left word, which poppler read "()Coumadin۔"; the word and the stop are spans of
    their own now. In a tall line's PDFium layer, the word's three pieces (Nastaliq's
    brackets, Noto Sans's letters) were each met after the poppler layer's and each read
    "(Coumadin)" again: only its longest piece is drawn there (pdf/talllines.py). Set 40 to
    180 mm wide: at 40, 70 and 110 to 140 the word and the stop are alone on a line, which
    PDFium read in the order it is drawn ("۔(Coumadin)") until the two were one span there
    (rtlwords._stop_after_left_to_right_word_alone)."""
    from tests.pdf.tall_page import language_page
    from vertebro_print.pdf.layout import write_pdf

    widths = range(40, 190, 10)
    paragraphs = "".join(
        f'<p style="width: {w}mm; break-inside: avoid">{URDU_STOP}</p>' for w in widths
    )
    pdf = write_pdf(language_page("ur", project, "<p>نص</p>" + paragraphs))
    whole = re.sub(r"\s", "", URDU_STOP)
    read = {"poppler": poppler_pages(pdf), "pdfium": pdfium_pages_text(pdf)}
    found = {name: sum(page.count(whole) for page in pages) for name, pages in read.items()}
    assert found == {"poppler": len(widths), "pdfium": len(widths)}
    assert "".join(read["pdfium"]).count("Coumadin") == len(widths)


# A left-to-right word with right-to-left punctuation after it, each alone on a line of
# Nastaliq: Urdu's full stop and question mark, in regular type and in bold.
ALONE_ON_A_LINE = ["(Coumadin)۔", "(DEXA)؟", "<b>(Coumadin)۔</b>"]


@pytest.mark.parametrize("before", ["", "<p>نص</p>", "<p>کچھ مثالیں یہ ہیں</p>"])
@pytest.mark.parametrize("token", ALONE_ON_A_LINE)
def test_a_left_to_right_word_and_its_stop_alone_on_a_line_read_back_whole(project, token, before):
    """First on the page, after a line of one word and after a line of several: PDFium read
    each in the order it is drawn ("۔(Coumadin)", "؟(DEXA)") while the word and the stop
    were two spans in its layer."""
    from tests.pdf.tall_page import language_page
    from vertebro_print.pdf.layout import write_pdf

    pdf = write_pdf(language_page("ur", project, f"{before}<p>{token}</p><p>کچھ مثالیں</p>"))
    whole = re.sub(r"<[^>]*>", "", token) + "کچھمثالیں"
    assert missing([whole], pdf) == {"poppler": [], "pdfium": []}


def test_right_to_left_punctuation_after_a_left_to_right_word_is_a_span_of_its_own():
    text = "وارفرین (Coumadin)۔ (DEXA)؟ ہ۔"
    assert [text[a:b] for a, b in word_spans(text)] == [
        "وارفرین",
        "(Coumadin)",
        "۔",
        "(DEXA)",
        "؟",
        "ہ۔",  # a right-to-left word keeps its stop
    ]


@pytest.mark.parametrize("height", [1.45, 1.5])
def test_lines_poppler_takes_into_a_block_keep_their_text_as_drawn(height):
    assert text_layer_scale(height * 12, 12) == 1  # Arabic and Persian at 1.45


@pytest.mark.parametrize("height", [1.51, 2.3, 3.0])
def test_a_taller_line_gets_a_text_layer_whose_lines_poppler_takes_into_a_block(height):
    """Its font size times the scale, the layer's lines are within poppler's 1.5 font sizes
    of each other, with a margin (1.4) for a line a little taller than its line height."""
    scale = text_layer_scale(height * 12, 12)
    assert scale > 1
    assert height / scale == pytest.approx(1.4)
    assert height / scale < POPPLER_LINE_SPACING


@pytest.mark.parametrize("extractor", ["poppler", "pdfium"])
def test_urdu_in_nastaliq_reads_back_word_by_word(project, extractor):
    """Urdu is drawn in Noto Nastaliq Urdu, whose letters sit at many heights (each a glyph
    with a text rise): a page of long Urdu lines set as a handout sets them reads back word by
    word (not a shipped language yet, so its page is CLDR text: tests/pdf/tall_page.py)."""
    from tests.pdf.tall_page import cldr_text, tall_page
    from vertebro_print.pdf.layout import write_pdf

    words = sorted(set(cldr_text("ur").split()))
    assert len(words) > 50
    assert missing(words, write_pdf(tall_page("ur", project)))[extractor] == []


def test_a_screen_reader_reads_each_urdu_word_once(project):
    """A tall line's words are drawn three times (a text layer for each extractor, then as
    they show): the structure tree's reading takes each once, as it takes the same page's
    words drawn once, in the same order."""
    from tests.pdf.tall_page import tall_page
    from tests.tagged import tagged_actual_texts
    from vertebro_print.pdf import rtlwords
    from vertebro_print.pdf.layout import write_pdf

    layered = tagged_actual_texts(write_pdf(tall_page("ur", project)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rtlwords, "text_layer_scale", lambda pitch, font_size: 1.0)
        drawn_once = tagged_actual_texts(write_pdf(tall_page("ur", project)))
    assert len(" ".join(drawn_once).split()) > 150  # the page's words, not only its furniture
    assert layered == drawn_once
