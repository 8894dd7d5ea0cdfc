"""The handouts this project prints, read from handouts/handouts.toml, and a Babel extraction
method so their titles land in messages.pot like every other string."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vertebro_print.errors import SettingsError

REGISTRY_FILE = "handouts.toml"


@dataclass(frozen=True)
class Handout:
    id: str
    title: str  # English; a msgid
    code: str  # document code printed in every footer, e.g. VP-AFTER
    parts: tuple[str, ...]  # content templates, relative to the handouts folder
    # Whether the appointment box (date, arrival, time to stop eating) heads it: only
    # before the procedure; after it, "stop eating at" confuses.
    appointment: bool = False
    # Whether it prints the box at all: itself, or a handout it is made of (the packet);
    # load_registry() works it out once, from the whole registry.
    boxed: bool = False


def standalone_parts(handouts: dict[str, Handout]) -> dict[str, Handout]:
    """The handouts that are one part alone, by that part: a handout made of several parts
    (the packet) heads each part with that handout's title and code."""
    return {h.parts[0]: h for h in handouts.values() if len(h.parts) == 1}


def shows_appointment(handouts: dict[str, Handout], handout: Handout) -> bool:
    """Whether the handout, or a handout it is made of, prints the appointment box."""
    alone = standalone_parts(handouts)
    return handout.appointment or any(alone[p].appointment for p in handout.parts if p in alone)


def load_registry(handouts_dir: Path) -> dict[str, Handout]:
    path = handouts_dir / REGISTRY_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read the handout list {path}: {exc}") from exc
    handouts = {}
    for hid, entry in data.items():
        try:
            handouts[hid] = Handout(hid, entry["title"], entry["code"], tuple(entry["parts"]))
        except (KeyError, TypeError) as exc:
            raise SettingsError(f"{path}: handout [{hid}] needs title, code and parts") from exc
        appointment = entry.get("appointment", False)
        if not isinstance(appointment, bool):
            raise SettingsError(
                f"{path}: handout [{hid}]: appointment must be true or false, got {appointment!r}"
            )
        handouts[hid] = replace(handouts[hid], appointment=appointment)
        for part in handouts[hid].parts:
            if not (handouts_dir / part).is_file():
                raise SettingsError(f"{path}: handout [{hid}] names {part}, which does not exist")
    return {hid: replace(h, boxed=shows_appointment(handouts, h)) for hid, h in handouts.items()}


def extract_titles(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method for handouts.toml: yields each handout's title."""
    text = fileobj.read().decode("utf-8")
    data = tomllib.loads(text)
    lines = text.splitlines()
    for hid, entry in data.items():
        lineno = next((i + 1 for i, line in enumerate(lines) if line.strip() == f"[{hid}]"), 1)
        yield lineno, "gettext", entry["title"], [f"Title of the '{hid}' handout."]
