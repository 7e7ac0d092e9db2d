"""Ledger benchmark: append rate with the hash chain against a bare executemany floor,
and as-of query latency for one company in a 100,000-event ledger.

    python bench/ledger.py [--events N] [--companies N] [--db URL]

``--db`` benchmarks the ledger on another database (e.g. PostgreSQL); the floor is always
SQLite, as the issue defines it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from landfall.ledger import NewEvent, open_ledger
from landfall.ledger.events import HASHED_COLUMNS, sha256_hex
from landfall.rulebooks.ru import rulebook


def make_events(count: int, companies: int) -> list[NewEvent]:
    out = []
    for i in range(count):
        company = f"c{i % companies:03d}"
        day = (dt.date(2016, 1, 1) + dt.timedelta(days=(i // companies) % 3000)).isoformat()
        payload = {
            "date": day,
            "type": "audience",
            "resource": f"{company}.app",
            "daily_users_ru": i,
        }
        out.append(NewEvent("audience", company, f"{company}.app", payload, day))
    return out


def floor_rate(path: Path, count: int) -> float:
    """Rows/s of one executemany of precomputed rows into the ledger's own table, one commit."""
    open_ledger(f"sqlite:///{path}").close()  # the same schema, indexes included
    columns = ("id", *HASHED_COLUMNS, "hash")
    rows = [
        (
            i + 1,
            # Random-looking keys, as sha256 keys are: the unique index pays the same.
            sha256_hex(f"key{i}"),
            "audience",
            f"c{i % 100:03d}",
            f"c{i % 100:03d}.app",
            "2020-01-01",
            "2020-01-01",
            "2020-01-01T00:00:00.000000Z",
            "2024-01-01T00:00:00.000000Z",
            f'{{"daily_users_ru":{i}}}',
            None,
            False,
            None,
            "assert",
            sha256_hex(f"prev{i}"),
            sha256_hex(f"hash{i}"),
        )
        for i in range(count)
    ]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")
    sql = f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--companies", type=int, default=100)
    parser.add_argument("--db", default=None, help="ledger URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        events = make_events(args.events, args.companies)
        url = args.db or f"sqlite:///{Path(tmp) / 'ledger.db'}"
        with open_ledger(url) as store:
            start = time.perf_counter()
            result = store.append(events)
            append_s = time.perf_counter() - start
            assert result.added == args.events, "benchmark needs an empty ledger"
            ledger_rate = args.events / append_s

            start = time.perf_counter()
            again = store.append(events)
            reimport_s = time.perf_counter() - start
            assert again.added == 0

            latencies = []
            as_of = dt.date(2020, 6, 1)
            for _ in range(20):
                start = time.perf_counter()
                doc = store.facts(as_of, company="c042", clock=rulebook().clock)
                latencies.append((time.perf_counter() - start) * 1000)
            known = []
            for _ in range(20):
                start = time.perf_counter()
                store.facts(
                    as_of,
                    known_at=dt.datetime.now(dt.UTC),
                    company="c042",
                    clock=rulebook().clock,
                )
                known.append((time.perf_counter() - start) * 1000)

            start = time.perf_counter()
            verified = store.verify()
            verify_s = time.perf_counter() - start
            assert verified.ok

        floor = floor_rate(Path(tmp) / "floor.db", args.events)
    print(f"ledger bench: {args.events} events, {args.companies} companies, {url.split(':')[0]}")
    print(f"  append (hash chain, one transaction): {ledger_rate:12,.0f} events/s")
    print(f"  floor (bare sqlite3 executemany):     {floor:12,.0f} rows/s")
    print(f"  ratio ledger/floor:                   {ledger_rate / floor:12.2f}")
    print(f"  re-import of the same batch (skips):  {reimport_s * 1000:12,.0f} ms")
    print(
        f"  as-of query, one company ({len(doc.events)} events): "
        f"median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms"
    )
    print(f"  as-of query with known_at:            median {statistics.median(known):.1f} ms")
    print(f"  verify whole chain:                   {verify_s * 1000:12,.0f} ms")


if __name__ == "__main__":
    main()
