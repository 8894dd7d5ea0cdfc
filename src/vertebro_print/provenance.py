"""Provenance, shared by the build and the web page: what a PDF depends on, hashed into a
stamp (an output whose stamp did not change since it was made is not made again), the names
under which the files a render loaded are recorded, and whether they are unchanged since.

An output's inputs are its handout's templates, the stylesheet, its locale's catalog and
review file, the settings that show on the page, the code that renders it (this package and
the versions of the libraries that lay it out), and the installed fonts it can draw with.
Files a render loads on the way (pictograms, the clinic logo) are recorded by the render
itself and checked separately (assets_unchanged), so editing one pictogram rebuilds only the
handouts that show it.

What counts as render code is declared in CODE_ROLES, one entry per module or package of
vertebro_print, and a test fails when a module is in none of them."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path

from vertebro_print import __version__, content_review
from vertebro_print.handouts import Handout
from vertebro_print.i18n.installed_fonts import installed_fonts
from vertebro_print.i18n.languages import configured_scripts, language
from vertebro_print.i18n.sources import all_templates, handout_templates
from vertebro_print.project import PACKAGE_DIR, Project

RENDER, SERVICE = "render", "service"
# Every module and package of vertebro_print (a name ending in "/" is a package, data files
# included), by what it is to a PDF. RENDER: it can change a PDF's bytes, so its files are
# part of every output's stamp and editing one rebuilds every PDF. SERVICE: it asks for
# renders, stores or shows them, or tells translators and IT about them; editing it rebuilds
# nothing.
CODE_ROLES: dict[str, str] = {
    "__init__.py": RENDER,  # the version, printed in the PDF's metadata
    "errors.py": RENDER,
    "settings.py": RENDER,
    "handouts.py": RENDER,
    "request.py": RENDER,
    "project.py": RENDER,
    "render.py": RENDER,
    "content_review.py": RENDER,  # the footer's "Content reviewed" or "Written" and its date
    "plan/": RENDER,
    "html/": RENDER,
    "pdf/": RENDER,
    "i18n/": RENDER,
    "lru.py": RENDER,  # the layout cache a packet is stapled from
    "__main__.py": SERVICE,
    "atomic.py": SERVICE,
    "workers.py": SERVICE,
    "warmup.py": SERVICE,  # loads the catalog checks' model in the web workers' forkserver
    "provenance.py": SERVICE,
    "listing.py": SERVICE,
    "doctor.py": SERVICE,
    "readability.py": SERVICE,
    "terms.py": SERVICE,  # the content owners' term list, checked by tests
    "translators/": SERVICE,
    "build/": SERVICE,
    "web/": SERVICE,
    "cli/": SERVICE,
}
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "uharfbuzz",
    "pyphen",
    "tinycss2",
    "jinja2",
    "babel",
)
# Settings that do not reach the page, or reach it only through files hashed on their own.
NOT_ON_PAGE = (
    "access_token",
    "idle_minutes",
    "store",
    "host_names",
    "trusted_proxies",
    "handouts_dir",
    "locales_dir",
    "logo",
    "enabled_languages",
)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """The sha256 of a file, or "" when it cannot be read: missing, a broken link, a folder
    (a state like any other; the render that needs the file says what is wrong)."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return ""


def code_role(relative: Path) -> str | None:
    """RENDER or SERVICE for a file of the package (its path inside it), None if undeclared."""
    top = relative.parts[0] + ("/" if len(relative.parts) > 1 else "")
    return CODE_ROLES.get(top)


