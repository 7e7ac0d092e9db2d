"""A gzip log that decompresses far beyond its size stops with a diagnostic, early.

The bombs are real gzip files of newlines (about a thousand times their size), written by
streaming so the test itself never holds the decompressed bytes.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
import zlib
from datetime import timedelta
from pathlib import Path

import pytest

from landfall.audience import measure_audience
from landfall.audience.logs import CHUNK_BYTES, _zlib_chunks
from landfall.errors import InputError
from landfall.periods import LegalClock

CLOCK = LegalClock(timedelta(hours=3), "MSK")
MIB = 1 << 20


def bomb(path: Path, mib: int) -> Path:
    """``mib`` MiB of newlines as that many concatenated gzip members (a valid gzip file,
    as logrotate writes them), about a thousand times smaller."""
    member = gzip.compress(b"\n" * MIB, compresslevel=9)
    with path.open("wb") as f:
        for _ in range(mib):
            f.write(member)
    return path


def test_the_cli_refuses_a_bomb_with_a_diagnostic(tmp_path: Path) -> None:
    path = bomb(tmp_path / "bomb.log.gz", 1024)  # 1 GiB of newlines in about 1 MB
    assert path.stat().st_size < 2 * MIB
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    started = time.monotonic()
    command = [sys.executable, "-c", "from landfall.cli import main; main()", "audience"]
    done = subprocess.run(
        [*command, str(path), "--resource", "r", "--db", f"sqlite:///{tmp_path / 'l.db'}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert done.returncode != 0
    assert "audience-gzip-ratio" in done.stderr and "--max-gzip-ratio" in done.stderr
    assert "Traceback" not in done.stderr
    assert elapsed < 30  # it stops a few MiB in, not after 1 GiB (minutes)


def test_the_limit_is_an_option(tmp_path: Path) -> None:
    path = bomb(tmp_path / "b.log.gz", 24)  # past the 8 MiB floor, ratio about 1000
    with pytest.raises(InputError) as e:
        measure_audience([path], resource="r", clock=CLOCK)
    assert e.value.code == "audience-gzip-ratio"
    assert e.value.diagnostics[0].where.file == str(path)
    for lifted in (0, 5000):
        report = measure_audience([path], resource="r", clock=CLOCK, max_gzip_ratio=lifted)
        assert report.days == [] and report.malformed == 0  # blank lines: nothing to count


def test_a_small_well_compressed_log_is_under_the_floor(tmp_path: Path) -> None:
    # 6 MiB at a ratio near 1000 is refused by the ratio alone; the floor lets it through.
    path = bomb(tmp_path / "s.log.gz", 6)
    assert measure_audience([path], resource="r", clock=CLOCK).days == []


def test_the_zlib_path_never_yields_more_than_a_chunk(tmp_path: Path) -> None:
    # Without a gzip binary the bytes come from zlib: bounded by max_length, not by the ratio,
    # and each block comes with the bytes read so far, which the ratio check divides by.
    one = gzip.compress(b"\n" * (24 * MIB), compresslevel=9)  # one member, one zlib call
    path = tmp_path / "two.log.gz"
    path.write_bytes(one + one)  # concatenated members still work
    blocks = list(_zlib_chunks(path))
    assert max(len(b) for b, _ in blocks) <= CHUNK_BYTES
    assert sum(len(b) for b, _ in blocks) == 2 * 24 * MIB
    reads = [r for _, r in blocks]
    assert reads == sorted(reads) and reads[-1] == 2 * len(one) and reads[0] < len(one)
    assert zlib.decompress(one, zlib.MAX_WBITS | 16) == b"\n" * (24 * MIB)
