"""The Jinja2 environment the handouts are written for: autoescaping on, undefined variables
are errors, gettext bound to the active language scope, and the few helpers the templates
may call (documented in README.md, "Writing handouts")."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

from vertebro_print.errors import LocaleNotReady, RenderError
from vertebro_print.i18n import casing
from vertebro_print.i18n import translation as scope
from vertebro_print.i18n.languages import SOURCE_LANGUAGE, language

LAYOUT = "_layout.html.j2"


def _in_companion(caller) -> Markup:
    """Render a block in the active scope and, for bilingual handouts, again in the
    companion language right after it. (Markup throughout: adding a plain str to Markup
    would escape the str.)"""
    active = scope.current()
    html = Markup(caller())
    if active.companion is not None:
        with scope.activate(active.companion):
            html += scope.wrap(active.companion, caller())
    return html


def section(id: str, caller) -> Markup:
    return Markup('<section class="section" id="{0}">{1}</section>').format(
        id, _in_companion(caller)
    )


def bilingual(caller) -> Markup:
    """A block that follows the handout's languages, like section() but without a box."""
    return _in_companion(caller)


def each_language(stacked: bool = False, *, caller) -> Markup:
    """Text in the active language and, for bilingual handouts, the same text in the
    companion language after " / " (or on a line of its own when stacked): the labels and
    values of a fill-in blank that is printed once."""
    active = scope.current()
    html = Markup(caller())
    if active.companion is not None:
        lang = active.companion.language
        with scope.activate(active.companion):
            html += Markup(
                '{0}<span class="companion-inline{1}" lang="{2}" dir="{3}">{4}{5}{6}</span>'
            ).format(
                "" if stacked else " / ",
                " stacked" if stacked else "",
                lang.tag,
                lang.direction,
                Markup(_FSI),
                caller(),
                Markup(_PDI),
            )
    return html


def clock_notes() -> Markup:
    """The note that the times are the international clock (translation.clock_note), in
    each of the handout's languages that needs one, marked with its language; else ""."""
    active = scope.current()
    notes = []
    for target in (active, active.companion):
        if target is None:
            continue
        with scope.activate(target):
            note = scope.clock_note()
        if note:
            lang = target.language
            notes.append(
                Markup('<span lang="{0}" dir="{1}">{2}</span>').format(
                    lang.tag, lang.direction, note
                )
            )
    return Markup(" ").join(notes)


def with_english(caller) -> Markup:
    """A block in the active language followed by the same block in English (used for the
    translation-status notice, which staff must be able to read too)."""
    active = scope.current()
    html = Markup(caller())
    if active.catalog is not None:
        english = language(SOURCE_LANGUAGE)
        with scope.activate(scope.Scope(english, None, active.mode, region=active.region)):
            html += Markup(' <span class="in-english" lang="{0}" dir="ltr">{1}</span>').format(
                english.tag, caller()
            )
    return html


def in_scope(target: scope.Scope, caller) -> Markup:
    """Render a block in another language (the language-help notice). A language that cannot
    say the block is left out, never replaced by English."""
    with scope.activate(target):
        try:
            return Markup('<div lang="{0}" dir="{1}">{2}</div>').format(
                target.language.tag, target.language.direction, caller()
            )
        except LocaleNotReady:
            return Markup("")


@pass_context
def pictogram(ctx: Context, name: str) -> Markup:
    if not (Path(ctx["handouts_dir"]) / "images" / f"{name}.svg").is_file():
        raise RenderError(f"pictogram {name!r} does not exist: add handouts/images/{name}.svg")
    # A background image: drawn as a PDF artifact, so screen readers skip it (the text beside
    # every pictogram says the same thing).
    return Markup(
        '<span class="pictogram" aria-hidden="true" '
        'style="background-image: url(images/{0}.svg)"></span>'
    ).format(name)


@pass_context
def icon(ctx: Context, name: str) -> Markup:
    """An action icon as its element's own background (a style attribute): the rule beside
    it says the same, so it is an artifact, and no positioned box inside the element stops
    WeasyPrint from breaking the page before or after it (an absolutely positioned pictogram
    in a list item did)."""
    if not (Path(ctx["handouts_dir"]) / "images" / f"{name}.svg").is_file():
        raise RenderError(f"icon {name!r} does not exist: add handouts/images/{name}.svg")
    return Markup('style="background-image: url(images/{0}.svg)"').format(name)


# A phone number is plain text, not an element: WeasyPrint breaks lines too early before an
# inline box near a line end (Kozea/WeasyPrint#1614). Unicode keeps it whole and left to
# right instead: isolates (LRI ... PDI), no-break spaces and non-breaking hyphens.
_LRI, _FSI, _PDI = "\u2066", "\u2068", "\u2069"
_UNBREAKABLE = str.maketrans({" ": "\u00a0", "-": "\u2011"})


def _whole_number(value: str) -> Markup:
    """A phone number that stays whole and left to right in any script."""
    return Markup(_LRI) + value.translate(_UNBREAKABLE) + Markup(_PDI)


