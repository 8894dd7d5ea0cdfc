"""`vertebro-print i18n review`: the sheet a medical translator reviews string by string.

Each row shows the English beside the translation (every plural form, with the counts the
handouts print it at), the catalog line, the id `i18n approve --ids` reads, a safety-critical
mark, whether the string is already approved as it is now, and a box to tick."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from vertebro_print.errors import UsageError
from vertebro_print.i18n import formats, translation
from vertebro_print.i18n.catalogs import OK
from vertebro_print.i18n.checks import strings
from vertebro_print.i18n.checks.glossary import load_glossary, terms_of
from vertebro_print.i18n.checks.markup import PERCENT
from vertebro_print.i18n.examples import examples
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.review import (
    OUTDATED,
    REVIEWED,
    SOURCE_CHANGED,
    TRANSLATION_CHANGED,
    changed_side,
    short_id,
    string_state,
)
from vertebro_print.i18n.sources import SAFETY_MARK, SourceMessage
from vertebro_print.plan import resolve_language
from vertebro_print.project import Project
from vertebro_print.settings import PAPER_SIZES
from vertebro_print.translators.approve import strings_of

TEMPLATE = "review_sheet.html.j2"
REVIEW_LABELS = {
    REVIEWED: "approved",
    OUTDATED: "changed since approval",
    "draft": "not yet approved",
}
# An approved string that changed since: which side did.
CHANGE_LABELS = {
    TRANSLATION_CHANGED: "the translation changed after review",
    SOURCE_CHANGED: "the English text changed after review",
}
STATE_LABELS = {"missing": "(not translated)", "fuzzy": "(fuzzy)", "broken": "(refused)"}


@dataclass(frozen=True)
class Row:
    id: str
    line: int | None
    critical: bool
    note: str
    sources: list[tuple[str, Markup]]  # (label, English)
    targets: list[tuple[str, Markup | str]]  # (label, translation); "" when not shown
    state_label: str
    review: str
    review_label: str
    terms: list[str]  # the glossary's terms this string uses: "care team: equipo médico"


def _shown(text: str, filled: dict[str, str] | None = None) -> Markup:
    """The text as the reviewer reads it: markup shown as written, each placeholder filled
    with its example (i18n/examples.toml) in a grey box that names it, or, without one, set
    apart left to right (in Arabic text "%(phone)s" would otherwise read "s(phone)%")."""
    filled = filled or {}

    def placeholder(m) -> str:
        if not m[1]:
            return m[0]
        if m[1] in filled:
            return f'<bdi class="ph" title="{m[0]}">{escape(filled[m[1]])}</bdi>'
        return f'<bdi dir="ltr" class="ph raw">{m[0]}</bdi>'

    return Markup(PERCENT.sub(placeholder, str(escape(text))))


def _filled(project: Project, code: str, text: str, count: int | None) -> dict[str, str]:
    """The examples of the placeholders in `text`, formatted in the language `code`."""
    names = {m[1] for m in PERCENT.finditer(text) if m[1]}
    lang = language(code)
    catalog = None if lang.is_source else project.catalog(code)
    with translation.activate(translation.Scope(lang, catalog, translation.PROOF)):
        return examples(names, count)


def _count_for(rule, number: int, printed: tuple[int, ...]) -> int | None:
    """A count plural form `number` is printed for: one the handouts print, or the first
    that the catalog's rule gives that form."""
    return next(
        (n for n in printed if rule.index(n) == number),
        next((n for n in range(1000) if rule.index(n) == number), None),
    )


def _printed(project: Project, code: str, key: str) -> str:
    """What a date or time setting prints now, for the reviewer to judge."""
    active = translation.Scope(
        language(code), project.catalog(code), translation.PROOF, region=project.settings.region
    )
    with translation.activate(active):
        if key in (formats.CLOCK, formats.CLOCK_NOTE):
            times = ", ".join(translation.short_time(dt.time(h, 45)) for h in (6, 14))
            # The note prints under the times, where clocks.toml asks for one; else nothing.
            note = translation.clock_note() if key == formats.CLOCK_NOTE else ""
            return f"{times} {note}".strip()
        return translation.long_date(formats.SAMPLE)


def _english_count(form: int, source: SourceMessage) -> int:
    """English's singular is printed for 1, its plural for the other counts."""
    return 1 if form == 0 else next((n for n in source.counts if n != 1), 2)


