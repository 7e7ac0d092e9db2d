"""The audience meter on Spark (local mode): the local meter's answer, split by split."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from landfall.audience import measure_audience
from landfall.audience.logs import JsonFields
from landfall.audience.spark import Split, plan_splits, scan_spark, split_blocks
from landfall.errors import InputError, StorageError
from landfall.periods import LegalClock
from log_samples import LogSpec, SampleTruth, combined_lines

CLOCK = LegalClock(timedelta(hours=3), "MSK")  # the Russian rulebook's


def _lines_of(path: Path, split_bytes: int) -> list[bytes]:
    size = path.stat().st_size
    out: list[bytes] = []
    for start in range(0, max(size, 1), split_bytes):
        for block in split_blocks(path, start, min(start + split_bytes, size)):
            out.extend(block.split(b"\n"))
    return out


@pytest.mark.parametrize("tail", [b"\n", b""], ids=["newline-ended", "no-final-newline"])
def test_splits_hold_each_line_once_whatever_the_cut(tmp_path: Path, tail: bytes) -> None:
    lines = [b"a", b"bb", b"", b"cccc", b"d", b"eeeeeee"]
    path = tmp_path / "x.log"
    path.write_bytes(b"\n".join(lines) + tail)
    # Every split size from one byte (cuts on every newline and inside every line) up to
    # past the file's size (one split).
    for split_bytes in range(1, path.stat().st_size + 2):
        assert _lines_of(path, split_bytes) == lines, split_bytes


def test_a_split_cut_right_after_a_newline_starts_with_the_next_line(tmp_path: Path) -> None:
    path = tmp_path / "x.log"
    path.write_bytes(b"one\ntwo\nthree\n")
    assert list(split_blocks(path, 0, 4)) == [b"one"]  # "one\n" is bytes 0..3
    assert list(split_blocks(path, 4, 5)) == [b"two"]  # starts exactly at "two"
    assert list(split_blocks(path, 5, 8)) == []  # inside "two": no line starts here
    assert list(split_blocks(path, 8, 14)) == [b"three"]


def test_plain_logs_split_by_bytes_and_gzip_logs_stay_whole(tmp_path: Path) -> None:
    plain = tmp_path / "a.log"
    plain.write_bytes(b'{"ip": "1.1.1.1"}\n' * 100)  # 1,800 bytes, JSON lines
    packed = tmp_path / "b.log.gz"
    packed.write_bytes(gzip.compress(b"x\n" * 1000))
    splits = plan_splits([plain, packed], 1000, 100)
    assert splits == [
        Split(str(plain), "json", 0, 1000),
        Split(str(plain), "json", 1000, 1800),
        Split(str(packed), "combined", 0, None),
    ]


# --- on Spark (local mode) ----------------------------------------------------------------

pyspark = pytest.importorskip("pyspark")

from landfall.audience.parallel import scan_parallel  # noqa: E402
from landfall.scanner.spark import SparkEngine  # noqa: E402

SPEC = LogSpec(days=3, ru_users_per_day=1_500, requests_per_user=2, seed=21)


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkEngine]:
    engine = SparkEngine(master="local[2]")
    try:
        engine.start()
    except StorageError as e:
        pytest.skip(f"Spark cannot start here: {e}")
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], SampleTruth]:
    folder = tmp_path_factory.mktemp("logs")
    truth = SampleTruth()
    lines = list(combined_lines(SPEC, truth))
    half = len(lines) // 2
    plain = folder / "a.log"
    plain.write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
    packed = folder / "b.log.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines[half:]) + "\n")
    return [plain, packed], truth


def _spark_scan(
    files: list[Path], engine: SparkEngine, exact_limit: int, lg_k: int, split_bytes: int
) -> object:
    return scan_spark(
        files, engine=engine, exact_limit=exact_limit, lg_k=lg_k, fields=JsonFields(),
        max_examples=10, tz=CLOCK.tz, max_gzip_ratio=100, countries=frozenset({"RU"}),
        count_accesses=False, split_bytes=split_bytes,
    )  # fmt: skip


@pytest.mark.slow
def test_spark_report_equals_the_local_one(
    logs: tuple[list[Path], SampleTruth], spark: SparkEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, truth = logs
    local = measure_audience(files, resource="r", clock=CLOCK, workers=1)
    # Small splits: the plain log is read by several tasks, cut inside lines.
    monkeypatch.setattr("landfall.audience.spark.DEFAULT_SPLIT_BYTES", 100_000)
    on_spark = measure_audience(files, resource="r", clock=CLOCK, engine="spark", spark=spark)
    assert files[0].stat().st_size > 300_000  # so at least four tasks read it
    assert on_spark.days == local.days
    assert {d.date: d.daily_users_ru for d in on_spark.days} == truth.counts()
    assert (on_spark.lines_read, on_spark.lines_ru, on_spark.malformed) == (
        local.lines_read,
        local.lines_ru,
        local.malformed,
    )
    # File and line numbers survive the split: the line count of the splits before is added.
    assert on_spark.malformed_examples == local.malformed_examples
    assert [m.line for m in on_spark.malformed_examples] == truth.malformed_lines[:10]


@pytest.mark.slow
def test_estimated_days_have_the_local_merge_sketch_bytes(
    logs: tuple[list[Path], SampleTruth], spark: SparkEngine
) -> None:
    files, truth = logs
    # exact_limit 0: every day estimated; lg_k 8 puts 1,500 users well into the HLL mode.
    local = scan_parallel(
        files, workers=2, exact_limit=0, lg_k=8, fields=JsonFields(), max_examples=10,
        tz=CLOCK.tz, max_gzip_ratio=100,
    )  # fmt: skip
    remote = _spark_scan(files, spark, exact_limit=0, lg_k=8, split_bytes=100_000)
    assert isinstance(remote, type(local))
    assert set(remote.counters.sketches) == set(local.counters.sketches) == set(truth.counts())
    for day, sketch in local.counters.sketches.items():
        assert remote.counters.sketches[day].serialize_compact() == sketch.serialize_compact()


@pytest.mark.slow
def test_a_corrupt_gzip_log_is_the_local_diagnostic(tmp_path: Path, spark: SparkEngine) -> None:
    whole = gzip.compress("\n".join(combined_lines(SPEC)).encode())
    path = tmp_path / "cut.log.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError) as e:
        measure_audience([path], resource="r", clock=CLOCK, engine="spark", spark=spark)
    assert e.value.code == "audience-log-unreadable"
    assert e.value.diagnostics[0].where.file == str(path)