def isolate(value: str) -> Markup:
    """Clinic-supplied text (a name, an address) set apart from the surrounding direction:
    "12 River Road" must not turn into "River Road 12" on an Arabic page."""
    return Markup(_FSI) + value + Markup(_PDI)


def marked(message: str) -> str:
    """N_("..."): a message marked for extraction, translated where it is used."""
    return message


def generated_text(message: str, **counters: str) -> Markup:
    """A message as the value of a CSS `content` property, in the active language: its words as
    CSS strings, each %(name)s placeholder as the CSS counter `counters[name]` in the
    language's digits. Generated text is one run of text where words and elements around the
    numbers are several boxes (the footer's "Page 2 of 6", laid out again on every page). It
    cannot carry a proof's highlight: in a proof, the string's label follows it in brackets."""
    active = scope.current()
    style = active.language.counter_style
    text, label = active.labelled(message)
    pieces = re.split(r"%\((\w+)\)s", text)  # words, name, words, ...
    values = [
        f"counter({counters[piece]}, {style})"
        if index % 2
        else _css_string(piece.replace("%%", "%"))
        for index, piece in enumerate(pieces)
        if piece
    ]
    if label:
        values.append(_css_string(f" [{label}]"))
    return Markup(" ".join(values))


def _in_case(change):
    """A Jinja filter that changes case by the active language's rules (casing.py): Jinja's
    own `upper` is str.upper, which writes Turkish "iğne" as "IĞNE" instead of "İĞNE"."""

    def apply(value):
        changed = change(str(value), scope.current().language.code)
        return Markup(changed) if isinstance(value, Markup) else changed

    return apply


CASE_FILTERS = {
    "upper": _in_case(casing.upper),
    "lower": _in_case(casing.lower),
    "title": _in_case(casing.title),
    "capitalize": _in_case(casing.capitalize),
}


def _css_string(text: str) -> str:
    """A CSS string that neither its quotes, a backslash, a line break nor "</style>" can end
    early: each is written as a CSS escape."""
    return '"' + re.sub(r'[\\"<\x00-\x1f\x7f]', lambda m: f"\\{ord(m[0]):x} ", text) + '"'


@pass_context
def clinic_phone(ctx: Context) -> Markup:
    """The clinic's phone, or a blank line to write it on when the clinic has not set it
    (never an invented number)."""
    phone = ctx["settings"].clinic_phone
    if not phone:
        return Markup('<span class="blank" role="presentation" data-label="clinic"></span>')
    return _whole_number(phone)


@pass_context
def emergency_number(ctx: Context) -> Markup:
    """The emergency number, never a blank line: a patient new to a country may not know
    the number to write in, so a template says it in words when the clinic has not set it."""
    number = ctx["settings"].emergency_number
    if not number:
        raise RenderError(
            "emergency_number() called, but clinic.emergency_number is not set: guard it with "
            "{% if settings.emergency_number %} and say 'your local emergency number' otherwise"
        )
    return _whole_number(number)


class HandoutLoader(FileSystemLoader):
    """Templates from the handout folder only: a template that is a link to a file outside
    it is refused, as the resource fetcher refuses such pictograms and images (a handout
    must not become a way to print the server's other files)."""

    def __init__(self, handouts_dir: Path) -> None:
        super().__init__(str(handouts_dir))
        self.root = handouts_dir.resolve()

    def get_source(self, environment: Environment, template: str):
        for folder in self.searchpath:
            candidate = Path(folder, *template.split("/"))
            if candidate.exists() and not candidate.resolve().is_relative_to(self.root):
                raise TemplateNotFound(
                    template,
                    f"refused to load template {template}: it is a link to a file outside "
                    "the handout folder; copy the file into the folder instead",
                )
        return super().get_source(environment, template)


def make_environment(handouts_dir: Path) -> Environment:
    env = Environment(
        loader=HandoutLoader(handouts_dir),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(scope.gettext, scope.ngettext, newstyle=True)
    env.filters.update(CASE_FILTERS)
    env.globals.update(
        section=section,
        bilingual=bilingual,
        each_language=each_language,
        clock_notes=clock_notes,
        with_english=with_english,
        in_scope=in_scope,
        pictogram=pictogram,
        icon=icon,
        clinic_phone=clinic_phone,
        emergency_number=emergency_number,
        isolate=isolate,
        N_=marked,
        generated_text=generated_text,
        number=scope.number,
        percent=scope.percent,
        quantity=scope.quantity,
        long_date=scope.long_date,
        short_date=scope.short_date,
        short_time=scope.short_time,
    )
    return env


@cache
def environment(handouts_dir: Path) -> Environment:
    """The environment of a handout folder, made once per process (Jinja2 reloads a
    template whose file changed)."""
    return make_environment(handouts_dir)


def render_template(env: Environment, name: str, context: dict) -> str:
    try:
        return env.get_template(name).render(context)
    except TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}" if getattr(exc, "lineno", None) else name
        raise RenderError(f"template error in {where}: {exc.message}") from exc
