"""The board and an assessment under 50 clients on loopback, beside a static file (the floor).

Starts `landfall serve` (real uvicorn processes) on a fresh SQLite ledger holding the case
book, then, per target, runs ``--concurrency`` clients on kept-alive connections for
``--requests`` requests (over ``--rounds`` interleaved rounds): a static file from the same server (the floor: the server's own
cost per request), the board, one company's assessment, and the same two sent with the
``If-None-Match`` of their last answer (a 304 each). Prints requests/s, p50 and p99 of each,
and each figure's ratio to the floor's.

The clients are one process of plain asyncio streams (no HTTP library): on a machine of two
cores the load generator shares the CPU with the server, and the lighter it is the more of
the figure is the server's. The machine's load average is printed before and after.

    .venv/bin/python bench/api_board.py [--requests N] [--concurrency C] [--workers W]
        [--serializers]

``--serializers`` first times, in this process, the encoders the answers could be written
with: pydantic's JSON encoder (what the server uses), orjson over the dumped dict (if
installed: the ``bench`` extra) and the standard library's ``json``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
AS_OF = "2024-01-01"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def one_request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    """Send one GET on a kept-alive connection; return the status and the ETag header."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    etag = b""
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"etag":
            etag = value.strip()
    if length:
        await reader.readexactly(length)
    return status, etag


async def load(
    port: int, path: str, total: int, concurrency: int, conditional: bool
) -> tuple[list[float], float, int]:
    """``total`` requests from ``concurrency`` clients: latencies, elapsed time, errors."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    plain = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        request = plain
        expected = 200
        if conditional:  # learn the validator once, then revalidate with it
            _, etag = await one_request(reader, writer, plain)
            request = plain[:-2] + b"If-None-Match: " + etag + b"\r\n\r\n"
            expected = 304
        try:
            for _ in counter:
                start = time.perf_counter()
                status, _ = await one_request(reader, writer, request)
                latencies.append(time.perf_counter() - start)
                errors += status != expected
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, time.perf_counter() - began, errors


def figures(latencies: list[float], elapsed: float, errors: int) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / elapsed,
        "p50": 1000 * ordered[len(ordered) // 2],
        "p99": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        "errors": errors,
    }


def start_server(port: int, db: str, workers: int | None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from landfall.cli import app; app()", "serve"]
    command += ["--db", db, "--host", "127.0.0.1", "--port", str(port), "--seed-casebook"]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/whoami", timeout=5):
                return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)


def time_encoders(name: str, adapter: Any, model: Any, orjson: Any) -> None:
    """Each encoder from the validated answer to bytes (a dict first for the two that need one)."""
    import json
    import timeit

    def as_dict() -> Any:
        return adapter.dump_python(model, mode="json", by_alias=True)

    encoders: dict[str, Callable[[], bytes]] = {
        "pydantic dump_json": lambda: bytes(adapter.dump_json(model, by_alias=True)),
        "json.dumps": lambda: json.dumps(as_dict(), separators=(",", ":")).encode(),
    }
    if orjson is not None:
        encoders["orjson.dumps"] = lambda: bytes(orjson.dumps(as_dict()))
    size = len(encoders["pydantic dump_json"]())
    for label, encode in encoders.items():
        best = min(timeit.repeat(encode, number=200, repeat=5)) / 200
        print(f"serialize {name} ({size:,} bytes) with {label:20s} {best * 1e6:8.0f} us")


def serializers() -> None:
    import datetime as dt

    from landfall.api.routes.board import BOARD
    from landfall.api.routes.companies import ASSESSMENT
    from landfall.ledger import open_ledger
    from landfall.rulebooks import load_many
    from landfall.service.portal import Portal, Query, seed_casebook
    from landfall.tokens import PUBLIC

    try:
        import orjson
    except ImportError:
        orjson = None
    with tempfile.TemporaryDirectory() as tmp, open_ledger(f"sqlite:///{tmp}/s.db") as store:
        seed_casebook(store)
        portal = Portal(store, load_many(None))
        q = Query(dt.date.fromisoformat(AS_OF))
        board = {
            "as_of": AS_OF,
            "law": None,
            "rows": [
                {k: v for k, v in vars(r).items() if k != "details"}
                for r in portal.board(PUBLIC, q)
            ],
        }
        found = portal.assessment(PUBLIC, "google", q)
        book = portal.rulebook
        assessment = {
            "as_of": AS_OF,
            "known_at": None,
            "rulebook": {"id": book.id, "version": book.version},
            **found.to_dict(),
        }
    bodies: list[tuple[str, Any, dict[str, Any]]] = [
        ("board", BOARD, board),
        ("assessment", ASSESSMENT, assessment),
    ]
    for name, adapter, body in bodies:
        time_encoders(name, adapter, adapter.validate_python(body), orjson)
    if orjson is None:
        print("orjson is not installed (the bench extra): not compared")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of targets")
    parser.add_argument("--workers", type=int, default=None, help="serve's --workers")
    parser.add_argument("--serializers", action="store_true", help="time the encoders first")
    args = parser.parse_args()
    if args.serializers:
        serializers()
    targets = [
        ("static file (floor)", "/static/style.css", False),
        ("board", f"/api/board?as_of={AS_OF}", False),
        ("assessment", f"/api/companies/google/assessment?as_of={AS_OF}", False),
        ("board, If-None-Match (304)", f"/api/board?as_of={AS_OF}", True),
        ("assessment, If-None-Match", f"/api/companies/google/assessment?as_of={AS_OF}", True),
    ]
    port = free_port()
    print(f"load average before: {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})")
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(port, f"sqlite:///{Path(tmp) / 'bench.db'}", args.workers)
        try:
            print(
                f"{args.requests} requests per target, {args.concurrency} clients, "
                f"workers {args.workers or 'default'}"
            )
            # Rounds, each running every target in turn: the machine's load drifts, and
            # interleaving spreads the drift over all targets instead of one.
            runs: dict[str, tuple[list[float], float, int]] = {
                n: ([], 0.0, 0) for n, _, _ in targets
            }
            for _ in range(args.rounds):
                for name, path, conditional in targets:
                    asyncio.run(load(port, path, 200, args.concurrency, conditional))  # warm
                    found = asyncio.run(
                        load(
                            port, path, args.requests // args.rounds, args.concurrency, conditional
                        )
                    )
                    seen, elapsed, errors = runs[name]
                    runs[name] = (seen + found[0], elapsed + found[1], errors + found[2])
            floor = figures(*runs[targets[0][0]])
            for name, _, _ in targets:
                found = figures(*runs[name])
                print(
                    f"{name:30s} {found['rps']:7.0f} req/s  p50 {found['p50']:6.1f} ms  "
                    f"p99 {found['p99']:6.1f} ms  errors {found['errors']:.0f}  "
                    f"p99 {found['p99'] / floor['p99']:.2f}x the floor's, "
                    f"req/s {found['rps'] / floor['rps']:.2f} of it"
                )
        finally:
            server.terminate()
            server.wait(30)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
