"""A scan's coverage is never silently partial. Real servers throughout.

Every relation of a store is named in the result: scanned, skipped (MariaDB's read-only
session drops a view calling a writing function from ``information_schema.columns``) or
read-failed (a view whose query errors, a table the scanner may not read). A store read in
part is ``partial`` and keeps its scan event, with the coverage; a store where nothing could
be read stays ``error`` and gets none.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scanner_data import users
from test_fail_safe import CANARY, digits, kill_postgres, outputs
from test_scan import make_mariadb, make_pg, russian, stores_file
from typer.testing import CliRunner

from landfall.cli import app
from landfall.facts.model import ScanEvent
from landfall.scanner import scan_stores
from landfall.scanner.report import ScanReport, StoreResult

KEY = "0123456789abcdef0123456789abcdef"
WHEN = datetime(2026, 3, 1, 12, tzinfo=UTC)


def relations(store: StoreResult) -> dict[str, tuple[str, str | None, str | None]]:
    return {r.relation: (r.status, r.reason, r.error) for r in store.coverage.relations}


def event_of(report: ScanReport, store: str) -> dict[str, Any]:
    (event,) = [e for e in report.to_events(WHEN) if e["store"] == store]
    ScanEvent.model_validate(event)  # the facts model accepts what the scanner writes
    return event


def assert_clean(report: ScanReport) -> None:
    shown = outputs(report)
    assert CANARY not in shown and digits(CANARY) not in digits(shown)
    assert "583" not in shown


def pg_db(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def mariadb_db(url: str) -> Any:
    import pymysql

    db = url.rsplit("/", 1)[1]
    return pymysql.connect(host="127.0.0.1", user="root", password="", database=db, autocommit=True)


def make_pg_probe(url: str) -> int:
    """users and victims, plus the probe's views: one calling a function that writes, one
    whose cast fails on its row. Returns the users' Russian rows."""
    data = users(10)
    make_pg(url, data)
    with pg_db(url) as conn:
        conn.execute("CREATE TABLE audit (n int)")
        conn.execute("CREATE TABLE leaky (phone text)")
        conn.execute("INSERT INTO leaky VALUES (%s)", [CANARY])
        conn.execute(
            "CREATE FUNCTION log_read() RETURNS int VOLATILE LANGUAGE plpgsql AS "
            "$$ BEGIN INSERT INTO audit VALUES (1); RETURN 1; END $$"
        )
        conn.execute("CREATE VIEW v_write AS SELECT phone, log_read() AS n FROM leaky")
        conn.execute("CREATE VIEW v_cast AS SELECT phone::int AS n FROM leaky")
    return russian(data)


