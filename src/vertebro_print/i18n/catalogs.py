"""Loading and checking one locale's catalog (locales/<code>/LC_MESSAGES/messages.po).

Catalogs are read with Babel's PO reader at run time; nothing is compiled, so a missing or
stale .mo file can never give an empty translator. Each catalog is checked against the
source messages extracted from the templates: a catalog that cannot be read at all raises
CatalogError (that locale alone is disabled); per-message findings become Problems."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from vertebro_print.errors import CatalogError, Problem
from vertebro_print.i18n.checks import (
    BROKEN,
    FUZZY,
    MISSING,
    OK,
    TOGETHER,
    Subject,
    check_message,
    glossary,
    reads_glossary,
    run_stage,
    source_inputs,
)
from vertebro_print.i18n.checks import strings as _strings
from vertebro_print.i18n.checks.content import english_vocabulary
from vertebro_print.i18n.formats import SETTINGS
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.plurals import PluralRule, header_warning, read_rule
from vertebro_print.i18n.review import (
    DRAFT,
    ReviewFile,
    ReviewStatus,
    pair_fingerprint,
    read_review,
)
from vertebro_print.i18n.sources import SourceMessage
from vertebro_print.lru import LRU

__all__ = [
    "BROKEN",
    "FUZZY",
    "MISSING",
    "OK",
    "LocaleCatalog",
    "ReviewStatus",
    "load_catalog",
]

PO_NAME = "LC_MESSAGES/messages.po"
# The shape every non-comment line of a PO file has. Babel's reader is lenient about an
# unterminated string (it silently drops a character), so lines are checked first.
PO_LINE = re.compile(
    r'^\s*(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)?\s*"(\\.|[^"\\])*"\s*|)$'
)


def po_path(locales_dir: Path, code: str) -> Path:
    return locales_dir / code / PO_NAME


def discover(locales_dir: Path) -> list[str]:
    """Locale codes that have a catalog, sorted. Every render asks (a catalog added or removed
    counts at once), so it is one directory scan, not a glob (a third of the time)."""
    try:
        folders = list(os.scandir(locales_dir))
    except OSError:
        return []
    return sorted(f.name for f in folders if os.path.isfile(os.path.join(f.path, PO_NAME)))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CatalogError(str(path), None, f"cannot read: {exc.strerror}") from exc


def _parse(path: Path, raw: bytes) -> tuple[Catalog, PluralRule]:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CatalogError(str(path), line, "not valid UTF-8; save the file as UTF-8") from exc
    text = raw.decode("utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not PO_LINE.match(line):
            raise CatalogError(
                str(path),
                number,
                f"syntax error: not a PO line: {line[:60]!r} "
                f"(a string must be in double quotes, on one line)",
            )
    try:
        catalog = read_po(io.BytesIO(raw), abort_invalid=True)
    except PoFileError as exc:
        raise CatalogError(str(path), exc.lineno, f"syntax error: {exc}") from exc
    except (ValueError, LookupError) as exc:
        raise CatalogError(str(path), None, f"invalid header: {exc}") from exc
    return catalog, read_rule(text, path)


def _ids(msgid: str | tuple[str, ...]) -> tuple[str, ...]:
    return msgid if isinstance(msgid, tuple) else (msgid,)


def _key(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _translations(catalog: Catalog, states: dict[str, str], rule: PluralRule) -> Translations:
    """A gettext translator holding only the usable (OK) messages; the plural rule is the
    catalog's own Plural-Forms header, exactly as checked."""
    usable = Catalog(locale=catalog.locale, fuzzy=False)
    usable.mime_headers = catalog.mime_headers
    for message in catalog:
        if _key(message) and states.get(_key(message)) == OK:
            usable[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, usable)
    buffer.seek(0)
    translations = Translations(buffer)
    translations.plural = rule.index
    return translations


@dataclass
class LocaleCatalog:
    """One locale's catalog, checked against the current source messages."""

    code: str
    path: Path
    catalog: Catalog
    review_file: ReviewFile
    plural_rule: PluralRule
    # The locale's review state; Project.catalog() sums it up from the handouts' states.
    review: ReviewStatus = ReviewStatus(DRAFT)
    handout_reviews: dict[str, str] = field(default_factory=dict)  # handout id -> state
    # For an outdated handout: which side changed since approval (review.handout_change).
    handout_changes: dict[str, str] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)  # msgid -> OK/MISSING/FUZZY/BROKEN
    problems: list[Problem] = field(default_factory=list)
    translations: Translations | None = None

    def state(self, key: str) -> str:
        return self.states.get(key, MISSING)

    def gettext(self, key: str) -> str:
        return self.translations.gettext(key)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def fingerprint(self, key: str, source: SourceMessage) -> str | None:
        """The fingerprint of (source, translation) a review approves, None if not usable."""
        if self.state(key) != OK:
            return None
        return pair_fingerprint(source.id, _strings(self.catalog[key]))

    def finding(self, key: str) -> str:
        """The check that refused this message ("polarity", "units"...), or "" (a proof
        names it beside the string)."""
        return next((p.check for p in self.problems if p.msgid == key and p.is_error), "")

    def raw(self, key: str) -> str:
        """The translation even if fuzzy (for proofs), or ""."""
        message = self.catalog.get(key)
        return _strings(message)[0] if message is not None else ""


