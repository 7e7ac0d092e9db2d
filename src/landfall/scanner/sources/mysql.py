"""MariaDB and MySQL through PyMySQL: a read-only transaction and an unbuffered cursor."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

import pymysql
import pymysql.cursors

from landfall.scanner.coverage import RelationCoverage
from landfall.scanner.sources import (
    Row,
    TableRef,
    catalog_omitted,
    db_error_text,
    storage_error,
)
from landfall.scanner.stores import Store

# The relations of the database, from a catalog that lists them even when it cannot describe
# them. Sequences hold counters, not records.
_RELATIONS = (
    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
    " AND table_type IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED') ORDER BY table_name"
)
_COLUMNS = (
    "SELECT table_name, column_name FROM information_schema.columns"
    " WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position"
)


def quote_ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class MySQLSource:
    def __init__(self, store: Store, url: str) -> None:
        self.store = store
        self._omitted: list[RelationCoverage] = []
        parts = urlsplit(url)
        self.database = unquote(parts.path.lstrip("/"))
        if not self.database:
            # Without one, DATABASE() is NULL and the catalog lists no table: a clean result
            # for a store nobody read.
            raise storage_error(
                store,
                "store-database-missing",
                "the URL names no database",
                hint="name it: mysql://user@host:3306/DATABASE",
            )
        self.conn: Any = None
        try:
            self.conn = pymysql.connect(
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 3306,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                database=self.database or None,
                charset="utf8mb4",
                connect_timeout=10,
                autocommit=False,
            )
            with self.conn.cursor() as cur:
                cur.execute("SET SESSION TRANSACTION READ ONLY")
        except pymysql.MySQLError as e:
            raise storage_error(store, "store-unreachable", f"cannot connect: {e}") from e

    def tables(self) -> list[TableRef]:
        """Relations with their columns. In a read-only session ``information_schema.columns``
        silently leaves out a view that calls a writing function (warning 1792), so the
        relations are listed from ``information_schema.tables`` too and the difference is kept
        for :meth:`omitted`, with the codes of the warnings the columns query raised."""
        found: dict[str, list[str]] = {}
        try:
            with self.conn.cursor() as cur:
                cur.execute(_COLUMNS)
                for table, column in cur.fetchall():
                    found.setdefault(table, []).append(column)
                warned = self._warning_codes(cur)
                cur.execute(_RELATIONS)
                listed = [name for (name,) in cur.fetchall()]
        except pymysql.MySQLError as e:
            raise self._failed("store-catalog-failed", "catalog", e) from e
        cause = f"warning {', '.join(warned)}" if warned else None
        self._omitted = [catalog_omitted(name, cause) for name in listed if name not in found]
        wanted = set(listed)
        return [TableRef(t, "", tuple(cols)) for t, cols in found.items() if t in wanted]

    def omitted(self) -> list[RelationCoverage]:
        return list(self._omitted)

    @staticmethod
    def _warning_codes(cur: Any) -> list[str]:
        """The codes of the last statement's warnings (their texts may name objects)."""
        cur.execute("SHOW WARNINGS")
        return sorted({str(code) for _level, code, _text in cur.fetchall()})

    def batches(
        self, table: TableRef, *, batch_size: int, limit: int | None
    ) -> Iterator[Sequence[Row]]:
        query = f"SELECT * FROM {quote_ident(table.name)}"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        cur: Any = None
        try:
            with self.conn.cursor() as start:
                start.execute("START TRANSACTION READ ONLY")
            # Unbuffered: rows stream from the server instead of being loaded whole.
            cur = self.conn.cursor(pymysql.cursors.SSCursor)
            cur.execute(query)
            while rows := cur.fetchmany(batch_size):
                yield list(rows)
        except pymysql.MySQLError as e:
            raise self._failed("store-read-failed", f"table {table.qualified!r}", e) from e
        finally:
            # After a KILL the driver's cursor and connection fail in their own ways
            # (AttributeError on a socket that is gone): closing is best effort.
            if cur is not None:
                try:
                    cur.close()
                except Exception:
                    self._lost = True
                    # Or the cursor's and the result's __del__ fail the same way again.
                    for result in (cur._result, getattr(self.conn, "_result", None)):
                        if result is not None:
                            result.unbuffered_active = False
                    cur.connection = None
            try:
                self.conn.rollback()
            except Exception:
                self._lost = True

    _lost = False

    def _failed(self, code: str, what: str, error: pymysql.MySQLError) -> Exception:
        number = error.args[0] if error.args and isinstance(error.args[0], int) else None
        said = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], str) else ""
        text = db_error_text(error, number, said)
        # 2006 server gone away, 2013 lost connection during query, 1927 connection killed
        if isinstance(error, pymysql.err.OperationalError) and number in (2006, 2013, 1927):
            self._lost = True
        if self._lost or not self.conn.open:
            return storage_error(
                self.store,
                "store-connection-lost",
                f"{what}: the connection was lost ({text})",
                hint="the rest of this store was not scanned; scan it again",
            )
        return storage_error(self.store, code, f"{what}: {text}")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already closed, or killed
            self.conn.close()
