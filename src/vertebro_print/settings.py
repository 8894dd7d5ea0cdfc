"""The one settings file. Every setting is declared once, here, as a dataclass field with its
TOML key, default and help text; the CLI, the web app, the README table and the example file
all read these declarations (a test fails when one is undocumented)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vertebro_print.errors import SettingsError


@dataclass(frozen=True)
class Paper:
    """A paper size: its name in settings and requests, its CSS @page size, its label."""

    id: str
    css_size: str
    label: str


PAPER_SIZES = {
    paper.id: paper
    for paper in (
        Paper("a4", "A4", "A4 (210 × 297 mm)"),
        Paper("letter", "letter", "US Letter (8.5 × 11 in)"),
    )
}
PAPERS = tuple(PAPER_SIZES)
SETTINGS_ENV = "VERTEBRO_PRINT_SETTINGS"
LOGO_SUFFIXES = (".svg", ".png")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def _setting(key: str, default: Any, help: str, choices: tuple[str, ...] = ()) -> Any:
    return field(default=default, metadata={"key": key, "help": help, "choices": choices})


@dataclass(frozen=True)
class Settings:
    clinic_name: str = _setting(
        "clinic.name", "", "Clinic name, printed on page 1. Empty: a labelled blank line."
    )
    clinic_phone: str = _setting(
        "clinic.phone",
        "",
        "Clinic phone, printed on page 1 and beside the warning signs. "
        "Empty: a labelled blank line.",
    )
    clinic_address: str = _setting(
        "clinic.address", "", "Clinic address, printed on page 1 under the name."
    )
    emergency_number: str = _setting(
        "clinic.emergency_number",
        "",
        "Local emergency number (911 in the US, 112 in the EU), printed beside the warning "
        "signs and in the disclaimer on every page. "
        "Empty: the handout says 'your local emergency number'.",
    )
    logo: str = _setting(
        "clinic.logo",
        "",
        "Optional logo printed on page 1: an .svg or .png file, "
        "a path relative to the settings file.",
    )
    paper: str = _setting("print.paper", "a4", "Default paper size.", PAPERS)
    language_help_notice: bool = _setting(
        "print.language_help_notice",
        False,
        "Add the 'free language help' notice, in every "
        "shipped language, at the end of every handout.",
    )
    content_version: str = _setting(
        "content.version", "1.0", "Content version printed in every footer."
    )
    enabled_languages: tuple[str, ...] = _setting(
        "languages.enabled",
        (),
        'Locale codes offered to staff, e.g. ["en", "es"]. '
        "Empty: every locale found in the locales folder.",
    )
    handouts_dir: Path | None = _setting(
        "paths.handouts_dir",
        None,
        "A clinic's own folder of handout templates, instead of the shipped one.",
    )
    locales_dir: Path | None = _setting(
        "paths.locales_dir", None, "A clinic's own folder of catalogs, instead of the shipped one."
    )
    access_token: str = _setting(
        "server.access_token",
        "",
        "Password staff must give when the web page is served on "
        "an address other than loopback. Required for such addresses. "
        "Changing it signs everyone out.",
    )
    host_names: tuple[str, ...] = _setting(
        "server.host_names",
        LOOPBACK_NAMES,
        "The names (and addresses) browsers use to reach the web page; a request for "
        "any other Host is refused (421), which stops DNS-rebinding pages. Add the "
        'server\'s own name or address to serve other computers, e.g. "frontdesk.clinic.lan".',
    )
    trusted_proxies: tuple[str, ...] = _setting(
        "server.trusted_proxies",
        (),
        'Addresses of a reverse proxy in front of the web page (e.g. ["127.0.0.1"] for nginx '
        "on the same machine) whose X-Forwarded-For and X-Forwarded-Proto are believed: "
        "throttling then counts the real client, and the sign-in cookie is Secure over HTTPS.",
    )

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def declared() -> list[dataclasses.Field]:
    """The declarations of every setting, in file order."""
    return list(dataclasses.fields(Settings))


def _type_name(f: dataclasses.Field) -> str:
    return {
        "str": "text",
        "bool": "true/false",
        "dt.date": "date",
        "Path | None": "path",
        "tuple[str, ...]": "list of text",
    }[str(f.type)]


def _convert(f: dataclasses.Field, value: Any, base: Path) -> Any:
    key, kind = f.metadata["key"], str(f.type)
    wrong = SettingsError(f"setting {key} must be {_type_name(f)}, got {value!r}")
    if kind == "bool":
        if not isinstance(value, bool):
            raise wrong
        return value
    if kind == "dt.date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise SettingsError(
                f"setting {key} must be a date like 2026-11-20, got {value!r}"
            ) from exc
    if kind == "tuple[str, ...]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise wrong
        if f.name == "host_names" and not value:
            raise SettingsError(
                f"setting {key} must name at least one host, e.g. "
                '["localhost", "127.0.0.1", "[::1]"]; an empty list would refuse every request'
            )
        return tuple(value)
    if not isinstance(value, str):
        raise wrong
    if kind == "Path | None":
        return (base / value).resolve() if value else None
    if f.metadata["choices"] and value not in f.metadata["choices"]:
        raise SettingsError(
            f"setting {key} must be one of {', '.join(f.metadata['choices'])}, got {value!r}"
        )
    if f.name == "logo" and value:
        return _logo(base / value)
    return value


def _logo(path: Path) -> str:
    """The logo is a picture and nothing else: the render may read it, so it must not be
    a way to put any other file of the server on a page."""
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise SettingsError(
            f"setting clinic.logo must be an .svg or .png file, got {path.name!r}; "
            "convert the logo to SVG or PNG"
        )
    resolved = path.resolve()
    if not resolved.is_file():
        raise SettingsError(f"setting clinic.logo: there is no file at {resolved}")
    return str(resolved)


# Settings that are gone, with what replaced them: an old settings file says so in one line.
RETIRED = {
    "content.review_date": (
        "a footer says a handout was reviewed only when a clinical reviewer's sign-off is "
        "recorded (`vertebro-print content approve`, handouts/content-review.toml); remove "
        "this line"
    ),
}


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    """Read the settings file (argument, else $VERTEBRO_PRINT_SETTINGS); no file: defaults."""
    path = path or os.environ.get(SETTINGS_ENV)
    if not path:
        return Settings()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from exc
    by_key = {f.metadata["key"]: f for f in declared()}
    values: dict[str, Any] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: '{section}' must be a [section] of settings")
        for name, value in table.items():
            key = f"{section}.{name}"
            if key in RETIRED:
                raise SettingsError(f"{path}: {key} is no longer a setting: {RETIRED[key]}")
            if key not in by_key:
                raise SettingsError(
                    f"{path}: unknown setting {key}; valid settings: {', '.join(by_key)}"
                )
            values[by_key[key].name] = _convert(by_key[key], value, path.parent.resolve())
    return Settings(**values)


def settings_markdown() -> str:
    """The settings table for the README, generated from the declarations."""
    rows = ["| setting | type | default | meaning |", "| --- | --- | --- | --- |"]
    for f in declared():
        default = f.default if f.default not in ("", None, ()) else "(empty)"
        if isinstance(default, tuple):  # as it is written in the file
            default = "[" + ", ".join(f'"{item}"' for item in default) + "]"
        rows.append(
            f"| `{f.metadata['key']}` | {_type_name(f)} | `{default}` | {f.metadata['help']} |"
        )
    return "\n".join(rows)
