"""The Spark engine (local mode): the local engine's report, exactly, and nothing raw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scanner_data import User, rows, users
from test_privacy_cli import CANARIES, _raw_fragments

from landfall.errors import StorageError
from landfall.scanner import scan_stores

pytest.importorskip("pyspark")

from landfall.scanner.spark import SparkEngine

pytestmark = pytest.mark.slow

KEY = b"s" * 32
DDL = "(id BIGINT, full_name TEXT, phone TEXT, email TEXT, inn TEXT, snils TEXT, note TEXT)"


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkEngine]:
    """One JVM for the module's tests; small splits so that a file spans several tasks."""
    engine = SparkEngine(
        master="local[2]",
        conf={
            "spark.sql.files.maxPartitionBytes": "64000",
            "spark.sql.files.openCostInBytes": "1000",
        },
    )
    try:
        engine.start()
    except StorageError as e:
        pytest.skip(f"Spark cannot start here: {e}")
    yield engine
    engine.close()


def write_files(folder: Path, parts: list[list[User]], csv: list[User] | None = None) -> None:
    folder.mkdir(parents=True)
    conn = duckdb.connect()
    conn.execute(f"CREATE TABLE t {DDL}")
    for i, part in enumerate(parts):
        conn.execute("DELETE FROM t")
        conn.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?)", rows(part))
        # Small row groups: Spark splits each file between tasks.
        conn.execute(
            "COPY t TO $1 (FORMAT parquet, ROW_GROUP_SIZE 200)",
            [str(folder / f"part-{i}.parquet")],
        )
    if csv is not None:
        conn.execute("DELETE FROM t")
        conn.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?)", rows(csv))
        conn.execute("COPY t TO $1 (FORMAT csv, HEADER)", [str(folder / "extra.csv")])
    conn.close()


