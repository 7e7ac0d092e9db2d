"""How ``landfall serve`` runs the app: uvicorn with bounds on what a slow client can hold.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive`` but has no bound on
a request that arrives slowly: a client sending its headers a byte at a time holds the
connection (and a slot under ``limit_concurrency``) forever. :class:`BoundedH11Protocol`
gives every request a deadline, from the connection's start or the end of the previous
response, for its headers and body to arrive; a client that misses it is disconnected.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

# Largest request line plus headers h11 buffers before refusing the request (431/400).
MAX_HEADER_BYTES = 16 * 1024


class BoundedH11Protocol(H11Protocol):
    request_timeout: float = 10.0  # set per server by :func:`server_config`

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()  # the whole request is in: the app's time is not the client's

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets its own deadline
        super().on_response_complete()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self.transport.close()


def server_config(
    app: Any,
    host: str,
    port: int,
    *,
    request_timeout: float,
    keep_alive: int,
    max_connections: int,
    forwarded_allow_ips: str | None,
) -> uvicorn.Config:
    """uvicorn's config with the slow-client bounds; proxy headers (X-Forwarded-Proto, -For)
    are read only from ``forwarded_allow_ips``."""
    protocol = type("Protocol", (BoundedH11Protocol,), {"request_timeout": request_timeout})
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        log_level="warning",
        timeout_keep_alive=keep_alive,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        limit_concurrency=max_connections,
        server_header=False,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
    )
