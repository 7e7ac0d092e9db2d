"""`landfall serve --workers 2`: two processes behind one port give the same answers and the
same ETags (a 304 from either), and the request head's bound holds at its edge."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from landfall.api.server import MAX_HEADER_BYTES

from .support import World, fresh_world

pytestmark = pytest.mark.slow
BOARD = "/api/board?as_of=2024-01-01"
ASSESSMENT = "/api/companies/google/assessment?as_of=2024-01-01"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, World]]:
    """One server for the module: two workers take seconds to start on a loaded machine."""
    tmp_path = tmp_path_factory.mktemp("workers")
    world = fresh_world(template_db, tmp_path)
    port = free_port()
    command = [sys.executable, "-c", "from landfall.cli import app; app()", "serve"]
    command += ["--db", world.url, "--port", str(port), "--workers", "2"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 240  # two spawned workers on a loaded machine
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                if status(port, "/api/whoami")[0] == 200:
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "serve.log").read_text())
                time.sleep(0.3)
        yield port, world
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def workers(served: tuple[int, World]) -> int:
    return served[0]


def status(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """One request on a new connection (so successive ones reach either worker)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        r = connection.getresponse()
        return r.status, r.getheader("etag") or "", r.read()
    finally:
        connection.close()


def test_both_workers_give_the_same_answer_and_etag(workers: int) -> None:
    answers = {status(workers, BOARD)[1:] for _ in range(16)}
    assert len(answers) == 1
    ((etag, body),) = answers
    assert etag and body
    for _ in range(16):
        assert status(workers, BOARD, {"If-None-Match": etag})[0] == 304


def test_an_append_through_one_worker_is_seen_by_both_at_once(served: tuple[int, World]) -> None:
    port, world = served
    before = {status(port, ASSESSMENT)[1] for _ in range(8)}
    assert len(before) == 1
    event = {
        "date": "2023-06-01",
        "type": "fine",
        "company": "google",
        "article": "13.41",
        "part": "2",
        "amount_rub": 4242424,
        "public": True,
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/api/events",
            body=json.dumps({"events": [event]}),
            headers={
                "Authorization": f"Bearer {world.tokens['regulator']}",
                "Content-Type": "application/json",
            },
        )
        assert connection.getresponse().status == 201
    finally:
        connection.close()
    # every request after the append, on either worker, is the new answer
    after = {status(port, ASSESSMENT)[1:] for _ in range(16)}
    assert len(after) == 1
    ((etag, body),) = after
    assert etag not in before and b"4242424" in body


def head_of(size: int) -> bytes:
    """A request whose line and headers count ``size`` bytes as the server counts them: the
    target, and each header's name and value with their separators."""
    target, host = "/api/whoami", "127.0.0.1"
    fixed = len(target) + len("host") + len(host) + 4 + len("x-pad") + 4
    pad = "a" * (size - fixed)
    return f"GET {target} HTTP/1.1\r\nHost: {host}\r\nX-Pad: {pad}\r\n\r\n".encode()


@pytest.mark.parametrize(
    ("size", "expected"), [(MAX_HEADER_BYTES, 200), (MAX_HEADER_BYTES + 1, 431)]
)
def test_a_request_head_is_refused_one_byte_past_the_bound(
    workers: int, size: int, expected: int
) -> None:
    with socket.create_connection(("127.0.0.1", workers), timeout=30) as s:
        s.sendall(head_of(size))
        answer = b""
        while b"\r\n" not in answer:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.split(b" ")[1] == str(expected).encode()


def test_a_head_that_never_ends_is_cut_off(workers: int) -> None:
    with socket.create_connection(("127.0.0.1", workers), timeout=30) as s:
        s.sendall(b"GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-Endless: ")
        sent = 0
        try:
            while sent < 50 * MAX_HEADER_BYTES:
                s.sendall(b"a" * 4096)
                sent += 4096
        except OSError:
            pass  # closed under us: refused
        answer = s.recv(4096)
    assert sent < 50 * MAX_HEADER_BYTES or answer.startswith(b"HTTP/1.1 431")
    assert answer.startswith(b"HTTP/1.1 431") or answer == b""
