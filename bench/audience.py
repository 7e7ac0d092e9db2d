"""Audience meter throughput against `zcat | wc -l` and an awk + sort -u pipeline.

    python bench/audience.py                    # ~1.5 M lines, under a minute
    python bench/audience.py --big              # the issue's 2 GB run (tens of millions of lines)
    python bench/audience.py --log FILE.gz      # an existing log

Prints lines/s for each, the ratios, landfall's peak memory (ru_maxrss) and the counts.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from landfall.audience import hll_relative_error, measure_audience
from landfall.audience.samples import LogSpec, combined_lines


def generate(path: Path, spec: LogSpec, target_bytes: int | None) -> int:
    """Write a gzip log; with target_bytes, repeat days until the uncompressed size is reached."""
    written = lines = 0
    day = 0
    gzip_bin = shutil.which("gzip")
    with path.open("wb") as out:
        proc = subprocess.Popen([gzip_bin or "gzip", "-1", "-c"], stdin=subprocess.PIPE, stdout=out)
        assert proc.stdin is not None
        while True:
            chunk_spec = replace(spec, start=spec.start.fromordinal(spec.start.toordinal() + day))
            chunk_spec = replace(chunk_spec, days=1, seed=spec.seed + day)
            block = "\n".join(combined_lines(chunk_spec)).encode() + b"\n"
            proc.stdin.write(block)
            written += len(block)
            lines += block.count(b"\n")
            day += 1
            if target_bytes is None and day >= spec.days:
                break
            if target_bytes is not None and written >= target_bytes:
                break
        proc.stdin.close()
        proc.wait()
    return lines


def timed_shell(command: str) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(command, shell=True, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, out.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", type=Path, help="an existing gzip combined log")
    parser.add_argument("--out", type=Path, help="keep the generated log here")
    parser.add_argument("--big", action="store_true", help="generate a 2 GB (uncompressed) log")
    parser.add_argument("--users", type=int, default=50_000, help="Russian users per day")
    parser.add_argument("--days", type=int, default=4)
    parser.add_argument("--exact-limit", type=int, default=1_000_000)
    parser.add_argument("--lg-k", type=int, default=14)
    parser.add_argument("--workers", type=int, default=2, help="also time this many workers")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="landfall-bench-"))
    try:
        path = args.log
        if path is None:
            path = args.out or tmp / "access.log.gz"
            spec = LogSpec(days=args.days, ru_users_per_day=args.users, requests_per_user=3)
            t0 = time.perf_counter()
            n = generate(path, spec, 2 * 10**9 if args.big else None)
            print(
                f"generated {n:,} lines, {path.stat().st_size / 1e6:.1f} MB gz "
                f"in {time.perf_counter() - t0:.1f} s"
            )

        floor_s, count = timed_shell(f"zcat {path} | wc -l")
        lines = int(count)
        awk_s, distinct = timed_shell(
            f'zcat {path} | awk -F\'"\' \'{{split($1, a, " "); print a[1] "|" $(NF-1)}}\' '
            "| sort -u -S 25% | wc -l"
        )
        start = time.perf_counter()
        report = measure_audience(
            [path], resource="bench", exact_limit=args.exact_limit, lg_k=args.lg_k
        )
        ours_s = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        par_s = None
        if args.workers > 1:
            start = time.perf_counter()
            par = measure_audience(
                [path],
                resource="bench",
                exact_limit=args.exact_limit,
                lg_k=args.lg_k,
                workers=args.workers,
            )
            par_s = time.perf_counter() - start
            # Each worker holds exact_limit / workers, so the two runs may demote different
            # days to the sketch; days exact in both must agree to the user.
            serial_exact = {d.date: d.daily_users_ru for d in report.days if d.method == "exact"}
            for d in par.days:
                if d.method == "exact" and d.date in serial_exact:
                    assert d.daily_users_ru == serial_exact[d.date], d
        children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        print(f"lines                 {lines:,}")
        print(f"zcat | wc -l          {lines / floor_s:>12,.0f} lines/s  ({floor_s:.2f} s)")
        print(
            f"awk + sort -u         {lines / awk_s:>12,.0f} lines/s  ({awk_s:.2f} s), "
            f"{int(distinct):,} distinct address+agent pairs (all countries, all days)"
        )
        print(f"landfall audience     {lines / ours_s:>12,.0f} lines/s  ({ours_s:.2f} s)")
        print(f"ratio landfall/floor  {ours_s / floor_s:.2f}x slower")
        if par_s is not None:
            print(
                f"landfall, {args.workers} workers   {lines / par_s:>12,.0f} lines/s  "
                f"({par_s:.2f} s), {par_s / floor_s:.2f}x the floor"
            )
        print(f"ratio landfall/awk    {ours_s / awk_s:.2f}x")
        print(
            f"peak memory           {peak_mb:,.0f} MB (ru_maxrss, serial run); "
            f"largest child {children_mb:,.0f} MB"
        )
        print(
            f"HLL lg_k={args.lg_k}: relative standard error "
            f"{hll_relative_error(args.lg_k):.3%}; exact limit {args.exact_limit:,} hashes"
        )
        print(
            f"lines read {report.lines_read:,}, Russian {report.lines_ru:,}, "
            f"malformed {report.malformed:,}"
        )
        for day in report.days:
            print(f"  {day.date}  {day.daily_users_ru:>10,}  {day.method}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