@pytest.mark.postgres
def test_postgres_failing_views_make_the_store_partial(tmp_path: Path, pg_url: str) -> None:
    russian_users = make_pg_probe(pg_url)
    entry = {"id": "pg", "company": "acme", "role": "primary", "country": "RU", "url": pg_url}
    report = scan_stores(stores_file(tmp_path, [entry]), key=None)
    (pg,) = report.stores
    assert pg.status == "partial" and not report.ok
    assert relations(pg) == {
        "public.audit": ("scanned", None, None),
        "public.leaky": ("scanned", None, None),
        "public.users": ("scanned", None, None),
        "public.victims": ("scanned", None, None),
        "public.v_cast": ("read-failed", "read-failed", "InvalidTextRepresentation 22P02"),
        "public.v_write": ("read-failed", "read-failed", "ReadOnlySqlTransaction 25006"),
    }
    # What was read counts: the ten users and the planted phone.
    assert pg.rows_scanned == 11 and pg.russian_user_rows == russian_users + 1
    event = event_of(report, "pg")
    assert event["coverage"] == {
        "relations_scanned": 4,
        "relations_total": 6,
        "not_covered": ["public.v_cast", "public.v_write"],
    }
    assert event["rows_scanned"] == 11
    assert report.to_dict()["stores"][0]["status"] == "partial"
    with pg_db(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM audit").fetchone() == (0,)  # no write
    assert_clean(report)


@pytest.fixture
def pg_reader(pg_url: str) -> Iterator[str]:
    """A login role of its own on the fresh database, holding no privilege on its tables."""
    import psycopg

    role = f"landfall_reader_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(pg_url.rsplit("/", 1)[0] + "/test", autocommit=True)
    admin.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        yield role
    finally:
        with pg_db(pg_url) as conn:
            conn.execute(f'DROP OWNED BY "{role}"')
        admin.execute(f'DROP ROLE "{role}"')
        admin.close()


@pytest.mark.postgres
def test_postgres_tables_the_scanner_may_not_read_are_named(
    tmp_path: Path, pg_url: str, pg_reader: str
) -> None:
    # information_schema lists only relations the user holds a privilege on: such a table
    # used to vanish from the scan, and a store of them read as "ok, no Russian data".
    make_pg(pg_url, users(10))
    url = pg_url.replace("//postgres@", f"//{pg_reader}@")
    entry = {"id": "pg", "company": "acme", "role": "replica", "country": "DE", "url": url}
    report = scan_stores(stores_file(tmp_path, [entry]), key=None)
    (pg,) = report.stores
    denied = ("read-failed", "read-failed", "InsufficientPrivilege 42501")
    assert relations(pg) == {"public.users": denied, "public.victims": denied}
    assert pg.status == "error" and report.to_events(WHEN) == []  # nothing read: no evidence

    with pg_db(pg_url) as conn:
        conn.execute(f'GRANT SELECT ON users TO "{pg_reader}"')
    report = scan_stores(stores_file(tmp_path, [entry]), key=None)
    (pg,) = report.stores
    assert relations(pg) == {"public.users": ("scanned", None, None), "public.victims": denied}
    assert pg.status == "partial" and pg.rows_scanned == 10
    assert event_of(report, "pg")["coverage"]["not_covered"] == ["public.victims"]


@pytest.mark.postgres
def test_postgres_materialized_views_and_partitions_are_read_once(
    tmp_path: Path, pg_url: str
) -> None:
    with pg_db(pg_url) as conn:
        conn.execute("CREATE TABLE p (id int, phone text) PARTITION BY RANGE (id)")
        conn.execute("CREATE TABLE p_low PARTITION OF p FOR VALUES FROM (0) TO (100)")
        conn.execute("CREATE TABLE p_high PARTITION OF p FOR VALUES FROM (100) TO (200)")
        conn.execute("INSERT INTO p SELECT g, '+7 916 000-00-' || g FROM generate_series(1, 150) g")
        conn.execute("CREATE MATERIALIZED VIEW m AS SELECT * FROM p WHERE id <= 20")
    entry = {"id": "pg", "company": "acme", "role": "primary", "country": "RU", "url": pg_url}
    (pg,) = scan_stores(stores_file(tmp_path, [entry]), key=None).stores
    assert pg.status == "ok"
    assert sorted(relations(pg)) == ["public.m", "public.p"]
    assert pg.rows_scanned == 150 + 20  # the partitions are read through their parent only


@pytest.mark.postgres
def test_postgres_connection_lost_after_a_relation_is_partial(tmp_path: Path, pg_url: str) -> None:
    with pg_db(pg_url) as conn:
        conn.execute("CREATE TABLE a_first AS SELECT g AS id FROM generate_series(1, 10) g")
        conn.execute(
            "CREATE VIEW big AS SELECT g AS id, '+7 916 ' || g AS phone "
            "FROM generate_series(1, 3000000) g"
        )
        conn.execute("CREATE VIEW zz_later AS SELECT 1 AS id")
    entry = {"id": "pg", "company": "acme", "role": "replica", "country": "DE", "url": pg_url}
    killed: list[int] = []

    def progress(store: str, table: str, done: int) -> None:
        if table == "public.big" and not killed:
            killed.append(done)
            kill_postgres(pg_url)

    report = scan_stores(
        stores_file(tmp_path, [entry]), key=None, progress=progress, batch_size=1000
    )
    (pg,) = report.stores
    assert killed
    assert relations(pg)["public.a_first"] == ("scanned", None, None)
    status, reason, _ = relations(pg)["public.big"]
    assert (status, reason) == ("read-failed", "connection-lost")
    assert relations(pg)["public.zz_later"] == ("skipped", "not-read", None)
    assert pg.status == "partial" and [e.code for e in pg.errors] == ["store-connection-lost"]
    assert event_of(report, "pg")["coverage"] == {
        "relations_scanned": 1,
        "relations_total": 3,
        "not_covered": ["public.big", "public.zz_later"],
    }


def make_mariadb_probe(url: str) -> int:
    """users and victims, a table with the planted phone, and the probe's view calling a
    stored function that INSERTs. Returns the users' Russian rows."""
    data = users(10)
    make_mariadb(url, data)
    conn = mariadb_db(url)
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE audit (n int)")
        cur.execute("CREATE TABLE leaky (phone varchar(40))")
        cur.execute("INSERT INTO leaky VALUES (%s)", [CANARY])
        cur.execute(
            "CREATE FUNCTION log_read() RETURNS int MODIFIES SQL DATA "
            "BEGIN INSERT INTO audit VALUES (1); RETURN 1; END"
        )
        cur.execute("CREATE VIEW v_write AS SELECT phone, log_read() AS n FROM leaky")
    conn.close()
    return russian(data)


def mariadb_audit_rows(url: str) -> int:
    conn = mariadb_db(url)
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM audit")
        (n,) = cur.fetchone()
    conn.close()
    return int(n)


@pytest.mark.mariadb
def test_mariadb_view_dropped_by_the_catalog_is_named(tmp_path: Path, mariadb_url: str) -> None:
    russian_users = make_mariadb_probe(mariadb_url)
    entry = {"id": "my", "company": "acme", "role": "replica", "country": "DE", "url": mariadb_url}
    report = scan_stores(stores_file(tmp_path, [entry]), key=None)
    (my,) = report.stores
    assert relations(my) == {
        "audit": ("scanned", None, None),
        "leaky": ("scanned", None, None),
        "users": ("scanned", None, None),
        "victims": ("scanned", None, None),
        "v_write": ("skipped", "catalog-omitted", "warning 1792"),
    }
    assert my.status == "partial"
    assert [e.code for e in my.errors] == ["store-catalog-omitted"]
    assert "'v_write'" in my.errors[0].message and "1792" in my.errors[0].message
    assert my.rows_scanned == 11 and my.russian_user_rows == russian_users + 1
    assert event_of(report, "my")["coverage"] == {
        "relations_scanned": 4,
        "relations_total": 5,
        "not_covered": ["v_write"],
    }
    assert my.coverage.summary() == "covered 4 of 5 relations; not read: v_write"
    assert mariadb_audit_rows(mariadb_url) == 0
    assert_clean(report)


@pytest.mark.mariadb
def test_mariadb_declared_view_dropped_by_the_catalog(tmp_path: Path, mariadb_url: str) -> None:
    make_mariadb_probe(mariadb_url)
    base = {"company": "acme", "role": "replica", "country": "DE", "url": mariadb_url}
    path = stores_file(
        tmp_path,
        [
            {**base, "id": "both", "tables": ["users", "v_write"]},
            {**base, "id": "only", "tables": ["v_write"]},
        ],
    )
    report = scan_stores(path, key=None)
    both, only = report.stores
    # Declared and listed by the store: not "missing", but not read either.
    assert [e.code for e in both.errors] == ["store-catalog-omitted"]
    assert both.status == "partial"
    assert event_of(report, "both")["coverage"] == {
        "relations_scanned": 1,
        "relations_total": 2,
        "not_covered": ["v_write"],
    }
    assert only.status == "error" and relations(only) == {
        "v_write": ("skipped", "catalog-omitted", "warning 1792")
    }
    assert [e["store"] for e in report.to_events(WHEN)] == ["both"]


def _invoke(args: list[str]) -> Any:
    return CliRunner().invoke(app, args)


@pytest.mark.postgres
@pytest.mark.mariadb
def test_cli_says_partial_records_the_event_and_assess_reads_it(
    tmp_path: Path, pg_url: str, mariadb_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDFALL_SCAN_KEY", KEY)
    make_pg(pg_url, users(10))
    with pg_db(pg_url) as conn:  # the planted phone is in the Russian primary too
        conn.execute("CREATE TABLE leaky (phone text)")
        conn.execute("INSERT INTO leaky VALUES (%s)", [CANARY])
    make_mariadb_probe(mariadb_url)
    stores = stores_file(
        tmp_path,
        [
            {"id": "pg-ru", "company": "acme", "url": pg_url, "country": "RU", "role": "primary"},
            {"id": "mdb-de", "company": "acme", "url": mariadb_url, "country": "DE",
             "role": "replica"},
        ],
    )  # fmt: skip
    facts = tmp_path / "facts.json"
    facts.write_text(
        json.dumps(
            {
                "landfall": 1,
                "companies": [{"id": "acme", "country": "RU"}],
                "resources": [{"id": "acme.example", "company": "acme",
                               "processes_russian_users_data": True}],
                "events": [{"date": "2023-02-20", "type": "registration", "company": "acme",
                            "register": "cross-border-notice"}],
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert _invoke(["ledger", "import", str(facts), "--db", db]).exit_code == 0

    result = _invoke(["scan", str(stores), "--db", db, "--format", "json"])
    assert result.exit_code == 5, result.output  # not ok: a store was read only in part
    body = result.stdout[result.stdout.index("{") : result.stdout.rindex("}") + 1]
    report = json.loads(body)
    assert [s["status"] for s in report["stores"]] == ["ok", "partial"]
    mdb = report["stores"][1]
    assert mdb["reconciliation"]["only_abroad"] == 0
    assert mdb["coverage"]["not_covered"] == ["v_write"]
    assert {"relation": "v_write", "status": "skipped", "reason": "catalog-omitted",
            "error": "warning 1792"} in mdb["coverage"]["relations"]  # fmt: skip
    assert "mdb-de: partial scan, covered 4 of 5 relations; not read: v_write" in result.stderr
    for text in (result.stdout, result.stderr):
        assert CANARY not in text and digits(CANARY) not in digits(text)

    table = _invoke(["scan", str(stores), "--no-reconcile"])
    assert table.exit_code == 5
    flat = " ".join(table.output.split())
    assert "covered 4 of 5 relations; not read: v_write" in flat

    as_of = (datetime.now(UTC).date()).isoformat()
    out = _invoke(["assess", "--db", db, "--as-of", as_of, "--format", "json"])
    assert out.exit_code == 0, out.output
    (company,) = json.loads(out.stdout)["companies"]
    ob = next(o for o in company["obligations"] if o["id"] == "ru-152-fz.localization")
    # Every record the replica showed is in Russia, but v_write was not read: not "met".
    assert ob["status"] == "unknown", ob
    assert "a complete scan of store mdb-de" in ob["missing_facts"]
    assert any("did not read v_write" in b for b in ob["because"])

    html = tmp_path / "acme.html"
    out = _invoke(["report", "acme", "--db", db, "--as-of", as_of, "--out", str(html)])
    assert out.exit_code == 0, out.output
    page = html.read_text(encoding="utf-8")
    assert "partial scan: covered 4 of 5 relations, v_write not read" in page
    assert CANARY not in page


def test_status_at_its_edges() -> None:
    from landfall.errors import Diagnostic, Where
    from landfall.scanner.coverage import RelationCoverage

    def result(*relations: RelationCoverage, failed: bool = False) -> StoreResult:
        r = StoreResult("s", "acme", "primary", "sqlite:///x.db", "RU", "declared", "declared")
        for relation in relations:
            r.covered(relation)
        if failed:
            r.errors.append(Diagnostic("store-read-failed", "t", Where(None, None, "url")))
        return r

    read, failed = RelationCoverage("a", "scanned"), RelationCoverage("b", "read-failed")
    assert result().status == "ok"  # an empty store: nothing to read, nothing unread
    assert result(read).status == "ok"
    assert result(read, failed, failed=True).status == "partial"
    assert result(failed, failed=True).status == "error"
    assert result(failed).status == "error"  # nothing read, even without a diagnostic
    assert result(failed, failed=True).has_evidence is False
    assert result(read, failed).has_evidence is True


def test_sqlite_and_files_cover_every_relation(tmp_path: Path) -> None:
    from test_scan import make_parquet, make_sqlite

    make_sqlite(tmp_path / "app.db", users(5))
    make_parquet(tmp_path / "lake", users(5))
    path = stores_file(
        tmp_path,
        [
            {"id": "lite", "company": "acme", "role": "primary", "country": "RU",
             "url": f"sqlite:///{tmp_path}/app.db"},
            {"id": "lake", "company": "acme", "role": "backup", "country": "US",
             "url": str(tmp_path / "lake")},
        ],
    )  # fmt: skip
    report = scan_stores(path, key=None)
    assert [event_of(report, s)["coverage"] for s in ("lite", "lake")] == [
        {"relations_scanned": 2, "relations_total": 2, "not_covered": []},
        {"relations_scanned": 2, "relations_total": 2, "not_covered": []},
    ]


@pytest.mark.parametrize(
    ("coverage", "accepted"),
    [
        ({"relations_scanned": 4, "relations_total": 5, "not_covered": ["v_write"]}, True),
        ({"relations_scanned": 5, "relations_total": 5, "not_covered": []}, True),
        ({"relations_scanned": 0, "relations_total": 0}, True),
        ({"relations_scanned": 6, "relations_total": 5, "not_covered": []}, False),
        ({"relations_scanned": 4, "relations_total": 5, "not_covered": []}, False),
        ({"relations_scanned": 5, "relations_total": 5, "not_covered": ["x"]}, False),
        ({"relations_scanned": 4, "relations_total": 5, "not_covered": ["v"], "why": 1}, False),
    ],
)
def test_the_facts_model_checks_coverage(coverage: dict[str, Any], accepted: bool) -> None:
    from pydantic import ValidationError

    event = {"date": "2026-03-01", "type": "scan", "company": "acme", "store": "s",
             "role": "replica", "rows_scanned": 1, "russian_user_rows": 0, "coverage": coverage}  # fmt: skip
    if accepted:
        parsed = ScanEvent.model_validate(event)
        assert parsed.partial is bool(coverage.get("not_covered"))
    else:
        with pytest.raises(ValidationError):
            ScanEvent.model_validate(event)


def test_dashboard_and_api_show_a_partial_scan(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from landfall.api import create_app
    from landfall.api.deps import COOKIE
    from landfall.facts.model import FactsDocument
    from landfall.ledger import document_events, open_ledger
    from landfall.settings import Settings
    from landfall.tokens import TokenStore

    scan = {"date": "2026-03-01", "type": "scan", "company": "acme", "store": "mdb-de",
            "country": "DE", "role": "replica", "rows_scanned": 11, "russian_user_rows": 0,
            "coverage": {"relations_scanned": 4, "relations_total": 5, "not_covered": ["v_write"]}}  # fmt: skip
    document = {"landfall": 1, "companies": [{"id": "acme", "country": "RU"}], "events": [scan]}
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with open_ledger(url) as store:
        store.append(document_events(FactsDocument.model_validate(document)))
    with TokenStore(url) as tokens:
        token = tokens.create("regulator")[1]
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(Settings(db=url))) as client:
        client.cookies.set(COOKIE, token)  # the dashboard's login cookie
        page = client.get("/companies/acme?as_of=2026-03-02")
        api = client.get("/api/companies/acme/scans?as_of=2026-03-02", headers=headers)
    assert page.status_code == 200, page.text
    assert "partial scan: covered 4 of 5 relations, v_write not read" in page.text
    assert api.status_code == 200, api.text
    (event,) = api.json()["scans"]
    assert event["coverage"]["not_covered"] == ["v_write"]


def _abroad(tmp_path: Path, name: str) -> dict[str, Any]:
    from test_scan import make_sqlite

    make_sqlite(tmp_path / f"{name}.db", users(20, seed=5))
    return {"id": name, "company": "acme", "role": "replica", "country": "NL",
            "url": f"sqlite:///{tmp_path}/{name}.db"}  # fmt: skip


def test_reconciliation_against_an_unread_primary_names_it(tmp_path: Path) -> None:
    ru = {"id": "ru", "company": "acme", "role": "primary", "country": "RU",
          "url": f"sqlite:///{tmp_path}/missing.db"}  # fmt: skip
    report = scan_stores(stores_file(tmp_path, [ru, _abroad(tmp_path, "nl")]), key=KEY.encode())
    assert [s.status for s in report.stores] == ["error", "ok"]
    (event,) = report.to_events(WHEN)
    # Every record abroad is "only abroad" for want of a primary: the event says why.
    assert event["reconciliation"]["only_abroad"] == event["russian_user_rows"] > 0
    assert event["reconciliation"]["primaries_not_covered"] == ["ru"]
    ScanEvent.model_validate(event)


@pytest.mark.postgres
def test_reconciliation_against_a_partial_primary_names_it(tmp_path: Path, pg_url: str) -> None:
    make_pg_probe(pg_url)
    ru = {"id": "pg-ru", "company": "acme", "role": "primary", "country": "RU", "url": pg_url}
    report = scan_stores(stores_file(tmp_path, [ru, _abroad(tmp_path, "nl")]), key=KEY.encode())
    assert [s.status for s in report.stores] == ["partial", "ok"]
    assert report.stores[1].reconciliation is not None
    assert report.stores[1].reconciliation["primaries_not_covered"] == ["pg-ru"]
    assert event_of(report, "nl")["reconciliation"]["primaries_not_covered"] == ["pg-ru"]
    assert "primaries_not_covered" not in (event_of(report, "pg-ru")["reconciliation"] or {})


def test_reconciliation_against_complete_primaries_names_none(tmp_path: Path) -> None:
    from test_scan import make_sqlite

    make_sqlite(tmp_path / "ru.db", users(20, seed=5))
    ru = {"id": "ru", "company": "acme", "role": "primary", "country": "RU",
          "url": f"sqlite:///{tmp_path}/ru.db"}  # fmt: skip
    report = scan_stores(stores_file(tmp_path, [ru, _abroad(tmp_path, "nl")]), key=KEY.encode())
    assert report.ok
    rec = event_of(report, "nl")["reconciliation"]
    assert rec["only_abroad"] == 0 and "primaries_not_covered" not in rec
