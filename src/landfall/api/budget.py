"""A time budget per request: an answer not begun within it is a 503 ``request-timeout``.

The routes run in worker threads, and a thread cannot be stopped: the work goes on to its
end, but the client is not kept waiting for it. It gets the diagnostic when the budget is
spent, and whatever the route sends later is dropped. An answer already begun (its status
sent) is let finish, since a second status cannot follow it.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from landfall.api.errors import error_response
from landfall.errors import Diagnostic, Where

log = logging.getLogger("landfall.api")


class TimeBudget:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = spent = False

        async def send_in_time(message: Message) -> None:
            nonlocal started
            if spent:
                return  # the client already has the timeout diagnostic
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        work = asyncio.ensure_future(self.app(scope, receive, send_in_time))
        done, _ = await asyncio.wait({work}, timeout=self.seconds)
        if done or started:
            await work  # its answer, or its error
            return
        spent = True
        work.add_done_callback(_log_late)
        log.warning(
            "%s %s spent its %s s budget", scope.get("method"), scope.get("path"), self.seconds
        )
        response = error_response(
            503,
            Diagnostic(
                "request-timeout",
                f"the answer took longer than this server's {self.seconds:g} s budget",
                Where("<request>"),
                "ask for less (a narrower page or filter), or again later",
            ),
        )
        response.headers["Retry-After"] = "5"
        await response(scope, receive, send)


def _log_late(work: asyncio.Future[None]) -> None:
    # the abandoned work's outcome is nobody's answer; an error in it still reaches the log
    if not work.cancelled() and work.exception() is not None:
        log.error("a request past its budget failed", exc_info=work.exception())
