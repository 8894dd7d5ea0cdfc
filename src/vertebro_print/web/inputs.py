"""Turning what the web receives (a JSON object, a submitted form, a query string) into a
checked RenderRequest. Every mistake is a UsageError naming the field, which the app answers
with 400: unknown fields, wrong types, over-long values, and whatever build_request and the
project reject (unknown handout, language or paper, a malformed date or time)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import parse_qsl

from vertebro_print.errors import UsageError
from vertebro_print.pdf.render import language_scope
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest, build_request

# The fields mirror the CLI's options; `with` is the CLI's --with.
TEXT_FIELDS = ("handout", "lang", "with", "paper", "date", "arrive", "fast_from")
FLAG_FIELDS = ("large_print",)
FIELDS = TEXT_FIELDS + FLAG_FIELDS
APPOINTMENT_FIELDS = ("date", "arrive", "fast_from")
PLAIN_FIELDS = tuple(f for f in FIELDS if f not in APPOINTMENT_FIELDS)  # fit for a URL
MAX_LENGTH = 64  # longer than any valid value; bounds what we echo back in messages
MAX_BODY = 16 * 1024  # a render request is a few hundred bytes
_FLAG_WORDS = {
    "true": True,
    "on": True,
    "1": True,
    "false": False,
    "off": False,
    "0": False,
    "": False,
}

Values = dict[str, str | bool | None]


def _unknown(names: Iterable[str], allowed: Iterable[str]) -> None:
    extra = sorted(set(names) - set(allowed))
    if extra:
        shown = ", ".join(repr(name[:MAX_LENGTH]) for name in extra[:5])
        raise UsageError(f"unknown field {shown}; the fields are {', '.join(allowed)}")


def _check_length(name: str, value: str) -> str:
    if len(value) > MAX_LENGTH:
        raise UsageError(f"field {name!r} is too long (at most {MAX_LENGTH} characters)")
    return value


def from_json(body: bytes) -> Values:
    """The fields of a JSON object, with JSON types: strings (or null) and a boolean."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"the body is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise UsageError(
            'the body must be a JSON object such as {"handout": "aftercare", "lang": "es"}'
        )
    _unknown(data, FIELDS)
    values: Values = {}
    for name, value in data.items():
        if name in FLAG_FIELDS:
            if not isinstance(value, bool):
                raise UsageError(f"field {name!r} must be true or false")
            values[name] = value
        elif value is None or isinstance(value, str):
            values[name] = _check_length(name, value) if value else None
        else:
            raise UsageError(f"field {name!r} must be a string")
    return values


def from_pairs(pairs: list[tuple[str, str]], allowed: Iterable[str] = FIELDS) -> Values:
    """The fields of a form or query string: every value is text; a flag is true when it is
    true, on or 1 (what a checked checkbox sends). Each field at most once."""
    allowed = tuple(allowed)
    names = [name for name, _ in pairs]
    _unknown(names, allowed)
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise UsageError(f"field {twice[0]!r} is given more than once")
    values: Values = {}
    for name, value in pairs:
        _check_length(name, value)
        if name in FLAG_FIELDS:
            if value.lower() not in _FLAG_WORDS:
                raise UsageError(f"field {name!r} must be true or false")
            values[name] = _FLAG_WORDS[value.lower()]
        else:
            values[name] = value.strip() or None
    return values


def parse_form(body: bytes, allowed: Iterable[str]) -> Values:
    """An application/x-www-form-urlencoded body (the page's forms send nothing else)."""
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=len(tuple(allowed)) * 2,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError("the form could not be read; reload the page and try again") from exc
    return from_pairs(pairs, allowed)


def to_request(values: Values, project: Project) -> RenderRequest:
    """A request the project can render for patients, or a UsageError/LocaleNotReady saying
    why not: checked here, before any work is queued."""
    if not values.get("handout"):
        raise UsageError("choose a handout (field 'handout')")
    request = build_request(
        handout=str(values["handout"]),
        lang=str(values.get("lang") or "en"),
        paper=values.get("paper"),
        default_paper=project.settings.paper,
        large_print=bool(values.get("large_print")),
        with_lang=values.get("with"),
        date=values.get("date"),
        arrive=values.get("arrive"),
        fast_from=values.get("fast_from"),
    )
    handout = project.handout(request.handout)
    language_scope(project, request)  # unknown languages, a second language equal to the first
    for code in filter(None, (request.lang, request.with_lang)):
        project.require_ready(handout, code)
    return request


def plain_query(request: RenderRequest) -> list[tuple[str, str]]:
    """The query string for a request without appointment details (those never go in a URL)."""
    pairs = [("handout", request.handout), ("lang", request.lang), ("paper", request.paper)]
    if request.large_print:
        pairs.append(("large_print", "true"))
    if request.with_lang:
        pairs.append(("with", request.with_lang))
    return pairs
