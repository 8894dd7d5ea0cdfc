"""The translator's workflow, wrapping Babel's catalog tools: extract (messages.pot from the
templates), init (a new locale), update (merge the template into every catalog; changed
source strings become fuzzy). Files are written atomically, and only when their messages
changed, so running a command twice changes nothing."""

from __future__ import annotations

import copy
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from vertebro_print.atomic import write_atomic
from vertebro_print.errors import UsageError
from vertebro_print.i18n import formats
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.sources import template_catalog
from vertebro_print.project import Project

DRAFT_NOTE = (
    "DRAFT: this translation has not yet been reviewed by a qualified medical "
    "translator.\nRecord a review in review.toml next to this folder's LC_MESSAGES."
)
REVIEW_TEMPLATE = """\
# Review status of this translation (see README.md, "Translating").
# status = "draft" until a qualified medical translator has reviewed the whole catalog.
# After a review, set:
#   status = "reviewed"
#   reviewer = "Name, credential"
#   date = 2026-12-01
#   source_fingerprint = "<from `vertebro-print i18n stats`>"
# A reviewed locale becomes "outdated" by itself when the English source strings change.
status = "draft"
"""


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, sort_output=False, include_previous=True)
    return buffer.getvalue()


def _same_messages(a: Catalog, b: Catalog) -> bool:
    def key(c: Catalog):
        # Comments are compared as words: the PO writer wraps them at 76 columns.
        return [
            (
                m.id,
                m.string or "",
                m.context,
                tuple(sorted(m.flags)),
                " ".join(m.auto_comments).split(),
                tuple(m.locations),
            )
            for m in c
            if m.id
        ]

    return key(a) == key(b) and list(a.obsolete) == list(b.obsolete)


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def template(project: Project) -> Catalog:
    return template_catalog(project.source_messages(), project.settings.content_version)


def pot_path(project: Project) -> Path:
    return project.locales.template


def extract(project: Project) -> bool:
    """Refresh messages.pot. Returns whether it changed."""
    fresh = template(project)
    path = pot_path(project)
    if path.is_file() and _same_messages(read_catalog(path), fresh):
        return False
    write_atomic(path, _po_bytes(fresh))
    return True


def pot_is_current(project: Project) -> bool:
    path = pot_path(project)
    return path.is_file() and _same_messages(read_catalog(path), template(project))


def init(project: Project, code: str) -> Path:
    lang = language(code)
    if lang.is_source:
        raise UsageError(f"{code} is the source language; it needs no catalog")
    path = project.locales.po(code)
    if path.exists():
        raise UsageError(f"{path} already exists; use `vertebro-print i18n update` instead")
    catalog = Catalog(
        locale=code,
        project="vertebro-print",
        fuzzy=False,
        version=project.settings.content_version,
        language_team=f"{lang.english_name} <>",
        last_translator="vertebro-print drafts (not yet medically reviewed)",
        msgid_bugs_address="",
        header_comment=(
            f"# {lang.english_name} translation of the vertebro-print handouts.\n"
            + "".join(f"# {line}\n" for line in DRAFT_NOTE.splitlines())
        ),
    )
    catalog.update(template(project), no_fuzzy_matching=True)
    # Dates and times start as CLDR's for the language (formats.py); a translator may change them.
    for key in formats.SETTINGS:
        if key in catalog:
            catalog[key].string = formats.DEFAULT
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, _po_bytes(catalog))
    review = project.locales.review(code)
    if not review.exists():
        write_atomic(review, REVIEW_TEMPLATE.encode())
    return path


def update(project: Project, codes: list[str] | None = None, check: bool = False) -> list[str]:
    """Merge the template into the catalogs. With check, change nothing and return the
    catalogs that are out of date."""
    fresh = template(project)
    stale = []
    for code in codes or project.locales.codes():
        path = project.locales.po(code)
        before = read_catalog(path)
        catalog = copy.deepcopy(before)
        catalog.update(fresh, no_fuzzy_matching=False)
        if _same_messages(before, catalog):
            continue
        stale.append(code)
        if not check:
            write_atomic(path, _po_bytes(catalog))
    return stale