def package_files() -> list[Path]:
    """The package's own files (not compiled bytecode), relative to it."""
    return sorted(
        path.relative_to(PACKAGE_DIR)
        for path in PACKAGE_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


@cache
def code_stamp() -> str:
    """The package version, its render code (data files too: scripts.toml picks the fonts)
    and the layout libraries' versions."""
    parts = [__version__]
    for relative in package_files():
        if code_role(relative) != SERVICE:  # undeclared counts as render code: safe
            parts.append(f"{relative}:{file_digest(PACKAGE_DIR / relative)}")
    for name in LIBRARIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    return digest("\n".join(parts).encode())


def font_files() -> list[Path]:
    """The installed files of every font family a handout can draw with (fontconfig's
    view, as WeasyPrint gets its fonts through fontconfig): those scripts.toml names, and
    the Noto Sans family of any other script."""
    scripts = configured_scripts().values()
    chosen = {
        family for s in scripts for v in (s, *dict(s.by_language).values()) for family in v.fonts
    }
    return sorted(
        path
        for families, path in installed_fonts()
        if families & chosen or any(f.startswith("Noto Sans") for f in families)
    )


@cache
def fonts_stamp() -> str:
    """Those font files by path, size and modification time (hashing their content would
    read 100 MB of CJK fonts). A font package upgrade rebuilds every PDF: new glyphs or
    widths can move any line."""
    described = []
    for path in font_files():
        try:
            status = path.stat()
        except OSError:
            continue
        described.append(f"{path}:{status.st_size}:{status.st_mtime_ns}")
    return digest("\n".join(described).encode())


def settings_stamp(project: Project) -> dict:
    values = {
        f.name: getattr(project.settings, f.name)
        for f in dataclasses.fields(project.settings)
        if f.name not in NOT_ON_PAGE
    }
    return json.loads(json.dumps(values, default=str))


class Stamper:
    """Stamps for one build (or, in the web server, for one second of requests): each file
    is read and hashed once however many outputs use it. Only the files named here are
    read: no folder is walked but the handout folder's templates."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._digests: dict[Path, str] = {}
        self._stamps: dict[tuple[str, str], str] = {}
        self._all_templates: list[str] | None = None
        self._common = {
            "code": code_stamp(),
            "fonts": fonts_stamp(),
            "settings": settings_stamp(project),
        }

    def digest_of(self, path: Path) -> str:
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        return self._digests[path]

    def _catalog_files(self, code: str) -> dict[str, Path]:
        folder = self.project.locales
        return {f"locales/{path.relative_to(folder.root)}": path for path in folder.files(code)}

    def inputs(self, handout: Handout, code: str) -> dict[str, Path]:
        """The files a handout in a locale is made from, by a name independent of where the
        project lives (moving the checkout rebuilds nothing)."""
        project = self.project
        handouts = project.handouts_dir
        translated = not language(code).is_source
        # A translated locale may print a handout only if every safety-critical string of
        # every template is ready, and a review goes out of date when any source string
        # changes: its outputs depend on all the templates, not only the handout's own.
        if not translated:
            templates = handout_templates(handouts, handout)
        else:
            if self._all_templates is None:
                self._all_templates = all_templates(handouts)
            templates = self._all_templates
        files = {f"handouts/{t}": handouts / t for t in templates}
        files.update(
            {f"handouts/{p.relative_to(handouts)}": p for p in sorted(handouts.glob("css/*"))}
        )
        # The clinical sign-offs: the footer says "Content reviewed" or "Written" from them.
        files[f"handouts/{content_review.REVIEW_FILE}"] = handouts / content_review.REVIEW_FILE
        if project.settings.logo:
            files["logo"] = Path(project.settings.logo)
        catalogs = (
            project.locale_codes()
            if project.settings.language_help_notice
            else [code]
            if translated
            else []
        )
        for other in catalogs:
            if not language(other).is_source:
                files.update(self._catalog_files(other))
        return files

    def source_stamp(self, handout: Handout, code: str) -> str:
        """The stamp of everything a (handout, locale) pair depends on, any paper and size.
        Made once per pair, as each file is read once: a build asks for each of the four
        variants, the web server for every request (its inputs listed, a glob among them)."""
        pair = (handout.id, code)
        if pair not in self._stamps:
            files = {
                name: self.digest_of(path) for name, path in self.inputs(handout, code).items()
            }
            record = {**self._common, "handout": handout.id, "locale": code, "files": files}
            self._stamps[pair] = digest(json.dumps(record, sort_keys=True).encode())
        return self._stamps[pair]

    def stamp(self, source_stamp: str, paper: str, large_print: bool) -> str:
        return digest(f"{source_stamp}:{paper}:{int(large_print)}".encode())


def asset_key(project: Project, path: Path) -> str:
    """A loaded file's name in a manifest: inside the handout folder, relative to it."""
    if path.is_relative_to(project.handouts_dir):
        return f"handouts/{path.relative_to(project.handouts_dir).as_posix()}"
    return str(path)


def asset_path(project: Project, key: str) -> Path:
    if key.startswith("handouts/"):
        return project.handouts_dir / key.removeprefix("handouts/")
    return Path(key)


def assets_unchanged(project: Project, stamper: Stamper, assets: dict[str, str]) -> bool:
    """Every file a render loaded (by asset_key) still has the recorded digest."""
    return all(stamper.digest_of(asset_path(project, key)) == sha for key, sha in assets.items())
