"""Security for the web page, in front of every route: only the configured host names
(a DNS-rebinding page reaches the server under a name of its own), response headers on
everything, a same-site check on every POST, and, when settings.access_token is set, the
password: HTTP Basic (any user name) for other systems, or a session that the login form
opens, for staff in a browser. Password tries go through the throttle (throttle.py); sessions
and counts live in the store (store.py), and a store that does not answer is a 503: nobody is
let in on a guess."""

from __future__ import annotations

import logging
from base64 import b64decode
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vertebro_print.settings import Settings
from vertebro_print.web.notes import Once
from vertebro_print.web.sessions import Sessions, SettingsOutdated, client_key
from vertebro_print.web.store import StoreUnavailable
from vertebro_print.web.throttle import Throttle, TooManyTries, counted_address

log = logging.getLogger("vertebro_print.web.signin")

# No inline script or style anywhere: the page's JS and CSS are static files. Previews of a
# personalised handout are data: images, so they are never stored under a URL.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
SESSION_COOKIE = "vertebro_session"
OPEN_PATHS = ("/healthz", "/login")  # monitoring, and the way in
OPEN_PREFIXES = ("/static/",)  # the login page's own stylesheet


def client_address(scope: Scope) -> str:
    """The client's address (behind a trusted proxy: the one the proxy names)."""
    client = scope.get("client")
    return client[0] if client else "unknown"


def set_render_client(scope: Scope, key: str) -> None:
    """Who the render queue gives turns to: the session, else the address (renderer.py)."""
    scope.setdefault("state", {})["render_client"] = key


def render_client(scope: Scope) -> str:
    """The client the Guard named for this request (its address when it named none)."""
    named = scope.get("state", {}).get("render_client")
    return named or "address:" + counted_address(client_address(scope))


def _basic_password(headers: Headers) -> str | None:
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        return b64decode(encoded, validate=True).decode().partition(":")[2]
    except ValueError:  # bad base64 or not UTF-8: a wrong password like any other
        return ""


def session_cookie(headers: Headers) -> str:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == SESSION_COOKIE:
            return value
    return ""


def _host_name(host: str) -> str:
    """The name in a Host header, without the port, in lower case."""
    name = host.strip().lower()
    if name.startswith("["):  # an IPv6 address: [::1]:8000
        return name.partition("]")[0] + "]"
    before, colon, port = name.rpartition(":")
    name = before if colon and port.isdigit() else name
    return name.rstrip(".")


def _configured(name: str) -> str:
    """A configured name as a Host header has it (an IPv6 address may be written bare)."""
    bare_ipv6 = ":" in name and not name.strip().startswith("[")
    return _host_name(f"[{name.strip()}]" if bare_ipv6 else name)


def host_allowed(headers: Headers, settings: Settings) -> bool:
    host = headers.get("host")
    names = {_configured(n) for n in settings.host_names}
    return host is not None and _host_name(host) in names


def _cross_site(headers: Headers) -> bool:
    """Whether a browser says the request comes from another site. Sec-Fetch-Site first:
    with Referrer-Policy no-referrer, browsers send `Origin: null` even from our own page,
    together with Sec-Fetch-Site. `Origin: null` alone comes from an opaque origin (a
    sandboxed frame, a data: page) or an old browser: refused. No Origin at all is not a
    browser page (curl, another system): nothing a page could forge."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != headers.get("host")


def _refusal(path: str, status: int, message: str, headers: dict | None = None) -> Response:
    if path.startswith("/api/"):
        return JSONResponse({"error": message}, status, headers=headers)
    return PlainTextResponse(message, status, headers=headers)


def unavailable(path: str, exc: StoreUnavailable, once: Once) -> Response:
    """The store did not answer: refused, never let in, and said once a minute in the log."""
    if once("store"):
        log.error("sign-in refused: %s", exc)
    return _refusal(
        path,
        503,
        "Signing in is not possible right now: the server cannot reach its session store. "
        "Clinic IT: see the server log.",
        {"retry-after": "5"},
    )


def outdated(path: str, exc: SettingsOutdated, once: Once) -> Response:
    if once("outdated"):
        log.error("sign-in refused: %s", exc)
    return _refusal(
        path,
        503,
        "This server's password setting is out of date. Clinic IT: restart it with the "
        "current settings file.",
    )


class Guard:
    """ASGI middleware: security headers on every response; refuses unknown host names and
    cross-site POSTs; asks for the password when one is set. Reads the settings from the
    app's project on each request, and keeps the sessions and the throttle it is given."""

    def __init__(self, app: ASGIApp, sessions: Sessions, throttle: Throttle, notes: Once) -> None:
        self.app = app
        self.sessions = sessions
        self.throttle = throttle
        self.once = notes

    async def _check(self, scope: Scope, headers: Headers) -> Response | None:
        """The refusal for this request, or None to let it through."""
        settings: Settings = scope["app"].state.project.settings
        path, token = scope["path"], settings.access_token
        if not host_allowed(headers, settings):
            return _refusal(
                path,
                421 if "host" in headers else 400,
                "This server does not answer to that name. Clinic IT: add the name to "
                "server.host_names in the settings file.",
            )
        if scope["method"] == "POST" and _cross_site(headers):
            # A page on another site must not make staff browsers post forms here.
            return _refusal(path, 403, "Cross-site requests are not accepted.")
        address = client_address(scope)
        set_render_client(scope, "address:" + counted_address(address))
        if not token or path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return None
        try:
            return await self._password(scope, headers, path, token, address)
        except StoreUnavailable as exc:
            return unavailable(path, exc, self.once)
        except SettingsOutdated as exc:
            return outdated(path, exc, self.once)

    async def _password(
        self, scope: Scope, headers: Headers, path: str, token: str, address: str
    ) -> Response | None:
        cookie = session_cookie(headers)
        view = await self.sessions.view(cookie, token)
        if await self.sessions.live(view, cookie):
            set_render_client(scope, client_key(cookie))
            return None
        basic = _basic_password(headers)
        if basic is not None:
            self.sessions.check_current(view, token)
            try:
                if await self.throttle.attempt(address, basic, token, "HTTP Basic"):
                    return None
            except TooManyTries as wait:
                return _refusal(path, 429, wait.words(), {"retry-after": str(wait.retry_after)})
        if path.startswith("/api/"):
            return _refusal(
                path,
                401,
                "this server needs the access password (HTTP Basic authentication, any user name)",
                {"www-authenticate": 'Basic realm="vertebro-print"'},
            )
        return RedirectResponse("/login", 303)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        refusal = await self._check(scope, Headers(scope=scope))
        if refusal is None:
            await self.app(scope, receive, send_with_headers)
        else:
            await refusal(scope, receive, send_with_headers)
