"""Copyfitting (vertebro_print/pdf/copyfit.py): a layout that leaves a page before its last
too empty, or a first-page box off page 1, is laid out again a step tighter; a layout that
breaks no rule is laid out once; the rules and steps are the handouts folder's data."""

from __future__ import annotations

import re

import pytest

from tests.pdfs import poppler_pages
from vertebro_print.errors import RenderError
from vertebro_print.pdf import copyfit
from vertebro_print.render import render
from vertebro_print.request import RenderRequest

PAGE = (
    "@page { size: 120mm 80mm; margin: 10mm; } body { margin: 0; font: 10pt/1.4 'Noto Sans'; }"
    "p { margin: 0 0 6mm; } .box { break-inside: avoid; } .box p { margin: 0; }"
)
WORDS = " ".join(["Plain words for a plain page."] * 4)
# Three paragraphs, then a box of eight lines kept whole: with 6 mm between paragraphs the
# box does not fit under them and goes to page 2, leaving page 1 about half full.
BODY = f"<p>{WORDS}</p><p>{WORDS}</p>" + (
    '<div class="box">' + "".join(f"<p>Line {n} of a box.</p>" for n in range(8)) + "</div>"
)
TIGHTER = "p { margin: 0; } body { line-height: 1.2; }"
RULES = copyfit.Rules(0.6, ("box",), (copyfit.Step("tighter", TIGHTER),))


def lay_out_counting(body: str = BODY, root_class: str = ""):
    from weasyprint import CSS, HTML

    calls: list[tuple[str, ...]] = []
    made: list = []

    def lay_out(steps: tuple[str, ...]):
        calls.append(steps)
        # As the handouts' own style sheet is given, so the steps' sheets come after it.
        html = f'<html lang=en class="{root_class}"><body>{body}</body>'
        made.append(HTML(string=html).render(stylesheets=[CSS(string=s) for s in (PAGE, *steps)]))
        return made[-1]

    lay_out.made = made
    return lay_out, calls


def test_a_box_that_leaves_page_1_half_empty_is_a_fault_of_each_kind():
    lay_out, _ = lay_out_counting()
    # (past the edge, long lines, off page 1, underfilled)
    assert copyfit.faults(lay_out(()), RULES) == (0, 0, 1, 1)
    assert copyfit.faults(lay_out((TIGHTER,)), RULES) == (0, 0, 0, 0)


def test_the_first_step_that_fits_is_kept_and_no_more_are_tried():
    lay_out, calls = lay_out_counting()
    steps = (copyfit.Step("tighter", TIGHTER), copyfit.Step("never needed", "p { color: red }"))
    document = copyfit.fitted(lay_out, copyfit.Rules(0.6, ("box",), steps))
    assert calls == [(), (TIGHTER,)]
    assert len(document.pages) == 1


def test_a_layout_that_breaks_no_rule_is_laid_out_once():
    lay_out, calls = lay_out_counting(f"<p>{WORDS}</p>")
    copyfit.fitted(lay_out, RULES)
    assert calls == [()]


def test_when_no_step_helps_the_first_layout_is_kept():
    lay_out, calls = lay_out_counting()
    useless = copyfit.Rules(0.6, ("box",), (copyfit.Step("colour", "p { color: navy }"),))
    document = copyfit.fitted(lay_out, useless)
    assert len(calls) == 2
    assert document is lay_out.made[0]


def test_a_step_is_tried_only_on_the_handouts_it_is_for():
    lay_out, calls = lay_out_counting()
    large = copyfit.Step("large print only", TIGHTER, when=frozenset({"large-print"}))
    copyfit.fitted(lay_out, copyfit.Rules(0.6, ("box",), (large,)))
    assert calls == [()]
    lay_out, calls = lay_out_counting(root_class="large-print")
    copyfit.fitted(lay_out, copyfit.Rules(0.6, ("box",), (large,)))
    assert calls == [(), (TIGHTER,)]
    not_large = copyfit.Step("not large print", TIGHTER, unless=frozenset({"large-print"}))
    lay_out, calls = lay_out_counting(root_class="large-print")
    copyfit.fitted(lay_out, copyfit.Rules(0.6, ("box",), (not_large,)))
    assert calls == [()]


