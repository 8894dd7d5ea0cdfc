"""Reading level of each handout's English text (Flesch-Kincaid grade, via textstat).

The text is the handout's content as a patient reads it (the parts, not the page frame),
with each block (paragraph, list item, heading, table cell) counted as one sentence:
lists and tables are read item by item, not as one run-on sentence."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from vertebro_print import scope
from vertebro_print.languages import SOURCE_LANGUAGE, language
from vertebro_print.project import Project
from vertebro_print.templates import render_template

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
            parser.feed(render_template(project.environment, part, context))
    parser.close()
    parser._flush()
    return "\n".join(parser.blocks)


def measure(project: Project) -> list[Readability]:
    import textstat

    results = []
    for handout_id in project.handouts:
        text = handout_text(project, handout_id)
        results.append(Readability(handout_id, round(textstat.flesch_kincaid_grade(text), 1),
                                   textstat.lexicon_count(text), textstat.sentence_count(text)))
    return results
