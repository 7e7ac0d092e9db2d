"""Ledger benchmark at population scale: import a facts document of N companies with a year of
daily ``audience`` events each into a fresh SQLite ledger, then read the picture back and
assess it, as ``landfall ledger import`` and ``landfall assess --db`` do.

Prints the import rate beside a bare ``executemany`` of as many rows into the same table,
measured in the same run, then the re-import (every event skipped), ``verify``, the picture
read (``store.facts``: per event), ``assess`` on it, the same for the picture to assess
(``series=True``, what ``assess --db`` reads), the memory of the picture per company,
and ``landfall assess --db`` end to end (a whole process, every installed rulebook), with the
machine's load average before and after.

    python bench/ledger_import.py [--companies N] [--days D] [--cpu] [--profile append|facts]
                                  [--no-reimport]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from landfall.engine import StatusTracer, assess
from landfall.facts import load_facts
from landfall.ledger import open_ledger
from landfall.ledger.connect import WRITER_CACHE_KIB
from landfall.ledger.events import HASHED_COLUMNS, OPTIONAL_HASHED_COLUMNS, sha256_hex
from landfall.ledger.importer import document_events, import_facts, local_author
from landfall.rulebooks.ru import rulebook

# Wall time by default; --cpu times the CPU this process spends (on a shared machine, what
# the other processes take is not ours), the floor included.
now = time.perf_counter
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
    included), in one transaction, with the ledger writer's settings: what SQLite does with
    no hashing, checking or encoding."""
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
    conn.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")  # the ledger writer's own setting
    sql = f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    start = now()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    elapsed = now() - start
    conn.close()
    return count / elapsed


def assess_db(url: str) -> tuple[float, float, float]:
    """``landfall assess --db URL`` as a whole process (JSON out, discarded): its wall seconds,
    its CPU seconds, and its peak resident memory in KiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-c", "from landfall.cli import main; main()", "assess"]
    command += ["--db", url, "--as-of", AS_OF.isoformat(), "--format", "json"]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some obligation is violated, which is expected
        raise SystemExit(f"landfall assess --db failed: {done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, float(after.ru_maxrss)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def profiled(label: str, call: Any, *args: Any) -> Any:
    profiler = cProfile.Profile()
    result = profiler.runcall(call, *args)
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
    parser.add_argument("--profile", choices=("append", "facts"), default=None)
    parser.add_argument("--cpu", action="store_true", help="time CPU seconds, not wall time")
    parser.add_argument("--no-reimport", action="store_true", help="skip re-import and verify")
    args = parser.parse_args()
    load_before = load()
    global now
    now = time.process_time if args.cpu else time.perf_counter
    clock = rulebook().clock
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / "facts.json"
        facts.write_text(json.dumps(generate(args.companies, args.days)), encoding="utf-8")
        size = facts.stat().st_size / 1e6
        url = f"sqlite:///{Path(tmp) / 'ledger.db'}"
        with open_ledger(url) as store:
            # import_facts, phase by phase: the loader, the events, the ledger's append
            start = now()
            doc = load_facts(facts)
            load_s = now() - start
            start = now()
            new = document_events(doc, origin="bench", author=local_author(facts, "bench"))
            del doc
            events_s = now() - start
            start = now()
            if args.profile == "append":
                result = profiled("append", store.append, new)
            else:
                result = store.append(new)
            append_s = now() - start
            del new
            import_s = load_s + events_s + append_s
            events = result.added
            reimport_s = verify_s = float("nan")
            if not args.no_reimport:
                start = now()
                again = import_facts(store, facts)
                reimport_s = now() - start
                assert again.added == 0 and again.head == result.head
                start = now()
                verified = store.verify()
                verify_s = now() - start
                assert verified.ok

            start = now()
            if args.profile == "facts":
                doc = profiled("facts", lambda: store.facts(AS_OF, clock=clock))
            else:
                doc = store.facts(AS_OF, clock=clock)
            facts_s = now() - start
            start = now()
            assessed = assess(rulebook(), doc, AS_OF, tracer=StatusTracer()).to_dict()
            assess_s = now() - start
            assert len(assessed["companies"]) == args.companies
            picture_events = len(doc.events)
            del doc, assessed
            # the picture `landfall assess --db` reads: each run of daily figures one event
            start = now()
            runs = store.facts(AS_OF, clock=clock, series=True)
            series_s = now() - start
            start = now()
            on_runs = assess(rulebook(), runs, AS_OF, tracer=StatusTracer()).to_dict()
            assess_series_s = now() - start
            assert len(on_runs["companies"]) == args.companies
            del runs, on_runs
            tracemalloc.start()
            held = store.facts(AS_OF, clock=clock)
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            del held
        process_wall, process_cpu, process_kib = assess_db(url)
        floor = floor_rate(Path(tmp) / "floor.db", events)
    rate = events / append_s
    n = args.companies
    print(
        f"ledger import bench: {n:,} companies x {args.days} daily audience events "
        f"({events:,} events, {size:.0f} MB JSON), SQLite, {'CPU' if args.cpu else 'wall'} time"
    )
    print(
        f"  import, whole file:                    {import_s:7.2f} s {events / import_s:9,.0f} events/s"
    )
    print(f"    load_facts (parse, check, validate): {load_s:7.2f} s")
    print(f"    document_events (payloads):          {events_s:7.2f} s")
    print(f"    append (keys, chain, batched insert): {append_s:6.2f} s {rate:9,.0f} events/s")
    print(f"  floor (bare sqlite3 executemany):                {floor:9,.0f} rows/s")
    print(f"  ratio append/floor:                              {rate / floor:9.2f}")
    print(f"  ratio whole-file import/floor:                   {events / import_s / floor:9.2f}")
    print(f"  re-import of the same file (all skipped):   {reimport_s:8.2f} s")
    print(f"  verify whole chain:                         {verify_s:8.2f} s")
    print(
        f"  store.facts as of {AS_OF}:                {facts_s:8.2f} s  "
        f"{facts_s / picture_events * 1e6:10.1f} us an event"
    )
    print(f"  assess (status tracer):                     {assess_s:8.2f} s")
    print(f"  assess --db (picture + assess):             {facts_s + assess_s:8.2f} s")
    print(
        f"  picture to assess (series=True):            {series_s:8.2f} s  "
        f"{series_s / picture_events * 1e6:10.1f} us an event"
    )
    print(f"  assess on it (status tracer):               {assess_series_s:8.2f} s")
    print(f"  assess --db in process, series picture:     {series_s + assess_series_s:8.2f} s")
    print(
        f"  picture memory: held {current / n / 1024:.1f} KiB a company, "
        f"peak while reading {peak / n / 1024:.1f} KiB a company"
    )
    print(
        f"  landfall assess --db, whole process, every rulebook: {process_wall:6.2f} s wall, "
        f"{process_cpu:6.2f} s CPU, peak RSS {process_kib / n:.0f} KiB a company"
    )
    print(f"  load average before: {load_before}; after: {load()} (2 cores)")


if __name__ == "__main__":
    main()
