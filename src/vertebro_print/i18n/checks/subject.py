"""What a translator check looks at, and what it finds.

A check is a function of one Subject: the translated message (or one plural form of it) with
its English source and what the source's templates say about it. Each check declares which
of the Subject's fields it reads (i18n/checks/__init__.py); the catalog cache is keyed by the
source fields those declarations name, so a check with a new input can never be served a
result computed without it."""

from __future__ import annotations

from dataclasses import dataclass

from vertebro_print.i18n.languages import Language
from vertebro_print.i18n.plurals import PluralRule

# The states a message can be in for one locale.
OK, MISSING, FUZZY, BROKEN = "ok", "missing", "fuzzy", "broken"
SAME_AS_SOURCE = "same-as-source:"
IGNORE_SAME = "ignore-same"  # Weblate's flag: its own "unchanged translation" check skips it


def marked_same(comments, flags=frozenset()) -> bool:
    """Whether the translator marked the string as rightly the same as the English: Weblate's
    flag, or the translator comment (the flag is set again from it: msgcat drops flags)."""
    return IGNORE_SAME in flags or any(
        c.strip().lower().startswith(SAME_AS_SOURCE) for c in comments
    )


@dataclass(frozen=True)
class Finding:
    state: str  # MISSING or BROKEN block the string; OK with a warning does not
    check: str
    why: str
    severity: str = "error"


@dataclass(frozen=True)
class Subject:
    """One message of one catalog as the checks see it. `text` is the form being checked (a
    setting's value for a setting); `texts` all forms of the message."""

    lang: Language
    ids: tuple[str, ...]  # the English: (singular, plural) for a plural message
    text: str = ""
    texts: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()  # the translator's comments in the catalog
    fuzzy: bool = False
    plural: bool = False
    counts: tuple[int, ...] = ()  # the counts the templates print a plural message with
    rule: PluralRule | None = None
    vocabulary: frozenset[str] = frozenset()  # every word of the English templates
    safety_critical: bool = False
    # The placeholders the templates print the count with (`%(days)s`), and whether this form
    # is one the language prints for a single number only (Arabic's 2: it may say it in words).
    count_names: tuple[str, ...] = ()
    single_form: bool = False
    flags: frozenset[str] = frozenset()  # the message's PO flags (ignore-same)
    # The glossary's terms for this language (checks/glossary.py: LanguageTerm)
    terms: tuple = ()

    @property
    def same_ok(self) -> bool:
        """The translator marked it as rightly the same as the English."""
        return marked_same(self.comments, self.flags)


# The Subject fields that come from the source message (sources.SourceMessage), by the
# attribute they are read from: what the catalog cache must be keyed by when a check reads
# them.
SOURCE_FIELDS = {
    "ids": "id",
    "plural": "id",
    "counts": "counts",
    "safety_critical": "safety_critical",
    "count_names": "count_names",
}
