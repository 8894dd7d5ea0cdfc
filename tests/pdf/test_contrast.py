"""Every text colour in the print stylesheet meets WCAG AA (4.5:1) against every background
it can sit on: the background of its own rule if it sets one, else white and every tinted
box background the stylesheet defines."""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2

CSS = Path(__file__).resolve().parents[2] / "handouts" / "css" / "handout.css"
HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rules() -> list[tuple[str, dict[str, str]]]:
    parsed = tinycss2.parse_stylesheet(CSS.read_text(), skip_comments=True, skip_whitespace=True)
    found = []
    for rule in parsed:
        if rule.type != "qualified-rule":
            continue
        declarations = {
            d.lower_name: tinycss2.serialize(d.value)
            for d in tinycss2.parse_declaration_list(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            if d.type == "declaration"
        }
        found.append((tinycss2.serialize(rule.prelude).strip(), declarations))
    return found


def background(declarations: dict[str, str]) -> str | None:
    for name in ("background", "background-color"):
        match = HEX.search(declarations.get(name, ""))
        if match:
            return match.group(0)
    return None


def test_text_colours_meet_wcag_aa():
    all_rules = rules()
    page_backgrounds = {"#ffffff"} | {
        b for _, d in all_rules if (b := background(d)) and luminance(b) > 0.5
    }
    checked = 0
    for selector, declarations in all_rules:
        match = HEX.search(declarations.get("color", ""))
        if not match:
            continue
        own = background(declarations)
        for bg in [own] if own else page_backgrounds:
            checked += 1
            ratio = contrast(match.group(0), bg)
            assert ratio >= 4.5, f"{selector}: {match.group(0)} on {bg} is {ratio:.2f}:1"
    assert checked >= 10


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
