"""Shared fixtures. Every test fails on an unexpected warning from WeasyPrint or from
vertebro-print itself (logging is a contract: see README.md, "Logging")."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

import pytest

from vertebro_print.project import Project
from vertebro_print.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = Path(__file__).resolve().parent / "resources"


@pytest.fixture(autouse=True)
def no_unexpected_warnings(caplog):
    caplog.set_level(logging.WARNING)
    yield
    noisy = [r for r in caplog.get_records("call")
             if r.levelno >= logging.WARNING and r.name.split(".")[0] in ("weasyprint", "vertebro_print")
             and not getattr(r, "expected", False)]
    allowed = getattr(caplog, "allowed_warnings", ())
    unexpected = [r for r in noisy if not any(a in r.getMessage() for a in allowed)]
    assert not unexpected, "unexpected warnings: " + "; ".join(r.getMessage() for r in unexpected)


@pytest.fixture(scope="session")
def project() -> Project:
    """The shipped handouts and catalogs, with no settings file."""
    return Project(Settings())


@pytest.fixture(scope="session")
def clinic_project() -> Project:
    return Project(load_settings(RESOURCES / "settings" / "clinic.toml"))


@pytest.fixture
def locales_copy(tmp_path) -> Path:
    """A throwaway copy of the shipped catalogs, for tests that change them."""
    target = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", target)
    return target


def pdf_text_pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
