"""Lines break by each language's rules, read back from the laid-out pages:
- Korean between words only, never inside one;
- Japanese and Chinese only where BudouX puts a phrase boundary, Thai, Khmer and Burmese (no spaces
  between words) only where ICU's dictionary puts a word boundary (or, for Thai, where
  Pango's own, libthai's, does: "เข้า|ไป" in ICU's one word เข้าไป), and no line starts with
  closing punctuation, a small kana or a mark that ends a sentence or repeats a word;
- a safety line (warning signs, call and emergency lines, main messages, firm rules) never
  has one word alone on a line (Vietnamese broke "Hãy / gọi ngay ... theo số ____");
- Arabic dual forms say the number in words, without a stray "(2)";
- no line breaks inside a Latin word or a number among Chinese or Japanese phrases, nor
  inside a Chinese word of ICU's dictionary that a BudouX phrase boundary cut.
The rules are checked here against BudouX, ICU and the text itself, not against
pdf/linebreak.py."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import pytest

from tests.plans import pages_of
from vertebro_print.pdf.linebreak import keep_end
from vertebro_print.request import Appointment, RenderRequest

pytestmark = pytest.mark.slow

# Closing punctuation and small kana: JIS X 4051's characters not to start a line.
CJK_NO_START = "、。，．・：；？！）］｝」』】〕〉》”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
CLOSING = ".,:;?!)]}”’"
# Per language written without spaces between words: the segmenter whose units a line may
# not split (BudouX's phrases, ICU's dictionary words) and its model, and the characters no
# line may start with: for Thai ฯ (the abbreviation mark) and ๆ (repeat the word before), for
# Khmer ។ ៕ (full stops) and ៖ (colon), for Burmese ၊ ။ (its comma and full stop).
UNSPACED = {
    "ja": ("budoux", "ja", CJK_NO_START),
    "zh_Hans": ("budoux", "zh-hans", CJK_NO_START),
    "zh_Hant": ("budoux", "zh-hant", CJK_NO_START),
    "th": ("icu", "th", CLOSING + "ฯๆ"),
    "km": ("icu", "km", CLOSING + "។៕៖"),
    "my": ("icu", "my", CLOSING + "၊။"),
}
ZWSP = "\u200b"


@cache
def parser(model: str):
    import budoux

    return {
        "ja": budoux.load_default_japanese_parser,
        "zh-hans": budoux.load_default_simplified_chinese_parser,
        "zh-hant": budoux.load_default_traditional_chinese_parser,
    }[model]()


def blocks(pages: list) -> list[tuple[object, list[str], set[str]]]:
    """Each element whose lines are all its own (a paragraph, a list item, a table cell),
    with the text of its lines in order and the classes of it and the elements around it. An
    element whose lines hold other blocks' text too is left out: its own text could not be
    told apart."""
    from weasyprint.formatting_structure import boxes

    lines: dict[int, tuple[object, list[str], set[str]]] = {}

    def text_of(box) -> str:
        if isinstance(box, boxes.TextBox):
            return box.text
        return "".join(text_of(c) for c in getattr(box, "children", ()))

    def walk(box, element, classes: frozenset[str]) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        if getattr(box, "element", None) is not None:
            classes = classes | frozenset((box.element.get("class") or "").split())
            if isinstance(box, boxes.BlockContainerBox):
                element = box.element
        if isinstance(box, boxes.LineBox) and element is not None:
            entry = lines.setdefault(id(element), (element, [], set()))
            entry[1].append(text_of(box).strip())
            entry[2].update(classes)
            return
        for child in getattr(box, "children", ()):
            walk(child, element, classes)

    for page in pages:
        walk(page._page_box, None, frozenset())
    found = []
    for element, texts, classes in lines.values():
        own = "".join("".join(element.itertext()).split()).replace(ZWSP, "")
        if texts and "".join("".join(texts).split()).replace(ZWSP, "") == own:
            found.append((element, [t for t in texts if t], classes))
    return found


def laid_out(handout: str, code: str, paper: str = "a4", large: bool = False, project=None):
    return pages_of(RenderRequest(handout, code, paper, large), project)


@pytest.mark.parametrize("handout", ["about", "aftercare"])
def test_korean_breaks_between_words_only(project, handout):
    broken = []
    for paper, large in (("a4", False), ("letter", True)):
        for element, texts, _ in blocks(laid_out(handout, "ko", paper, large, project)):
            words = "".join(element.itertext()).split()
            if " ".join(texts).split() != words:
                broken.append(" / ".join(texts))
    assert broken == [], f"{len(broken)} Korean block(s) broken inside a word: {broken[:3]}"


def bare(text: str) -> str:
    """The text without spaces or zero-width spaces: offsets in it are the same in the laid
    out lines and in the element's text."""
    return "".join(text.split()).replace(ZWSP, "")