def stores_file(tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    path = tmp_path / "stores.yaml"
    path.write_text(json.dumps({"stores": entries}), encoding="utf-8")
    return path


def test_spark_report_equals_local(tmp_path: Path, spark: SparkEngine) -> None:
    data = users(1500, seed=3)
    write_files(tmp_path / "ru", [data[:500], data[500:1000]])
    # Abroad: 500 copies of Russian-primary records, 500 held only abroad (one in a CSV).
    write_files(tmp_path / "us", [data[250:750], data[1000:1250]], csv=data[1250:])
    path = stores_file(
        tmp_path,
        [
            {"id": "us", "company": "acme", "url": str(tmp_path / "us"), "country": "US",
             "role": "backup"},
            {"id": "ru", "company": "acme", "url": str(tmp_path / "ru"), "country": "RU",
             "role": "primary"},
        ],
    )  # fmt: skip
    local = scan_stores(path, key=KEY)
    distributed = scan_stores(path, key=KEY, engine="spark", spark=spark)
    assert distributed.ok, distributed.to_json()
    assert distributed.to_json() == local.to_json()
    us, ru = distributed.stores
    assert (ru.rows_scanned, us.rows_scanned) == (1000, 1000)
    assert ru.russian_user_rows == sum(u.russian for u in data[:1000])
    rec = us.reconciliation
    assert rec is not None
    assert rec["matched"] == sum(u.russian for u in data[250:750])
    assert rec["only_abroad"] == sum(u.russian for u in data[1000:])
    assert len(rec["only_abroad_hashes"]) == 10
    stamp = datetime(2026, 3, 1, tzinfo=UTC)
    assert distributed.to_events(stamp) == local.to_events(stamp)


def test_engine_in_stores_file(tmp_path: Path, spark: SparkEngine) -> None:
    data = users(300, seed=5)
    write_files(tmp_path / "lake", [data])
    entry = {"id": "lake", "company": "acme", "url": str(tmp_path / "lake"), "country": "DE",
             "role": "replica", "engine": "spark"}  # fmt: skip
    path = stores_file(tmp_path, [entry])
    report = scan_stores(path, key=None, spark=spark)
    assert report.to_json() == scan_stores(path, key=None, engine="local").to_json()
    (store,) = report.stores
    assert store.rows_scanned == 300


def test_spark_only_for_file_stores(tmp_path: Path) -> None:
    from landfall.errors import InputError

    entry = {"id": "pg", "company": "acme", "url": "postgresql://x@127.0.0.1/db",
             "role": "primary", "engine": "spark"}  # fmt: skip
    with pytest.raises(InputError) as e:
        scan_stores(stores_file(tmp_path, [entry]), key=None)
    assert "spark" in str(e.value) and "file" in str(e.value)


def _plant(tmp_path: Path) -> Path:
    folder = tmp_path / "canary"
    data = users(200, seed=7)
    c = CANARIES
    canary = User(999, c["name"], c["phone"], c["email"], c["inn"], c["snils"], c["note"],
                  True, True, True, True)  # fmt: skip
    write_files(folder, [[*data[:100], canary, *data[100:]]])
    return folder


def test_canaries_never_leave_the_spark_path(
    tmp_path: Path, spark: SparkEngine, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = _plant(tmp_path)
    ru = tmp_path / "ru"
    write_files(ru, [users(50, seed=8)])
    path = stores_file(
        tmp_path,
        [
            {"id": "abroad", "company": "acme", "url": str(folder), "country": "NL",
             "role": "replica"},
            {"id": "ru", "company": "acme", "url": str(ru), "country": "RU", "role": "primary"},
        ],
    )  # fmt: skip
    report = scan_stores(path, key=KEY, engine="spark", spark=spark)
    assert report.ok
    assert report.stores[0].signals["passport_ru"] >= 1  # the canary row was scanned
    out = report.to_json() + json.dumps(
        report.to_events(datetime.now(UTC)),
        ensure_ascii=False,
    )
    captured = capfd.readouterr()
    for fragment in _raw_fragments():
        assert fragment not in out
        assert fragment not in captured.out + captured.err


def test_worker_errors_name_no_value(tmp_path: Path, spark: SparkEngine) -> None:
    """A worker that fails on a cell reports the error's type, never the cell."""
    folder = _plant(tmp_path)
    path = stores_file(tmp_path, [{"id": "x", "company": "acme", "url": str(folder),
                                   "country": "NL", "role": "replica"}])  # fmt: skip

    def leaky(columns: list[Any], hints: list[str | None]) -> Any:
        raise ValueError(f"cannot parse {columns[2].to_list()}")

    # The same JVM; the detector is pickled by value with the task.
    failing = SparkEngine(session=spark.session, detector=leaky)
    report = scan_stores(path, key=KEY, engine="spark", spark=failing)
    failing.close()
    assert spark.session is not None and failing.session is not None  # left running
    (store,) = report.stores
    assert [e.code for e in store.errors] == ["spark-scan-failed"]
    assert "ValueError" in store.errors[0].message
    assert report.to_events(datetime.now(UTC)) == []
    text = report.to_json()
    for fragment in _raw_fragments():
        assert fragment not in text


def test_wrong_java_home_is_a_clear_error(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        from landfall.errors import StorageError
        from landfall.scanner.spark import SparkEngine
        try:
            SparkEngine(master="local[1]").start()
        except StorageError as e:
            print(e.diagnostics[0].code)
        """
    )
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-jdk")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=60, check=True)  # fmt: skip
    assert out.stdout.strip() == "spark-java-missing"


def test_missing_pyspark_is_a_clear_error(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["pyspark"] = None  # as if not installed
        from landfall.errors import StorageError
        from landfall.scanner.spark import SparkEngine
        try:
            SparkEngine().start()
        except StorageError as e:
            d = e.diagnostics[0]
            print(d.code, "|", d.hint)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)  # fmt: skip
    assert out.stdout.startswith("spark-missing |")
    assert "landfall[spark]" in out.stdout
