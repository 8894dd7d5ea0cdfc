"""The README's map of the code is the tree: every module is on it, in its folder's line, and
nothing on it is missing from the tree; every module is declared render code or not
(provenance.CODE_ROLES), and only render code is in the code stamp."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT
from vertebro_print import provenance
from vertebro_print.project import PACKAGE_DIR


def readme_map() -> dict[str, set[str]]:
    """The map's folder lines: folder -> the module names on its line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where the code lives", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)[1]
    lines = block.split("tests/", 1)[0].splitlines()[1:]  # after src/vertebro_print/
    shown: dict[str, set[str]] = {}
    for line in filter(str.strip, lines):
        words = line.split()
        if line.startswith("  ") and not line.startswith("   "):  # a folder's own line
            folder = words.pop(0)
        shown.setdefault(folder, set()).update(words)  # else a folder's line goes on
    return shown


def tree() -> dict[str, set[str]]:
    """The package's folders and their modules (a subpackage as name/, no __init__)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        relative = path.relative_to(PACKAGE_DIR)
        folder = "." if len(relative.parts) == 1 else relative.parent.as_posix() + "/"
        if path.name != "__init__.py":
            found.setdefault(folder, set()).add(path.stem)
        elif folder != ".":
            parent = "." if len(relative.parts) == 2 else relative.parent.parent.as_posix() + "/"
            found.setdefault(parent, set()).add(relative.parent.name + "/")
    return found


def test_the_readme_map_is_the_tree():
    shown = readme_map()
    # A package is on its parent's line only when it is not a stage of its own line.
    for folder, modules in tree().items():
        listed = shown.get(folder, set())
        assert folder in shown, f"README's code map has no line for {folder}"
        missing = {m for m in modules if m not in listed and not (m.endswith("/") and m in shown)}
        assert not missing, f"README's code map misses {sorted(missing)} in {folder}"
        gone = listed - modules
        assert not gone, f"README's code map names {sorted(gone)} in {folder}, not in the tree"
    assert set(shown) <= set(tree()), "README's code map has a folder the tree does not"


def test_every_module_is_declared_render_code_or_not():
    undeclared = [str(p) for p in provenance.package_files() if provenance.code_role(p) is None]
    assert not undeclared, f"add them to provenance.CODE_ROLES: {undeclared}"
    stale = [key for key in provenance.CODE_ROLES if not (PACKAGE_DIR / key.rstrip("/")).exists()]
    assert not stale, f"provenance.CODE_ROLES names what is not there: {stale}"


def test_only_render_code_is_in_the_code_stamp(monkeypatch, tmp_path):
    """Editing a service module (the CLI, a translator tool) keeps every stamp; editing render
    code or its data (scripts.toml) changes them."""
    digests = {p: provenance.file_digest(PACKAGE_DIR / p) for p in provenance.package_files()}

    def stamp_with(changed: Path) -> str:
        edited = {**digests, changed: "edited"}
        monkeypatch.setattr(
            provenance, "file_digest", lambda path: edited[path.relative_to(PACKAGE_DIR)]
        )
        provenance.code_stamp.cache_clear()
        try:
            return provenance.code_stamp()
        finally:
            provenance.code_stamp.cache_clear()

    monkeypatch.setattr(
        provenance, "file_digest", lambda path: digests[path.relative_to(PACKAGE_DIR)]
    )
    provenance.code_stamp.cache_clear()
    base = provenance.code_stamp()
    for service in ("cli/translators.py", "translators/approve.py", "doctor.py", "web/pages.py"):
        assert stamp_with(Path(service)) == base, service
    for render in ("render.py", "plan/resolve.py", "i18n/scripts.toml", "html/templates.py"):
        assert stamp_with(Path(render)) != base, render
    provenance.code_stamp.cache_clear()