def icu_words(text: str, model: str) -> list[str]:
    import icu

    iterator = icu.BreakIterator.createWordInstance(icu.Locale(model))
    iterator.setText(text)
    units = text.encode("utf-16-le")  # ICU counts UTF-16 code units
    cuts = [0, *iterator]
    return [units[2 * a : 2 * b].decode("utf-16-le") for a, b in zip(cuts, cuts[1:], strict=False)]


def unit_ends(text: str, segmenter: str, model: str) -> set[int]:
    """Offsets (in the bare text) where the segmenter ends a phrase or a word. BudouX reads
    the text as written: the zero-width spaces the layout put between phrases left out."""
    if segmenter == "budoux":
        pieces = parser(model).parse(text.replace(ZWSP, ""))
    else:
        pieces = icu_words(text, model)
    ends, at = set(), 0
    for piece in pieces:
        at += len(bare(piece))
        ends.add(at)
    return ends


def layout_breaks(text: str, code: str) -> set[int]:
    """Offsets (in the bare text) where the layout's own line breaker, Pango, may break: for
    Thai, libthai's dictionary ("เข้า|ไป" inside ICU's one word เข้าไป); for Khmer, none
    inside a run of letters. Thai words outside no-wrap spans may break there too."""
    from weasyprint.text.ffi import ffi, pango

    data = text.encode("utf-8")
    attrs = ffi.new("PangoLogAttr[]", len(text) + 1)
    language = pango.pango_language_from_string(code.encode())
    pango.pango_get_log_attrs(data, len(data), -1, language, attrs, len(text) + 1)
    return {len(bare(text[:i])) for i in range(len(text) + 1) if attrs[i].is_line_break}


def spaced(text: str, at: int) -> bool:
    """Whether a space is where the bare text's offset `at` falls in the text."""
    seen = 0
    for i, char in enumerate(text.replace(ZWSP, "")):
        if not char.isspace():
            if seen == at:
                return i > 0 and text.replace(ZWSP, "")[i - 1].isspace()
            seen += 1
    return False


@pytest.mark.parametrize("code", list(UNSPACED))
def test_unspaced_languages_break_between_units_and_never_before_closing_marks(project, code):
    segmenter, model, no_start = UNSPACED[code]
    split, bad_start, unspaced_breaks = [], [], 0
    for handout in ("about", "aftercare"):
        for element, texts, _ in blocks(laid_out(handout, code, "a4", False, project)):
            text = "".join(element.itertext())
            ends, at = unit_ends(text, segmenter, model), 0
            if segmenter == "icu":
                ends |= layout_breaks(text, code)
            for line, following in zip(texts, texts[1:], strict=False):
                at += len(bare(line))
                unspaced_breaks += not spaced(text, at)
                if at not in ends:
                    split.append(f"{line[-4:]}/{following[:4]}")
                if bare(following)[0] in no_start:
                    bad_start.append(f"{line[-4:]}/{following[:4]}")
    assert unspaced_breaks, f"no {code} line broke where there is no space: nothing was tested"
    assert split == [], f"{len(split)} line break(s) inside a {segmenter} unit: {split[:5]}"
    assert bad_start == [], f"lines starting with a mark that may not start one: {bad_start[:5]}"


SAFETY = ("warning-box", "main-message", "rule-box", "rule-line", "rules")


@pytest.mark.parametrize("code", ["vi", "en", "es"])
def test_no_safety_line_leaves_one_word_alone(project, code):
    alone = []
    for paper, large in (("a4", False), ("letter", False), ("letter", True)):
        for _, texts, classes in blocks(laid_out("aftercare", code, paper, large, project)):
            if not classes & set(SAFETY) or len(texts) < 2:
                continue
            alone += [
                f"{paper}{' large' if large else ''}: {t!r}" for t in texts if len(t.split()) < 2
            ]
    assert alone == [], f"safety lines with one word alone: {alone}"


def overflowing_lines(pages: list) -> list[str]:
    """The lines whose text reaches past the right edge of their line box (a no-wrap run
    longer than the line)."""
    from weasyprint.formatting_structure import boxes

    found = []

    def walk(box) -> None:
        if isinstance(box, boxes.LineBox):
            right = max((c.position_x + c.margin_width() for c in box.children), default=0)
            if right > box.position_x + box.width + 1:
                found.append("".join(getattr(c, "text", "") for c in box.descendants()))
            return
        for child in getattr(box, "children", ()):
            walk(child)

    for page in pages:
        walk(page._page_box)
    return found


