"""Ledger benchmark at population scale: import a facts document of N companies with a year of
daily ``audience`` events each into a fresh SQLite ledger, then read the picture back and
assess it, as ``landfall ledger import`` and ``landfall assess --db`` do.

Prints the import rate beside a bare ``executemany`` of as many rows into the same table,
measured in the same run, then the re-import (every event skipped), ``verify``, the picture
read (``store.facts``: per event), ``assess`` on it, and the memory of the picture per company.

    python bench/ledger_import.py [--companies N] [--days D] [--profile import|facts]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import random
import sqlite3
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from landfall.engine import StatusTracer, assess
from landfall.ledger import open_ledger
from landfall.ledger.events import HASHED_COLUMNS, OPTIONAL_HASHED_COLUMNS, sha256_hex
from landfall.ledger.importer import import_facts
from landfall.rulebooks.ru import rulebook

START = dt.date(2021, 1, 1)
AS_OF = dt.date(2022, 1, 15)


def generate(n: int, days: int, seed: int = 7) -> dict[str, Any]:
    """N companies, one resource each, ``days`` daily audience figures and a few duties."""
    rng = random.Random(seed)
    companies, resources, events = [], [], []
    for i in range(n):
        cid, rid = f"c{i}", f"r{i}.example"
        companies.append({"id": cid, "country": "CY"})
        resources.append(
            {"id": rid, "company": cid, "kind": "social_network", "russian_language": i % 3 != 0}
        )
        level = rng.randint(300_000, 700_000)
        for d in range(days):
            level = max(0, level + rng.randint(-5_000, 5_000))
            day = (START + dt.timedelta(days=d)).isoformat()
            events.append(
                {"date": day, "type": "audience", "resource": rid, "daily_users_ru": level}
            )
        if i % 2:
            events.append({"date": "2021-08-01", "type": "feedback_form", "resource": rid})
            events.append({"date": "2021-08-01", "type": "rkn_account", "company": cid})
        if i % 5:
            events.append({"date": "2021-11-22", "type": "list_inclusion", "company": cid})
    return {"landfall": 1, "companies": companies, "resources": resources, "events": events}


def floor_rate(path: Path, count: int) -> float:
    """Rows/s of one executemany of precomputed rows into the ledger's own table (its indexes
    included), in one transaction: what SQLite does with no hashing, checking or encoding."""
    open_ledger(f"sqlite:///{path}").close()
    columns = ("id", *HASHED_COLUMNS, "hash", *OPTIONAL_HASHED_COLUMNS, "public_seq")
    author = '{"file":"facts.json","user":"bench","via":"landfall ledger import"}'
    rows = [
        (
            i + 1,
            sha256_hex(f"key{i}"),  # random-looking keys: the unique index pays the same
            "audience",
            f"c{i % 2000}",
            f"r{i % 2000}.example",
            "2021-01-01",
            "2021-01-01",
            "2021-01-01T00:00:00.000000Z",
            "2026-01-01T00:00:00.000000Z",
            f'{{"daily_users_ru":{i},"date":"2021-01-01","resource":"r1.example","type":"audience"}}',
            "landfall ledger import facts.json",
            False,
            None,
            "assert",
            sha256_hex(f"prev{i}"),
            sha256_hex(f"hash{i}"),
            author,
            sha256_hex(f"salt{i}"),
            None,
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


def profiled(label: str, call: Any) -> Any:
    profiler = cProfile.Profile()
    result = profiler.runcall(call)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(15)
    print(f"\n== {label}: top functions by own time")
    lines = text.getvalue().splitlines()
    first = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print("\n".join(line[:150] for line in lines[first : first + 16]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--companies", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--profile", choices=("import", "facts"), default=None)
    args = parser.parse_args()
    clock = rulebook().clock
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / "facts.json"
        facts.write_text(json.dumps(generate(args.companies, args.days)), encoding="utf-8")
        size = facts.stat().st_size / 1e6
        url = f"sqlite:///{Path(tmp) / 'ledger.db'}"
        with open_ledger(url) as store:
            start = time.perf_counter()
            if args.profile == "import":
                result = profiled("import", lambda: import_facts(store, facts))
            else:
                result = import_facts(store, facts)
            import_s = time.perf_counter() - start
            events = result.added
            start = time.perf_counter()
            again = import_facts(store, facts)
            reimport_s = time.perf_counter() - start
            assert again.added == 0 and again.head == result.head
            start = time.perf_counter()
            verified = store.verify()
            verify_s = time.perf_counter() - start
            assert verified.ok

            start = time.perf_counter()
            if args.profile == "facts":
                doc = profiled("facts", lambda: store.facts(AS_OF, clock=clock))
            else:
                doc = store.facts(AS_OF, clock=clock)
            facts_s = time.perf_counter() - start
            start = time.perf_counter()
            assessed = assess(rulebook(), doc, AS_OF, tracer=StatusTracer()).to_dict()
            assess_s = time.perf_counter() - start
            assert len(assessed["companies"]) == args.companies
            picture_events = len(doc.events)
            del doc, assessed
            tracemalloc.start()
            held = store.facts(AS_OF, clock=clock)
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            del held
        floor = floor_rate(Path(tmp) / "floor.db", events)
    rate = events / import_s
    n = args.companies
    print(
        f"ledger import bench: {n:,} companies x {args.days} daily audience events "
        f"({events:,} events, {size:.0f} MB JSON), SQLite"
    )
    print(
        f"  import (load, hash chain, one transaction): {import_s:8.2f} s  {rate:10,.0f} events/s"
    )
    print(f"  floor (bare sqlite3 executemany):                       {floor:10,.0f} rows/s")
    print(f"  ratio import/floor:                                     {rate / floor:10.2f}")
    print(f"  re-import of the same file (all skipped):   {reimport_s:8.2f} s")
    print(f"  verify whole chain:                         {verify_s:8.2f} s")
    print(
        f"  store.facts as of {AS_OF}:                {facts_s:8.2f} s  "
        f"{facts_s / picture_events * 1e6:10.1f} us an event"
    )
    print(f"  assess (status tracer):                     {assess_s:8.2f} s")
    print(f"  assess --db (picture + assess):             {facts_s + assess_s:8.2f} s")
    print(
        f"  picture memory: held {current / n / 1024:.1f} KiB a company, "
        f"peak while reading {peak / n / 1024:.1f} KiB a company"
    )


if __name__ == "__main__":
    main()