@dataclass(frozen=True)
class _Checked:
    """What reading and checking a catalog found: a pure function of the file's bytes, its
    locale and the source messages (ids, printed counts, safety marks). The problems name no
    file: the same bytes in a copy of the folder are the same findings there."""

    catalog: Catalog
    rule: PluralRule
    states: dict[str, str]
    problems: tuple[Problem, ...]
    translations: Translations


# Every Project reads and checks each catalog it is asked for: 35 ms a catalog, which every
# CLI command, every new web project and most tests paid again for the same bytes. Keyed by
# the bytes themselves (not a modification time, which a quick edit can leave unchanged).
# Parse errors are not kept: they name the file and raise each time.
CHECKED_CACHE_SIZE = 64
_checked: LRU[_Checked] = LRU(CHECKED_CACHE_SIZE)


def glossary_root(path: Path) -> Path:
    """The locales folder a catalog's path is in: the glossary is kept there, beside them."""
    return path.parents[2]


def cache_key(
    code: str, raw: bytes, sources: dict[str, SourceMessage], path: Path | None = None
) -> tuple:
    """What a catalog's findings depend on: its bytes, its locale, and of each source message
    what the checks declare they read (and its safety mark, which every problem carries), and
    the glossary when a check reads its terms. A check given a new input changes the key; it
    is never served a result made without it."""
    inputs = source_inputs()
    signature = tuple(
        (k, s.safety_critical, *(getattr(s, a) for a in inputs)) for k, s in sources.items()
    )
    terms = glossary.glossary_stamp(glossary_root(path)) if path and reads_glossary() else None
    return (code, hashlib.sha256(raw).digest(), signature, terms)


def load_catalog(
    path: Path,
    review_path: Path,
    code: str,
    sources: dict[str, SourceMessage],
    fingerprint: str,
) -> LocaleCatalog:
    """Read and check one catalog (its files as LocaleFolder names them). Raises CatalogError
    when it cannot be used at all."""
    raw = _read_bytes(path)
    key = cache_key(code, raw, sources, path)
    checked = _checked.get(key)
    if checked is None:
        checked = _check(path, code, raw, sources)
        _checked.put(key, checked)
    review_file = read_review(review_path, fingerprint)
    return LocaleCatalog(
        code,
        path,
        checked.catalog,
        review_file,
        checked.rule,
        review_file.whole,
        states=dict(checked.states),
        problems=[dataclasses.replace(p, path=str(path)) for p in checked.problems],
        translations=checked.translations,
    )


def _judged_together(
    lang, catalog: Catalog, sources: dict[str, SourceMessage], states: dict[str, str]
) -> list[Problem]:
    """The TOGETHER checks, once per template over its usable strings; a finding refuses
    each of them (its state becomes BROKEN, each line is reported)."""
    groups: dict[str, list[str]] = {}
    for key, source in sources.items():
        if states[key] == OK and key not in SETTINGS:
            groups.setdefault(source.locations[0][0], []).append(key)
    found = []
    for keys in groups.values():
        texts = tuple(t for k in keys for t in _strings(catalog[k]))
        finding = run_stage(TOGETHER, Subject(lang, tuple(keys), texts=texts))
        if finding is None:
            continue
        for key in keys:
            states[key] = finding.state
            found.append(
                Problem(
                    "",
                    catalog[key].lineno,
                    finding.state,
                    f"{finding.why}: {key!r}",
                    key,
                    sources[key].safety_critical,
                    finding.severity,
                    finding.check,
                )
            )
    return found


def _check(path: Path, code: str, raw: bytes, sources: dict[str, SourceMessage]) -> _Checked:
    catalog, rule = _parse(path, raw)
    states: dict[str, str] = {}
    problems: list[Problem] = []
    if differs := header_warning(code, rule):
        problems.append(Problem("", rule.line, "plural-header", differs, severity="warning"))
    if catalog.fuzzy:
        # pybabel compile and some editors skip a catalog whose header is fuzzy.
        problems.append(
            Problem("", 1, "fuzzy-header", "the header is marked '#, fuzzy'; remove that line")
        )
    lang = language(code)
    terms = glossary.for_language(glossary.load_glossary(glossary_root(path)), code)
    vocabulary = english_vocabulary([i for m in sources.values() for i in _ids(m.id)])
    for key, source in sources.items():
        message = catalog.get(key)
        found = check_message(
            lang,
            source.id,
            source.counts,
            message,
            rule,
            vocabulary,
            source.safety_critical,
            terms,
            source.count_names,
        )
        states[key] = found.state if found else OK
        if found:
            problems.append(
                Problem(
                    "",
                    message.lineno if message is not None else None,
                    found.state if found.state != OK else found.check,
                    f"{found.why}: {key!r}",
                    key,
                    source.safety_critical,
                    found.severity,
                    found.check,
                )
            )
    problems += _judged_together(lang, catalog, sources, states)
    for message in catalog:
        key = _key(message)
        if key and key not in sources:
            problems.append(
                Problem(
                    "",
                    message.lineno,
                    "stale",
                    f"not in the templates any more (run `vertebro-print i18n update`): {key!r}",
                    key,
                )
            )
    return _Checked(catalog, rule, states, tuple(problems), _translations(catalog, states, rule))
