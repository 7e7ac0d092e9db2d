"""``HEAD`` answered like ``GET`` without the body (RFC 9110 9.3.2), on every route.

Starlette's own routes add HEAD to a GET route, FastAPI's do not: a HEAD on ``/api/board``
was a 405. Rather than declare a second method on each route, a HEAD request is passed on
as a GET, and what it answers goes out with its status and headers (``content-length`` and
``etag`` included, as a GET would have them) and no body. A path with no GET still answers
405, its ``Allow`` naming HEAD beside GET wherever GET is allowed.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the body's pieces are dropped; the last one ends the response
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
