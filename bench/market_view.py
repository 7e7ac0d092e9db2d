"""Benchmark: `landfall assess FILE` as a table for a whole market (10,000 companies).

Above 20 companies the table format shows one summary row a company (``landfall.cli.market``)
instead of the tables per company. Three figures from the same run, on bench/engine.py's
generated market:

- the floor: `landfall assess FILE --format json` as a process of its own (the same load and
  assessment, written as JSON, no table);
- after: `landfall assess FILE` (the market view) at 120 columns, piped, as a process;
- before: the tables per company (``render.assessment_tables``) timed in process on the first
  ``--sample`` companies of the same answer, and that time a company times the market's size
  (rendering all of 10,000 takes about ten minutes on this machine kind).

    .venv/bin/python bench/market_view.py [--companies N] [--days D] [--sample K]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from engine import AS_OF, generate
from landfall.engine import StatusTracer, assess
from landfall.facts import load_facts
from landfall.labels import readable
from landfall.render import assessment_tables
from landfall.rulebooks import load_many


def timed_process(*args: str) -> float:
    env = {**os.environ, "COLUMNS": "120"}
    command = [sys.executable, "-c", "from landfall.cli import main; main()", *args]
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "market.json"
        path.write_text(json.dumps(generate(args.companies, args.days)))
        day = AS_OF.isoformat()
        floor = timed_process("assess", str(path), "--as-of", day, "--format", "json")
        after = timed_process("assess", str(path), "--as-of", day)
        doc = load_facts(path)
        answer = readable(assess(load_many(), doc, AS_OF, tracer=StatusTracer()).to_dict())
        sample = {**answer, "companies": answer["companies"][: args.sample]}
        console = Console(file=io.StringIO(), width=120)
        start = time.perf_counter()
        assessment_tables(console, sample)
        per_company = (time.perf_counter() - start) / len(sample["companies"])
    before = per_company * args.companies
    n = args.companies
    print(f"{n:,} companies x {args.days} days, load average before/after in the last line")
    print(f"floor  assess --format json, whole process     {floor:7.2f} s")
    print(
        f"after  assess (market view), whole process      {after:7.2f} s  "
        f"= {after / floor:.2f}x the floor"
    )
    print(
        f"before tables per company: {per_company * 1000:.1f} ms a company x {n:,} = "
        f"{before:7.1f} s of rendering alone = {before / floor:.0f}x the floor "
        f"(measured on {len(sample['companies'])})"
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} after the run")


if __name__ == "__main__":
    main()
