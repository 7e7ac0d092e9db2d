"""How many scanning processes the meter chooses by default: from the cores and the size."""

from __future__ import annotations

import gzip
import os
from datetime import timedelta
from pathlib import Path

import pytest

from landfall.audience import measure_audience
from landfall.audience.meter import BYTES_PER_WORKER, GZIP_GUESS_RATIO, auto_workers
from landfall.periods import LegalClock
from log_samples import LogSpec, combined_lines

CLOCK = LegalClock(timedelta(hours=3), "MSK")  # the Russian rulebook's


def _plain(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)  # sparse: the size is what counts, not the content
    return path


def test_one_process_below_one_share_of_text(tmp_path: Path) -> None:
    assert auto_workers([_plain(tmp_path / "a.log", BYTES_PER_WORKER - 1)], cores=8) == 1
    assert auto_workers([], cores=8) == 1


def test_one_process_per_share_at_the_exact_size(tmp_path: Path) -> None:
    assert auto_workers([_plain(tmp_path / "a.log", BYTES_PER_WORKER)], cores=8) == 1
    assert auto_workers([_plain(tmp_path / "b.log", 2 * BYTES_PER_WORKER)], cores=8) == 2
    assert auto_workers([_plain(tmp_path / "c.log", 3 * BYTES_PER_WORKER - 1)], cores=8) == 2


def test_never_more_processes_than_cores(tmp_path: Path) -> None:
    big = _plain(tmp_path / "a.log", 64 * BYTES_PER_WORKER)
    assert auto_workers([big], cores=2) == 2
    assert auto_workers([big], cores=1) == 1


def test_sizes_add_up_across_files(tmp_path: Path) -> None:
    half = BYTES_PER_WORKER // 2
    logs = [_plain(tmp_path / f"{i}.log", half) for i in range(4)]
    assert auto_workers(logs, cores=8) == 2


def test_a_gzip_log_counts_for_its_guessed_text(tmp_path: Path) -> None:
    # Random bytes do not compress: the file is about as large as its content.
    import os

    path = tmp_path / "a.log.gz"
    path.write_bytes(gzip.compress(os.urandom(2 * BYTES_PER_WORKER // GZIP_GUESS_RATIO + 4096)))
    assert auto_workers([path], cores=8) == 2
    plain = _plain(tmp_path / "same.log", path.stat().st_size)
    assert auto_workers([plain], cores=8) == 1


def test_estimates_do_not_depend_on_how_many_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small blocks, so that each worker count deals the days out differently.
    monkeypatch.setattr("landfall.audience.logs.CHUNK_BYTES", 64 * 1024)
    spec = LogSpec(days=2, ru_users_per_day=2_000, requests_per_user=2, seed=9)
    log = tmp_path / "w.log"
    log.write_text("\n".join(combined_lines(spec)) + "\n", encoding="utf-8")
    runs = [
        measure_audience([log], resource="r", clock=CLOCK, workers=n, exact_limit=0, lg_k=12)
        for n in (2, 3)
    ]
    assert all(d.method == "hll" for d in runs[0].days)
    assert runs[0].days == runs[1].days


def _exit_at_once(*_: object) -> None:
    os._exit(3)  # a worker that dies before answering (killed, out of memory)


def test_a_worker_that_dies_stops_the_run_instead_of_hanging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from landfall.audience import parallel

    if parallel._context().get_start_method() != "fork":
        pytest.skip("the dying worker is patched in, which only a forked child inherits")
    monkeypatch.setattr("landfall.audience.logs.CHUNK_BYTES", 4 * 1024)  # more blocks than fit
    monkeypatch.setattr(parallel, "_work", _exit_at_once)
    log = tmp_path / "w.log"
    log.write_text("\n".join(combined_lines(LogSpec(days=1, seed=3))) + "\n", encoding="utf-8")
    failed: list[BaseException] = []

    def run() -> None:
        try:
            measure_audience([log], resource="r", clock=CLOCK, workers=2)
        except BaseException as e:  # handed to the test thread
            failed.append(e)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the parent kept waiting for a dead worker"
    assert len(failed) == 1 and "exited early" in str(failed[0])
