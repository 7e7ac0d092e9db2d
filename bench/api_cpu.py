"""CPU per request in the server's app: the board, an assessment, their 304s and a static file.

Latency under 50 clients on a shared two-core machine is mostly the machine's load; the CPU a
request costs the server process is not. This drives the app itself (``create_app``, every
middleware) through plain ASGI calls on uvloop, without a socket or an HTTP client, ``N``
requests per target, and reads ``time.process_time`` (every thread of the process: the routes
run in the thread pool) around them. The static file (``/static/style.css``, served by the same
app) is the floor; the dashboard's board and company pages are targets too; each target prints its microseconds per request and its ratio to it.

Not counted: uvicorn's parsing and writing of the bytes, the same for every target (with
``--server``, the same targets are also run through a real ``landfall serve`` worker, and its
CPU, read from ``/proc``, is divided by the requests it served).

    .venv/bin/python bench/api_cpu.py [--requests N] [--rounds R] [--server] [--profile TARGET]

It also times one full garbage collection of the app's heap, and one after ``serve`` has frozen
what start-up built: a collection pauses every request in flight, so at 50 clients one pause
is the p99.

``--profile TARGET`` (a target's name as printed, e.g. ``board``) prints cProfile's top
functions by their own time for that target's requests.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import os
import pstats
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
AS_OF = "2024-01-01"
TARGETS: list[tuple[str, str]] = [
    ("static file (floor)", "/static/style.css"),
    ("board", f"/api/board?as_of={AS_OF}"),
    ("assessment", f"/api/companies/google/assessment?as_of={AS_OF}"),
    ("board 304", f"/api/board?as_of={AS_OF}"),
    ("assessment 304", f"/api/companies/google/assessment?as_of={AS_OF}"),
    ("vendored chart.js", "/static/vendor/chart.umd.min.js"),
    ("board page", f"/?as_of={AS_OF}"),
    ("company page", f"/companies/google?as_of={AS_OF}"),
]
# The same board asked with the regulator's token: the token is authenticated on each request.
TOKEN_TARGET = ("board, regulator", f"/api/board?as_of={AS_OF}")

Call = Callable[[], Awaitable[tuple[int, dict[bytes, bytes]]]]


def caller(
    app: Any, target: str, if_none_match: bytes | None = None, token: str | None = None
) -> Call:
    """One GET through the whole ASGI app, as uvicorn would send it; returns status, headers."""
    path, _, query = target.partition("?")
    headers = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench"), (b"accept", b"*/*")]
    if if_none_match is not None:
        headers.append((b"if-none-match", if_none_match))
    if token is not None:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "scheme": "http",
        "root_path": "",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": headers,
        "state": {},
    }

    async def call() -> tuple[int, dict[bytes, bytes]]:
        start: dict[str, Any] = {}
        received = False
        never = asyncio.Event()

        async def receive() -> dict[str, Any]:
            # the request once, then nothing (a client still connected): a file response
            # listens for a disconnect while it sends, and is cancelled when it has sent
            nonlocal received
            if received:
                await never.wait()
            received = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)

        await app(dict(scope), receive, send)
        return start["status"], dict(start.get("headers", []))

    return call


async def run(call: Call, n: int, expected: int) -> float:
    """CPU seconds per request over ``n`` requests (after a few to warm)."""
    for _ in range(20):
        await call()
    began = time.process_time()
    for _ in range(n):
        status, _ = await call()
        if status != expected:
            raise SystemExit(f"status {status}, expected {expected}")
    return (time.process_time() - began) / n


def in_process(requests: int, rounds: int, profile: str | None) -> None:
    sys.path.insert(0, str(SRC))
    from landfall.api import create_app
    from landfall.api.server import settled
    from landfall.settings import Settings
    from landfall.tokens import TokenStore

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/cpu.db"
        app = create_app(Settings(db=url, import_casebook=True))
        with TokenStore(url) as tokens:
            _, regulator = tokens.create("regulator")

        async def main() -> None:
            calls: dict[str, tuple[Call, int]] = {}
            for name, target in TARGETS:
                if name.endswith("304"):
                    _, headers = await caller(app, target)()
                    calls[name] = (caller(app, target, headers[b"etag"]), 304)
                else:
                    calls[name] = (caller(app, target), 200)
            name, target = TOKEN_TARGET
            calls[name] = (caller(app, target, token=regulator), 200)
            spent = dict.fromkeys(calls, 0.0)
            for _ in range(rounds):  # interleaved: the machine's load drifts
                for name, (call, expected) in calls.items():
                    spent[name] += await run(call, requests // rounds, expected) / rounds
            floor = spent[TARGETS[0][0]]
            print(f"in-process ASGI, {requests} requests per target, load {load()}")
            for name, cpu in spent.items():
                print(f"  {name:22s} {cpu * 1e6:7.0f} us CPU/request  {cpu / floor:5.2f}x floor")
            # what a full collection of this heap costs every request in flight, before and
            # after serve freezes what start-up built (landfall.api.server.settled)
            began = time.perf_counter()
            gc.collect()
            before = time.perf_counter() - began
            settled(app)
            began = time.perf_counter()
            gc.collect()
            after = time.perf_counter() - began
            print(
                f"  full garbage collection {before * 1e3:7.1f} ms, after settled {after * 1e3:5.1f} ms"
            )
            if profile is not None:
                call, expected = calls[profile]
                profiler = cProfile.Profile()
                profiler.enable()
                await run(call, requests, expected)
                profiler.disable()
                pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime")).print_stats(
                    int(os.environ.get("TOP", "25"))
                )

        import uvloop

        uvloop.run(main())


def load() -> str:
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def cpu_of(pid: int) -> float:
    """User plus system CPU seconds of a process (``/proc/PID/stat``, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def hammer(port: int, request: bytes, n: int, clients: int, expected: int) -> None:
    counter = iter(range(n))

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in counter:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            if status != expected:
                raise SystemExit(f"status {status}, expected {expected}")
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    await reader.readexactly(int(line.split(b":")[1]))
        writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))


