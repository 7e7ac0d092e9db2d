"""Audience meter throughput against `zcat | wc -l` and an awk + sort -u pipeline.

    python bench/audience.py                    # ~0.75 M lines, about a minute
    python bench/audience.py --big              # the issue's 2 GB run (about 9 M lines)
    python bench/audience.py --log FILE.gz      # an existing log (no ground truth then)

Prints lines/s for each, the ratios, landfall's peak memory and, for a generated log, each
day's count against the truth in units of the sketch's standard error. Each landfall run is
a fresh process, so its peak memory (ru_maxrss) is its own. The generated log writes every
line in a random one of five UTC offsets, which defeats the same-minute shortcut: a harder
case than a real server's log.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# the synthetic log generator is test support, kept with the tests
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from log_samples import LogSpec, SampleTruth, combined_lines

RUN = """
import json, resource, sys, time
from landfall.audience import measure_audience
from landfall.periods import LegalClock
from datetime import timedelta
path, limit, lg_k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
workers = None if sys.argv[4] == "auto" else int(sys.argv[4])
engine = sys.argv[5]
clock = LegalClock(timedelta(hours=3), "MSK")  # the Russian rulebook's, without loading it
start = time.perf_counter()
r = measure_audience(
    [path], resource="bench", clock=clock, exact_limit=limit, lg_k=lg_k, workers=workers,
    engine=engine,
)
took = time.perf_counter() - start
print(json.dumps({
    "seconds": took,
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "lines": r.lines_read, "ru": r.lines_ru, "malformed": r.malformed,
    "days": [[d.date.isoformat(), d.daily_users_ru, d.method, d.relative_error]
             for d in r.days],
}))
"""


def generate(path: Path, spec: LogSpec, target_bytes: int | None) -> tuple[int, dict[str, int]]:
    """Write a gzip log, one day at a time; return its line count and true users per day."""
    written = lines = day = 0
    truth: dict[str, int] = {}
    with path.open("wb") as out:
        proc = subprocess.Popen(
            [shutil.which("gzip") or "gzip", "-1", "-c"], stdin=subprocess.PIPE, stdout=out
        )
        assert proc.stdin is not None
        while True:
            one = replace(
                spec,
                start=spec.start.fromordinal(spec.start.toordinal() + day),
                days=1,
                seed=spec.seed + day,
            )
            seen = SampleTruth()
            block = "\n".join(combined_lines(one, seen)).encode() + b"\n"
            truth.update({d.isoformat(): n for d, n in seen.counts().items()})
            proc.stdin.write(block)
            written += len(block)
            lines += block.count(b"\n")
            day += 1
            if (target_bytes is None and day >= spec.days) or (
                target_bytes is not None and written >= target_bytes
            ):
                break
        proc.stdin.close()
        proc.wait()
    return lines, truth


def timed_shell(command: str) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(command, shell=True, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, out.strip()


def landfall(
    path: Path, limit: int, lg_k: int, workers: str, engine: str = "local"
) -> dict[str, object]:
    """One run in a fresh process, timed from outside too (the whole process: start-up and
    imports included, as a user waits for it)."""
    argv = [sys.executable, "-c", RUN, str(path), str(limit), str(lg_k), workers, engine]
    start = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(out)
    result["process_seconds"] = time.perf_counter() - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", type=Path, help="an existing gzip combined log")
    parser.add_argument("--out", type=Path, help="keep the generated log here")
    parser.add_argument("--big", action="store_true", help="generate a 2 GB (uncompressed) log")
    parser.add_argument("--users", type=int, default=50_000, help="Russian users per day")
    parser.add_argument("--days", type=int, default=4)
    parser.add_argument("--exact-limit", type=int, default=1_000_000)
    parser.add_argument("--lg-k", type=int, default=14)
    parser.add_argument("--workers", type=int, default=1, help="also time this many workers")
    parser.add_argument("--no-awk", action="store_true", help="skip the awk + sort -u peer")
    parser.add_argument("--spark", action="store_true", help="also time --engine spark")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="landfall-bench-"))
    truth: dict[str, int] = {}
    try:
        path = args.log
        if path is None:
            path = args.out or tmp / "access.log.gz"
            spec = LogSpec(days=args.days, ru_users_per_day=args.users, requests_per_user=3)
            t0 = time.perf_counter()
            n, truth = generate(path, spec, 2 * 10**9 if args.big else None)
            print(
                f"generated {n:,} lines, {path.stat().st_size / 1e6:.1f} MB gz "
                f"in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
        print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        floor_s, count = timed_shell(f"zcat {path} | wc -l")
        lines = int(count)
        print(f"lines                 {lines:,}")
        print(f"zcat | wc -l          {lines / floor_s:>12,.0f} lines/s  ({floor_s:.2f} s)")
        awk_s = 0.0
        if not args.no_awk:
            awk_s, distinct = timed_shell(
                f'zcat {path} | awk -F\'"\' \'{{split($1, a, " "); print a[1] "|" $(NF-1)}}\' '
                "| sort -u -S 25% | wc -l"
            )
            print(
                f"awk + sort -u         {lines / awk_s:>12,.0f} lines/s  ({awk_s:.2f} s), "
                f"{int(distinct):,} distinct address+agent pairs (all countries, all days)",
                flush=True,
            )
        plan = [("defaults", "auto", "local")]
        if args.workers:
            plan.append((f"{args.workers} worker(s)", str(args.workers), "local"))
        if args.spark:
            plan.append(("spark local[*]", "auto", "spark"))
        runs = []
        for label, workers, engine in plan:
            # The floor again right before and after each run: on a shared machine the load
            # moves within seconds, so only the floor around a run is its peer.
            before, _ = timed_shell(f"zcat {path} | wc -l")
            r = landfall(path, args.exact_limit, args.lg_k, workers, engine)
            after, _ = timed_shell(f"zcat {path} | wc -l")
            around = (before + after) / 2
            runs.append((label, r))
            took = float(r["process_seconds"])  # type: ignore[arg-type]
            inner = float(r["seconds"])  # type: ignore[arg-type]
            peer = f", {took / awk_s:.2f}x awk" if awk_s else ""
            print(
                f"landfall, {label:<14} {lines / took:>12,.0f} lines/s  ({took:.2f} s whole "
                f"process, {inner:.2f} s measuring): {took / floor_s:.2f}x the first floor, "
                f"{took / around:.2f}x the floor around it ({before:.2f} s, "
                f"{after:.2f} s){peer}; peak memory {r['self_mb']:,.0f} MB (+ children "
                f"{r['children_mb']:,.0f} MB); load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        first = runs[0][1]
        print(
            f"lines read {first['lines']:,}, Russian {first['ru']:,}, "
            f"malformed {first['malformed']:,}; exact limit {args.exact_limit:,}, lg_k {args.lg_k}"
        )
        for label, r in runs:
            print(f"days ({label}): date, count, method, error vs truth in sigmas")
            for day, count_, method, rse in r["days"]:  # type: ignore[attr-defined]
                true = truth.get(day)
                if true is None:
                    print(f"  {day}  {count_:>10,}  {method}")
                    continue
                sigmas = (count_ - true) / (rse * true) if rse else 0.0
                print(f"  {day}  {count_:>10,}  {method:<5}  truth {true:,}  {sigmas:+.2f} σ")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
