"""Read-only readers over data stores: tables and columns from the catalog, rows in batches.

Every reader opens its store so that a write is refused by the store itself (a read-only
transaction or a read-only file handle), not merely avoided by us. Foreign driver errors are
mapped to :class:`~landfall.errors.StorageError` here, at the boundary, with secrets scrubbed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import polars as pl

from landfall.errors import Diagnostic, StorageError, Where
from landfall.scanner.stores import Store, expand_env, secrets_of

__all__ = [
    "Source",
    "TableRef",
    "column_batches",
    "open_source",
    "scrub",
    "storage_error",
]

Row = Sequence[Any]


@dataclass(frozen=True)
class TableRef:
    """A table as the catalog names it: ``schema`` may be empty (SQLite, files)."""

    name: str
    schema: str = ""
    columns: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


class Source(Protocol):
    def tables(self) -> list[TableRef]: ...

    def batches(
        self, table: TableRef, *, batch_size: int, limit: int | None
    ) -> Iterator[Sequence[Row]]: ...

    def close(self) -> None: ...


def column_batches(
    source: Source, table: TableRef, *, batch_size: int, limit: int | None
) -> Iterator[list[pl.Series]]:
    """Batches as columns of scannable text (see :func:`~landfall.scanner.vector.column_texts`).

    A source with its own ``column_batches`` (Arrow from DuckDB) hands columns over directly;
    rows from database drivers are turned into columns here.
    """
    from landfall.scanner.vector import column_texts

    own = getattr(source, "column_batches", None)
    if own is not None:
        yield from own(table, batch_size=batch_size, limit=limit)
        return
    width = len(table.columns)
    for batch in source.batches(table, batch_size=batch_size, limit=limit):
        if not batch:
            continue
        yield [column_texts([row[i] for row in batch]) for i in range(width)]


def scrub(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def storage_error(
    store: Store, code: str, message: str, *, hint: str | None = None, field: str = "url"
) -> StorageError:
    where = Where(store.source_file, store.source_line, field)
    return StorageError(
        Diagnostic(code, f"store {store.id!r}: {scrub(message, secrets_of(store))}", where, hint)
    )


def open_source(store: Store) -> Source:
    """Open the store named by the URL's scheme; a bare path or glob is a file dataset."""
    url = expand_env(store)
    scheme = url.split(":", 1)[0].lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        from landfall.scanner.sources.postgres import PostgresSource

        return PostgresSource(store, url)
    if scheme in ("mysql", "mariadb", "mysql+pymysql"):
        from landfall.scanner.sources.mysql import MySQLSource

        return MySQLSource(store, url)
    if scheme == "sqlite":
        from landfall.scanner.sources.sqlite import SQLiteSource

        return SQLiteSource(store, url)
    if scheme in ("", "file"):
        from landfall.scanner.sources.files import FileSource

        return FileSource(store, url.removeprefix("file://"))
    raise storage_error(
        store,
        "store-scheme-unknown",
        f"unknown url scheme {scheme!r}",
        hint="use postgresql://, mysql://, sqlite:///path.db or a path/glob of .parquet/.csv",
    )


def select_tables(store: Store, found: list[TableRef]) -> list[TableRef]:
    """The declared tables (matched by name or schema.name), or every table found."""
    if not store.tables:
        return found
    by_name: dict[str, TableRef] = {}
    for t in found:
        by_name.setdefault(t.name, t)
        by_name[t.qualified] = t
    missing = [n for n in store.tables if n not in by_name]
    if missing:
        raise storage_error(
            store,
            "store-table-missing",
            f"declared table(s) not found: {', '.join(repr(m) for m in missing)}",
            field="tables",
            hint="check the names, or drop 'tables' to scan every table",
        )
    return [by_name[n] for n in store.tables]
