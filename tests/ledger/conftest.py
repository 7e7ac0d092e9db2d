"""Fixtures running one contract suite on every backend: SQLite always, PostgreSQL if up.

PostgreSQL gets one database per test session (per xdist worker) and one schema per test, so
each test starts from an empty ledger and the migrations run on it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine

from landfall.ledger import SqlLedger, open_ledger
from landfall.ledger.connect import parse_url

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"


class Clock:
    """A clock the test moves by hand, to record events at known record times."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, year: int, month: int, day: int) -> None:
        self.now = dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    name = f"landfall_ledger_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as e:
        pytest.skip(f"PostgreSQL on 127.0.0.1:5432 is unreachable: {e}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    database = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = f"host=127.0.0.1 port=5432 user=postgres dbname={database}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"postgresql://postgres@127.0.0.1:5432/{database}?options=-csearch_path%3D{schema}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC))


@pytest.fixture
def store(ledger_url: str, clock: Clock) -> Iterator[SqlLedger]:
    ledger = open_ledger(ledger_url, clock=clock)
    yield ledger
    ledger.close()


def run_sql(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Plain SQL against the ledger's database, as a tamperer (or a checker) would run it."""
    engine = create_engine(parse_url(url))
    try:
        with engine.begin() as conn:
            rows: list[tuple[object, ...]] = []
            for statement in statements:
                result = conn.exec_driver_sql(statement)
                if result.returns_rows:
                    rows = [tuple(r) for r in result]
            return rows
    finally:
        engine.dispose()


FACTS = """\
landfall: 1
companies:
  - {id: acme, name: Acme Social Ltd, country: CY}
  - {id: beta, name: Beta Video, country: US}
resources:
  - {id: acme.social, company: acme, kind: social_network}
  - {id: beta.video, company: beta, kind: video_hosting}
events:
  - {date: 2021-09-01, type: audience, resource: acme.social, daily_users_ru: 650000}
  - {date: 2022-01-10, type: rkn_account, company: acme}
  - {date: 2022-02-01, type: fine, company: acme, article: "13.41", part: "2", amount_rub: 3000000}
  - {date: 2022-03-01, type: list_inclusion, company: beta}
  - {date: "2022-03-04T10:00:00+03:00", type: demand, company: beta, id: d1, kind: takedown}
"""
FACTS_RECORDS = 9


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return path
