"""The names people use for a language, so staff find it however they call it: its name in
every shipped language (from CLDR, through Babel) plus the everyday names CLDR does not
give, declared once below. The web page's language search matches them all."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from babel import Locale, UnknownLocaleError

from vertebro_print.i18n.languages import language

# Everyday names CLDR does not give, by catalog code. A spoken language (Mandarin, Cantonese)
# is written in either Chinese script, so it finds both: staff then choose by script.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "am": ("Amharic", "አማርኛ", "Amarigna"),
    "bn": ("Bengali",),  # CLDR's English name is "Bangla"; its own, "বাংলা"
    "es": ("Castellano", "Castilian"),
    "fa": ("Farsi", "Parsi", "Dari"),
    "gu": ("Gujarati", "Gujerati", "ગુજરાતી"),
    "ht": ("Creole", "Kreyol", "Haitian"),
    "km": ("Khmer", "Cambodian", "ខ្មែរ", "ភាសាខ្មែរ"),
    "pa": ("Punjabi", "Panjabi", "ਪੰਜਾਬੀ", "Gurmukhi"),
    "ne": ("Nepalese",),  # CLDR gives "Nepali" and "नेपाली"
    "pt_BR": ("Brazilian", "Brazilian Portuguese", "Brasileiro"),
    "so": ("Somali", "Soomaali", "Af-Soomaali"),
    "th": ("Thai", "ไทย", "ภาษาไทย", "Siamese"),
    # Moldova's official language is Romanian; staff and patients from there often call it
    # Moldovan.
    "ro": (
        "Romanian",
        "Română",
        "Romana",
        "Limba română",
        "Moldovan",
        "Moldavian",
        "Moldovenească",
    ),
    "tl": ("Tagalog", "Filipino", "Pilipino", "Wikang Tagalog"),
    "tr": ("Turkish", "Türkçe"),
    "uk": ("Ukrainian", "Українська", "Українська мова", "Ukrainska", "Ukrayinska"),
    "ur": ("Urdu", "اردو"),
    "zh_Hans": (
        "Mandarin",
        "Cantonese",
        "Simplified Chinese",
        "Putonghua",
        "普通话",
        "简体",
        "简体中文",
        "简体字",
        "簡體",
    ),
    "zh_Hant": (
        "Mandarin",
        "Cantonese",
        "Traditional Chinese",
        "Taiwanese",
        "Hong Kong",
        "粵語",
        "粤语",
        "廣東話",
        "广东话",
        "國語",
        "繁體",
        "繁体",
        "繁體中文",
        "繁体中文",
        "正體",
    ),
    "my": ("Burmese", "Myanmar", "မြန်မာ", "မြန်မာဘာသာ"),
    "hy": ("Armenian", "Հայերեն", "Hayeren"),
}


def fold(text: str) -> str:
    """Text for matching: no case, no accents (nonspacing marks), punctuation as spaces, so
    'kreyol' finds Kreyòl and 'portuguese brazil' finds 'Portuguese (Brazil)'. The page's
    script folds what is typed the same way (static/app.js, fold)."""
    kept = []
    for c in unicodedata.normalize("NFKD", text).lower():
        kind = unicodedata.category(c)
        if kind != "Mn":
            kept.append(c if kind[0] in "LNM" else " ")
    return " ".join("".join(kept).split())


def matches(query: str, names: str) -> bool:
    """Whether every word of the query occurs in the folded names (in any order)."""
    return all(word in names for word in fold(query).split())


@cache
def search_names(code: str, shipped: tuple[str, ...]) -> tuple[str, ...]:
    """Every name of the language `code`: its code and tag, its own and English names, its
    name in each of the `shipped` languages, and its synonyms; each once, in that order."""
    lang = language(code)
    names = [code, lang.tag, lang.native_name, lang.english_name]
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        locale = None
    if locale is not None:
        names += [locale.get_display_name(other) or "" for other in shipped]
    names += SYNONYMS.get(code, ())
    return tuple(dict.fromkeys(name for name in names if name))


def search_text(names: Iterable[str]) -> str:
    """The folded names in one string, as the page's data-search attribute."""
    return " | ".join(dict.fromkeys(fold(name) for name in names))
