"""Case by each language's rules (i18n/casing.py): Turkish "i" upper-cases to "İ" and "ı" to
"I", where Python's str methods write "I" for both; and the checks that compare words
without case find a Turkish word however it is capitalised."""

from __future__ import annotations

from tests.conftest import ROOT
from vertebro_print.i18n import casing
from vertebro_print.i18n.checks.daytimes import day_period_problem
from vertebro_print.i18n.checks.glossary import for_language, load_glossary, term_problem
from vertebro_print.i18n.languages import language

NEEDLE = "Swelling or redness where the needle went in. This can be a sign of infection."
NIGHT_BEFORE = "midnight, the night before"


def test_turkish_case_keeps_the_dot_of_its_i():
    assert casing.upper("iğne ılık", "tr") == "İĞNE ILIK"
    assert casing.upper("iğne ılık", "en") == "IĞNE ILIK" == "iğne ılık".upper()
    assert casing.lower("İĞNE ILIK", "tr") == "iğne ılık"
    assert casing.title("iğne ılık", "tr") == "İğne Ilık"
    assert casing.capitalize("İĞNE ILIK", "tr") == "İğne ılık"
    assert casing.capital_first("ıhlamur", "tr") == "Ihlamur"


def test_a_languages_own_name_starts_with_its_own_capital():
    assert language("tr").native_name == "Türkçe"
    assert language("so").native_name == "Soomaali"


def test_a_glossary_term_is_found_at_the_start_of_a_turkish_sentence():
    """'İğnenin' folds to 'i̇ğnenin' (i and a combining dot) by str.casefold, which does not
    hold the term 'iğnenin girdiği yer'; by Turkish rules it does."""
    terms = for_language(load_glossary(ROOT / "locales"), "tr")
    written = "İğnenin girdiği yerde şişlik ya da kızarıklık."
    assert "iğnenin girdiği yer" not in written.casefold()
    assert term_problem(terms, (NEEDLE,), (written,)) == ""
    assert "needle-spot" in term_problem(terms, (NEEDLE,), ("Derideki delikte şişlik.",))


def test_a_one_letter_day_period_is_not_a_word():
    """CLDR's narrow Turkish noon is "ö": it is not what a sentence says, and every "önce"
    (before) holds it."""
    assert day_period_problem("tr", (NIGHT_BEFORE,), "gece yarısı, tedaviden önceki gece") == ""
    assert day_period_problem("tr", (NIGHT_BEFORE,), "GECE YARISI, TEDAVİDEN ÖNCEKİ GECE") == ""
    last_night = "gece yarısı, tedaviden önceki gece (dün gece)"
    assert "last night" in day_period_problem("tr", (NIGHT_BEFORE,), last_night)
    assert "midnight" in day_period_problem("tr", (NIGHT_BEFORE,), "öğlen, tedaviden önceki gün")
