"""DIR/manifest.json: every PDF a build made (with its size, hash, pages, and the stamp of the
inputs it was made from) and every locale or handout it skipped, with the reason.

The manifest is the build's memory: the next build reuses an output only when the manifest
says it was made from the same inputs and the file still has the recorded bytes. It is
written atomically, and only once every output it lists is in place."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vertebro_print import __version__
from vertebro_print.atomic import write_if_changed
from vertebro_print.provenance import digest

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the output folder, with forward slashes
    handout: str
    locale: str
    title: str  # the handout's title in its own language
    paper: str
    large_print: bool
    pages: int
    bytes: int
    sha256: str
    content_version: str
    review_status: str  # source | draft | reviewed | outdated
    stamp: str  # of the inputs known before rendering (stamps.py)
    assets: dict[str, str] = field(default_factory=dict)  # files the render loaded -> sha256

    def intact(self, out_dir: Path) -> bool:
        """The file is in the output folder with the recorded size and content."""
        return self.matches(out_dir / self.path)

    def matches(self, path: Path) -> bool:
        try:
            return path.stat().st_size == self.bytes and digest(path.read_bytes()) == self.sha256
        except OSError:
            return False


@dataclass(frozen=True)
class Skip:
    locale: str
    handouts: tuple[str, ...]
    reason: str
    # The stamps of the skipped outputs: while they stand, the next build skips them again
    # for the same reason without asking a worker.
    stamps: tuple[str, ...] = ()


@dataclass
class Manifest:
    files: dict[str, FileEntry] = field(default_factory=dict)  # by path
    skipped: list[Skip] = field(default_factory=list)

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "generator": f"vertebro-print {__version__}",
            "files": [asdict(self.files[p]) for p in sorted(self.files)],
            "skipped": [asdict(s) for s in sorted(self.skipped, key=lambda s: s.locale)],
        }
        return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"

    def save(self, out_dir: Path) -> None:
        write_if_changed(out_dir / MANIFEST, self.to_json().encode("utf-8"))


def load(out_dir: Path) -> Manifest:
    """The previous build's manifest; an empty one when there is none, or when it cannot be
    read (then every output is rebuilt, which is always safe)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return Manifest()
        files = {e["path"]: FileEntry(**e) for e in data["files"]}
        skipped = [
            Skip(s["locale"], tuple(s["handouts"]), s["reason"], tuple(s["stamps"]))
            for s in data["skipped"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()
    return Manifest(files, skipped)
