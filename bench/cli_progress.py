"""What a drawn progress bar costs the long commands: the audience meter and the takedown
reader with a bar (a terminal console writing to /dev/null) against the same work without one
(the floor), in one run, alternating, best of three.

    python bench/cli_progress.py                # ~150 MB of log, 100,000 demand rows

Prints each time and the ratio bar/floor; 1.00 means the bar is free.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from rich.console import Console

from landfall.audience import measure_audience
from landfall.cli.progress import BYTES, progress
from landfall.periods import LegalClock
from landfall.takedown.parse import read_takedown_file
from log_samples import LogSpec, combined_lines

CLOCK = LegalClock(timedelta(hours=3), "MSK")  # the Russian rulebook's, without loading it


def timed(work: Callable[[bool], object], bar: bool) -> float:
    start = time.perf_counter()
    work(bar)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, Path(os.devnull).open("w") as null:
        screen = Console(file=null, force_terminal=True, width=120)
        log = Path(folder) / "access.log"
        log.write_text("\n".join(combined_lines(LogSpec(days=3, ru_users_per_day=60_000))) + "\n")
        size = log.stat().st_size

        def meter(bar: bool) -> None:
            if not bar:
                measure_audience([log], resource="r", clock=CLOCK, workers=1)
                return
            with progress("reading logs", size, BYTES, console=screen) as advance:
                measure_audience([log], resource="r", clock=CLOCK, workers=1, progress=advance)

        demands = Path(folder) / "demands.csv"
        demands.write_text(
            "demand_id,company,received_at,basis,item\n"
            + "".join(
                f"d-{i},acme,2021-03-01T10:00:00+03:00,149-FZ 15.3,https://a.example/{i}\n"
                for i in range(100_000)
            ),
            encoding="utf-8",
        )

        def reader(bar: bool) -> None:
            if not bar:
                read_takedown_file(demands)
                return
            with progress("reading", None, "rows", console=screen) as advance:
                read_takedown_file(demands, rows_read=advance)

        print(f"log {size / 1e6:.0f} MB; demands 100,000 rows; load {os.getloadavg()[0]:.1f}")
        for name, work in (("audience", meter), ("takedown read", reader)):
            floor = bar = float("inf")
            for _ in range(3):  # alternate, so a load change hits both
                floor = min(floor, timed(work, False))
                bar = min(bar, timed(work, True))
            print(f"{name:14} floor {floor:6.2f} s  with bar {bar:6.2f} s  ratio {bar / floor:.3f}")


if __name__ == "__main__":
    main()
