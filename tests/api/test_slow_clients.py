"""A real `landfall serve` process on 127.0.0.1 cuts off a client that sends its headers a
byte at a time (slowloris, F22), and answers a normal request meanwhile."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import World

TIMEOUT = 1.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(world: World, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "from landfall.cli import app; app()",
        "serve",
        "--db",
        world.url,
        "--port",
        str(port),
        "--request-timeout",
        str(TIMEOUT),
        "--workers",
        "1",  # the protocol's bound is the subject; one process starts fastest
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/ledger/verify", timeout=5).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "serve.log").read_text())
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_byte_by_byte_headers_are_cut_off(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    request = b"GET /api/ledger/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: a\r\n" * 100
    with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
        started = time.monotonic()
        closed_after = None
        for byte in request:
            try:
                slow.send(bytes([byte]))
                slow.settimeout(0.1)
                if slow.recv(1024) == b"":
                    closed_after = time.monotonic() - started
                    break
            except TimeoutError:
                continue
            except OSError:
                closed_after = time.monotonic() - started
                break
            if time.monotonic() - started > TIMEOUT + 5:
                break
        # the server is still responsive to others while the slow client is held
        fine = urllib.request.urlopen(server + "/api/ledger/verify", timeout=5)
        assert fine.status == 200
        assert fine.headers.get("server") is None
    assert closed_after is not None, "the slow client was never disconnected"
    assert TIMEOUT - 0.5 <= closed_after <= TIMEOUT + 2.0