def test_no_step_buys_a_fuller_page_with_lines_over_the_measure():
    """Regular print keeps its lines to the measure: a step that widens them is a worse
    layout than a page left part empty (large print is not held to it)."""
    wider = "@page { size: 300mm 100mm; }"
    measured = copyfit.Rules(0.6, ("box",), (copyfit.Step("wider", wider),), measure=75)
    lay_out, _ = lay_out_counting()
    assert copyfit.faults(lay_out((wider,)), measured).hard > 0
    lay_out, _ = lay_out_counting()
    assert copyfit.fitted(lay_out, measured) is lay_out.made[0]
    lay_out, _ = lay_out_counting(root_class="large-print")
    assert copyfit.fitted(lay_out, measured) is lay_out.made[1]


def test_no_step_takes_large_print_under_its_floor():
    """Large print holds its smallest text to the floor: a step that sets type smaller is a
    worse layout than a page left part empty (regular print is not held to it)."""
    smaller = "body { font-size: 8pt; }"
    floored = copyfit.Rules(0.6, ("box",), (copyfit.Step("smaller", smaller),), 0, 9)
    lay_out, _ = lay_out_counting(root_class="large-print")
    assert copyfit.faults(lay_out((smaller,)), floored).hard > 0
    lay_out, _ = lay_out_counting(root_class="large-print")
    assert copyfit.fitted(lay_out, floored) is lay_out.made[0]
    lay_out, _ = lay_out_counting()
    assert copyfit.fitted(lay_out, floored) is lay_out.made[1]


# A word no line of the page can hold: it runs past the text area's side.
WIDE = "<p>" + "Vertebroplasty" * 6 + "</p>"
NARROWER = "p { font-size: 4pt; }"


def test_a_line_past_the_side_of_the_text_area_is_a_fault_of_its_own():
    lay_out, _ = lay_out_counting(WIDE)
    assert copyfit.faults(lay_out(()), RULES) == (1, 0, 0, 0)
    assert copyfit.faults(lay_out((NARROWER,)), RULES) == (0, 0, 0, 0)


def test_a_step_for_one_kind_of_fault_is_taken_only_for_it():
    """A step that prints a wide table another way is no help to a page left part empty,
    and the usual steps no help to a line past the edge: each is tried only for its own."""
    for_wide = copyfit.Step("narrower", NARROWER, fixes=frozenset({"wide"}))
    rules = copyfit.Rules(0.6, ("box",), (for_wide, copyfit.Step("tighter", TIGHTER)))
    lay_out, calls = lay_out_counting()  # underfilled, and a box off page 1
    copyfit.fitted(lay_out, rules)
    assert calls == [(), (TIGHTER,)]
    lay_out, calls = lay_out_counting(WIDE)
    document = copyfit.fitted(lay_out, rules)
    assert calls == [(), (NARROWER,)]
    assert document is lay_out.made[1]


def test_the_about_comparison_runs_past_no_page_edge_in_any_armenian_layout(project):
    """Armenian has no hyphenation patterns: the comparison table's three columns, sized to
    their longest words, ran 26 mm past the text area (off the paper in large print). There it
    is printed by question, every answer on the page (each in a table of two columns)."""
    from weasyprint.formatting_structure import boxes

    from tests.plans import html_of, pages_of

    def shown(box, css_class: str) -> bool:
        element = getattr(box, "element", None)
        if element is not None and css_class in (element.get("class") or "").split():
            return not isinstance(box, boxes.LineBox)
        return any(shown(child, css_class) for child in getattr(box, "children", ()))

    rules = copyfit.rules(project.handouts_dir)
    for paper, large in (("a4", False), ("a4", True), ("letter", True)):
        request = RenderRequest("about", "hy", paper, large)
        pages = pages_of(request, project)
        assert copyfit.faults(type("Laid", (), {"pages": pages}), rules).wide == 0
        assert any(shown(page._page_box, "compare-by-question") for page in pages)
        assert not any(shown(page._page_box, "compare") for page in pages)
    # Where the table fits, it is the table that prints.
    pages = pages_of(RenderRequest("about", "es", "a4", True), project)
    assert any(shown(page._page_box, "compare") for page in pages)
    assert not any(shown(page._page_box, "compare-by-question") for page in pages)
    # Both forms hold the same words: the table's cells, question by question.
    html = html_of(RenderRequest("about", "hy"), project)
    table = html[html.index('<table class="compare">') : html.index("</table>")]
    by_question = html[html.index('<div class="compare-by-question">') :]
    by_question = by_question[: by_question.index("<p>")]
    cells = re.compile(r"<(?:th|td|caption|h3)\b[^>]*>([^<]+)<")
    assert sorted(set(cells.findall(table))) == sorted(set(cells.findall(by_question)))


