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
# The longest password the login form and HTTP Basic take; a longer one is refused when the
# settings are read, so every password the settings accept can be typed into the form.
MAX_TOKEN_LENGTH = 256
STORE_SCHEMES = ("redis://", "rediss://", "unix://")


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
    region: str = _setting(
        "clinic.region",
        "",
        'The clinic\'s country or region, an ISO 3166 code ("US", "ES", "CA"): every language '
        "prints its dates, times and numbers as CLDR writes them there where CLDR has that "
        'locale (Spanish in the US "7:30 a.m.", in Spain "7:30"). Empty: each language\'s own '
        "default. A catalog's own CLOCK wins.",
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
        "Changing it signs everyone out. Taken as typed (no spaces trimmed): at most "
        f"{MAX_TOKEN_LENGTH} characters, without control characters or spaces at either end.",
    )
    idle_minutes: int = _setting(
        "server.idle_minutes",
        30,
        "A staff session unused for this many minutes ends (the browser signs in again); "
        "every session ends after 12 hours whatever this says.",
    )
    store: str = _setting(
        "server.store",
        "",
        "Where staff sessions and the wrong-password counts live. Empty: in this server's "
        "memory (one server). A Redis or Valkey URL (redis://host:6379/0, rediss:// for TLS, "
        "unix:///run/redis.sock) shares them between several servers behind one proxy.",
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
        "int": "whole number",
        "tuple[str, ...]": "list of text",
    }[str(f.type)]


def _convert(f: dataclasses.Field, value: Any, base: Path) -> Any:
    key, kind = f.metadata["key"], str(f.type)
    wrong = SettingsError(f"setting {key} must be {_type_name(f)}, got {value!r}")
    if kind == "bool":
        if not isinstance(value, bool):
            raise wrong
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SettingsError(f"setting {key} must be a whole number of 1 or more, got {value!r}")
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
    if f.name == "region" and value:
        return _region(value)
    if f.name == "access_token":
        check_access_token(value)
    if f.name == "store" and value and not value.startswith(STORE_SCHEMES):
        raise SettingsError(
            f"setting {key} must be empty (this server's memory) or a URL starting with "
            f"{', '.join(STORE_SCHEMES)}, got {value!r}"
        )
    return value


def _region(value: str) -> str:
    """An ISO 3166 code CLDR knows as a territory (two letters, as in "es_US")."""
    from babel import Locale

    code = value.strip().upper()
    if len(code) != 2 or code not in Locale.parse("en").territories:
        raise SettingsError(
            f"setting clinic.region must be an ISO 3166 country code such as US, ES or CA, "
            f"got {value!r}"
        )
    return code


def check_access_token(token: str) -> None:
    """A password staff can give in the login form and other systems by HTTP Basic, both
    taken as typed: refused here, when the settings are read, if either could not carry it."""
    problem = ""
    if len(token) > MAX_TOKEN_LENGTH:
        problem = f"it is {len(token)} characters long, the most is {MAX_TOKEN_LENGTH}"
    elif token != token.strip():
        problem = "it starts or ends with a space, which is easy to lose when typing it"
    elif any(ord(c) < 32 or ord(c) == 127 for c in token):
        problem = "it holds a control character (a line break, a tab), which a form cannot send"
    if problem:
        raise SettingsError(f"setting server.access_token cannot be used as a password: {problem}")


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
