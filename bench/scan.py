"""Detector throughput: landfall's detectors vs the floor of one bare ``re.findall``.

Both run over the same generated, labelled cells in the same process, and the ratio is
printed. Run: ``.venv/bin/python bench/scan.py [ROWS]``. Not collected by pytest.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "scanner"))

from scanner_data import COLUMNS, rows, users

from landfall.scanner.detectors import column_hint, detect, judge_row

FLOOR = re.compile(r"\+?\d[\d ()\-]{9,16}\d|\S+@\S+")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    data = users(n, seed=7)
    table = rows(data)
    hints = [column_hint(c) for c in COLUMNS]
    cells = [(str(v), hints[i]) for row in table for i, v in enumerate(row)]
    mb = sum(len(c.encode()) for c, _ in cells) / 1e6

    started = time.perf_counter()
    for text, _ in cells:
        FLOOR.findall(text)
    floor_s = time.perf_counter() - started

    started = time.perf_counter()
    width = len(COLUMNS)
    russian = 0
    for r in range(0, len(cells), width):
        found = [d for text, hint in cells[r : r + width] for d in detect(text, hint)]
        russian += judge_row(found).russian
    ours_s = time.perf_counter() - started

    truth = sum(u.russian for u in data)
    print(f"rows {n:,}  cells {len(cells):,}  text {mb:.1f} MB")
    print(f"floor (one re.findall per cell): {len(cells) / floor_s:12,.0f} cells/s")
    print(f"landfall detectors + row rule:   {len(cells) / ours_s:12,.0f} cells/s"
          f"  {n / ours_s:10,.0f} rows/s  {mb / ours_s:6.1f} MB/s")  # fmt: skip
    print(f"ratio landfall / floor: {floor_s / ours_s:.2f}")
    print(f"russian rows found {russian:,} of {truth:,} labelled")


if __name__ == "__main__":
    main()
