"""Which language a translation reads as (identity.toml), by an offline language-identification
model whose model ships inside its wheel (py3langid), or by common words where the model does
not know the language."""

from __future__ import annotations

from functools import cache

from vertebro_print.i18n.checks import tables
from vertebro_print.i18n.checks.content import WORD, visible


def data() -> dict:
    return tables.load("identity.toml")


@cache
def _identifier():
    # Loaded on first use (0.9 s): a process that checks no catalog never pays it.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_model() -> None:
    """Load the model now (the workers' forkserver does, so that no worker pays it)."""
    _identifier()


def model_labels(code: str) -> tuple[str, ...]:
    """The model's labels for this catalog's language; () when the model does not know it."""
    if code in data()["model"]:
        return tuple(data()["model"][code])
    base = code.split("_")[0]
    return (base,) if base in _identifier().labels else ()


# Language names for messages: the model's labels are ISO 639 codes.
def _name(label: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(label).english_name
    except (ValueError, UnknownLocaleError):
        return label


def language_problem(code: str, translation: str) -> str:
    """Why the translation reads as another language than its catalog's, or ""."""
    text = visible(translation)
    if sum(c.isalpha() for c in text) < data()["min_letters"]:
        return ""  # too short to judge alone
    own = model_labels(code)
    if not own:
        return _word_problem(code, text)
    ranked = dict(_identifier().rank(text))
    top, score = max(ranked.items(), key=lambda item: item[1])
    mine = sum(ranked.get(label, 0.0) for label in own)
    if top in own or score < data()["sure"] or mine > data()["own_at_most"]:
        return ""
    return (
        f"reads as {_name(top)} ({score:.0%} sure), not as the catalog's language "
        f"({mine:.1%}); translate it into the catalog's language"
    )


def together_problem(code: str, texts: tuple[str, ...]) -> str:
    """Why these strings, read together, are not in the catalog's language, or ""."""
    text = " ".join(visible(t) for t in texts)
    if sum(c.isalpha() for c in text) < data()["together_min_letters"]:
        return ""
    own = model_labels(code)
    if not own:
        return _word_problem(code, text, data()["together_min_words"])
    ranked = dict(_identifier().rank(text))
    top, score = max(ranked.items(), key=lambda item: item[1])
    mine = sum(ranked.get(label, 0.0) for label in own)
    if top in own or mine >= data()["together_own_at_least"]:
        return ""
    return (
        f"this template's strings, read together, are {_name(top)} ({score:.0%} sure), not "
        f"the catalog's language ({mine:.1%}); translate them into it"
    )


def _word_problem(code: str, text: str, min_words: int | None = None) -> str:
    words = data()["words"].get(code) or data()["words"].get(code.split("_")[0])
    if words is None:
        return (
            f"the language model does not know {code} and identity.toml has no common words "
            "for it; add them under [words]"
        )
    found = [w.lower() for w in WORD.findall(text)]
    if len(found) < (min_words or data()["min_words"]) or set(found) & {w.lower() for w in words}:
        return ""
    return f"has none of the common words of {code} (identity.toml); is it in {code}?"
