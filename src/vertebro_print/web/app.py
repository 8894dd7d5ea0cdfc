"""The Starlette application: routes, middleware, and the render pool's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from vertebro_print.errors import VertebroError
from vertebro_print.project import Project
from vertebro_print.settings import check_access_token
from vertebro_print.web import pages, routes
from vertebro_print.web.disconnect import CancelWhenGone
from vertebro_print.web.notes import Once
from vertebro_print.web.renderer import Renderer
from vertebro_print.web.responses import HERE, Unexpected, domain_error, http_error
from vertebro_print.web.security import Guard
from vertebro_print.web.sessions import Sessions
from vertebro_print.web.stores import open_store
from vertebro_print.web.throttle import Throttle


def create_app(
    project: Project, workers: int | None = None, prebuilt: Path | None = None
) -> Starlette:
    """The web app for one project. The render pool (`workers` processes, default one per
    core) starts with the app's lifespan and stops with it. `prebuilt`: a build folder whose
    current PDFs are served as built."""
    settings = project.settings
    check_access_token(settings.access_token)  # settings made in code skip the file's checks
    renderer = Renderer(project, workers, prebuilt=prebuilt)
    store = open_store(settings.store)
    sessions, throttle = Sessions(store, settings.idle_minutes), Throttle(store)
    guard_notes = Once()  # the store's and the settings' trouble, once a minute in the log
    middleware = [
        # Guard first: its headers go on every answer, the 500 page included.
        Middleware(Guard, sessions=sessions, throttle=throttle, notes=guard_notes),
        Middleware(Unexpected),
        Middleware(CancelWhenGone),
    ]
    if project.settings.trusted_proxies:
        # Outermost: the Guard and the routes see the client and scheme the proxy names.
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        trusted = list(project.settings.trusted_proxies)
        middleware.insert(0, Middleware(ProxyHeadersMiddleware, trusted_hosts=trusted))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await sessions.ready(settings.access_token)
        renderer.start()
        try:
            yield
        finally:
            renderer.close()
            await store.close()

    app = Starlette(
        routes=[
            Route("/", pages.home),
            Route("/go", pages.go, methods=["POST"]),
            Route("/pdf", routes.pdf),
            Route("/preview/{page:int}.png", routes.preview_page),
            Route("/healthz", routes.healthz),
            Route("/api/handouts", routes.api_handouts),
            Route("/api/render", routes.api_render, methods=["POST"]),
            Route("/login", routes.login, methods=["GET", "POST"]),
            Route("/logout", routes.logout, methods=["POST"]),
            Route("/sessions/end", routes.end_sessions, methods=["POST"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=middleware,
        exception_handlers={HTTPException: http_error, VertebroError: domain_error},
        lifespan=lifespan,
    )
    app.state.project = project
    app.state.renderer = renderer
    app.state.store, app.state.sessions, app.state.throttle = store, sessions, throttle
    app.state.guard_notes = guard_notes
    app.state.busy_notes = Once()  # 503s, once a minute per client in the log
    return app
