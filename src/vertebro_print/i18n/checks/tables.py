"""The data tables the meaning checks read (TOML files beside them: lengths, identity,
daytimes, quantities, polarity), each parsed once per process; a table that does not parse
names its file."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent


@cache
def load(name: str) -> dict:
    path = FOLDER / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc
