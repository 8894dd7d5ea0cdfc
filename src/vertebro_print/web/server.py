"""Running the web app on uvicorn (with the deadlines of connections.py), and the rule for
which addresses it may listen on."""

from __future__ import annotations

import copy
import ipaddress
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from vertebro_print.errors import UsageError
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web.connections import KEEP_ALIVE, Deadlines


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_exposure(host: str, settings: Settings) -> None:
    """Anything but loopback reaches other machines: only with a password, and only when
    the settings name the host names those machines will use (the page answers no other)."""
    if is_loopback(host):
        return
    if not settings.access_token:
        raise UsageError(
            f"refusing to serve on {host}: other computers could reach the page "
            f"without a password. Set server.access_token in the settings file, "
            f"or serve on 127.0.0.1"
        )
    if all(is_loopback(name) for name in settings.host_names):
        raise UsageError(
            f"refusing to serve on {host}: the page answers only to the names in "
            f"server.host_names ({', '.join(settings.host_names)}), which other computers "
            f"cannot use. Add the name or address they will type, e.g. "
            f'host_names = ["frontdesk.clinic.lan", "192.168.1.20"]'
        )


def log_config() -> dict:
    """uvicorn's logging, plus our own render lines. No access log: request lines are not
    needed, and logs record only handout, language and variant."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["vertebro_print"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def server_config(app: ASGIApp, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for the app: receipt deadlines and a connection bound
    (connections.py), a short keep-alive, no access log, no Server header, and forwarded
    headers only through the app's own trusted-proxy middleware. `options` go to uvicorn
    (host and port; tests give `http` with shorter deadlines)."""
    settings = {
        "http": Deadlines.with_limits(),
        "timeout_keep_alive": KEEP_ALIVE,
        "access_log": False,
        "log_config": log_config(),
        "server_header": False,
        "proxy_headers": False,
        **options,
    }
    return uvicorn.Config(app, **settings)


def serve(
    project: Project,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int | None = None,
    prebuilt: Path | None = None,
) -> None:
    """Serve the front desk page until interrupted."""
    from vertebro_print.web.app import create_app

    check_exposure(host, project.settings)
    uvicorn.Server(
        server_config(create_app(project, workers, prebuilt), host=host, port=port)
    ).run()
