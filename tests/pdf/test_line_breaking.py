"""Lines break by each language's rules, read back from the laid-out pages:
- Korean between words only, never inside one;
- Japanese and Chinese only where BudouX puts a phrase boundary, and no line starts with
  closing punctuation or a small kana;
- a safety line (warning signs, call and emergency lines, main messages, firm rules) never
  has one word alone on a line (Vietnamese broke "Hãy / gọi ngay ... theo số ____");
- Arabic dual forms say the number in words, without a stray "(2)".
The rules are checked here against BudouX and the text itself, not against pdf/linebreak.py."""

from __future__ import annotations

import re
from functools import cache

import pytest

from tests.plans import pages_of
from vertebro_print.pdf.linebreak import keep_end
from vertebro_print.request import RenderRequest

pytestmark = pytest.mark.slow

# Closing punctuation and small kana: JIS X 4051's characters not to start a line.
NO_LINE_START = set(
    "、。，．・：；？！）］｝」』】〕〉》”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
BUDOUX = {"ja": "ja", "zh_Hans": "zh-hans", "zh_Hant": "zh-hant"}


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
        own = "".join("".join(element.itertext()).split())
        if texts and "".join("".join(texts).split()) == own:
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


def phrase_ends(text: str, model: str) -> set[int]:
    """Offsets (in the text without spaces) where BudouX ends a phrase."""
    ends, at = set(), 0
    for phrase in parser(model).parse(text):
        at += len("".join(phrase.split()))
        ends.add(at)
    return ends


@pytest.mark.parametrize("code", ["ja", "zh_Hans", "zh_Hant"])
def test_cjk_breaks_between_phrases_and_never_before_closing_marks(project, code):
    split, bad_start = [], []
    for handout in ("about", "aftercare"):
        for element, texts, _ in blocks(laid_out(handout, code, "a4", False, project)):
            text = "".join(element.itertext())
            ends, at = phrase_ends(text, BUDOUX[code]), 0
            for line, following in zip(texts, texts[1:], strict=False):
                at += len("".join(line.split()))
                if at not in ends:
                    split.append(f"{line[-4:]}/{following[:4]}")
                if following[0] in NO_LINE_START:
                    bad_start.append(f"{line[-4:]}/{following[:4]}")
    assert split == [], f"{len(split)} line break(s) inside a phrase: {split[:5]}"
    assert bad_start == [], f"lines starting with closing marks or small kana: {bad_start[:5]}"


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
