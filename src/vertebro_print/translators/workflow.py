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
from vertebro_print.i18n import formats, progress, review
from vertebro_print.i18n.checks.subject import IGNORE_SAME, marked_same
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.sources import SAFETY_FLAG, template_catalog
from vertebro_print.project import Project
from vertebro_print.terms import load_terms
from vertebro_print.translators import glossary_seed, headers

# The one line width `extract`, `init` and `update` write (Babel's wrapping at 76 columns).
# Poedit, Weblate and msgcat wrap at their own widths; the checks read the messages, not the
# lines, and `update` writes a rewrapped catalog back in this form.
LINE_WIDTH = 76
DRAFT_NOTE = (
    "DRAFT: this translation has not yet been reviewed by a qualified medical "
    "translator.\nRecord a review in review.toml next to this folder's LC_MESSAGES."
)
REVIEW_TEMPLATE = review.HEADER + progress.MARK + 'status = "draft"\n'


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=LINE_WIDTH, sort_output=False, include_previous=True)
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


def _follow_template(catalog: Catalog, fresh: Catalog) -> None:
    """The flags `update` owns. The safety-critical flag is the template's to set: Babel's
    merge keeps the union of the old and new flags, which would leave it on a string that
    stopped being critical. GNU gettext's tools (msgcat, msgmerge) drop flags they do not
    know, so the flag comes back from the template, and Weblate's ignore-same from the
    `same-as-source:` comment, which they keep."""
    for message in catalog:
        source = fresh.get(message.id) if message.id else None
        if source is not None:
            critical = SAFETY_FLAG in source.flags  # (a new message may be `source` itself)
            message.flags.discard(SAFETY_FLAG)
            if critical:
                message.flags.add(SAFETY_FLAG)
        if message.id and marked_same(message.user_comments):
            message.flags.add(IGNORE_SAME)


def pot_path(project: Project) -> Path:
    return project.locales.template


def glossary_path(project: Project) -> Path:
    return glossary_seed.glossary_path(project.locales_dir)


def extract(project: Project) -> bool:
    """Refresh messages.pot. Returns whether it changed."""
    fresh = template(project)
    path = pot_path(project)
    if path.is_file() and _same_messages(read_catalog(path), fresh):
        return False
    write_atomic(path, _po_bytes(fresh))
    return True


def seed_glossary(project: Project, check: bool = False) -> bool:
    """Seed locales/glossary.tbx's English from handouts/terms.toml (glossary_seed.py).
    Returns whether it changed (with check, whether it is stale: nothing is written)."""
    return glossary_seed.seed(project.locales_dir, load_terms(project.handouts_dir), check)


def pot_is_current(project: Project) -> bool:
    path = pot_path(project)
    return path.is_file() and _same_messages(read_catalog(path), template(project))


def init(project: Project, code: str, translator: str | None = None) -> Path:
    """Start a catalog for a new language, in progress (not offered to patients until
    `i18n ready`). The translator is named in its header: `translator`, or git's user."""
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
        last_translator=headers.translator_name(translator),
        msgid_bugs_address="",
        revision_date=headers.now(),
        header_comment=(
            f"# {lang.english_name} translation of the vertebro-print handouts.\n"
            + "".join(f"# {line}\n" for line in DRAFT_NOTE.splitlines())
        ),
    )
    fresh = template(project)
    catalog.update(fresh, no_fuzzy_matching=True)
    _follow_template(catalog, fresh)
    # Dates and times start as CLDR's for the language (formats.py); a translator may change them.
    for key in formats.SETTINGS:
        if key in catalog:
            catalog[key].string = formats.DEFAULT
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, _po_bytes(catalog))
    review_path = project.locales.review(code)
    if not review_path.exists():
        write_atomic(review_path, REVIEW_TEMPLATE.encode())
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
        _follow_template(catalog, fresh)
        # A setting new to the catalog starts as CLDR's, as at init (never a fuzzy guess
        # from another setting's value): a clock note no one prints is not asked for.
        for key in formats.SETTINGS:
            if key in catalog and key not in before:
                catalog[key].string = formats.DEFAULT
                catalog[key].flags.discard("fuzzy")
                catalog[key].previous_id = []
        # Flags a rewrap dropped and `update` sets again are no change of the messages.
        restored = copy.deepcopy(before)
        _follow_template(restored, fresh)
        same = _same_messages(restored, catalog)
        if check:
            if not same:
                stale.append(code)
            continue
        # A catalog rewrapped by another tool (msgcat, Poedit, Weblate) is written back in
        # the canonical form even when its messages are current (and then keeps its date).
        if same:
            catalog.creation_date = before.creation_date
        written = _po_bytes(catalog)
        if written != path.read_bytes():
            stale.append(code)
            write_atomic(path, written)
    return stale
