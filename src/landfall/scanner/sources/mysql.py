"""MariaDB and MySQL through PyMySQL: a read-only transaction and an unbuffered cursor."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

import pymysql
import pymysql.cursors

from landfall.scanner.sources import Row, TableRef, storage_error
from landfall.scanner.stores import Store


def quote_ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class MySQLSource:
    def __init__(self, store: Store, url: str) -> None:
        self.store = store
        parts = urlsplit(url)
        self.database = unquote(parts.path.lstrip("/"))
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
        found: dict[str, list[str]] = {}
        try:
            with self.conn.cursor() as cur:
                cur.execute(
                    "SELECT table_name, column_name FROM information_schema.columns"
                    " WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position"
                )
                for table, column in cur.fetchall():
                    found.setdefault(table, []).append(column)
        except pymysql.MySQLError as e:
            raise storage_error(self.store, "store-catalog-failed", f"{e}") from e
        return [TableRef(t, "", tuple(cols)) for t, cols in found.items()]

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
            raise storage_error(
                self.store, "store-read-failed", f"table {table.qualified!r}: {e}"
            ) from e
        finally:
            if cur is not None:
                cur.close()
            self.conn.rollback()

    def close(self) -> None:
        self.conn.close()
