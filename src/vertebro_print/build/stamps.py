"""What a built PDF depends on, hashed into a stamp: an output whose stamp did not change
since the last build is not rendered again.

An output's inputs are its handout's templates, the stylesheet, its locale's catalog and
review file, the settings that show on the page, the code that renders it (this package and
the versions of the libraries that lay it out), and the installed fonts it can draw with.
Files a render loads on the way (pictograms, the clinic logo) are recorded by the render
itself and checked separately (see build.py), so editing one pictogram rebuilds only the
handouts that show it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path

from vertebro_print import __version__
from vertebro_print.handouts import Handout
from vertebro_print.i18n.catalogs import REVIEW_NAME, po_path
from vertebro_print.i18n.languages import configured_scripts, language
from vertebro_print.i18n.sources import all_templates, handout_templates
from vertebro_print.pdf.installed_fonts import installed_fonts
from vertebro_print.project import PACKAGE_DIR, Project

# The stages that use renders (building a folder, serving the web page) and the CLI never
# change a PDF's bytes, so editing them must not rebuild every PDF. The rest of the package
# (the core, i18n/ and pdf/) counts as render code.
NOT_RENDER_CODE = ("build", "cli", "web")
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


@cache
def code_stamp() -> str:
    """The package version, its render code and the layout libraries' versions."""
    parts = [__version__]
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR)
        if relative.parts[0].removesuffix(".py") not in NOT_RENDER_CODE:
            parts.append(f"{relative}:{file_digest(path)}")
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
    chosen = {family for s in configured_scripts().values() for family in s.fonts}
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
        locales = self.project.locales_dir
        return {
            f"locales/{path.relative_to(locales)}": path
            for path in (po_path(locales, code), locales / code / REVIEW_NAME)
        }

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
        """The stamp of everything a (handout, locale) pair depends on, any paper and size."""
        files = {name: self.digest_of(path) for name, path in self.inputs(handout, code).items()}
        record = {**self._common, "handout": handout.id, "locale": code, "files": files}
        return digest(json.dumps(record, sort_keys=True).encode())

    def stamp(self, source_stamp: str, paper: str, large_print: bool) -> str:
        return digest(f"{source_stamp}:{paper}:{int(large_print)}".encode())
