"""Medical review, string by string. locales/<locale>/review.toml records, for each approved
string, a fingerprint of the pair (English source, translation) with the reviewer and date.

A handout is **reviewed** in a locale when every string it prints is approved as it is now,
**outdated** when some string approved for it changed since (its source or its translation),
and **draft** otherwise. The older whole-locale form (status = "reviewed" with the source
fingerprint) is still read: a current one makes every handout reviewed, a stale one makes
them outdated unless their strings are approved one by one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from vertebro_print.atomic import write_atomic
from vertebro_print.errors import CatalogError

REVIEW_NAME = "review.toml"
REVIEWED, OUTDATED, DRAFT = "reviewed", "outdated", "draft"
# Which side of an approved pair changed since: the translation, or the English source. An
# approval written before the English was recorded on its own cannot tell (EITHER).
TRANSLATION_CHANGED, SOURCE_CHANGED, EITHER_CHANGED = "translation", "source", "either"
SOURCE = "source"  # the English source: nothing to review

# How each review state is shown: a badge on the front desk page, a sentence on the build's
# index page. Declared once here; the page-1 notice says it in the handout's own language.
STATE_BADGES = {
    DRAFT: "Draft translation",
    OUTDATED: "Translation may be out of date",
    REVIEWED: "Checked by a medical translator",
}
STATE_DESCRIPTIONS = {
    SOURCE: "the English source",
    DRAFT: "draft: not yet reviewed by a qualified medical translator",
    REVIEWED: "reviewed by a qualified medical translator",
    OUTDATED: "reviewed, but the English text or its translation changed since: the review "
    "is out of date",
}
HEADER = """\
# Review status of this translation (see README.md, "Translating").
# Each [[approved]] entry is one string a qualified medical translator approved, written by
# `vertebro-print i18n approve`: a fingerprint of the English source and its translation as
# approved, one of the English alone (`source`: it tells which side changed later), the
# reviewer and the date. A string whose source or translation changes after that needs
# approving again; its handouts show "Translation may be out of date" until then.
"""


@dataclass(frozen=True)
class ReviewStatus:
    """A locale's (or a handout's) review: draft, reviewed, or outdated."""

    state: str
    reviewer: str = ""
    date: dt.date | None = None
    source_fingerprint: str = ""

    @property
    def needs_notice(self) -> bool:
        return self.state != REVIEWED


@dataclass(frozen=True)
class Approval:
    msgid: str
    fingerprint: str
    reviewer: str
    date: dt.date
    handouts: tuple[str, ...] = ()
    source: str = ""  # source_fingerprint() of the English as approved; "" in older files


@dataclass(frozen=True)
class ReviewFile:
    """What review.toml says: the whole-locale status (older form) and each approval."""

    whole: ReviewStatus
    approvals: dict[str, Approval] = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # the file as read, to keep its other fields


def pair_fingerprint(source_id: str | tuple[str, ...], strings: tuple[str, ...]) -> str:
    """Changes when the English source or any form of its translation changes."""
    ids = list(source_id) if isinstance(source_id, tuple) else [source_id]
    payload = json.dumps([ids, list(strings)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def source_fingerprint(source_id: str | tuple[str, ...]) -> str:
    """Changes when the English source changes, and only then."""
    ids = list(source_id) if isinstance(source_id, tuple) else [source_id]
    return hashlib.sha256(json.dumps(ids, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def short_id(msgid: str) -> str:
    """The id printed on the review sheet beside each string, for `approve --ids`."""
    return hashlib.sha256(msgid.encode("utf-8")).hexdigest()[:8]


def _fail(path: Path, reason: str) -> CatalogError:
    return CatalogError(str(path), None, reason)


def _approval(path: Path, entry: dict) -> Approval:
    missing = [k for k in ("msgid", "fingerprint", "reviewer", "date") if not entry.get(k)]
    if missing:
        raise _fail(path, f"an [[approved]] entry needs {', '.join(missing)}")
    if not isinstance(entry["date"], dt.date):
        raise _fail(path, f"date must be a date such as 2026-12-01, got {entry['date']!r}")
    texts = [entry[k] for k in ("msgid", "fingerprint", "reviewer")] + [entry.get("source", "")]
    handouts = entry.get("handouts", [])
    if not all(isinstance(t, str) for t in [*texts, *handouts]) or not isinstance(handouts, list):
        raise _fail(
            path, "msgid, fingerprint, source and reviewer must be strings, handouts a list"
        )
    return Approval(
        entry["msgid"],
        entry["fingerprint"],
        entry["reviewer"],
        entry["date"],
        tuple(entry.get("handouts", ())),
        entry.get("source", ""),
    )


def read_review(path: Path, fingerprint: str) -> ReviewFile:
    """A locale's review.toml at `path`; `fingerprint` is the current fingerprint of all
    English strings, for the whole-locale form. Raises CatalogError when it cannot be used."""
    if not path.is_file():
        return ReviewFile(ReviewStatus(DRAFT))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _fail(path, f"cannot read the review status: {exc}") from exc
    state = data.get("status", DRAFT)
    if state not in (DRAFT, REVIEWED):
        raise _fail(path, f"status must be draft or reviewed, got {state!r}")
    if state == REVIEWED:
        missing = [k for k in ("reviewer", "date", "source_fingerprint") if not data.get(k)]
        if missing:
            raise _fail(path, f"a reviewed locale needs {', '.join(missing)}")
        if data["source_fingerprint"] != fingerprint:
            state = OUTDATED
    entries = data.get("approved", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _fail(path, "approved must be a list of [[approved]] tables")
    approvals = {a.msgid: a for a in (_approval(path, e) for e in entries)}
    whole = ReviewStatus(
        state, data.get("reviewer", ""), data.get("date"), data.get("source_fingerprint", "")
    )
    return ReviewFile(whole, approvals, data)


def string_state(review: ReviewFile, msgid: str, fingerprint: str | None) -> str:
    """One string: approved as it is now (reviewed), approved before a change (outdated),
    or never approved (draft). fingerprint is None when the string is not usable."""
    approval = review.approvals.get(msgid)
    if approval is None:
        return DRAFT
    return REVIEWED if approval.fingerprint == fingerprint else OUTDATED


def changed_side(review: ReviewFile, msgid: str, source_id: str | tuple[str, ...]) -> str:
    """For a string approved before a change: which side changed since (TRANSLATION_CHANGED
    when the English is the one approved), or EITHER_CHANGED for an older approval."""
    approval = review.approvals.get(msgid)
    if approval is None or not approval.source:
        return EITHER_CHANGED
    if approval.source == source_fingerprint(source_id):
        return TRANSLATION_CHANGED
    return SOURCE_CHANGED


def handout_change(
    review: ReviewFile, handout_id: str, current: dict[str, tuple[str | None, str | tuple]]
) -> str:
    """Which side changed in an outdated handout: TRANSLATION_CHANGED when only translations
    changed after their approval, else SOURCE_CHANGED (or EITHER_CHANGED when an older
    approval cannot tell). current: msgid -> (pair fingerprint now, English id)."""
    sides = {
        changed_side(review, key, source_id)
        for key, (fingerprint, source_id) in current.items()
        if string_state(review, key, fingerprint) == OUTDATED
    }
    dropped = any(
        handout_id in a.handouts and key not in current for key, a in review.approvals.items()
    )
    if dropped or review.whole.state == OUTDATED or SOURCE_CHANGED in sides:
        return SOURCE_CHANGED
    return EITHER_CHANGED if EITHER_CHANGED in sides or not sides else TRANSLATION_CHANGED


def handout_state(review: ReviewFile, handout_id: str, current: dict[str, str | None]) -> str:
    """A handout's state from the fingerprints of the strings it prints now (msgid ->
    fingerprint, None for a string that is not usable)."""
    if review.whole.state == REVIEWED:
        return REVIEWED
    states = [string_state(review, key, fp) for key, fp in current.items()]
    if all(s == REVIEWED for s in states):
        return REVIEWED
    # An approval for this handout of a string it no longer prints (the English changed).
    dropped = any(
        handout_id in a.handouts and key not in current for key, a in review.approvals.items()
    )
    if OUTDATED in states or dropped or review.whole.state == OUTDATED:
        return OUTDATED
    return DRAFT


def summary(states: list[str]) -> str:
    """A locale's state from its handouts' states."""
    if states and all(s == REVIEWED for s in states):
        return REVIEWED
    return OUTDATED if OUTDATED in states else DRAFT


def _toml_value(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    # A JSON string is a valid TOML basic string (same escapes, \uXXXX included).
    return json.dumps(value, ensure_ascii=False)


def write_review(path: Path, review: ReviewFile, approvals: list[Approval]) -> None:
    """Write review.toml atomically with these approvals (keeping its other fields)."""
    kept = {k: v for k, v in review.data.items() if k != "approved" and not isinstance(v, dict)}
    kept.setdefault("status", DRAFT)
    lines = [HEADER, *(f"{k} = {_toml_value(v)}" for k, v in kept.items())]
    for a in sorted(approvals, key=lambda a: a.msgid):
        lines += [
            "",
            "[[approved]]",
            f"msgid = {_toml_value(a.msgid)}",
            f"fingerprint = {_toml_value(a.fingerprint)}",
            f"reviewer = {_toml_value(a.reviewer)}",
            f"date = {_toml_value(a.date)}",
            f"handouts = {_toml_value(list(a.handouts))}",
        ]
        if a.source:
            lines.append(f"source = {_toml_value(a.source)}")
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
