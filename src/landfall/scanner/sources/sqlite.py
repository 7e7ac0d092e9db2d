"""SQLite files, opened through a ``mode=ro`` URI and with ``query_only`` on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

from landfall.scanner.coverage import RelationCoverage
from landfall.scanner.sources import Row, TableRef, storage_error
from landfall.scanner.stores import Store


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SQLiteSource:
    def __init__(self, store: Store, url: str) -> None:
        self.store = store
        path = url.split("://", 1)[1]
        # sqlite:///rel.db and sqlite:////abs.db, as SQLAlchemy spells them.
        path = path.removeprefix("/")
        if not Path(path).is_file():
            raise storage_error(store, "store-unreachable", f"no SQLite file at {path}")
        try:
            self.conn = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
            self.conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as e:
            raise storage_error(store, "store-unreachable", f"cannot open SQLite: {e}") from e

    def tables(self) -> list[TableRef]:
        try:
            names = [
                r[0]
                for r in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
                )
            ]
            out = []
            for name in names:
                cols = self.conn.execute(f"PRAGMA table_info({quote_ident(name)})").fetchall()
                out.append(TableRef(name, "", tuple(c[1] for c in cols)))
        except sqlite3.Error as e:
            raise storage_error(self.store, "store-catalog-failed", f"{e}") from e
        return out

    def omitted(self) -> list[RelationCoverage]:
        return []  # the catalog describes every relation it lists

    def batches(
        self, table: TableRef, *, batch_size: int, limit: int | None
    ) -> Iterator[Sequence[Row]]:
        sql = f"SELECT * FROM {quote_ident(table.name)}"
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        try:
            cur = self.conn.execute(sql, params)
            while rows := cur.fetchmany(batch_size):
                yield rows
        except sqlite3.Error as e:
            raise storage_error(
                self.store, "store-read-failed", f"table {table.qualified!r}: {e}"
            ) from e

    def close(self) -> None:
        self.conn.close()
