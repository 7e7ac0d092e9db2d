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

from landfall.ledger import SqlLedger, open_ledger

from .support import FACTS, Clock, fresh_postgres


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    with fresh_postgres("landfall_ledger") as name:
        yield name


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


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return path


@pytest.fixture
def pg_store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[SqlLedger]:
    """A PostgreSQL ledger only (for behaviour SQLite does not share)."""
    database = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = f"host=127.0.0.1 port=5432 user=postgres dbname={database}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"postgresql://postgres@127.0.0.1:5432/{database}?options=-csearch_path%3D{schema}"
    ledger = open_ledger(url, clock=clock)
    yield ledger
    ledger.close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
