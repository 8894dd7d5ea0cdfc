"""The translators' glossary (locales/glossary.tbx) seeded from the handouts' term list
(handouts/terms.toml): one list of terms for the English and for every translation.

The term list owns the English side: each term is a concept whose English terms are the
term and its `forms`, and whose definition is its `meaning`. The translations' terms
(each language's <langSet>) are the translators' and are kept as they are. A term new to the
list becomes a concept with its English only, which translators' tools (Weblate, Poedit
through translate-toolkit) show for them to add their language's word; until they do, the
glossary check has nothing to hold that language to. `i18n extract` seeds it with
messages.pot; `i18n update --check` fails while it is stale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from vertebro_print.atomic import write_atomic
from vertebro_print.errors import UsageError
from vertebro_print.i18n.checks.glossary import GLOSSARY_NAME, XML_LANG
from vertebro_print.terms import TERMS_FILE, Term

PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
INDENT = "  "


class GlossaryMismatch(UsageError):
    """The glossary and the term list disagree in a way only a person can settle."""


def _parse(text: str) -> ET.Element:
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    return ET.fromstring(text, parser=parser)


def _english(entry: ET.Element) -> ET.Element | None:
    return next((s for s in entry.iter("langSet") if s.get(XML_LANG) == "en"), None)


def _english_terms(entry: ET.Element) -> set[str]:
    section = _english(entry)
    if section is None:
        return set()
    return {t.text.strip().casefold() for t in section.iter("term") if t.text}


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def _tig(term: str, status: str) -> ET.Element:
    tig = ET.Element("tig")
    ET.SubElement(tig, "term").text = term
    ET.SubElement(tig, "termNote", type="administrativeStatus").text = status
    return tig


def _english_section(term: Term) -> ET.Element:
    section = ET.Element("langSet", {XML_LANG: "en"})
    for number, form in enumerate(term.english_forms):
        section.append(_tig(form, PREFERRED if number == 0 else ADMITTED))
    return section


def _matching(entries: list[ET.Element], term: Term, path: Path) -> ET.Element | None:
    forms = {f.casefold() for f in term.english_forms}
    found = [e for e in entries if _english_terms(e) & forms]
    if len(found) > 1:
        ids = ", ".join(repr(e.get("id")) for e in found)
        raise GlossaryMismatch(
            f"{path}: concepts {ids} all name {term.term!r}; merge them into one concept"
        )
    return found[0] if found else None


def _seed_entry(entry: ET.Element, term: Term) -> None:
    """The term list's English and definition in a concept, its translations kept."""
    definition = entry.find("descrip[@type='definition']")
    if definition is None:
        definition = ET.Element("descrip", type="definition")
        entry.insert(0, definition)
    definition.text = term.meaning
    old = _english(entry)
    new = _english_section(term)
    if old is None:
        entry.insert(list(entry).index(definition) + 1, new)
    else:
        entry[list(entry).index(old)] = new


def seeded(text: str, terms: list[Term], path: Path) -> str:
    """The glossary's text with its English side as the term list says. A concept that no
    listed term names is refused: its translations would hold a word the handouts no longer
    use, and deleting a translator's work is a person's decision."""
    root = _parse(text)
    body = root.find("text/body")
    if body is None:
        raise GlossaryMismatch(f"{path}: no <text><body> to hold the concepts; is it TBX?")
    entries = list(body.iter("termEntry"))
    used: set[int] = set()
    for term in terms:
        entry = _matching(entries, term, path)
        if entry is None:
            entry = ET.SubElement(body, "termEntry", id=_slug(term.term))
            entries.append(entry)
        used.add(id(entry))
        _seed_entry(entry, term)
    if orphans := [e for e in entries if id(e) not in used]:
        names = ", ".join(f"{e.get('id')!r}" for e in orphans)
        raise GlossaryMismatch(
            f"{path}: concept(s) {names} name no term of handouts/{TERMS_FILE}; add the term "
            f"to the list, or delete the concept (and its translations) from the glossary"
        )
    ET.indent(root, space=INDENT)
    head = text[: text.index("<martif")]  # the XML declaration and the comment before it
    return head + ET.tostring(root, encoding="unicode") + "\n"


def glossary_path(locales_dir: Path) -> Path:
    return locales_dir / GLOSSARY_NAME


def seed(locales_dir: Path, terms: list[Term], check: bool = False) -> bool:
    """Seed the glossary from the term list. Returns whether it changed (with check, whether
    it would: nothing is written)."""
    path = glossary_path(locales_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read the glossary {path}: {exc.strerror}") from exc
    try:
        fresh = seeded(text, terms, path)
    except ET.ParseError as exc:
        raise GlossaryMismatch(f"{path} is not well-formed XML: {exc}") from exc
    if fresh == text:
        return False
    if not check:
        write_atomic(path, fresh.encode("utf-8"))
    return True
