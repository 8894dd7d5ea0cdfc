"""Line breaking by each language's rules, decided before layout.

WeasyPrint breaks Chinese and Japanese lines between any two characters (it splits "氣球",
leaves "い。" alone at a line start) and Korean ones inside words, and it honours neither
`word-break: keep-all` nor `line-break`. So the HTML of a handout is cut into units before
layout, by the segmenter linebreak.toml names for the language (BudouX's phrases, the words
between spaces), and each unit goes in a no-wrap span: lines then break only between units.
One mechanism for every language: another segmenter (ICU's dictionary words for Thai, Khmer
or Burmese) is one more entry in SEGMENTERS and a table in linebreak.toml.

The safety lines (the main messages, warning signs, call and emergency lines, firm rules)
carry the class "keep-end": their last two units stay together (keep_end()), so that no such
line ends with one word alone, and the blank to write the phone number on never starts a
line by itself (WeasyPrint also broke "Hãy / gọi ngay ... theo số ____" before it). A blank
counts as a unit: "... բուժանձնակազմին ____ համարով։" keeps the blank and the word after it
(the word before as well made the kept end wider than the warning box's line, and it ran past
the page's text area).

Applied to the HTML just before layout: render_html() stays the text as written, for the
--html output and for tests that look for a translation in it."""

from __future__ import annotations

import html
import re
import tomllib
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup, escape

from vertebro_print.errors import RenderError
from vertebro_print.pdf import wordbreak

