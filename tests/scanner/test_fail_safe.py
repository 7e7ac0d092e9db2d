"""The scanner fails safe: database error texts never carry row values into any output, a
connection dropped mid-scan fails that store and the others go on, and a URL that names no
database is an error, never a clean "no Russian data" result. Real servers throughout."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scanner_data import users
from test_scan import make_mariadb, make_pg, make_sqlite, stores_file

from landfall.scanner import scan_stores
from landfall.scanner.report import ScanReport

CANARY = "+7 916 583-27-41"


def outputs(report: ScanReport) -> str:
    """Everything a scan shows: the JSON report, the events and each error's text."""
    events = report.to_events(datetime.now(UTC))
    errors = [str(e) for s in report.stores for e in s.errors]
    return report.to_json() + repr(events) + "\n".join(errors)


def errors_of(report: ScanReport) -> dict[str, list[str]]:
    return {s.id: [e.code for e in s.errors] for s in report.stores}


def sqlite_store(tmp_path: Path) -> dict[str, Any]:
    make_sqlite(tmp_path / "ok.db", users(10))
    return {
        "id": "after",
        "company": "acme",
        "role": "primary",
        "url": f"sqlite:///{tmp_path}/ok.db",
    }


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@pytest.mark.postgres
def test_postgres_error_text_holds_no_row_value(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    make_pg(pg_url, users(5))
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE leaky (phone text)")
        conn.execute("INSERT INTO leaky VALUES (%s)", [CANARY])
        conn.execute("CREATE VIEW v_cast AS SELECT phone::int AS n FROM leaky")
        conn.execute(
            "CREATE FUNCTION shout(p text) RETURNS text LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'bad phone %', p; END $$"
        )
        conn.execute("CREATE VIEW v_raise AS SELECT shout(phone) AS s FROM leaky")
    path = stores_file(
        tmp_path,
        [
            {"id": "pg", "company": "acme", "role": "replica", "country": "DE", "url": pg_url},
            sqlite_store(tmp_path),
        ],
    )
    report = scan_stores(path, key=None)
    pg = report.stores[0]
    messages = [e.message for e in pg.errors]
    assert any("22P02" in m and "invalid input syntax for type integer" in m for m in messages)
    assert any("P0001" in m and "not shown" in m for m in messages)
    shown = outputs(report)
    assert CANARY not in shown and digits(CANARY) not in digits(shown)
    assert "916" not in shown
    assert errors_of(report)["after"] == []


@pytest.mark.mariadb
def test_mariadb_error_text_holds_no_row_value(tmp_path: Path, mariadb_url: str) -> None:
    import pymysql

    make_mariadb(mariadb_url, users(5))
    db = mariadb_url.rsplit("/", 1)[1]
    conn = pymysql.connect(host="127.0.0.1", user="root", password="", database=db)
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE leaky (phone varchar(40))")
        cur.execute("INSERT INTO leaky VALUES (%s)", [CANARY])
        cur.execute(
            "CREATE FUNCTION shout(p varchar(40)) RETURNS int DETERMINISTIC "
            "BEGIN DECLARE m varchar(100) DEFAULT concat('bad phone ', p); "
            "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = m; RETURN 0; END"
        )
        cur.execute("CREATE VIEW v_raise AS SELECT shout(phone) AS s FROM leaky")
    conn.commit()
    conn.close()
    store = {"id": "my", "company": "acme", "role": "replica", "country": "DE", "url": mariadb_url}
    report = scan_stores(stores_file(tmp_path, [store]), key=None)
    shown = outputs(report)
    assert "916" not in shown
    assert "not shown" in shown  # the SIGNAL's text was the author's, with the value


def kill_postgres(pg_url: str) -> None:
    import psycopg

    database = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/test", autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'landfall-scan' AND datname = %s",
            [database],
        )


def kill_mariadb(mariadb_url: str) -> None:
    import pymysql

    database = mariadb_url.rsplit("/", 1)[1]
    admin = pymysql.connect(host="127.0.0.1", user="root", password="")
    with admin.cursor() as cur:
        cur.execute(
            "SELECT id FROM information_schema.processlist WHERE db = %s AND id <> CONNECTION_ID()",
            [database],
        )
        for (pid,) in cur.fetchall():
            cur.execute(f"KILL {int(pid)}")
    admin.close()


@pytest.mark.postgres
def test_postgres_connection_killed_mid_scan(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url) as conn:
        conn.execute(
            "CREATE VIEW big AS SELECT g AS id, '+7 916 ' || g AS phone "
            "FROM generate_series(1, 3000000) g"
        )
        conn.execute("CREATE VIEW zz_later AS SELECT 1 AS id")
    path = stores_file(
        tmp_path,
        [
            {"id": "pg", "company": "acme", "role": "replica", "country": "DE", "url": pg_url},
            sqlite_store(tmp_path),
        ],
    )
    killed: list[int] = []

    def progress(store: str, table: str, done: int) -> None:
        if store == "pg" and not killed:
            killed.append(done)
            kill_postgres(pg_url)

    report = scan_stores(path, key=None, progress=progress, batch_size=1000)
    assert killed
    assert errors_of(report) == {"pg": ["store-connection-lost"], "after": []}
    pg, after = report.stores
    assert pg.rows_scanned < 3_000_000 and after.rows_scanned == 10
    assert [e["store"] for e in report.to_events(datetime.now(UTC))] == ["after"]
    assert "916" not in outputs(report)


