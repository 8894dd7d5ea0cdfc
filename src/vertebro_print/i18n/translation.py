"""The language scope every render runs in. Template gettext calls, number and date
formatting all read the scope that is active *now*, so one template can be rendered in the
patient's language and then, for a bilingual handout, again in the companion language.

Modes: in `patient` mode a string without a usable translation is an error (the handout
must never quietly fall back to English); in `proof` mode it is shown highlighted, with its
catalog line beside it, so a translator can check it in context."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from babel import numbers, units
from markupsafe import Markup

from vertebro_print.errors import LocaleNotReady, Problem
from vertebro_print.i18n import formats
from vertebro_print.i18n.catalogs import BROKEN, FUZZY, OK, LocaleCatalog
from vertebro_print.i18n.checks import quantities
from vertebro_print.i18n.languages import Language

PATIENT, PROOF = "patient", "proof"


@dataclass(frozen=True)
class Scope:
    language: Language
    catalog: LocaleCatalog | None  # None for the source language
    mode: str = PATIENT
    companion: Scope | None = None
    region: str = ""  # the clinic's ISO 3166 region (settings clinic.region), "" for none

    @property
    def locale(self):
        """The locale dates, times and numbers are written in: the language's, in the
        clinic's region where CLDR has that combination."""
        return formats.regional_locale(self.language.babel_locale, self.region)

    def _lookup(self, key: str, translate: Callable[[], str], source: str) -> str:
        if self.catalog is None:
            return source
        state = self.catalog.state(key)
        if state == OK:
            text = translate()
            return _proof_mark(text, self.catalog, key, OK) if self.mode == PROOF else text
        if self.mode == PROOF:
            text = self.catalog.raw(key) if state == FUZZY else source
            return _proof_mark(text, self.catalog, key, state)
        raise LocaleNotReady(
            f"{self.language.code}: a string has no usable translation ({state}): {key!r}",
            [Problem(str(self.catalog.path), None, state, key, key)],
        )

    def gettext(self, message: str) -> str:
        return self._lookup(message, lambda: self.catalog.gettext(message), message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._lookup(
            singular,
            lambda: self.catalog.ngettext(singular, plural, n),
            singular if n == 1 else plural,
        )

    def setting(self, key: str) -> str | None:
        """A date or time setting of the catalog (i18n/formats.py), None for CLDR's default.
        For patients an unusable setting stops the render like any other string."""
        if self.catalog is None:
            return None
        if self.catalog.state(key) == OK:
            return formats.chosen(self.catalog.gettext(key))
        return None if self.mode == PROOF else formats.chosen(self.gettext(key))

    def plain(self, message: str) -> str:
        """A translation for attributes and metadata, where proof markup cannot go."""
        if self.catalog is None:
            return message
        if self.catalog.state(message) == OK:
            return self.catalog.gettext(message)
        return message if self.mode == PROOF else self.gettext(message)  # patient: raises

    def labelled(self, message: str) -> tuple[str, str | None]:
        """For generated text, where no markup can go: the text to print and, in a proof, the
        label that marks it ("po:148 fuzzy"), so a translator still sees its state. The text
        is what gettext() would show: the fuzzy draft in a proof, never English for patients."""
        if self.catalog is None or self.mode != PROOF:
            return self.plain(message), None
        state = self.catalog.state(message)
        text = self.catalog.raw(message) if state == FUZZY else self.plain(message)
        return text, _proof_label(self.catalog, message, state)


def _proof_label(catalog: LocaleCatalog, key: str, state: str) -> str:
    message = catalog.catalog.get(key)
    ref = f"po:{message.lineno}" if message is not None and message.lineno else "new"
    check = catalog.finding(key) if state == BROKEN else ""
    return f"{ref} {state}" + (f": {check}" if check else "")


def _proof_mark(text: str, catalog: LocaleCatalog, key: str, state: str) -> str:
    return str(
        Markup('<span class="proof proof-{0}">{1}<sup class="proof-ref">{2}</sup></span>').format(
            state, Markup(text), _proof_label(catalog, key, state)
        )
    )


_current: contextvars.ContextVar[Scope] = contextvars.ContextVar("vertebro_print_scope")


def current() -> Scope:
    try:
        return _current.get()
    except LookupError as exc:
        raise RuntimeError("no language scope is active: wrap rendering in activate()") from exc


@contextmanager
def activate(scope: Scope) -> Iterator[Scope]:
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


# Callables the templates see. They read the scope at call time.


def gettext(message: str) -> str:
    return current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)


def _locale_text(format_value) -> str:
    active = current()
    return active.language.localise_digits(format_value(active.locale))


def number(value: float) -> str:
    return _locale_text(lambda loc: numbers.format_decimal(value, locale=loc))


def percent(value: float) -> str:
    return _locale_text(lambda loc: numbers.format_percent(value, locale=loc))


def quantity(value: int, unit: str) -> str:
    """A count with its unit ("duration-week"), whole, as CLDR writes it in the active
    language ("6 semanas", "6 недель"), so that a translator places the quantity and cannot
    change its unit; quantities.toml's reviewed form where CLDR's does not fit (Haitian
    Creole's CLDR data gives "6 w")."""
    own = quantities.unit_format(current().language.code, unit)

    def written(loc) -> str:
        if own:
            return own.replace("{0}", numbers.format_decimal(value, locale=loc))
        return units.format_unit(value, unit, length="long", locale=loc)

    return _locale_text(written)


def _date(value: dt.date, width: str) -> str:
    active = current()
    pattern = active.setting(formats.DATE_FORMAT)
    months = formats.names(active.setting(formats.MONTH_NAMES))
    weekdays = formats.names(active.setting(formats.WEEKDAY_NAMES))
    return _locale_text(
        lambda loc: formats.format_date(value, width, loc, pattern, months, weekdays)
    )


def long_date(value: dt.date) -> str:
    return _date(value, "full")


def short_date(value: dt.date) -> str:
    return _date(value, "medium")


def short_time(value: dt.time) -> str:
    clock = current().setting(formats.CLOCK)
    return _locale_text(lambda loc: formats.format_time(value, loc, clock))


def clock_note() -> str:
    """The catalog's note that its times are the international clock, for a language whose
    readers may count the hours another way (clocks.toml); "" for every other."""
    active = current()
    if not formats.needs_clock_note(active.language.code):
        return ""
    return active.setting(formats.CLOCK_NOTE) or ""


def wrap(scope: Scope, html: Markup) -> Markup:
    """Mark a block as being in `scope`'s language, for screen readers and fonts."""
    lang = scope.language
    return Markup('<div class="companion" lang="{0}" dir="{1}">{2}</div>').format(
        lang.tag, lang.direction, html
    )
