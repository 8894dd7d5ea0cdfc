"""The routes other than the page itself: cacheable GET outputs (PDF, page images), the JSON
API, /healthz, and signing in and out when a password is set."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from vertebro_print.request import RenderRequest, field_names
from vertebro_print.web import inputs
from vertebro_print.web.responses import (
    NO_STORE,
    not_modified,
    page,
    page_etag,
    pdf_response,
    png_response,
    read_body,
)
from vertebro_print.web.security import (
    SESSION_COOKIE,
    client_address,
    outdated,
    render_client,
    session_cookie,
    unavailable,
)
from vertebro_print.web.server import is_loopback
from vertebro_print.web.sessions import SESSION_HOURS, SettingsOutdated
from vertebro_print.web.staff import public_listing
from vertebro_print.web.store import StoreUnavailable
from vertebro_print.web.throttle import TooManyTries


def _plain_request(request: Request, extra: tuple[str, ...] = ()) -> tuple[RenderRequest, dict]:
    """A GET output's request. Appointment details are refused here: they must never be part
    of a URL (URLs end up in histories, proxies and logs)."""
    pairs = list(request.query_params.multi_items())
    patient = field_names(patient_data=True)
    if any(name in patient for name, _ in pairs):
        raise HTTPException(
            400,
            f"appointment details ({', '.join(patient)}) are accepted "
            "only in a POST body, never in a URL",
        )
    values = inputs.from_pairs(pairs, (*field_names(patient_data=False), *extra))
    options = {name: values.pop(name, None) for name in extra}
    return inputs.to_request(values, request.app.state.project), options


async def pdf(request: Request) -> Response:
    """GET /pdf?handout=...&lang=...: a non-personalised PDF, inline unless download=true."""
    render_request, options = _plain_request(request, ("download",))
    download = str(options["download"]).lower() in ("true", "1", "on")
    # From the cache when it holds this request's render from the same inputs, so a
    # revalidation (304) costs a lookup; after a render when not.
    output = await request.app.state.renderer.pdf(render_request, render_client(request.scope))
    return not_modified(request, output.etag) or pdf_response(output, render_request, download)


async def preview_page(request: Request) -> Response:
    """GET /preview/N.png?handout=...: page N of a non-personalised handout, as an image."""
    render_request, _ = _plain_request(request)
    number = request.path_params["page"]
    output = await request.app.state.renderer.previews(render_request, render_client(request.scope))
    if not 1 <= number <= len(output.items):
        raise HTTPException(404, f"this handout has {len(output.items)} pages")
    return not_modified(request, page_etag(output.etag, number)) or png_response(output, number)


async def healthz(request: Request) -> Response:
    renderer = request.app.state.renderer
    return JSONResponse(
        {
            "status": "ok",
            "workers": renderer.workers,
            "queued": renderer.queued,
            "rendering": renderer.rendering,
            "cached": len(renderer.cache),
            "cache_bytes": renderer.cache.size,
        },
        headers=NO_STORE,
    )


async def api_handouts(request: Request) -> Response:
    return JSONResponse(public_listing(request), headers=NO_STORE)


async def api_render(request: Request) -> Response:
    """POST /api/render with a JSON object whose fields mirror the CLI's options."""
    values = inputs.from_json(await read_body(request, "application/json"))
    render_request = inputs.to_request(values, request.app.state.project)
    return pdf_response(
        await request.app.state.renderer.pdf(render_request, render_client(request.scope)),
        render_request,
        download=False,
    )


async def login(request: Request) -> Response:
    token = request.app.state.project.settings.access_token
    if request.method == "GET" or not token:
        return page("login.html.j2", needed=bool(token))
    given = inputs.parse_password(await read_body(request, "application/x-www-form-urlencoded"))
    state, old = request.app.state, session_cookie(request.headers)
    try:
        view = await state.sessions.view(old, token)
        state.sessions.check_current(view, token)
        right = await state.throttle.attempt(
            client_address(request.scope), given, token, "login form"
        )
        if right:
            # Signing in again ends the session the browser had: one live session per sign-in.
            await state.sessions.close(old)
            session = await state.sessions.open(view)
    except TooManyTries as wait:
        response = page("login.html.j2", 429, needed=True, error=wait.words())
        response.headers["retry-after"] = str(wait.retry_after)
        return response
    except StoreUnavailable as exc:
        return unavailable(request.url.path, exc, state.guard_notes)
    except SettingsOutdated as exc:
        return outdated(request.url.path, exc, state.guard_notes)
    if not right:
        return page("login.html.j2", 401, needed=True, error="That password is not right.")
    response = RedirectResponse("/", 303)
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        # https here means: reached over HTTPS directly, or through a trusted proxy that said
        # so (server.trusted_proxies); the browser then never sends the cookie in clear.
        secure=request.url.scheme == "https",
    )
    return response


async def logout(request: Request) -> Response:
    """Ends the session on the server too: the cookie stops working wherever it was copied."""
    try:
        await request.app.state.sessions.close(session_cookie(request.headers))
    except StoreUnavailable as exc:
        return unavailable(request.url.path, exc, request.app.state.guard_notes)
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")
    return response


async def end_sessions(request: Request) -> Response:
    """POST /sessions/end: every session ends (what `vertebro-print end-sessions` asks a
    server whose sessions live in its memory). Only from this machine, with the password."""
    if not is_loopback(client_address(request.scope)):
        raise HTTPException(403, "sessions can be ended only from the server itself")
    try:
        await request.app.state.sessions.end_all()
    except StoreUnavailable as exc:
        return unavailable(request.url.path, exc, request.app.state.guard_notes)
    return JSONResponse({"ended": True}, headers=NO_STORE)
