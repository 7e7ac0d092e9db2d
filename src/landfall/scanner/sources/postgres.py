"""PostgreSQL through psycopg 3: a read-only session and a server-side cursor per table."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import sql

from landfall.scanner.coverage import RelationCoverage
from landfall.scanner.sources import (
    Row,
    TableRef,
    db_error_text,
    storage_error,
)
from landfall.scanner.stores import Store

# pg_catalog, not information_schema: information_schema shows only the relations the user
# holds a privilege on, so a table the scanner may not read would vanish from the scan without
# a word; listed here, reading it fails with 42501 and the scan says so. Tables (ordinary and
# partitioned, not their partitions, which the parent reads), views and materialized views.
_CATALOG = """
SELECT n.nspname, c.relname, a.attname
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p', 'v', 'm')
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%'
ORDER BY n.nspname, c.relname, a.attnum
"""


class PostgresSource:
    def __init__(self, store: Store, url: str) -> None:
        self.store = store
        try:
            self.conn: psycopg.Connection[Any] = psycopg.connect(
                url, connect_timeout=10, application_name="landfall-scan"
            )
            # Both the session default and the connection's own flag: the server refuses
            # any write even if a later statement opened its own transaction.
            self.conn.execute("SET default_transaction_read_only = on")
            self.conn.commit()
            self.conn.read_only = True
        except psycopg.Error as e:
            raise storage_error(store, "store-unreachable", f"cannot connect: {e}") from e

    def tables(self) -> list[TableRef]:
        found: dict[tuple[str, str], list[str]] = {}
        try:
            for schema, table, column in self.conn.execute(_CATALOG):
                found.setdefault((schema, table), []).append(column)
            self.conn.rollback()
        except psycopg.Error as e:
            raise self._failed("store-catalog-failed", "catalog", e) from e
        return [TableRef(t, s, tuple(cols)) for (s, t), cols in found.items()]

    def omitted(self) -> list[RelationCoverage]:
        return []  # pg_catalog lists every relation with its columns

    def batches(
        self, table: TableRef, *, batch_size: int, limit: int | None
    ) -> Iterator[Sequence[Row]]:
        query = sql.SQL("SELECT * FROM {}").format(sql.Identifier(table.schema, table.name))
        if limit is not None:
            query = sql.SQL("{} LIMIT {}").format(query, sql.Literal(limit))
        try:
            # A named cursor streams from the server: memory is bounded by batch_size.
            with self.conn.cursor(name="landfall_scan") as cur:
                cur.itersize = batch_size
                cur.execute(query)
                while rows := cur.fetchmany(batch_size):
                    yield rows
            self.conn.rollback()
        except psycopg.Error as e:
            raise self._failed("store-read-failed", f"table {table.qualified!r}", e) from e

    def _failed(self, code: str, what: str, error: psycopg.Error) -> Exception:
        """The diagnostic for a failed statement; a lost connection fails the whole store."""
        lost = self.conn.broken or self.conn.closed
        if not lost:
            try:
                self.conn.rollback()
            except psycopg.Error:
                lost = True
        text = db_error_text(error, error.sqlstate)
        if lost:
            return storage_error(
                self.store,
                "store-connection-lost",
                f"{what}: the connection was lost ({text})",
                hint="the rest of this store was not scanned; scan it again",
            )
        return storage_error(self.store, code, f"{what}: {text}")

    def close(self) -> None:
        with contextlib.suppress(psycopg.Error):  # already closed, or killed
            self.conn.close()
