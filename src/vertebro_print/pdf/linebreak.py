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
line by itself (WeasyPrint also broke "Hãy / gọi ngay ... theo số ____" before it).

Applied to the HTML just before layout: render_html() stays the text as written, for the
--html output and for tests that look for a translation in it."""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from vertebro_print.errors import RenderError

DATA = Path(__file__).with_name("linebreak.toml")
NOBR = "nobr"  # the class of a unit's span (handout.css: white-space: nowrap)
KEEP_END = "keep-end"  # the class of a safety line, whose last two units stay together
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_START = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")
_END = re.compile(r"</([a-zA-Z][\w-]*)\s*>")
_LANG = re.compile(r'\blang="([^"]*)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
# Text that is not laid out as lines of the page.
_NOT_TEXT = {"head", "style", "script", "title"}


@dataclass(frozen=True)
class Rules:
    segmenter: str
    model: str = ""
    no_start: str = ""
    no_end: str = ""


def _budoux_units(rules: Rules, text: str) -> list[str]:
    return _budoux_parser(rules.model).parse(text)


def _space_units(rules: Rules, text: str) -> list[str]:
    # Spaces are units of their own: between-unit spaces stay break opportunities.
    return [piece for piece in re.split(r"(\s+)", text) if piece]


SEGMENTERS: dict[str, Callable[[Rules, str], list[str]]] = {
    "budoux": _budoux_units,
    "spaces": _space_units,
}
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
def language_rules(path: Path = DATA) -> dict[str, Rules]:
    """The languages with rules of their own, by locale code, read and checked once."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RenderError(f"cannot read the line-breaking rules {path}: {exc}") from exc
    found = {}
    for code, entry in data.items():
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
        unknown = set(entry) - {"segmenter", "model", "no_start", "no_end"}
        if unknown:
            raise RenderError(f"{path}: [{code}] unknown key(s) {', '.join(sorted(unknown))}")
        found[code] = Rules(segmenter, model, entry.get("no_start", ""), entry.get("no_end", ""))
    return found


def rules_for(tag: str) -> Rules | None:
    """The rules of a BCP 47 tag or locale code (zh-Hant, zh_Hant, ja), or None."""
    table = language_rules()
    code = tag.replace("-", "_")
    return table.get(code) or table.get(code.split("_")[0])


def units(rules: Rules, text: str) -> list[str]:
    """The text cut into units that must not be broken; "".join(units) == text. A unit that
    starts with a character a line may not start with joins the unit before it; one that
    ends with a character a line may not end with takes the next one."""
    joined: list[str] = []
    for unit in SEGMENTERS[rules.segmenter](rules, text):
        if joined and (
            (unit[0] in rules.no_start and not joined[-1].isspace())
            or (joined[-1][-1] in rules.no_end)
        ):
            joined[-1] += unit
        else:
            joined.append(unit)
    return joined


def _span(unit: str) -> str:
    """A unit in a no-wrap span, its surrounding spaces left outside (break opportunities). A
    one-character unit needs no span: it cannot be broken."""
    core = unit.strip()
    if len(core) < 2:
        return str(escape(unit))
    start = unit.index(core)
    return (
        str(escape(unit[:start]))
        + f'<span class="{NOBR}">{escape(core)}</span>'
        + str(escape(unit[start + len(core) :]))
    )


def _text(rules: Rules | None, raw: str) -> str:
    if rules is None or not raw.strip():
        return raw
    return "".join(_span(u) for u in units(rules, html.unescape(raw)))


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


def break_html(document: str) -> str:
    """The HTML with every safety line's end kept together, and the text of every element
    in a language that has rules cut into no-wrap units (text in the head, and in no-wrap
    spans already, is left as it is)."""
    document = _keep_ends(document)
    if not language_rules():
        return document
    out: list[str] = []
    # Open elements: (tag, the rules of their language or None, whether to leave their text).
    stack: list[tuple[str, Rules | None, bool]] = []
    position = 0
    for match in _TOKEN.finditer(document):
        rules, leave = (stack[-1][1], stack[-1][2]) if stack else (None, True)
        out.append(
            document[position : match.start()]
            if leave
            else _text(rules, document[position : match.start()])
        )
        out.append(match[0])
        position = match.end()
        if start := _START.fullmatch(match[0]):
            tag, attributes = start[1].lower(), start[2]
            if tag in _VOID or attributes.rstrip().endswith("/"):
                continue
            if lang := _LANG.search(attributes):
                rules = rules_for(lang[1])
            classes = _CLASS.search(attributes)
            # The body's text is broken; the head's, and a no-wrap span's (with what it
            # holds), is left as it is.
            leave = (
                (tag != "body" and leave)
                or tag in _NOT_TEXT
                or bool(classes and NOBR in classes[1].split())
            )
            stack.append((tag, rules, leave))
        elif end := _END.fullmatch(match[0]):
            tag = end[1].lower()
            while stack:
                if stack.pop()[0] == tag:
                    break
    out.append(document[position:])
    return "".join(out)


def keep_end(text: str, code: str) -> Markup:
    """A safety line's translation with its last two units (words, or phrases in a language
    without spaces) in one no-wrap span. A cut that would fall inside an element moves back
    to before that element, so the markup stays well nested."""
    text = str(text)
    tokens = [t for t in _TOKEN.split(text)]  # text, tag, text, tag, ..., text
    tags = _TOKEN.findall(text)
    tokens = [piece for pair in zip(tokens, [*tags, ""], strict=True) for piece in pair]
    kinds = ["text", "tag"] * (len(tokens) // 2)
    visible = "".join(t for t, k in zip(tokens, kinds, strict=True) if k == "text")
    cut = _cut(rules_for(code) or Rules("spaces"), visible)
    if cut is None:
        return Markup(text)
    # The token and offset of the cut, and the elements open there.
    seen, opened = 0, []
    for index, (token, kind) in enumerate(zip(tokens, kinds, strict=True)):
        if kind == "text":
            if seen + len(token) > cut:
                at, offset = index, cut - seen
                break
            seen += len(token)
        elif _END.fullmatch(token):
            if opened:
                opened.pop()
        elif (start := _START.fullmatch(token)) and start[1].lower() not in _VOID:
            opened.append(index)
    else:
        return Markup(text)
    if opened:
        at, offset = opened[0], 0
    head = "".join(tokens[:at]) + tokens[at][:offset]
    tail = text[len(head) :]
    kept = tail.rstrip()
    return Markup(f'{head}<span class="{NOBR}">{kept}</span>{tail[len(kept) :]}')


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
