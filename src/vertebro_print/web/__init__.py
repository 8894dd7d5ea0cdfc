"""The front desk's web page and JSON API: `create_app(project)` for any ASGI server,
`serve(project, host, port)` to run it on uvicorn."""

from vertebro_print.web.app import create_app
from vertebro_print.web.server import serve

__all__ = ["create_app", "serve"]
