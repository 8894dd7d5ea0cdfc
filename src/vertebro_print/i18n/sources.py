"""The source (English) messages, extracted from the templates with Babel exactly as
`pybabel extract -F pyproject.toml` does, so that the runtime, `i18n check` and the committed
messages.pot agree on what must be translated."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from jinja2 import Environment, nodes
from jinja2.ext import babel_extract

from vertebro_print.handouts import (
    REGISTRY_FILE,
    Handout,
    extract_titles,
)

COMMENT_TAG = "Translators:"
SAFETY_MARK = "SAFETY-CRITICAL"
# The PO flag (`#, safety-critical`) messages.pot and every catalog carry for such a string,
# so that Weblate, Poedit and Crowdin can show and filter it; the comment stays the source.
SAFETY_FLAG = "safety-critical"
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "silent": "false"}
# Babel's own keywords that the templates use; N_ marks a message translated where it is used.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
}


@dataclass(frozen=True)
class SourceMessage:
    id: str | tuple[str, str]  # a plural message's id is (singular, plural)
    comments: tuple[str, ...]
    locations: tuple[tuple[str, int], ...]
    counts: tuple[int, ...] = ()  # for a plural message: the counts the templates print
    # For a plural message: the placeholders that print the count itself (days=number(2)). A
    # form used for one number only may say it in words instead ("يومان", two days).
    count_names: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.id[0] if isinstance(self.id, tuple) else self.id

    @property
    def safety_critical(self) -> bool:
        return any(SAFETY_MARK in c for c in self.comments)


def shared_templates(handouts_dir: Path) -> list[str]:
    """Templates every handout uses: the layout and partials, named with a leading underscore."""
    return sorted(p.name for p in handouts_dir.glob("_*.j2"))


def _extract(handouts_dir: Path, template: str) -> list[tuple[int, str | tuple, list[str]]]:
    path = handouts_dir / template
    if template == REGISTRY_FILE:
        method, options = extract_titles, {}
    else:
        method, options = babel_extract, JINJA_OPTIONS
    return [
        (lineno, msg, comments)
        for lineno, msg, comments, _ctx in extract_from_file(
            method,
            str(path),
            keywords=KEYWORDS,
            comment_tags=(COMMENT_TAG,),
            options=options,
            strip_comment_tags=False,
        )
    ]


def _printed_counts(handouts_dir: Path, template: str) -> dict[str, set[int]]:
    """For each plural message of a Jinja template, the constant counts it is printed with
    (`{% trans count=6 %}` or `ngettext(a, b, 6)`), read from the parsed template."""
    if template == REGISTRY_FILE:
        return {}
    tree = _PARSER.parse((handouts_dir / template).read_text(encoding="utf-8"))
    counts: dict[str, set[int]] = {}
    for call in tree.find_all(nodes.Call):
        if (
            isinstance(call.node, nodes.Name)
            and call.node.name == "ngettext"
            and len(call.args) == 3
            and all(isinstance(a, nodes.Const) for a in call.args)
            and isinstance(call.args[2].value, int)
        ):
            counts.setdefault(call.args[0].value, set()).add(call.args[2].value)
    return counts


def _count_placeholders(handouts_dir: Path, template: str) -> dict[str, set[str]]:
    """For each plural message of a Jinja template, the placeholders whose value is the count
    as a number: `{% trans count=2, days=number(2) %}` gives {"%(days)s day": {"days"}}."""
    if template == REGISTRY_FILE:
        return {}
    tree = _PARSER.parse((handouts_dir / template).read_text(encoding="utf-8"))
    names: dict[str, set[str]] = {}
    for mod in tree.find_all(nodes.Mod):
        calls = [
            c for c in mod.left.find_all(nodes.Call) if getattr(c.node, "name", "") == "ngettext"
        ]
        if len(calls) != 1 or not isinstance(mod.right, nodes.Dict) or len(calls[0].args) != 3:
            continue
        count = calls[0].args[2]
        for pair in mod.right.items:
            value = pair.value
            if (
                isinstance(pair.key, nodes.Const)
                and isinstance(value, nodes.Call)
                and getattr(value.node, "name", "") == "number"
                and len(value.args) == 1
                and isinstance(count, nodes.Const)
                and isinstance(value.args[0], nodes.Const)
                and value.args[0].value == count.value
            ):
                names.setdefault(calls[0].args[0].value, set()).add(pair.key.value)
    return names


_PARSER = Environment(extensions=["jinja2.ext.i18n"])


@cache
def _extract_cached(handouts_dir: Path, template: str, mtime_ns: int) -> tuple:
    counts = _printed_counts(handouts_dir, template)
    names = _count_placeholders(handouts_dir, template)
    return tuple(
        (
            lineno,
            msg,
            comments,
            tuple(sorted(counts.get(msg[0], ()))) if isinstance(msg, tuple) else (),
            tuple(sorted(names.get(msg[0], ()))) if isinstance(msg, tuple) else (),
        )
        for lineno, msg, comments in _extract(handouts_dir, template)
    )


def messages_of(handouts_dir: Path, templates: list[str]) -> dict[str, SourceMessage]:
    """The messages of the given templates, keyed by msgid (singular for plurals)."""
    stamps = tuple((handouts_dir / template).stat().st_mtime_ns for template in templates)
    return dict(_messages_cached(handouts_dir, tuple(templates), stamps))


# A catalog load asks for each handout's messages, and a listing loads every catalog: the
# same few template sets are merged thousands of times a run. Keyed by their mtimes, so an
# edited template is read again.
@lru_cache(maxsize=64)
def _messages_cached(
    handouts_dir: Path, templates: tuple[str, ...], stamps: tuple[int, ...]
) -> dict[str, SourceMessage]:
    found: dict[str, SourceMessage] = {}
    for template, mtime in zip(templates, stamps, strict=True):
        for lineno, msg, comments, counts, names in _extract_cached(handouts_dir, template, mtime):
            key = msg[0] if isinstance(msg, tuple) else msg
            old = found.get(key)
            found[key] = SourceMessage(
                msg,
                tuple(dict.fromkeys((old.comments if old else ()) + tuple(comments))),
                (old.locations if old else ()) + ((template, lineno),),
                tuple(sorted(set(old.counts if old else ()) | set(counts))),
                tuple(sorted(set(old.count_names if old else ()) | set(names))),
            )
    return found


def all_templates(handouts_dir: Path) -> list[str]:
    return [REGISTRY_FILE] + sorted(
        str(p.relative_to(handouts_dir)) for p in handouts_dir.rglob("*.j2")
    )


# The shared template only a handout with the appointment box prints (handouts.toml).
APPOINTMENT_TEMPLATE = "_appointment.html.j2"


def handout_templates(handouts_dir: Path, handout: Handout) -> list[str]:
    """The templates a handout prints from: the registry (titles), the shared ones, and its
    parts. The appointment box only where it is shown (Handout.boxed): aftercare never
    prints "stop eating at", so neither its review sheet nor its review waits for those
    strings."""
    boxed = handout.boxed
    shared = [t for t in shared_templates(handouts_dir) if boxed or t != APPOINTMENT_TEMPLATE]
    return [REGISTRY_FILE, *shared, *handout.parts]


def fingerprint(messages: dict[str, SourceMessage]) -> str:
    """A short hash of the source strings; a review records it, and a review whose
    fingerprint no longer matches is outdated."""
    digest = hashlib.sha256()
    for key in sorted(messages):
        digest.update(repr(messages[key].id).encode() + b"\0")
    return digest.hexdigest()[:12]


def template_catalog(messages: dict[str, SourceMessage], version: str) -> Catalog:
    """messages.pot as a Babel catalog."""
    catalog = Catalog(
        project="vertebro-print",
        version=version,
        msgid_bugs_address="",
        copyright_holder="",
        fuzzy=False,
    )
    for msg in messages.values():
        catalog.add(
            msg.id,
            locations=[(f"handouts/{t}", n) for t, n in msg.locations],
            auto_comments=list(msg.comments),
            flags=[SAFETY_FLAG] if msg.safety_critical else [],
        )
    return catalog