def test_a_bilingual_handout_may_have_the_box_after_page_1():
    """There the box is the first section after the main message, on the first page that
    holds it whole: only the page left part empty counts."""
    lay_out, _ = lay_out_counting(root_class="bilingual")
    assert copyfit.faults(lay_out(()), RULES) == (0, 0, 0, 1)


def test_a_closing_notice_alone_on_the_last_page_does_not_make_the_page_before_a_fault():
    notice = '<aside class="language-help" style="break-before: page"><p>Help.</p></aside>'
    lay_out, _ = lay_out_counting(f"<p>{WORDS}</p>" + notice)
    assert copyfit.faults(lay_out(()), RULES) == (0, 0, 0, 0)


def test_the_handouts_rules_are_data(project):
    rules = copyfit.rules(project.handouts_dir)
    assert rules.page_fill == 0.6
    assert set(rules.first_page) == {"main-message", "warning-box"}
    names = [s.name for s in rules.steps]
    assert names[:2] == ["comparison by question", "tighter spacing"]
    assert rules.steps[0].fixes == {"wide"} and rules.steps[1].fixes == {
        "hard",
        "off",
        "underfilled",
    }
    assert rules.measure == 75
    assert rules.large_print_pt == 16


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("page_fill = 0.6\nfirst_page = []\n", "steps"),
        ("page_fill = 1.5\nfirst_page = []\n[[steps]]\nname='a'\ncss=''\n", "between 0 and 1"),
        ("page_fill = \n", "copyfit.toml"),
        (
            "page_fill = 0.6\nfirst_page = []\n[[steps]]\nname='a'\ncss=''\nfixes=['wider']\n",
            "name one or more of wide, hard, off, underfilled",
        ),
        ("page_fill = 0.6\nfirst_page = []\n[[steps]]\nname='a'\ncss=''\nfixes=[]\n", "empty"),
    ],
)
def test_broken_rules_name_the_file_and_the_fix(tmp_path, text, what):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "copyfit.toml").write_text(text)
    with pytest.raises(RenderError, match="copyfit.toml") as raised:
        copyfit.rules(tmp_path)
    assert what in str(raised.value) and "restore it" in str(raised.value)


def test_a_large_print_handout_prints_its_fitted_layout(project):
    """Russian aftercare, large print on Letter: at the stylesheet's spacing the warning box
    does not fit under the title and main message and went whole to page 2; the PDF has it on
    page 1."""
    pdf = render(RenderRequest("aftercare", "ru", "letter", True), project).pdf
    first = " ".join(poppler_pages(pdf)[0].split())
    # The box's last line, the emergency line.
    assert "местному номеру экстренной помощи" in first


@pytest.mark.parametrize("code", ["es", "ar", "ja"])
def test_a_bilingual_aftercare_gives_the_patients_language_its_box_before_english(project, code):
    """The main message and the call-the-doctor box in the patient's language, then both in
    English: with both main messages first, the box did not fit on page 1 in most languages
    in large print (page 1 was left half empty)."""
    from tests.plans import html_of

    html = html_of(RenderRequest("aftercare", code, with_lang="en"), project)
    section = html[html.index('<section class="section" id="aftercare-first">') :]
    english = section.index('<div class="companion" lang="en"')
    boxes = [
        (m.group(1), m.start() > english)
        for m in re.finditer(r'<div class="(main-message|warning-box)"', section[: english * 3])
    ][:4]
    assert boxes == [
        ("main-message", False),
        ("warning-box", False),
        ("main-message", True),
        ("warning-box", True),
    ]
