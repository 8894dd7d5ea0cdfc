"""Security for the web page: response headers on everything, an Origin check on every POST,
and, when settings.access_token is set, the password: HTTP Basic (any user name) for other
systems, or a session cookie that the login form sets, for staff in a browser."""

from __future__ import annotations

import hashlib
import hmac
from base64 import b64decode
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
SESSION_HOURS = 12  # one working day; then staff sign in again
OPEN_PATHS = ("/healthz", "/login")  # monitoring, and the way in
OPEN_PREFIXES = ("/static/",)  # the login page's own stylesheet


def session_value(token: str) -> str:
    """The cookie proving the password was given: derived from it, so changing the password
    in the settings signs everyone out, and the server keeps no session state."""
    return hmac.new(token.encode(), b"vertebro-print session", hashlib.sha256).hexdigest()


def password_matches(given: str, token: str) -> bool:
    # As bytes: compare_digest refuses str with non-ASCII characters, which clients can send.
    return hmac.compare_digest(given.encode(), token.encode())


def _basic_password(headers: Headers) -> str | None:
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        return b64decode(encoded, validate=True).decode().partition(":")[2]
    except ValueError:  # bad base64 or not UTF-8: simply not a password
        return None


def _cookie(headers: Headers, name: str) -> str:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def _cross_site(headers: Headers) -> bool:
    """Whether a browser says the request comes from another site. Sec-Fetch-Site first:
    with Referrer-Policy no-referrer, browsers send `Origin: null` even from our own page."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin", "null")
    return origin != "null" and urlsplit(origin).netloc != headers.get("host")


class Guard:
    """ASGI middleware: security headers on every response; refuses cross-site POSTs; asks
    for the password when one is set."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    def _signed_in(self, headers: Headers) -> bool:
        basic = _basic_password(headers)
        if basic is not None and password_matches(basic, self.token):
            return True
        return password_matches(_cookie(headers, SESSION_COOKIE), session_value(self.token))

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

        headers, path = Headers(scope=scope), scope["path"]
        if scope["method"] == "POST" and _cross_site(headers):
            # A page on another site must not make staff browsers post forms here.
            response = PlainTextResponse("Cross-site requests are not accepted.", 403)
        elif (
            not self.token
            or path in OPEN_PATHS
            or path.startswith(OPEN_PREFIXES)
            or self._signed_in(headers)
        ):
            await self.app(scope, receive, send_with_headers)
            return
        elif path.startswith("/api/"):
            response = JSONResponse(
                {
                    "error": "this server needs the access password (HTTP "
                    "Basic authentication, any user name)"
                },
                401,
                headers={"www-authenticate": 'Basic realm="vertebro-print"'},
            )
        else:
            response = RedirectResponse("/login", 303)
        await response(scope, receive, send_with_headers)
