"""The glossary (locales/glossary.tbx, TBX-Basic): Weblate's reader takes it, its English is
seeded from the handouts' term list, a concept translated at all is translated in every
shipped language, the shipped catalogs use the terms, and a drift is caught: an error in a
safety-critical string, a warning elsewhere (issue 23: tl "care team" had become "doctor or
nurse")."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.conftest import LOCALE_CODES, ROOT
from tests.i18n.test_catalogs import edit_catalog
from vertebro_print.i18n.checks import OK
from vertebro_print.i18n.checks.glossary import load_glossary
from vertebro_print.project import Project
from vertebro_print.settings import Settings

CALL_CARE_TEAM = "Call your doctor or care team right away at %(phone)s."  # safety-critical
ASK_CARE_TEAM = "Ask your care team:"


def test_the_glossary_is_tbx_with_every_shipped_language():
    root = ET.parse(ROOT / "locales" / "glossary.tbx").getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    # translate-toolkit's reader is the one Weblate imports a glossary with.
    from translate.storage.tbx import tbxfile

    with (ROOT / "locales" / "glossary.tbx").open("rb") as handle:
        read = tbxfile(handle, sourcelanguage="en", targetlanguage="tl")
    assert ("care team", "mga doktor at nars") in {(u.source, u.target) for u in read.units}
    glossary = load_glossary(ROOT / "locales")
    ids = {c.id for c in glossary}
    assert {"care-team", "blood-thinner", "sedation", "vertebroplasty"} <= ids
    assert {"kyphoplasty", "needle-spot", "compression-fracture"} <= ids
    # A concept the term list seeded waits for its words; once one language has given its
    # word, every shipped language must.
    translated = [concept for concept in glossary if concept.terms]
    assert len(translated) >= 7
    for concept in translated:
        assert set(concept.terms) == set(LOCALE_CODES) - {"en"}, concept.id


def test_shipped_catalogs_use_the_glossary(project):
    for code in LOCALE_CODES:
        found = [p for p in project.catalog(code).problems if p.check == "glossary"]
        assert found == [], (code, [str(p) for p in found])


def test_a_care_team_drift_is_caught(locales_copy):
    def drift(catalog):
        for key in (CALL_CARE_TEAM, ASK_CARE_TEAM):
            catalog[key].string = catalog[key].string.replace("mga doktor at nars", "doktor o nars")

    edit_catalog(locales_copy, "tl", drift)
    catalog = Project(Settings(locales_dir=locales_copy)).catalog("tl")
    found = {p.msgid: p for p in catalog.problems if p.check in ("glossary", "glossary-review")}
    assert found[CALL_CARE_TEAM].severity == "error" and catalog.state(CALL_CARE_TEAM) != OK
    assert "'mga doktor at nars'" in found[CALL_CARE_TEAM].message
    assert found[ASK_CARE_TEAM].severity == "warning" and catalog.state(ASK_CARE_TEAM) == OK