def test_a_safety_line_that_is_one_element_wraps_within_its_box(project):
    """The Turkish fasting rule is one <strong>, longer than a line: its last two words stay
    together, not the whole rule (kept on one line, it ran past the box and off the page)."""
    appointment = Appointment(dt.date(2026, 12, 10), dt.time(7, 30), dt.time(0, 0))
    request = RenderRequest("prepare", "tr", appointment=appointment)
    pages = pages_of(request, project)
    assert overflowing_lines(pages) == []
    rule = [t for _, t, c in blocks(pages) if "rule-line" in c and "randevu" in " ".join(t)]
    assert len(rule[0]) >= 2 and len(rule[0][-1].split()) >= 2, rule


def boxes_with_class(box, name: str) -> list:
    """Every box of the laid-out tree whose element has the class."""
    element = getattr(box, "element", None)
    own = [box] if element is not None and name in (element.get("class") or "").split() else []
    return own + [b for c in getattr(box, "children", ()) for b in boxes_with_class(c, name)]


def text_boxes(box) -> list:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return [box]
    return [t for child in getattr(box, "children", ()) for t in text_boxes(child)]


@pytest.mark.parametrize("code", ["pa", "gu", "fr", "uk", "ru", "es", "en"])
def test_the_fasting_rule_wraps_inside_its_box(project, code):
    """The fasting rule is all in <strong>: its last two words are kept together inside it,
    not the whole rule on one line past the box's border (it ran out of the box in French,
    Punjabi and Gujarati)."""
    appointment = Appointment(dt.date.today() + dt.timedelta(days=7), dt.time(7), dt.time(22))
    request = RenderRequest("prepare", code, "letter", appointment=appointment)
    (box,) = [
        b
        for page in pages_of(request, project)
        for b in boxes_with_class(page._page_box, "rule-box")
    ]
    right = box.content_box_x() + box.width
    past = [t.text for t in text_boxes(box) if t.position_x + t.width > right + 0.5]
    assert past == [], f"text past the fasting rule's box: {past}"
    assert len({round(t.position_y) for t in text_boxes(box)}) >= 2  # it wrapped


STRAY_NUMBER = re.compile(r"\(\s*[0-9٠-٩]+\s*\)")


def test_arabic_dual_forms_print_no_stray_digits(project):
    stray = []
    for handout in ("about", "aftercare"):
        for _, texts, _ in blocks(laid_out(handout, "ar", "a4", False, project)):
            stray += [t for t in texts if STRAY_NUMBER.search(t)]
    assert stray == [], f"numbers in brackets after a dual form: {stray}"


def test_a_rule_all_in_bold_keeps_its_last_words_together_inside_the_bold():
    """The fasting rule is one <strong>: its last two words are joined there, not the whole
    rule made one unbreakable line (it ran past its box in Spanish, Urdu and Amharic)."""
    rule = "<strong>No coma ni beba nada después de la hora.</strong>"
    kept = str(keep_end(rule, "es"))
    assert kept == "<strong>No coma ni beba nada después de la\u00a0hora.</strong>"
    # Words after the element: the cut stays outside it, as before.
    assert "nobr" not in str(keep_end("<strong>Nunca deje</strong> una medicina sola.", "es"))


def _shipped_with_rules() -> list[str]:
    from vertebro_print.i18n.catalogs import discover
    from vertebro_print.pdf.linebreak import rules_for
    from vertebro_print.project import Project
    from vertebro_print.settings import Settings

    return [c for c in discover(Project(Settings()).locales_dir) if rules_for(c)]


@pytest.mark.parametrize("code", _shipped_with_rules())
def test_a_table_of_unbreakable_units_stays_on_its_page(project, code):
    """WeasyPrint measures a cell of no-wrap units as wide as its whole text unless a break
    opportunity (a zero-width space) sits between them: about's comparison table ran off the
    page in Japanese, and poppler, which reads only the page, lost the phrases cut off."""
    from weasyprint.formatting_structure import boxes

    over = []

    def walk(box, right: float) -> None:
        if isinstance(box, boxes.TableBox):
            edge = box.position_x + box.margin_width()
            if edge > right + 0.5:
                over.append(f"{edge:.0f} > {right:.0f}")
        for child in getattr(box, "children", ()):
            walk(child, right)

    for paper, large in (("a4", False), ("letter", True)):
        for page in laid_out("about", code, paper, large, project):
            box = page._page_box
            walk(box, box.margin_left + box.padding_left + box.width)
    assert over == [], f"the comparison table runs past the page's margin: {over}"


