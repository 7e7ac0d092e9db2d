"""The ``events`` table as SQLAlchemy Core sees it for queries.

The schema itself is created and changed only by the migrations in ``migrations/versions``;
this module must describe the same columns and is checked against them by a test.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Integer, MetaData, String, Table, Text

VERSION_TABLE = "landfall_ledger_version"
SCHEMA_REVISION = "0004"
"""The newest migration; a test keeps it equal to Alembic's head."""

metadata = MetaData()

# SQLite makes only `INTEGER PRIMARY KEY` an alias of the rowid; PostgreSQL gets 64 bits.
Id = Integer().with_variant(BigInteger(), "postgresql")

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=False),
    Column("event_key", String(64), nullable=False, unique=True),
    Column("type", String(40), nullable=False),
    Column("company", String(200), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("valid_from", String(40)),
    Column("valid_day", String(10)),
    Column("valid_at", String(27)),
    Column("recorded_at", String(27), nullable=False),
    Column("payload", Text, nullable=False),
    Column("source", Text),
    Column("public", Boolean, nullable=False),
    Column("refers_to", Id),
    Column("kind", String(8), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("author", Text),
    Column("salt", String(64)),
    Column("public_seq", Id),
)
