from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scanner_data import COLUMNS, User, rows, users

from landfall.errors import StorageError
from landfall.scanner import scan_stores
from landfall.scanner.sources import open_source
from landfall.scanner.stores import Store

KEY = b"k" * 32
HOSTILE = 'users"; DROP TABLE victims; --'
DDL = "(id BIGINT, full_name TEXT, phone TEXT, email TEXT, inn TEXT, snils TEXT, note TEXT)"


def russian(data: list[User]) -> int:
    return sum(u.russian for u in data)


def stores_file(tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    path = tmp_path / "stores.yaml"
    path.write_text(json.dumps({"stores": entries}), encoding="utf-8")  # JSON is YAML
    return path


def make_sqlite(path: Path, data: list[User], table: str = "users") -> None:
    conn = sqlite3.connect(path)
    quoted = '"' + table.replace('"', '""') + '"'
    conn.execute(f"CREATE TABLE {quoted} {DDL}")
    conn.execute("CREATE TABLE victims (x INTEGER)")
    conn.executemany(f"INSERT INTO {quoted} VALUES (?,?,?,?,?,?,?)", rows(data))
    conn.commit()
    conn.close()


def make_pg(url: str, data: list[User], table: str = "users") -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url) as conn:
        ident = sql.Identifier(table)
        conn.execute(sql.SQL("CREATE TABLE {} ").format(ident) + sql.SQL(DDL))  # type: ignore[operator]
        conn.execute("CREATE TABLE victims (x int)")
        with conn.cursor() as cur:
            cur.executemany(
                sql.SQL("INSERT INTO {} VALUES (%s,%s,%s,%s,%s,%s,%s)").format(ident), rows(data)
            )


def make_mariadb(url: str, data: list[User], table: str = "users") -> None:
    import pymysql

    db = url.rsplit("/", 1)[1]
    conn = pymysql.connect(host="127.0.0.1", user="root", password="", database=db)
    quoted = "`" + table.replace("`", "``") + "`"
    with conn.cursor() as cur:
        cur.execute(f"CREATE TABLE {quoted} {DDL.replace('TEXT', 'VARCHAR(255)')}")
        cur.execute("CREATE TABLE victims (x int)")
        cur.executemany(f"INSERT INTO {quoted} VALUES (%s,%s,%s,%s,%s,%s,%s)", rows(data))
    conn.commit()
    conn.close()


def make_parquet(folder: Path, data: list[User]) -> None:
    folder.mkdir()
    conn = duckdb.connect()
    conn.execute(f"CREATE TABLE t {DDL}")
    conn.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?)", rows(data))
    conn.execute("COPY t TO $1 (FORMAT parquet)", [str(folder / "users.parquet")])
    conn.execute("COPY t TO $1 (FORMAT csv, HEADER)", [str(folder / "users.csv")])
    conn.close()


def test_sqlite_and_files_scan(tmp_path: Path) -> None:
    data = users(400, seed=1)
    make_sqlite(tmp_path / "app.db", data)
    make_parquet(tmp_path / "lake", data)
    path = stores_file(
        tmp_path,
        [
            {"id": "lite", "company": "acme", "url": f"sqlite:///{tmp_path}/app.db",
             "country": "RU", "role": "primary", "tables": ["users"]},
            {"id": "lake", "company": "acme", "url": str(tmp_path / "lake"),
             "country": "US", "role": "backup"},
        ],
    )  # fmt: skip
    report = scan_stores(path, key=KEY)
    lite, lake = report.stores
    assert report.ok, report.to_json()
    assert (lite.rows_scanned, lite.russian_user_rows) == (400, russian(data))
    assert lake.rows_scanned == 800  # the Parquet file and the CSV file
    assert lake.russian_user_rows == 2 * russian(data)
    assert lake.signals["phone_ru"] == 2 * lite.signals["phone_ru"]
    assert lake.reconciliation is not None
    assert lake.reconciliation["only_abroad"] == 0
    assert lake.reconciliation["share_in_russia"] == 1.0
    assert lite.reconciliation is None
    assert lite.samples["phone_ru"][0].startswith("+7 ")


