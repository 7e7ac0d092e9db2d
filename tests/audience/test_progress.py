"""The progress hook a bar can follow: bytes of the logs read so far, of their total."""

from __future__ import annotations

import gzip
from datetime import timedelta
from pathlib import Path

import pytest

from landfall.audience import measure_audience
from landfall.periods import LegalClock
from log_samples import LogSpec, combined_lines

CLOCK = LegalClock(timedelta(hours=3), "MSK")


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_rises_to_the_logs_total_size(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("landfall.audience.logs.CHUNK_BYTES", 16 * 1024)  # several blocks
    text = ("\n".join(combined_lines(LogSpec(days=1, ru_users_per_day=300))) + "\n").encode()
    plain = tmp_path / "a.log"
    plain.write_bytes(text)
    packed = tmp_path / "b.log.gz"
    packed.write_bytes(gzip.compress(text))
    seen: list[tuple[int, int]] = []
    measure_audience(
        [plain, packed], resource="r", clock=CLOCK, workers=workers,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    total = plain.stat().st_size + packed.stat().st_size
    assert len(seen) > 4 and {t for _, t in seen} == {total}
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == total
    assert any(d == plain.stat().st_size for d in done)  # the first file ends where it should
