"""What every route answers with: HTML pages from the web templates, PDFs and PNGs with their
caching headers, and errors as JSON (under /api/) or as a friendly page (elsewhere)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from vertebro_print.errors import CatalogError, LocaleNotReady, RenderError, VertebroError
from vertebro_print.request import RenderRequest
from vertebro_print.web.inputs import MAX_BODY
from vertebro_print.web.renderer import Output, ServiceBusy
from vertebro_print.web.security import render_client
from vertebro_print.web.staff import error_body, staff_message

log = logging.getLogger("vertebro_print.web")
HERE = Path(__file__).resolve().parent
PAGES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
# Pages may hold what staff typed (appointment details): browsers must not keep them.
NO_STORE = {"cache-control": "no-store"}


def page(name: str, status_code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(PAGES.get_template(name).render(**context), status_code, headers=NO_STORE)


def status_for(exc: Exception) -> int:
    if isinstance(exc, (LocaleNotReady, CatalogError)):
        return 409  # a real language that cannot print this handout now
    if isinstance(exc, ServiceBusy):
        return 503
    if isinstance(exc, RenderError):
        return 500
    return 400


def failure_status(request: Request, exc: Exception) -> int:
    """The status for a VertebroError; a server-side failure is logged, by its type only (a
    message could quote what was typed). A busy queue's 503 is logged at most once a minute
    per client: a client that ignores Retry-After must not fill the log."""
    status = status_for(exc)
    if status >= 500 and (
        not isinstance(exc, ServiceBusy)
        or request.app.state.busy_notes(render_client(request.scope))
    ):
        log.error("%s %s failed: %s", request.method, request.url.path, type(exc).__name__)
    return status


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def domain_error(request: Request, exc: Exception) -> Response:
    """A VertebroError from a route: the user's to fix (4xx) or a failed render (5xx)."""
    assert isinstance(exc, VertebroError)
    status = failure_status(request, exc)
    headers = dict(NO_STORE)
    if isinstance(exc, ServiceBusy):
        headers["retry-after"] = str(exc.retry_after)
    if wants_json(request):
        return JSONResponse(error_body(request, exc), status, headers=headers)
    message = staff_message(exc, dict(request.query_params), request.app.state.project)
    response = page("error.html.j2", status, message=message, status=status)
    response.headers.update(headers)
    return response


# Starlette's own details are bare status phrases ("Not Found"): say what happened instead.
PLAIN_WORDS = {
    404: "There is no page at this address.",
    405: "This address does not take that kind of request.",
}


async def http_error(request: Request, exc: Exception) -> Response:
    """404 for unknown paths, 405 for a wrong method, 413/415 for bodies we do not read."""
    assert isinstance(exc, HTTPException)
    detail = exc.detail
    if detail == HTTPStatus(exc.status_code).phrase:
        detail = PLAIN_WORDS.get(exc.status_code, detail)
    if wants_json(request):
        return JSONResponse({"error": detail}, exc.status_code, headers=exc.headers)
    return page("error.html.j2", exc.status_code, message=detail, status=exc.status_code)


class Unexpected:
    """ASGI middleware: a bug answers a friendly 500 page and the server goes on serving.
    Only the exception's type is logged: its message could quote patient data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if scope["type"] != "http" or started:
                raise
            log.error(
                "%s %s failed unexpectedly: %s", scope["method"], scope["path"], type(exc).__name__
            )
            request = Request(scope)
            response = (
                JSONResponse({"error": "internal error"}, 500)
                if wants_json(request)
                else page(
                    "error.html.j2", 500, status=500, message="Something went wrong on the server."
                )
            )
            await response(scope, receive, send)


async def read_body(request: Request, content_type: str) -> bytes:
    """The request body, refused unless it has the expected type and is small."""
    given = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if given != content_type:
        raise HTTPException(415, f"send the body as {content_type}")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise HTTPException(413, f"the body is larger than {MAX_BODY} bytes")
    return body


def not_modified(request: Request, etag: str | None) -> Response | None:
    """304 when the client already holds this exact output."""
    if etag and etag in (t.strip() for t in request.headers.get("if-none-match", "").split(",")):
        return Response(status_code=304, headers={"etag": etag})
    return None


def _cache_headers(output: Output) -> dict[str, str]:
    if output.etag is None:
        return dict(NO_STORE)  # personalised: patient data, stored nowhere
    return {"etag": output.etag, "cache-control": "private, no-cache"}


def file_name(request: RenderRequest) -> str:
    """Built from validated codes only, never from appointment details."""
    extra = "".join(
        f"-{part}"
        for part in (request.with_lang, request.paper, "large" if request.large_print else "")
        if part
    )
    return f"vertebroplasty-{request.handout}-{request.lang}{extra}.pdf"


def pdf_response(output: Output, request: RenderRequest, download: bool) -> Response:
    disposition = "attachment" if download else "inline"
    headers = {
        "content-disposition": f'{disposition}; filename="{file_name(request)}"',
        **_cache_headers(output),
    }
    return Response(output.items[0], media_type="application/pdf", headers=headers)


def page_etag(etag: str | None, page_number: int) -> str | None:
    """Each page image of a cached preview has its own ETag."""
    return f'{etag[:-1]}-{page_number}"' if etag else None


def png_response(output: Output, page_number: int) -> Response:
    headers = _cache_headers(output)
    if output.etag:
        headers["etag"] = page_etag(output.etag, page_number)
    return Response(output.items[page_number - 1], media_type="image/png", headers=headers)
