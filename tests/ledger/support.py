"""Helpers shared by the ledger tests (fixtures live in conftest.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import create_engine

from landfall.ledger.connect import parse_url


class Clock:
    """A clock the test moves by hand, to record events at known record times."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, year: int, month: int, day: int) -> None:
        self.now = dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


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


PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"


@contextmanager
def fresh_postgres(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database named ``<prefix>_<random>``, dropped afterwards; the
    test is skipped where no PostgreSQL runs on 127.0.0.1:5432."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as e:
        pytest.skip(f"PostgreSQL on 127.0.0.1:5432 is unreachable: {e}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
