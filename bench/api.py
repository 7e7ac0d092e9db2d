"""API load: requests/s and p50/p99 latency at 50 concurrent clients on loopback.

Starts `landfall serve` (a real uvicorn process) on a fresh ledger holding the case book and
measures three targets: the assessment endpoint with one date (served from the cache keyed
by the ledger head), the assessment endpoint with a different date on each request (every
request assesses), and a static file from the same server (the floor).

    .venv/bin/python bench/api.py [--requests N] [--concurrency C]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def run(
    base: str, path: Callable[[int], str], total: int, concurrency: int
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                start = time.perf_counter()
                r = await client.get(path(i))
                latencies.append(time.perf_counter() - start)
                if r.status_code != 200:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "rps": total / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        landfall = Path(sys.executable).with_name("landfall")
        server = subprocess.Popen(
            [str(landfall), "serve", "--db", db, "--port", str(port), "--seed-casebook"],
            env={**os.environ, "LANDFALL_CACHE_SIZE": "256"},
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx2.get(f"{base}/api/ledger/verify", timeout=2).status_code == 200:
                        break
                except httpx2.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.1)
            rng = random.Random(6)
            first = dt.date(2016, 1, 1)
            days = [first + dt.timedelta(days=rng.randrange(3900)) for _ in range(args.requests)]
            targets: list[tuple[str, Callable[[int], str]]] = [
                ("static file (floor)", lambda i: "/static/style.css"),
                (
                    "assessment, one date (cached)",
                    lambda i: "/api/companies/google/assessment?as_of=2024-01-01",
                ),
                (
                    "assessment, a new date each time",
                    lambda i: f"/api/companies/google/assessment?as_of={days[i]}",
                ),
            ]
            print(
                f"{args.requests} requests per target, {args.concurrency} concurrent clients, {base}"
            )
            floor = None
            for name, path in targets:
                asyncio.run(run(base, path, min(200, args.requests), args.concurrency))  # warm up
                found = asyncio.run(run(base, path, args.requests, args.concurrency))
                floor = floor or found["rps"]
                print(
                    f"{name:36s} {found['rps']:8.0f} req/s  p50 {found['p50_ms']:6.1f} ms  "
                    f"p99 {found['p99_ms']:6.1f} ms  errors {found['errors']:.0f}  "
                    f"({found['rps'] / floor:.2f} of the floor)"
                )
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
