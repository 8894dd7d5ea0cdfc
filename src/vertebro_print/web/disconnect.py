"""Requests whose client has gone are cancelled, and with them the renders they queued.

A browser closed, a reload, a script that timed out: uvicorn reports the disconnect as a
message on the request's `receive` channel, but a route that awaits a render does not listen
there, so without this the render would still run for nobody while the next person waits.
This middleware is the only reader of `receive`: it passes the body on to the route (no faster
than the route reads it) and, once the body is in, waits for the disconnect; if it comes
before the answer is complete, the route is cancelled (the renderer then takes its work out
of the queue)."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DISCONNECT: Message = {"type": "http.disconnect"}


class CancelWhenGone:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inbox: asyncio.Queue[Message] = asyncio.Queue()
        answered = gone = False

        async def app_receive() -> Message:
            message = await inbox.get()
            inbox.task_done()
            return message

        async def app_send(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.body" and not message.get("more_body"):
                answered = True
            await send(message)

        route = asyncio.ensure_future(self.app(scope, app_receive, app_send))

        async def listen() -> None:
            nonlocal gone
            while True:
                try:
                    message = await receive()
                except OSError:
                    message = DISCONNECT
                inbox.put_nowait(message)
                if message["type"] == "http.disconnect":
                    if not answered:
                        gone = True
                        route.cancel()
                    return
                if message.get("more_body"):
                    await inbox.join()  # the next chunk only once the route took this one

        listener = asyncio.ensure_future(listen())
        try:
            await route
        except asyncio.CancelledError:
            if not gone:
                raise  # the server itself is stopping
        finally:
            listener.cancel()