def test_sampling_limit(tmp_path: Path) -> None:
    make_sqlite(tmp_path / "app.db", users(100))
    url = f"sqlite:///{tmp_path}/app.db"
    entry = {"id": "s", "company": "acme", "role": "primary", "url": url, "sample": 10}
    path = stores_file(tmp_path, [entry])
    (store,) = scan_stores(path, key=None).stores
    assert store.rows_scanned == 10 + 0  # victims is empty


@pytest.mark.postgres
@pytest.mark.mariadb
def test_three_countries_and_reconciliation(tmp_path: Path, pg_url: str, mariadb_url: str) -> None:
    data = users(600, seed=2)
    in_russia, abroad_only = data[:500], data[500:]
    make_pg(pg_url, in_russia)
    # Abroad: 300 copies of Russian-primary records plus 100 records held only abroad.
    copies = in_russia[:300]
    make_mariadb(mariadb_url, copies + abroad_only)
    make_parquet(tmp_path / "lake", abroad_only)
    path = stores_file(
        tmp_path,
        [
            {"id": "lake", "company": "acme", "url": str(tmp_path / "lake" / "*.parquet"),
             "country": "US", "role": "backup"},
            {"id": "mdb-de", "company": "acme", "url": mariadb_url, "country": "DE",
             "role": "replica"},
            {"id": "pg-ru", "company": "acme", "url": pg_url, "country": "RU",
             "role": "primary"},
        ],
    )  # fmt: skip
    seen: list[tuple[str, str, int]] = []
    report = scan_stores(path, key=KEY, progress=lambda s, t, n: seen.append((s, t, n)))
    assert report.ok, report.to_json()
    lake, mdb, pg = report.stores
    assert pg.russian_user_rows == russian(in_russia)
    assert mdb.reconciliation is not None and lake.reconciliation is not None
    assert mdb.reconciliation["matched"] == russian(copies)
    assert mdb.reconciliation["only_abroad"] == russian(abroad_only)
    assert lake.reconciliation["matched"] == 0
    assert lake.reconciliation["only_abroad"] == russian(abroad_only)
    assert len(lake.reconciliation["only_abroad_hashes"]) == 10
    assert seen[0][0] == "pg-ru"  # Russian primaries first
    events = report.to_events(datetime(2026, 3, 1, 12, tzinfo=UTC))
    assert [e["store"] for e in events] == ["lake", "mdb-de", "pg-ru"]
    ev = events[1]
    assert ev == {
        "date": "2026-03-01T12:00:00+00:00", "type": "scan", "company": "acme",
        "store": "mdb-de", "country": "DE", "role": "replica", "rows_scanned": 400,
        "russian_user_rows": mdb.russian_user_rows, "signals": ev["signals"],
        "reconciliation": {"matched": russian(copies), "only_abroad": russian(abroad_only),
                           "share_in_russia": ev["reconciliation"]["share_in_russia"]},
        "located_by": "declared", "source": "landfall scan",
        # users and victims, both read
        "coverage": {"relations_scanned": 2, "relations_total": 2, "not_covered": []},
    }  # fmt: skip
    assert 0 < ev["reconciliation"]["share_in_russia"] < 1


def _hostile_store(tmp_path: Path, url: str) -> Path:
    return stores_file(tmp_path, [{"id": "h", "company": "acme", "url": url, "country": "RU",
                                    "role": "primary"}])  # fmt: skip


def _assert_hostile_scanned(path: Path, n: int) -> None:
    report = scan_stores(path, key=None)
    (store,) = report.stores
    assert store.ok, report.to_json()
    assert store.rows_scanned == n
    assert any(HOSTILE in c for c in store.columns)


def test_hostile_table_name_sqlite(tmp_path: Path) -> None:
    make_sqlite(tmp_path / "h.db", users(20), table=HOSTILE)
    _assert_hostile_scanned(_hostile_store(tmp_path, f"sqlite:///{tmp_path}/h.db"), 20)
    conn = sqlite3.connect(tmp_path / "h.db")
    assert conn.execute("SELECT count(*) FROM victims").fetchone() == (0,)


