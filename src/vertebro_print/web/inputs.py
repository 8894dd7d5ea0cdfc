"""Turning what the web receives (a JSON object, a submitted form, a query string) into a
checked RenderRequest. The fields are request.FIELDS. Every mistake is a UsageError naming
the field, which the app answers with 400: unknown fields, wrong types, over-long values, and
whatever build_request and check reject (unknown handout, language or paper, a malformed
date or time), and a field given twice (in JSON as in a form)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl

from vertebro_print import request as fields
from vertebro_print.errors import UsageError
from vertebro_print.plan import check
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest, build_request
from vertebro_print.settings import MAX_TOKEN_LENGTH

MAX_LENGTH = 64  # longer than any valid value; bounds what we echo back in messages
MAX_BODY = 16 * 1024  # a render request is a few hundred bytes
# A render request is one flat object. Python's parser recurses once per level (5,000 levels:
# RecursionError) and int() refuses numbers over 4,300 digits (ValueError): both are bounded
# before parsing, so neither can become a 500.
MAX_JSON_DEPTH = 8
MAX_NUMBER_LENGTH = 32
# The closing quote is optional so that every match attempt succeeds: one pass, linear time
# even for a body of escaped quotes (the unterminated string is json.loads' to report).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_LONG_NUMBER = re.compile(rf"[-+.eE0-9]{{{MAX_NUMBER_LENGTH + 1},}}")
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


def _once_each(names: list[str]) -> None:
    """A field given twice is refused, in a form and in JSON alike: which one would count
    (the last, for json.loads) is not what the person who sent it can see."""
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise UsageError(f"field {twice[0][:MAX_LENGTH]!r} is given more than once")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    _once_each([name for name, _ in pairs])
    return dict(pairs)


def _check_length(name: str, value: str) -> str:
    if len(value) > MAX_LENGTH:
        raise UsageError(f"field {name!r} is too long (at most {MAX_LENGTH} characters)")
    return value


def _check_json_shape(text: str) -> None:
    """Refuse deep nesting and long numbers, looking only outside strings."""
    outside = _JSON_STRING.sub('""', text)
    if _LONG_NUMBER.search(outside):
        raise UsageError(
            f"the body has a number longer than {MAX_NUMBER_LENGTH} characters; "
            "a render request holds only strings and true/false"
        )
    depth = 0
    for bracket in _BRACKET.finditer(outside):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise UsageError(
                f"the body is nested more than {MAX_JSON_DEPTH} levels deep; "
                'send one flat object such as {"handout": "aftercare", "lang": "es"}'
            )


def from_json(body: bytes) -> Values:
    """The fields of a JSON object, with JSON types: strings (or null) and a boolean."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError("the body is not valid JSON: it is not UTF-8 text") from exc
    _check_json_shape(text)
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise UsageError(f"the body is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise UsageError(
            'the body must be a JSON object such as {"handout": "aftercare", "lang": "es"}'
        )
    _unknown(data, fields.field_names())
    values: Values = {}
    for name, value in data.items():
        if name in fields.field_names(flag=True):
            if not isinstance(value, bool):
                raise UsageError(f"field {name!r} must be true or false")
            values[name] = value
        elif value is None or isinstance(value, str):
            values[name] = _check_length(name, value) if value else None
        else:
            raise UsageError(f"field {name!r} must be a string")
    return values


def from_pairs(pairs: list[tuple[str, str]], allowed: Iterable[str] | None = None) -> Values:
    """The fields of a form or query string (by default any request field): every value is
    text; a flag is true when it is true, on or 1 (what a checked checkbox sends). Each
    field at most once."""
    allowed = tuple(fields.field_names() if allowed is None else allowed)
    flags = fields.field_names(flag=True)
    names = [name for name, _ in pairs]
    _unknown(names, allowed)
    _once_each(names)
    values: Values = {}
    for name, value in pairs:
        _check_length(name, value)
        if name in flags:
            if value.lower() not in _FLAG_WORDS:
                raise UsageError(f"field {name!r} must be true or false")
            values[name] = _FLAG_WORDS[value.lower()]
        else:
            values[name] = value.strip() or None
    return values


def _form_pairs(body: bytes, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    """The fields of an application/x-www-form-urlencoded body (the page's forms send nothing
    else), not yet checked."""
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=len(allowed) * 2,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError("the form could not be read; reload the page and try again") from exc
    return pairs


def parse_form(body: bytes, allowed: Iterable[str]) -> Values:
    """A form of render fields, checked as from_pairs checks them."""
    allowed = tuple(allowed)
    return from_pairs(_form_pairs(body, allowed), allowed)


def parse_password(body: bytes) -> str:
    """The login form's password exactly as typed, as HTTP Basic takes it: not trimmed, and
    as long as the settings allow (the render fields' 64-character bound is not for it)."""
    pairs = _form_pairs(body, ("password",))
    _unknown([name for name, _ in pairs], ("password",))
    given = _unique_keys(pairs).get("password", "")
    if len(given) > MAX_TOKEN_LENGTH:
        raise UsageError(f"the password is longer than {MAX_TOKEN_LENGTH} characters")
    return given


def to_request(values: Values, project: Project, *, page: bool = False) -> RenderRequest:
    """A request the project can render for patients, or a UsageError/LocaleNotReady saying
    why not: checked here, once, before any work is queued. `page`: the front desk page sent
    it, so errors name its fields as the page labels them."""
    request = build_request(values, project, page=page)
    # Refuses what cannot print. The plan (footer dates, notices, parts) is the worker's to
    # make: made here too, for every request on the event loop, it was most of the checking's
    # time (0.8 of 0.9 ms). A broken content-review.toml is then said by the render.
    check(request, project)
    return request


def _text(value: object) -> str:
    if value is True:
        return "true"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def form_pairs(request: RenderRequest, *, patient_data: bool = True) -> list[tuple[str, str]]:
    """The fields of a request as the page's form sends them. With appointment details only
    for a POST body or a no-store page: never for a URL."""
    pairs = []
    for declared in fields.FIELDS:
        if declared.patient_data and not patient_data:
            continue
        owner = request.appointment if declared.patient_data else request
        value = getattr(owner, declared.attribute, None)
        if value:
            pairs.append((declared.name, _text(value)))
    return pairs


def plain_query(request: RenderRequest) -> list[tuple[str, str]]:
    """The query string for a request without appointment details (those never go in a URL)."""
    return form_pairs(request, patient_data=False)