DATA = Path(__file__).with_name("linebreak.toml")
NOBR = "nobr"  # the class of a unit's span (handout.css: white-space: nowrap)
KEEP_END = "keep-end"  # the class of a safety line, whose last two units stay together
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_START = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")
_END = re.compile(r"</([a-zA-Z][\w-]*)\s*>")
_SIZED = "shrink-to-fit"  # linebreak.toml's table of the elements sized to their content
_LANG = re.compile(r'\blang="([^"]*)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
# What a blank to write on (an empty span, class "blank") counts as when the last two units
# of a safety line are found: one unit of its own.
_BLANK_UNIT = "\ufffc"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
# Text that is not laid out as lines of the page.
_NOT_TEXT = {"head", "style", "script", "title"}


@dataclass(frozen=True)
class Rules:
    segmenter: str
    model: str = ""
    no_start: str = ""
    no_end: str = ""
    keep: tuple[str, ...] = ()  # words the segmenter cuts, each kept in one unit
    spans: bool = True  # whether units are set in no-wrap spans (see linebreak.toml)
    locale: str = "root"  # the language's, for Unicode's line breaking rules (ICU)


def _budoux_units(rules: Rules, text: str) -> list[str]:
    return _budoux_parser(rules.model).parse(text)


def _space_units(rules: Rules, text: str) -> list[str]:
    # Spaces are units of their own: between-unit spaces stay break opportunities.
    return [piece for piece in re.split(r"(\s+)", text) if piece]


def _icu_units(rules: Rules, text: str) -> list[str]:
    # ICU's dictionary words (pdf/wordbreak.py), in the language `model` names.
    return wordbreak.words(text, rules.model)


SEGMENTERS: dict[str, Callable[[Rules, str], list[str]]] = {
    "budoux": _budoux_units,
    "spaces": _space_units,
    "icu": _icu_units,
}
# Segmenters whose units need a zero-width space between them to be break opportunities at
# all. Two no-wrap spans of Thai, Khmer or Burmese letters side by side give the layout no
# break between them (Chinese and Japanese ones do, by Unicode's line breaking rules): a
# Thai or Khmer line without spaces ran on past the page edge as one line.
MARKED = {"icu"}
_BUDOUX_MODELS = {
    "ja": "load_default_japanese_parser",
    "zh-hans": "load_default_simplified_chinese_parser",
    "zh-hant": "load_default_traditional_chinese_parser",
    "th": "load_default_thai_parser",
}


@cache
def _budoux_parser(model: str):
    import budoux

    return getattr(budoux, _BUDOUX_MODELS[model])()


@cache
def _read(path: Path) -> dict:
    """linebreak.toml's tables, parsed once per process for language_rules and shrink_to_fit."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RenderError(f"cannot read the line-breaking rules {path}: {exc}") from exc


@cache
def language_rules(path: Path = DATA) -> dict[str, Rules]:
    """The languages with rules of their own, by locale code, read and checked once."""
    found = {}
    for code, entry in _read(path).items():
        if code == _SIZED:
            continue
        segmenter = entry.get("segmenter")
        if segmenter not in SEGMENTERS:
            raise RenderError(
                f"{path}: [{code}] segmenter = {segmenter!r} is not known; use one of "
                f"{', '.join(sorted(SEGMENTERS))}"
            )
        model = entry.get("model", "")
        if segmenter == "budoux" and model not in _BUDOUX_MODELS:
            raise RenderError(
                f"{path}: [{code}] model = {model!r} is not a BudouX model; use one of "
                f"{', '.join(sorted(_BUDOUX_MODELS))}"
            )
        unknown = set(entry) - {"segmenter", "model", "no_start", "no_end", "keep", "spans"}
        if unknown:
            raise RenderError(f"{path}: [{code}] unknown key(s) {', '.join(sorted(unknown))}")
        keep = entry.get("keep", [])
        if not all(isinstance(word, str) and word and not word.isspace() for word in keep):
            raise RenderError(f"{path}: [{code}] keep must be a list of words")
        spans = entry.get("spans", True)
        if not isinstance(spans, bool) or (not spans and segmenter not in MARKED):
            raise RenderError(
                f"{path}: [{code}] spans = false is only for the segmenters that mark their "
                f"breaks with zero-width spaces ({', '.join(sorted(MARKED))})"
            )
        found[code] = Rules(
            segmenter,
            model,
            entry.get("no_start", ""),
            entry.get("no_end", ""),
            tuple(keep),
            spans,
            code,
        )
    return found


def rules_for(tag: str) -> Rules | None:
    """The rules of a BCP 47 tag or locale code (zh-Hant, zh_Hant, ja), or None."""
    table = language_rules()
    code = tag.replace("-", "_")
    return table.get(code) or table.get(code.split("_")[0])


def _inside_kept(rules: Rules, text: str) -> set[int]:
    """Offsets of the text strictly inside one of the words the rules keep whole."""
    inside: set[int] = set()
    for word in rules.keep:
        at = text.find(word)
        while at >= 0:
            inside.update(range(at + 1, at + len(word)))
            at = text.find(word, at + 1)
    return inside


# Segmenters that may cut where Unicode's line breaking rules never break: BudouX's models,
# trained on Chinese and Japanese phrases, cut inside the Latin words and numbers among them
# ("MR|I", "D|EXA", "1|2点", the footer's "VP-ABO|UT").
_UNRULY = {"budoux"}


def units(rules: Rules, text: str) -> list[str]:
    """The text cut into units that must not be broken; "".join(units) == text. A unit that
    starts with a character a line may not start with joins the unit before it; one that
    ends with a character a line may not end with takes the next one; one that starts inside
    a word the rules keep whole joins the unit before it, and so does one that starts where
    Unicode's line breaking rules (UAX #14) allow no break, letter to letter."""
    joined: list[str] = []
    inside, at = _inside_kept(rules, text) | _inside_words(rules, text), 0
    breakable = _line_breaks(rules, text)
    for unit in SEGMENTERS[rules.segmenter](rules, text):
        if joined and (
            (unit[0] in rules.no_start and not joined[-1].isspace())
            or (joined[-1][-1] in rules.no_end)
            or at in inside
            or (
                breakable is not None
                and at not in breakable
                and not joined[-1][-1].isspace()
                and not unit[0].isspace()
            )
        ):
            joined[-1] += unit
        else:
            joined.append(unit)
        at += len(unit)
    return joined


# A Latin word's own hyphen among Chinese or Japanese phrases ("VP-ABOUT", "zh-Hant", "X-ray"):
# UAX #14 lets a line break after it, but a run of text that ends in a hyphen is taken for a
# line's end by the text layer (pdf/actualtext.py: LINE_END_HYPHEN), and a unit ending there
# in the middle of a line put a zero-width space into the footer's text. Such words are short.
_HYPHENATED = re.compile(r"(?<=[0-9A-Za-z]-)(?=[0-9A-Za-z])")


def _line_breaks(rules: Rules, text: str) -> set[int] | None:
    """Where UAX #14 lets a line break, for a segmenter that may cut elsewhere (None: the
    segmenter's cuts all stand)."""
    if rules.segmenter not in _UNRULY:
        return None
    return wordbreak.line_breaks(text, rules.locale)


def _inside_words(rules: Rules, text: str) -> set[int]:
    """Offsets strictly inside a word a segmenter that may cut it must keep whole: a word of
    ICU's dictionary (BudouX's Chinese models cut words a phrase holds whole: 脊|椎 "spine",
    骨|頭 "bone", 麻|醉, 治|疗, and "椎体成|形术", the treatment's own name), and a Latin word
    across its own hyphen."""
    if rules.segmenter not in _UNRULY:
        return set()
    inside = {match.start() for match in _HYPHENATED.finditer(text)}
    at = 0
    for word in wordbreak.words(text, rules.locale):
        if len(word) > 1 and all(wordbreak.is_letter(char) for char in word):
            inside.update(range(at + 1, at + len(word)))
        at += len(word)
    return inside


def _cuts(pieces: list[str]) -> set[int]:
    at, found = 0, set()
    for piece in pieces:
        at += len(piece)
        found.add(at)
    return found


def _unit_ranges(rules: Rules, text: str) -> list[tuple[int, int]]:
    """[start, end) of each unit of the text, its spaces left out (they stay break
    opportunities), units of one character left out (they cannot be broken). For the
    segmenters in MARKED, only the units joined from several of the segmenter's pieces: the
    zero-width spaces already give every other break, and a span per word made PDFium read
    Thai and Khmer words twice ("ใช้ชีวิตใช้ ชีวิต")."""
    if not rules.spans:
        return []
    own = _cuts(SEGMENTERS[rules.segmenter](rules, text)) if rules.segmenter in MARKED else None
    ranges, at = [], 0
    for unit in units(rules, text):
        core = unit.strip()
        joined = own is None or any(at < cut < at + len(unit) for cut in own)
        if len(core) > 1 and joined:
            start = at + unit.index(core)
            ranges.append((start, start + len(core)))
        at += len(unit)
    return ranges


def _marks(rules: Rules, text: str) -> set[int]:
    """Offsets of the text where a zero-width space goes between two units: where they
    meet letter to letter, for the segmenters in MARKED."""
    if rules.segmenter not in MARKED:
        return set()
    found, at, before = set(), 0, ""
    for unit in units(rules, text):
        if wordbreak.adjoin(before, unit):
            found.add(at)
        at += len(unit)
        before = unit
    return found


def _balanced(items: list[tuple[str, str]], start: int, end: int) -> tuple[int, int]:
    """The range widened until the tags inside it are balanced: a unit that starts inside an
    element (a word half in <strong>) takes the whole element."""
    while True:
        opened: list[int] = []
        widened = (start, end)
        for index in range(start, end):
            kind, value = items[index]
            if kind != "tag":
                continue
            if _END.fullmatch(value):
                if opened:
                    opened.pop()
                else:  # closes an element opened before the range: start before its start
                    widened = (_opening(items, index), end)
                    break
            elif (tag := _START.fullmatch(value)) and tag[1].lower() not in _VOID:
                opened.append(index)
        else:
            if opened:
                widened = (start, _closing(items, opened[0]) + 1)
        if widened == (start, end):
            return start, end
        start, end = widened


def _opening(items: list[tuple[str, str]], close: int) -> int:
    depth = 0
    for index in range(close, -1, -1):
        kind, value = items[index]
        if kind == "tag" and _END.fullmatch(value):
            depth += 1
        elif kind == "tag" and (tag := _START.fullmatch(value)) and tag[1].lower() not in _VOID:
            depth -= 1
            if depth == 0:
                return index
    return 0


def _closing(items: list[tuple[str, str]], open_: int) -> int:
    depth = 0
    for index in range(open_, len(items)):
        kind, value = items[index]
        if kind == "tag" and (tag := _START.fullmatch(value)) and tag[1].lower() not in _VOID:
            depth += 1
        elif kind == "tag" and _END.fullmatch(value):
            depth -= 1
            if depth == 0:
                return index
    return len(items) - 1


def _wrap_run(rules: Rules, pieces: list[str], sized_to_content: bool) -> str:
    """One run of inline content (text and inline tags, as in the HTML) with each unit of its
    text in a no-wrap span. A unit may cross an inline tag ("<strong>척추뼈</strong>라고" is
    one Korean word): its span then holds the whole element. `sized_to_content`: the run is
    inside a box sized to its content (shrink_to_fit), which needs _opportunity's spaces."""
    items: list[tuple[str, str]] = []  # ("char", c) or ("tag", "<...>")
    for piece in pieces:
        if _TOKEN.fullmatch(piece):
            items.append(("tag", piece))
        else:
            items.extend(("char", c) for c in html.unescape(piece))
    where = [index for index, (kind, _) in enumerate(items) if kind == "char"]
    text = "".join(items[i][1] for i in where)
    ranges: list[tuple[int, int]] = []
    for start, end in _unit_ranges(rules, text):
        start, end = _balanced(items, where[start], where[end - 1] + 1)
        if ranges and start < ranges[-1][1]:  # widened into the unit before: one span
            start = ranges.pop()[0]
        ranges.append((start, end))
    starts = {start for start, _ in ranges}
    ends = {end for _, end in ranges}
    marks = {where[at] for at in _marks(rules, text)}
    out = []
    for index, (kind, value) in enumerate(items):
        out.append("</span>" if index in ends else "")
        if index in marks or (
            sized_to_content and _opportunity(items, where, index, starts | ends)
        ):
            out.append(wordbreak.ZWSP)
        out.append(f'<span class="{NOBR}">' if index in starts else "")
        out.append(value if kind == "tag" else str(escape(value)))
    out.append("</span>" if len(items) in ends else "")
    return "".join(out)


def _opportunity(
    items: list[tuple[str, str]], where: list[int], index: int, edges: set[int]
) -> bool:
    """Whether a unit starts or ends at items[index] between two letters (no space there): a
    zero-width space goes there, as between Thai words. WeasyPrint finds no break opportunity
    between two no-wrap spans when it measures the narrowest a box can be, so a table cell of
    Japanese phrases was as wide as its whole text, and the table ran off the page. (A <wbr>
    element there did the same, but each is a box of its own: Chinese took 2.2 times as long
    to lay out, Japanese 1.5; the character, 1.2 and 1.4: so only in the boxes sized to
    their content, shrink_to_fit; a paragraph's lines break between the spans by themselves.)"""
    if index not in edges:
        return False
    at = bisect_left(where, index)
    return 0 < at < len(where) and not (
        items[where[at - 1]][1].isspace() or items[where[at]][1].isspace()
    )


def _tag_events(document: str):
    """(match, tag, attributes, is_start) for each start or end tag, in order."""
    for match in _TOKEN.finditer(document):
        if start := _START.fullmatch(match[0]):
            yield match, start[1].lower(), start[2], True
        elif end := _END.fullmatch(match[0]):
            yield match, end[1].lower(), "", False


def _keep_ends(document: str) -> str:
    """Each keep-end element's content with its last two units in one no-wrap span."""
    edits = []  # (start, end, language) of each keep-end element's content
    langs: list[tuple[str, str]] = []  # open elements: (tag, language)
    open_keep: list[tuple[int, int, str]] = []  # (depth, content start, language)
    for match, tag, attributes, is_start in _tag_events(document):
        if is_start:
            if tag in _VOID or attributes.rstrip().endswith("/"):
                continue
            lang = _LANG.search(attributes)
            langs.append((tag, lang[1] if lang else (langs[-1][1] if langs else "")))
            classes = _CLASS.search(attributes)
            if classes and KEEP_END in classes[1].split():
                open_keep.append((len(langs), match.end(), langs[-1][1]))
        else:
            while langs:
                depth = len(langs)
                if open_keep and open_keep[-1][0] == depth:
                    _, begin, lang = open_keep.pop()
                    if langs[-1][0] == tag:
                        edits.append((begin, match.start(), lang))
                if langs.pop()[0] == tag:
                    break
    for begin, end, lang in sorted(edits, reverse=True):
        document = document[:begin] + str(keep_end(document[begin:end], lang)) + document[end:]
    return document


# Tags that stay inside a run of text (a unit may cross them); any other tag ends the run.
_INLINE = {"strong", "b", "em", "i", "span", "a", "small", "sub", "sup", "br", "wbr"}


class _Open(NamedTuple):
    """An open element, as break_html() walks the HTML."""

    tag: str
    rules: Rules | None  # of its language
    skip: bool  # in the head (its text is not laid out as lines)
    inline: bool  # inside a run of text
    sized: bool  # in a box sized to its content (shrink_to_fit)


_OUTSIDE = _Open("", None, True, False, False)


def break_html(document: str) -> str:
    """The HTML with every safety line's end kept together, and the text of every element
    in a language that has rules cut into no-wrap units (the head is left as it is)."""
    document = _keep_ends(document)
    if not language_rules():
        return document
    out: list[str] = []
    run: list[str] = []
    stack: list[_Open] = []

    def flush() -> None:
        inner = stack[-1] if stack else _OUTSIDE
        if run and inner.rules is not None and not inner.skip and "".join(run).strip():
            out.append(_wrap_run(inner.rules, run, inner.sized))
        else:
            out.extend(run)
        run.clear()

    position = 0
    for match in _TOKEN.finditer(document):
        run.append(document[position : match.start()])
        position = match.end()
        token = match[0]
        start, end = _START.fullmatch(token), _END.fullmatch(token)
        tag = (start or end)[1].lower() if (start or end) else ""
        attributes = start[2] if start else ""
        lang = _LANG.search(attributes)
        inner = stack[-1] if stack else _OUTSIDE
        if (start and tag in _INLINE and not lang) or (end and inner.tag == tag and inner.inline):
            if start and tag not in _VOID:
                stack.append(inner._replace(tag=tag, inline=True))
            elif end and stack:
                stack.pop()
            run.append(token)
            continue
        flush()
        out.append(token)
        if start and tag not in _VOID and not attributes.rstrip().endswith("/"):
            stack.append(
                _Open(
                    tag,
                    rules_for(lang[1]) if lang else inner.rules,
                    # The body's text is broken; the head's is left as it is.
                    tag in _NOT_TEXT or (inner.skip and tag != "body"),
                    False,
                    inner.sized or _sized_to_content(tag, attributes),
                )
            )
        elif end:
            while stack:
                if stack.pop().tag == tag:
                    break
    run.append(document[position:])
    flush()
    return "".join(out)


def _sized_to_content(tag: str, attributes: str) -> bool:
    """Whether the element is one linebreak.toml's shrink_to_fit names ("td", ".masthead",
    "div.status-notice")."""
    classes = _CLASS.search(attributes)
    own = classes[1].split() if classes else []
    names = {tag, *(f".{c}" for c in own), *(f"{tag}.{c}" for c in own)}
    return not names.isdisjoint(shrink_to_fit())


@cache
def shrink_to_fit(path: Path = DATA) -> frozenset[str]:
    """The elements (tag, .class or tag.class) the stylesheet sizes to their content."""
    try:
        found = _read(path)[_SIZED]["elements"]
    except (KeyError, TypeError) as exc:
        raise RenderError(
            f"{path}: needs [{_SIZED}] elements = [...], the elements sized to their content "
            f"({exc})"
        ) from exc
    return frozenset(map(str, found))


def _no_break_spaces(html_text: str) -> str:
    """Every run of spaces in the text (not inside a tag) as one no-break space."""
    return "".join(
        piece if _TOKEN.fullmatch(piece) else re.sub(r"\s+", "\u00a0", piece)
        for piece in re.split(f"({_TOKEN.pattern})", html_text, flags=re.S)
    )


def keep_end(text: str, code: str) -> Markup:
    """A safety line's translation with its last two units (words, or phrases in a language
    without spaces) in one no-wrap span. A cut that would fall inside an element moves back
    to before that element, so the markup stays well nested."""
    text = str(text)
    tokens = [t for t in _TOKEN.split(text)]  # text, tag, text, tag, ..., text
    tags = _TOKEN.findall(text)
    tokens = [piece for pair in zip(tokens, [*tags, ""], strict=True) for piece in pair]
    kinds = ["text", "tag"] * (len(tokens) // 2)
    shown = [_shown(t, k) for t, k in zip(tokens, kinds, strict=True)]
    cut = _cut(rules_for(code) or Rules("spaces"), "".join(shown))
    if cut is None:
        return Markup(text)
    # The token and offset of the cut (a blank's start tag: before it), and the elements
    # open there.
    seen, opened = 0, []
    for index, (token, kind) in enumerate(zip(tokens, kinds, strict=True)):
        if seen + len(shown[index]) > cut:
            at, offset = index, cut - seen
            break
        seen += len(shown[index])
        if kind == "text":
            continue
        if _END.fullmatch(token):
            if opened:
                opened.pop()
        elif (start := _START.fullmatch(token)) and start[1].lower() not in _VOID:
            opened.append(index)
    else:
        return Markup(text)
    head = "".join(tokens[:at]) + tokens[at][:offset]
    tail = text[len(head) :]
    kept = tail.rstrip()
    if all(_END.fullmatch(t) for t in _TOKEN.findall(kept)) and re.search(r"\s", kept):
        # Plain words, perhaps closing the elements they are in: a no-break space between
        # them, not a span. WeasyPrint breaks a line too early before an inline box near its
        # end (Kozea/WeasyPrint#1614): a no-wrap span left "команда," alone on a line of the
        # Russian main message. And a span around a whole element (a rule that is all one
        # <strong>) could not wrap at all: the Turkish fasting rule ran off the page.
        return Markup(head + _no_break_spaces(kept) + tail[len(kept) :])
    rest = tokens[at + 1 :]
    if opened and all(_END.fullmatch(t) or not t.strip() for t in rest):
        # The last two units end the text the open elements close, with no space between
        # them (Burmese): a span inside those elements. Around them, a line that is all one
        # <strong> (the fasting rule) could not wrap, and ran off the page.
        inner = tokens[at][offset:].rstrip()
        return Markup(f'{head}<span class="{NOBR}">{inner}</span>{text[len(head) + len(inner) :]}')
    if opened:
        at, offset = opened[0], 0
    head = "".join(tokens[:at]) + tokens[at][:offset]
    tail = text[len(head) :]
    kept = tail.rstrip()
    return Markup(f'{head}<span class="{NOBR}">{kept}</span>{tail[len(kept) :]}')


def _shown(token: str, kind: str) -> str:
    """What a token of a safety line counts as when its units are found: its text, a blank's
    start tag one unit, any other tag nothing."""
    if kind == "text":
        return token
    start = _START.fullmatch(token)
    classes = _CLASS.search(start[2]) if start else None
    return _BLANK_UNIT if classes and "blank" in classes[1].split() else ""


def _cut(rules: Rules, visible: str) -> int | None:
    """Where the last two units of the visible text start (an index into it), or None when
    it is two units or fewer. Entities would shift the offsets: such a text is left as it is."""
    if "&" in visible:
        return None
    starts, at = [], 0
    for unit in units(rules, visible):
        if not unit.isspace():
            starts.append(at)
        at += len(unit)
    return starts[-2] if len(starts) > 2 else None