def through_server(requests: int, rounds: int) -> None:
    """The same targets through one ``landfall serve`` worker (``--workers 1``): its CPU
    from ``/proc`` divided by the requests served, loopback and HTTP parsing included."""
    import urllib.request

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-c", "from landfall.cli import app; app()", "serve"]
        command += ["--db", f"sqlite:///{tmp}/cpu.db", "--port", str(port)]
        command += ["--seed-casebook", "--workers", "1"]
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/whoami", timeout=5)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.2)
            requests_of: dict[str, tuple[bytes, int]] = {}
            for name, target in TARGETS:
                plain = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
                if name.endswith("304"):
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{target}") as r:
                        etag = r.headers["etag"]
                    requests_of[name] = (
                        plain[:-2] + f"If-None-Match: {etag}\r\n\r\n".encode(),
                        304,
                    )
                else:
                    requests_of[name] = (plain, 200)
            spent = dict.fromkeys(requests_of, 0.0)
            per_round = requests // rounds
            for _ in range(rounds):
                for name, (request, expected) in requests_of.items():
                    asyncio.run(hammer(port, request, 100, 10, expected))  # warm
                    before = cpu_of(server.pid)
                    asyncio.run(hammer(port, request, per_round, 10, expected))
                    spent[name] += (cpu_of(server.pid) - before) / per_round / rounds
            floor = spent[TARGETS[0][0]]
            print(f"one serve worker, 10 clients, {requests} requests per target, load {load()}")
            for name, cpu in spent.items():
                print(f"  {name:22s} {cpu * 1e6:7.0f} us CPU/request  {cpu / floor:5.2f}x floor")
        finally:
            server.terminate()
            server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--server", action="store_true", help="also through a serve worker")
    parser.add_argument("--profile", default=None, help="cProfile one target (its name)")
    args = parser.parse_args()
    in_process(args.requests, args.rounds, args.profile)
    if args.server:
        through_server(args.requests, args.rounds)


if __name__ == "__main__":
    main()
