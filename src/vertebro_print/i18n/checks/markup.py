"""What markup and placeholders a translation may hold: exactly the source's.

Translations are inserted into the handout as HTML (Jinja's newstyle gettext marks them safe
and then %-formats them), so a translation is parsed as HTML, never matched with a regular
expression: `<link rel="attachment" href="..."` without its closing `>` is still an element
to a browser's tolerant parser, and text after `<` can become one in another context. Any `<`
that does not open one of the source's own tags is refused, and so are comments,
declarations and processing instructions."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# Jinja's newstyle gettext always %-formats a translation, so a lone % breaks the render.
PERCENT = re.compile(r"%(?:\((\w+)\)([sd])|(%)|)")


class _Tags(HTMLParser):
    """The tags of a fragment, in order, and the reasons it is not plain text and tags."""

    def __init__(self) -> None:
        # Entities stay entities: "&lt;" is a visible "<", not the start of a tag.
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[str, str, tuple]] = []
        self.refused: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.tags.append(("empty", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_endtag(self, tag):
        self.tags.append(("end", tag, ()))

    def handle_data(self, data):
        if "<" in data:
            after = data.split("<", 1)[1][:40]
            self.refused.append(f"a '<' that opens no allowed tag ('<{after}')")

    def handle_comment(self, data):
        self.refused.append("an HTML comment")

    def handle_decl(self, decl):
        self.refused.append(f"a declaration <!{decl[:30]}>")

    def unknown_decl(self, data):
        self.refused.append(f"a declaration <![{data[:30]}")

    def handle_pi(self, data):
        self.refused.append(f"a processing instruction <?{data[:30]}")


def parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def _show(tag: tuple[str, str, tuple]) -> str:
    kind, name, attrs = tag
    shown = "".join(f' {k}="{v}"' for k, v in attrs)
    return f"</{name}>" if kind == "end" else f"<{name}{shown}{'/' if kind == 'empty' else ''}>"


def _nesting_error(tags: list[tuple[str, str, tuple]]) -> str:
    open_: list[str] = []
    for kind, name, _ in tags:
        if kind == "start":
            open_.append(name)
        elif kind == "end":
            if not open_ or open_[-1] != name:
                return f"</{name}> closes a tag that is not open there"
            open_.pop()
    return f"<{open_[-1]}> is never closed" if open_ else ""


def markup_problem(source: str, translation: str) -> str:
    """Why the translation's markup is not exactly the source's, or ""."""
    got = parse(translation)
    if got.refused:
        return f"holds {got.refused[0]}; only the source's tags are allowed"
    want = Counter(_show(t) for t in parse(source).tags)
    have = Counter(_show(t) for t in got.tags)
    if want != have:
        extra = sorted((have - want).elements())
        lost = sorted((want - have).elements())
        parts = [
            f"adds {', '.join(extra)}" if extra else "",
            f"drops {', '.join(lost)}" if lost else "",
        ]
        return "markup differs from the source: " + "; ".join(p for p in parts if p)
    return _nesting_error(got.tags)


def placeholders(text: str) -> tuple[Counter, list[str]]:
    """The %(name)s placeholders of a string, and its lone % signs (each breaks formatting)."""
    names: Counter = Counter()
    lone = []
    for match in PERCENT.finditer(text):
        if match[1]:
            names[f"%({match[1]}){match[2]}"] += 1
        elif not match[3]:
            lone.append(text[match.start() : match.start() + 12])
    return names, lone


def placeholder_problem(
    ids: tuple[str, ...], translation: str, optional: frozenset[str] = frozenset()
) -> str:
    """Why one translated form does not hold exactly the source's placeholders, or "".
    Each form of a plural message needs every placeholder of the source's plural form: a
    form is printed for many counts (Russian's first form for 1, 21, 31...). `optional`: the
    names a form printed for one number only may leave out (it says the count in words)."""
    allowed = set().union(*(placeholders(i)[0] for i in ids))
    required = {p for p in placeholders(ids[-1])[0] if PERCENT.match(p)[1] not in optional}
    have, lone = placeholders(translation)
    if lone:
        return f"has a lone % ({lone[0]!r}); write %% for a percent sign"
    if extra := set(have) - allowed:
        names = ", ".join(sorted(extra))
        return f"unknown placeholder {names}; the source has " + (
            ", ".join(sorted(allowed)) or "none"
        )
    if lost := required - set(have):
        return f"drops the placeholder {', '.join(sorted(lost))}"
    return ""