@pytest.mark.mariadb
def test_mariadb_connection_killed_mid_scan(tmp_path: Path, mariadb_url: str) -> None:
    import pymysql

    db = mariadb_url.rsplit("/", 1)[1]
    conn = pymysql.connect(host="127.0.0.1", user="root", password="", database=db)
    with conn.cursor() as cur:
        cur.execute(
            "CREATE VIEW big AS SELECT seq AS id, concat('+7 916 ', seq) AS phone "
            "FROM seq_1_to_3000000"
        )
    conn.commit()
    conn.close()
    path = stores_file(
        tmp_path,
        [
            {"id": "my", "company": "acme", "role": "replica", "country": "DE", "url": mariadb_url},
            sqlite_store(tmp_path),
        ],
    )
    killed: list[int] = []

    def progress(store: str, table: str, done: int) -> None:
        if store == "my" and not killed:
            killed.append(done)
            kill_mariadb(mariadb_url)

    report = scan_stores(path, key=None, progress=progress, batch_size=1000)
    assert killed
    assert errors_of(report) == {"my": ["store-connection-lost"], "after": []}
    assert report.stores[0].rows_scanned < 3_000_000
    assert [e["store"] for e in report.to_events(datetime.now(UTC))] == ["after"]


@pytest.mark.mariadb
def test_mariadb_url_without_a_database_is_an_error(tmp_path: Path, mariadb_url: str) -> None:
    bare = mariadb_url.rsplit("/", 1)[0] + "/"
    path = stores_file(
        tmp_path,
        [{"id": "nodb", "company": "acme", "role": "primary", "country": "RU", "url": bare}],
    )
    report = scan_stores(path, key=None)
    assert errors_of(report) == {"nodb": ["store-database-missing"]}
    assert report.to_events(datetime.now(UTC)) == []  # no "clean" scan evidence


def test_a_foreign_exception_fails_only_its_store(tmp_path: Path) -> None:
    # A file that is not SQLite at all behind a sqlite:// URL, then a good store.
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 100)
    path = stores_file(
        tmp_path,
        [
            {
                "id": "bad",
                "company": "acme",
                "role": "replica",
                "country": "DE",
                "url": f"sqlite:///{bad}",
            },
            sqlite_store(tmp_path),
        ],
    )
    report = scan_stores(path, key=None)
    assert report.stores[0].errors and errors_of(report)["after"] == []
    assert report.stores[1].rows_scanned == 10


@pytest.mark.postgres
def test_batches_read_before_a_failing_read_still_count(tmp_path: Path, pg_url: str) -> None:
    """Detection runs a batch behind the reads: a read failing at the third batch still counts
    the two batches read before it, as a serial scan would."""
    import psycopg

    make_pg(pg_url, users(3000))
    with psycopg.connect(pg_url) as conn:
        # Row 2501 divides by zero: the third batch of 1,000 rows cannot be read.
        conn.execute(
            "CREATE VIEW v_late AS SELECT full_name, phone,"
            " CASE WHEN id <= 2500 THEN 'ok' ELSE (1 / (id - id))::text END AS note"
            " FROM users"
        )
    entry = {"id": "pg", "company": "acme", "role": "replica", "country": "DE", "url": pg_url,
             "tables": ["v_late"]}  # fmt: skip
    report = scan_stores(stores_file(tmp_path, [entry]), key=None, batch_size=1000)
    (pg,) = report.stores
    assert pg.status == "error"
    assert any("22012" in e.message for e in pg.errors)
    assert pg.rows_scanned == 2000
    assert pg.russian_user_rows == sum(u.russian for u in users(3000)[:2000])


def test_a_parquet_file_broken_midway_keeps_what_was_read(tmp_path: Path) -> None:
    """Parquet rows come from pyarrow's reader: a row group that cannot be decoded fails the
    relation with the error's kind only, and the row groups read before it still count."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from scanner_data import COLUMNS, rows

    data = users(3000)
    table = pa.table({c: [str(r[i]) for r in rows(data)] for i, c in enumerate(COLUMNS)})
    path = tmp_path / "lake" / "users.parquet"
    path.parent.mkdir()
    pq.write_table(table, path, row_group_size=1000, compression="none", use_dictionary=False)
    third = pq.ParquetFile(path).metadata.row_group(2).column(0).data_page_offset
    with path.open("r+b") as f:  # the third row group's first page header, overwritten
        f.seek(third)
        f.write(b"\xff" * 24)
    entry = {"id": "lake", "company": "acme", "role": "backup", "country": "DE",
             "url": str(path)}  # fmt: skip
    report = scan_stores(stores_file(tmp_path, [entry]), key=None, batch_size=1000)
    (lake,) = report.stores
    assert lake.status == "error"
    assert [e.code for e in lake.errors] == ["store-read-failed"]
    assert lake.rows_scanned == 2000
    assert lake.russian_user_rows == sum(u.russian for u in data[:2000])
    (message,) = [e.message for e in lake.errors]
    assert message.endswith("table 'users.parquet': OSError")  # the kind, never the text
    shown = outputs(report)
    assert not [u for u in data if u.phone in shown or u.email in shown]
