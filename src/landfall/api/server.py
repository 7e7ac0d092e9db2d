"""How ``landfall serve`` runs the app: uvicorn on uvloop and httptools, in one process or in
``--workers`` processes sharing the listening socket, with bounds on what a slow client holds.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive`` but has no bound on
a request that arrives slowly: a client sending its headers a byte at a time holds the
connection (and a slot under ``limit_concurrency``) forever. :class:`BoundedProtocol` gives
every request a deadline, from the connection's start or the end of the previous response,
for its headers and body to arrive; a client that misses it is disconnected. httptools has no
bound of its own on the size of a request's head either; the protocol answers a request line
and headers past :data:`MAX_HEADER_BYTES` with 431 and closes the connection.

Workers are separate processes (uvicorn's supervisor, started by ``spawn``): each builds its
own app from the settings the command resolved, passed in :data:`SETTINGS_ENV`, and keeps
its own caches. Answers and ETags do not depend on which worker gives them.
"""

from __future__ import annotations

import asyncio
import gc
import os
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from landfall.settings import Settings

# Largest request line plus headers accepted; a larger head is refused with 431.
MAX_HEADER_BYTES = 16 * 1024
# The variable through which the command hands its resolved settings to worker processes.
SETTINGS_ENV = "LANDFALL_SERVE_SETTINGS"

TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-type: text/plain; charset=utf-8\r\n"
    b"content-length: 36\r\n"
    b"connection: close\r\n\r\n"
    b"Request header fields are too large."
)


def default_workers() -> int:
    """One worker per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class ServeConfig(uvicorn.Config):
    """uvicorn's config plus the per-request deadline (a plain attribute: the config is
    pickled into each worker)."""

    def __init__(self, app: Any, *, request_timeout: float, **options: Any) -> None:
        self.request_timeout = request_timeout
        super().__init__(app, **options)


class BoundedProtocol(HttpToolsProtocol):
    _deadline: asyncio.TimerHandle | None = None
    _reading_head = True  # from the connection's start or a request's first byte
    _head_bytes = 0  # bytes received while reading the current request's head
    _head_size = 0  # its request line and headers as parsed
    _refused = False

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.request_timeout: float = getattr(config, "request_timeout", 10.0)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        if self._reading_head:
            self._head_bytes += len(data)
        super().data_received(data)
        # A head still incomplete well past the bound (one header arriving forever). Twice
        # the bound: the raw bytes also hold what the parsed size leaves out (the method,
        # the version, separators), and a head within the bound must never be cut here.
        if self._reading_head and self._head_bytes > 2 * MAX_HEADER_BYTES:
            self._refuse()

    def on_message_begin(self) -> None:
        self._reading_head = True
        self._head_size = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._head_size += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_size += len(name) + len(value) + 4  # ": " and CRLF
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._head_bytes = 0
        if self._refused or self._head_size > MAX_HEADER_BYTES:
            self._refuse()
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._refused:
            return
        self._disarm()  # the whole request is in: the app's time is not the client's
        super().on_message_complete()

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets its own deadline
        super().on_response_complete()

    def _refuse(self) -> None:
        if not self._refused:
            self._refused = True
            self._disarm()
            self.transport.write(TOO_LARGE)
            self.transport.close()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def server_config(
    app: FastAPI | str,
    host: str,
    port: int,
    *,
    request_timeout: float,
    keep_alive: int,
    max_connections: int,
    forwarded_allow_ips: str | None,
    workers: int = 1,
) -> ServeConfig:
    """uvicorn's config with the slow-client bounds; proxy headers (X-Forwarded-Proto, -For)
    are read only from ``forwarded_allow_ips``. ``app`` is the app itself for one process,
    or the import string of :func:`worker_app` for several."""
    return ServeConfig(
        app,
        request_timeout=request_timeout,
        factory=isinstance(app, str),
        workers=workers,
        host=host,
        port=port,
        loop="uvloop",
        http=BoundedProtocol,
        log_level="warning",
        timeout_keep_alive=keep_alive,
        limit_concurrency=max_connections,
        server_header=False,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
    )


def settled(app: FastAPI) -> FastAPI:
    """The app, with everything built so far moved out of the garbage collector's sight.

    A served process holds some 160,000 long-lived objects (the rulebooks, the schemas, the
    routes); a full collection walks them all, 130-185 ms on this machine under load, and
    every request in flight waits for it: at 50 clients one such pause is the p99. Nothing
    built at start-up is garbage later, so it is frozen (``gc.freeze``) after one collection;
    what requests build is collected as before.
    """
    gc.collect()
    gc.freeze()
    return app


def worker_app() -> FastAPI:
    """A worker's app, from the settings the command resolved (the case book already seeded
    by it: workers starting together would each find the ledger empty)."""
    from landfall.api import create_app

    settings = Settings.model_validate_json(os.environ[SETTINGS_ENV])
    return settled(create_app(settings.model_copy(update={"import_casebook": False})))


def run(settings: Settings, workers: int, **options: Any) -> None:
    """Serve in this process (one worker) or under uvicorn's supervisor (several)."""
    if workers == 1:
        from landfall.api import create_app

        uvicorn.Server(server_config(settled(create_app(settings)), **options)).run()
        return
    from uvicorn.supervisors import Multiprocess

    from landfall.ledger import open_ledger
    from landfall.service.portal import seed_casebook

    with open_ledger(settings.db) as store:  # migrations and the case book, once
        if settings.import_casebook:
            seed_casebook(store)
    os.environ[SETTINGS_ENV] = settings.model_dump_json()
    config = server_config(f"{__name__}:worker_app", workers=workers, **options)
    Multiprocess(config, sockets=[config.bind_socket()]).run()