def _note(source: SourceMessage) -> str:
    words = " ".join(c.removeprefix("Translators:").strip() for c in source.comments)
    return words.replace(f"{SAFETY_MARK}.", "").strip()


def _row(project: Project, code: str, key: str, source: SourceMessage) -> Row:
    catalog = project.catalog(code)
    message = catalog.catalog.get(key)
    ids = source.id if isinstance(source.id, tuple) else (source.id,)
    texts = strings(message) if message is not None else ("",)
    state = catalog.state(key)
    plural = isinstance(source.id, tuple)
    rule = catalog.plural_rule
    targets = []
    for number, text in enumerate(texts):
        label = ""
        count = _count_for(rule, number, source.counts) if plural else None
        if plural:
            printed = [str(n) for n in source.counts if rule.index(n) == number]
            label = f"form {number}" + (f", printed for {', '.join(printed)}" if printed else "")
        if key in formats.SETTINGS and state == OK:
            label = f"prints: {_printed(project, code, key)}"
        shown = _shown(text, _filled(project, code, text, count))
        targets.append((label, shown if state in (OK, "fuzzy") else ""))
    review = string_state(catalog.review_file, key, catalog.fingerprint(key, source))
    return Row(
        id=short_id(key),
        line=message.lineno if message is not None else None,
        critical=source.safety_critical,
        note=_note(source),
        sources=[
            (
                ("one" if i == 0 else "other") if plural else "",
                _shown(t, _filled(project, "en", t, _english_count(i, source) if plural else None)),
            )
            for i, t in enumerate(ids)
        ],
        targets=targets,
        state_label=STATE_LABELS.get(state, ""),
        review=review,
        review_label=_review_label(catalog, key, source, review, state),
        terms=[
            f"{c.english[0]}: {c.terms[code][0]}" if code in c.terms else c.english[0]
            for c in terms_of(load_glossary(project.locales_dir), " ".join(ids))
        ],
    )


def _review_label(catalog, key: str, source: SourceMessage, review: str, state: str) -> str:
    if state != OK:
        return STATE_LABELS[state]
    if review == OUTDATED:
        side = changed_side(catalog.review_file, key, source.id)
        return CHANGE_LABELS.get(side, REVIEW_LABELS[OUTDATED])
    return REVIEW_LABELS[review]


def sheet_rows(
    project: Project, code: str, handout_id: str | None
) -> list[tuple[str, SourceMessage, Row]]:
    """The rows of the sheet (and of its CSV), in catalog order: the strings the handout
    prints, or every string."""
    lang = resolve_language(project, code, in_progress=True)
    if lang.is_source:
        raise UsageError(f"{code} is the source language; there is no translation to review")
    catalog = project.catalog(code)
    chosen = strings_of(project, handout_id)

    def order(item: tuple[str, SourceMessage]) -> int:
        message = catalog.catalog.get(item[0])
        return message.lineno if message is not None else 10**9

    return [(k, s, _row(project, code, k, s)) for k, s in sorted(chosen.items(), key=order)]


def sheet_html(project: Project, code: str, handout_id: str | None, today: dt.date) -> str:
    rows = [row for _, _, row in sheet_rows(project, code, handout_id)]  # refuses the source
    lang = resolve_language(project, code, in_progress=True)
    catalog = project.catalog(code)
    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
    )
    return env.get_template(TEMPLATE).render(
        lang=lang,
        scope=f"handout {handout_id}" if handout_id else "all handouts",
        rows=rows,
        critical=sum(r.critical for r in rows),
        approved=sum(r.review == REVIEWED for r in rows),
        today=today.isoformat(),
        catalog_path=catalog.path.relative_to(project.locales_dir.parent)
        if catalog.path.is_relative_to(project.locales_dir.parent)
        else catalog.path,
        fingerprint=project.fingerprint(),
        page_size=PAPER_SIZES[project.settings.paper].css_size,
    )


def review_sheet(
    project: Project, code: str, handout_id: str | None, today: dt.date | None = None
) -> bytes:
    """The review sheet as PDF bytes."""
    from vertebro_print.pdf.fetcher import ProjectFetcher
    from vertebro_print.pdf.layout import lay_out_html, write_pdf

    html = sheet_html(project, code, handout_id, today or dt.date.today())
    what = f"review sheet {code}" + (f" {handout_id}" if handout_id else "")
    fetcher = ProjectFetcher(project.allowed_roots())
    return write_pdf(lay_out_html(html, project.handouts_dir, what, [], fetcher))