@pytest.mark.postgres
def test_hostile_table_name_postgres(tmp_path: Path, pg_url: str) -> None:
    make_pg(pg_url, users(20), table=HOSTILE)
    _assert_hostile_scanned(_hostile_store(tmp_path, pg_url), 20)


@pytest.mark.mariadb
def test_hostile_table_name_mariadb(tmp_path: Path, mariadb_url: str) -> None:
    make_mariadb(mariadb_url, users(20), table=HOSTILE + "`x")
    _assert_hostile_scanned(_hostile_store(tmp_path, mariadb_url), 20)


def _write_refused(store: Store, statement: str, *, dbapi_cursor: bool = False) -> None:
    source: Any = open_source(store)
    try:
        with pytest.raises(Exception, match=r"(?i)read.only|readonly"):
            if dbapi_cursor:
                with source.conn.cursor() as cur:
                    cur.execute(statement)
            else:
                source.conn.execute(statement)
    finally:
        source.close()


def test_read_only_sqlite(tmp_path: Path) -> None:
    make_sqlite(tmp_path / "a.db", users(5))
    before = (tmp_path / "a.db").read_bytes()
    store = Store(id="s", company="acme", role="primary", url=f"sqlite:///{tmp_path}/a.db")
    _write_refused(store, "INSERT INTO victims VALUES (1)")
    scan_stores(_hostile_store(tmp_path, store.url), key=None)
    assert (tmp_path / "a.db").read_bytes() == before


@pytest.mark.postgres
def test_read_only_postgres(pg_url: str) -> None:
    make_pg(pg_url, users(5))
    store = Store(id="s", company="acme", role="primary", url=pg_url)
    _write_refused(store, "INSERT INTO victims VALUES (1)")


@pytest.mark.mariadb
def test_read_only_mariadb(mariadb_url: str) -> None:
    make_mariadb(mariadb_url, users(5))
    store = Store(id="s", company="acme", role="primary", url=mariadb_url)
    _write_refused(store, "INSERT INTO victims VALUES (1)", dbapi_cursor=True)


def test_each_store_reports_its_outcome(tmp_path: Path) -> None:
    make_sqlite(tmp_path / "ok.db", users(10))
    path = stores_file(
        tmp_path,
        [
            {"id": "down", "company": "acme", "role": "replica", "country": "DE",
             "url": "postgresql://postgres:Pa55-secret@127.0.0.1:1/none"},
            {"id": "nofile", "company": "acme", "role": "backup", "url": "/nonexistent/*.csv"},
            {"id": "notable", "company": "acme", "role": "primary", "tables": ["nope"],
             "url": f"sqlite:///{tmp_path}/ok.db"},
            {"id": "ok", "company": "acme", "role": "primary", "url": f"sqlite:///{tmp_path}/ok.db"},
        ],
    )  # fmt: skip
    report = scan_stores(path, key=None)
    codes = {s.id: [e.code for e in s.errors] for s in report.stores}
    assert codes == {
        "down": ["store-unreachable"], "nofile": ["store-unreachable"],
        "notable": ["store-table-missing"], "ok": [],
    }  # fmt: skip
    assert report.stores[3].rows_scanned == 10
    assert "Pa55-secret" not in report.to_json()
    assert [e["store"] for e in report.to_events(datetime.now(UTC))] == ["ok"]


@pytest.mark.mariadb
def test_wrong_password_is_clear_and_masked(tmp_path: Path, mariadb_url: str) -> None:
    url = mariadb_url.replace("root@", "root:Wr0ng-Secret@")
    store = Store(id="m", company="acme", role="primary", url=url)
    with pytest.raises(StorageError) as e:
        open_source(store)
    assert e.value.code == "store-unreachable"
    assert "Access denied" in str(e.value)
    assert "Wr0ng-Secret" not in str(e.value)


def test_columns_of_file_tables(tmp_path: Path) -> None:
    make_parquet(tmp_path / "lake", users(3))
    store = Store(id="l", company="acme", role="backup", url=str(tmp_path / "lake"))
    source = open_source(store)
    assert [t.columns for t in source.tables()] == [COLUMNS, COLUMNS]
    source.close()
