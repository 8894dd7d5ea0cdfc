"""A test page of long lines in a language, set as a handout sets it (its fonts, size and line
height from scripts.toml, the handout stylesheet, a warning box), with text from CLDR (the
language's own names of other languages), not medical content: a heading, a paragraph, a
box and a table of two cells (a table's cells have a line height of their own where
scripts.toml gives one), each of several lines."""

from __future__ import annotations

from babel import Locale
from weasyprint import CSS, HTML

from vertebro_print.i18n.languages import language
from vertebro_print.project import Project


def cldr_text(code: str, words: int = 60) -> str:
    names = [n for n in Locale.parse(code).languages.values() if " " not in n][:words]
    return " ".join(names)


def tall_page(code: str, project: Project):
    """The page laid out (a WeasyPrint document)."""
    text = cldr_text(code)
    return language_page(
        code,
        project,
        f"<h2>{text[: len(text) // 3]}</h2><p>{text}</p>"
        f'<div class="warning-box"><p>{text}</p></div>'
        f'<table class="compare"><tr><td>{text[: len(text) // 3]}</td></tr>'
        f"<tr><td>{text[len(text) // 3 : len(text) * 2 // 3]}</td></tr></table>",
    )


def table_row_page(code: str, project: Project, cells: list[str]):
    """A comparison table of one row, its cells side by side, set as tall_page sets text."""
    row = "".join(f"<td>{cell}</td>" for cell in cells)
    return language_page(code, project, f'<table class="compare"><tr>{row}</tr></table>')


def language_page(code: str, project: Project, body: str):
    """The body laid out in the language as a handout sets it (a WeasyPrint document)."""
    lang = language(code)
    line, cell = (
        f"line-height: {height} !important;" if height else ""
        for height in (lang.script.line_height, lang.script.cell_line_height)
    )
    style = (
        f"html {{ font-family: {lang.font_stack}; }} body {{ font-size: {lang.script.scale}em; }} "
        f":lang({lang.tag}), :lang({lang.tag}) * {{ {line} }} @page {{ size: A4; margin: 15mm; }}"
        f":lang({lang.tag}) td, :lang({lang.tag}) td * {{ {cell} }}"
    )
    html = f'<html lang="{lang.tag}" dir="{lang.direction}"><body>{body}</body></html>'
    css = CSS(filename=str(project.handouts_dir / "css" / "handout.css"))
    return HTML(string=html, base_url=str(project.handouts_dir)).render(
        stylesheets=[css, CSS(string=style)]
    )