def _block_lines(code: str, project, text: str, paragraphs: bool) -> list[list[str]]:
    """The text laid out as the handouts lay it out (linebreak.py first), in table cells and,
    with `paragraphs`, in body text too, of every width from 30 to 120 mm, so that a line
    ends at each place one could: the lines of each block, a block over a page break whole."""
    from weasyprint.formatting_structure import boxes

    from tests.pdf.tall_page import language_page
    from vertebro_print.i18n.languages import language
    from vertebro_print.pdf.linebreak import break_html

    tag = language(code).tag
    body = "".join(
        (f'<p lang="{tag}" style="width: {width}mm">{text}</p>' if paragraphs else "")
        + f'<table lang="{tag}" class="compare" style="width: {width}mm"><tr><td>{text}</td>'
        "</tr></table>"
        for width in range(30, 121, 3)
    )
    # break_html() leaves the head as it is: it starts cutting at <body>.
    broken = break_html(f"<body>{body}</body>").removeprefix("<body>").removesuffix("</body>")
    document = language_page(code, project, broken)

    def text_of(box) -> str:
        if isinstance(box, boxes.TextBox):
            return box.text
        return "".join(text_of(c) for c in getattr(box, "children", ()))

    found: dict[int, list[str]] = {}

    def walk(box) -> None:
        if isinstance(box, (boxes.TableCellBox, boxes.BlockBox)) and any(
            isinstance(child, boxes.LineBox) for child in box.children
        ):
            lines = found.setdefault(id(box.element), [])
            lines.extend(text_of(line).replace(ZWSP, "") for line in box.children)
            return
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return list(found.values())


# Chinese and Japanese as the handouts have them, with Latin words, an acronym with a hyphen
# and numbers among the phrases (BudouX cut "MR|I", "D|EXA", "1|2点" and the footer's
# "VP-ABO|UT"), and Chinese words of ICU's dictionary BudouX cut ("停不|下来", "脊|椎", "骨|頭",
# "麻|醉", the treatment's name "椎体成|形术").
MIXED = {
    "zh_Hans": "请在凌晨12点以后不要吃东西。医生会用DEXA检查骨头，也可能做MRI或CT检查。"
    "文件编号是VP-ABOUT，版本1.0。椎体成形术是把骨水泥打进脊椎的骨头里。这种痛常常停不下来。"
    "需要局部麻醉，骨质疏松的人要马上打电话。",
    "zh_Hant": "請在午夜12點以後不要吃東西。醫生會用磁振造影（MRI）或DEXA檢查骨頭。"
    "文件編號是VP-ABOUT，版本1.0。椎體成形術是把骨水泥打進脊椎的骨頭裡。這種痛常常停不下來。"
    "需要局部麻醉，骨質疏鬆的人要馬上打電話。",
    "ja": "午前0時12分以降は食べないでください。MRIやCTスキャン、DEXAで骨を調べます。"
    "文書番号はVP-ABOUT、バージョン1.0です。",
}


@pytest.mark.parametrize("code", sorted(MIXED))
def test_no_line_breaks_inside_a_latin_word_or_a_number_in_cjk_text(project, code):
    """Unicode's line breaking rules (UAX #14) never break between two letters or digits of a
    word written with spaces, nor before a hyphen: the phrases BudouX gives are cut only
    where those rules allow, and not after a Latin word's own hyphen either (a run ending
    in a hyphen is read as a line's end: the footer's "VP-ABOUT" got a zero-width space).
    In a box sized to its content (a table cell) a zero-width space goes between two phrases
    that meet letter to letter, and there a cut BudouX made inside a word became a line
    break."""
    word = re.compile(r"[0-9A-Za-z]")
    splits = [
        f"{before[-6:]}|{after[:6]}"
        for lines in _block_lines(code, project, MIXED[code] * 2, paragraphs=False)
        for before, after in zip(lines, lines[1:], strict=False)
        if before
        and after
        and word.match(after[0])
        and word.match(before.removesuffix("-")[-1:])
        or before
        and after[:1] == "-"
        and word.match(before[-1])
    ]
    assert splits == []


@pytest.mark.parametrize("code", ["zh_Hans", "zh_Hant"])
def test_no_line_breaks_inside_a_chinese_dictionary_word(project, code):
    """A line breaks between BudouX's phrases, and never inside a word of ICU's dictionary
    that a phrase boundary cut, in body text or in a table cell."""
    from vertebro_print.pdf.wordbreak import words

    text = MIXED[code] * 2
    inside, at = set(), 0
    for word in words(text, code):
        if len(word) > 1 and all("\u4e00" <= char <= "\u9fff" for char in word):
            inside.update(range(at + 1, at + len(word)))
        at += len(word)
    cuts = []
    for lines in _block_lines(code, project, text, paragraphs=True):
        end = 0
        for line in lines[:-1]:
            end += len(line)
            if end in inside:
                cuts.append(text[end - 4 : end] + "|" + text[end : end + 2])
    assert cuts == []
