"""API load with concurrent readers and appenders, on SQLite and PostgreSQL (loopback only).

Starts `landfall serve` (a real uvicorn process) on a fresh ledger holding the case book plus
``--events`` audience figures of one company, then for ``--seconds`` (and at most
``--requests`` requests) runs anonymous readers on the endpoints that used to cost the whole
ledger per request (verify, one event, a deep page, a timeline page) beside regulator
appenders posting one new event each. Before that, ``--cold-pages`` first timeline pages at
dates no answer is cached for, with nothing else running. Prints, per backend: requests, errors, appends
acknowledged, appends lost (acknowledged but not in the ledger afterwards: must be 0), whether
the chain still verifies, and p50/p99 latency per endpoint.

    .venv/bin/python bench/api_load.py [--backend sqlite|postgres|both] [--events N]
        [--seconds S] [--requests N] [--readers R] [--appenders A] [--cold-pages N]

PostgreSQL is reached at postgresql://postgres@127.0.0.1:5432 (a scratch database is
created and dropped); it is skipped with a note when unreachable.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.service.portal import seed_casebook
from landfall.tokens import TokenStore

PG = "postgresql://postgres@127.0.0.1:5432"
SRC = Path(__file__).resolve().parents[1] / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def bulk(n: int) -> FactsDocument:
    return FactsDocument.model_validate(
        {
            "landfall": 1,
            "companies": [{"id": "bulk", "name": "Bulk Ltd", "country": "CY"}],
            "resources": [{"id": "bulk.example", "company": "bulk", "kind": "social_network"}],
            "events": [
                {
                    "date": "2023-01-01",
                    "type": "audience",
                    "resource": "bulk.example",
                    "daily_users_ru": 1000 + i,
                    "public": True,
                }
                for i in range(n)
            ],
        }
    )


@contextmanager
def ledger(backend: str, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'load.db'}"
        return
    import psycopg

    name = f"landfall_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG}/{name}"
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def load(
    base: str, token: str, seconds: float, requests: int, readers: int, appenders: int, n: int
) -> dict[str, object]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    acknowledged = 0
    done = 0
    stop = time.monotonic() + seconds
    reads = {
        "verify": lambda: "/api/ledger/verify",
        "events?limit=1": lambda: "/api/events?limit=1",
        "events deep page": lambda: f"/api/events?limit=50&offset={random.randrange(n)}",
        "timeline page": lambda: "/api/companies/bulk/timeline?limit=100&as_of=2030-01-01",
    }
    async with httpx2.AsyncClient(base_url=base, timeout=60) as client:

        def more() -> bool:
            return time.monotonic() < stop and done < requests

        async def reader() -> None:
            nonlocal done
            while more():
                name = random.choice(list(reads))
                done += 1
                start = time.perf_counter()
                try:
                    r = await client.get(reads[name]())
                    ok = r.status_code == 200
                except httpx2.HTTPError:
                    ok = False
                latencies[name].append(time.perf_counter() - start)
                errors[name] += not ok

        async def appender(k: int) -> None:
            nonlocal done, acknowledged
            i = 0
            while more():
                i += 1
                done += 1
                event = {
                    "date": "2024-01-01",
                    "type": "audience",
                    "resource": "bulk.example",
                    "daily_users_ru": 10_000_000 + k * 1_000_000 + i,
                }
                start = time.perf_counter()
                try:
                    r = await client.post(
                        "/api/events",
                        json={"events": [event]},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    ok = r.status_code == 201
                    acknowledged += r.json()["added"] if ok else 0
                except httpx2.HTTPError:
                    ok = False
                latencies["append"].append(time.perf_counter() - start)
                errors["append"] += not ok

        # the count is the regulator's to see (docs/api.md, "No activity meter")
        regulator = {"Authorization": f"Bearer {token}"}
        before = (await client.get("/api/ledger/verify", headers=regulator)).json()["count"]
        await asyncio.gather(
            *(reader() for _ in range(readers)), *(appender(k) for k in range(appenders))
        )
        after = (await client.get("/api/ledger/verify", headers=regulator)).json()
    return {
        "latencies": latencies,
        "errors": errors,
        "acknowledged": acknowledged,
        "lost": acknowledged - (after["count"] - before),
        "verifies": after["ok"],
    }


async def cold_timeline(base: str, token: str, pages: int) -> dict[str, list[float]]:
    """The first timeline page at dates no answer is cached for (each a new ``as_of``), with
    no appends running: what one page costs on its own, anonymous and as the regulator."""
    out: dict[str, list[float]] = defaultdict(list)
    async with httpx2.AsyncClient(base_url=base, timeout=120) as client:
        for who, headers in (("public", {}), ("regulator", {"Authorization": f"Bearer {token}"})):
            for k in range(pages):
                day = f"2030-{1 + k // 28:02d}-{1 + k % 28:02d}"
                start = time.perf_counter()
                r = await client.get(
                    f"/api/companies/bulk/timeline?limit=100&as_of={day}", headers=headers
                )
                out[f"cold timeline, {who}"].append(time.perf_counter() - start)
                assert r.status_code == 200, r.text
    return out


def p(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run_backend(backend: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp, ledger(backend, Path(tmp)) as url:
        started = time.perf_counter()
        with open_ledger(url) as store:
            seed_casebook(store)
            store.append(document_events(bulk(args.events)))
        with TokenStore(url) as tokens:
            token = tokens.create("regulator", "load test")[1]
        print(
            f"{backend}: ledger of {args.events} + case book in {time.perf_counter() - started:.1f} s"
        )
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        command = [
            sys.executable,
            "-c",
            "from landfall.cli import app; app()",
            "serve",
            "--seed-casebook",
            "--db",
            url,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx2.get(base + "/api/rulebook/laws", timeout=2)
                    break
                except httpx2.HTTPError:
                    time.sleep(0.2)
            cold = asyncio.run(cold_timeline(base, token, args.cold_pages))
            result = asyncio.run(
                load(
                    base,
                    token,
                    args.seconds,
                    args.requests,
                    args.readers,
                    args.appenders,
                    args.events,
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies = result["latencies"]
    errors = result["errors"]
    assert isinstance(latencies, dict) and isinstance(errors, dict)
    total = sum(len(v) for v in latencies.values())
    print(
        f"{backend}: {total} requests, {sum(errors.values())} errors, "
        f"{result['acknowledged']} appends acknowledged, {result['lost']} appends lost, "
        f"chain verifies: {result['verifies']}"
    )
    for name, values in sorted({**cold, **latencies}.items()):
        print(
            f"  {name:26} n={len(values):5}  errors={errors.get(name, 0):3}  "
            f"p50={p(values, 50) * 1000:7.1f} ms  p99={p(values, 99) * 1000:7.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--readers", type=int, default=12)
    parser.add_argument("--appenders", type=int, default=2)
    parser.add_argument("--cold-pages", type=int, default=10)
    args = parser.parse_args()
    for backend in ("sqlite", "postgres") if args.backend == "both" else (args.backend,):
        try:
            run_backend(backend, args)
        except OSError as e:
            print(f"{backend}: skipped ({e})")
        except Exception as e:
            if type(e).__module__.startswith("psycopg"):
                print(f"{backend}: skipped ({type(e).__name__}: {e})")
            else:
                raise


if __name__ == "__main__":
    main()
