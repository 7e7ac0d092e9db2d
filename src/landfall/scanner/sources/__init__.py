"""Read-only readers over data stores: tables and columns from the catalog, rows in batches.

Every reader opens its store so that a write is refused by the store itself (a read-only
transaction or a read-only file handle), not merely avoided by us. Foreign driver errors are
mapped to :class:`~landfall.errors.StorageError` here, at the boundary, with secrets scrubbed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import polars as pl

from landfall.errors import Diagnostic, StorageError, Where
from landfall.scanner.coverage import CATALOG_OMITTED, RelationCoverage
from landfall.scanner.stores import Store, expand_env, secrets_of

__all__ = [
    "Source",
    "TableRef",
    "catalog_omitted",
    "cause_of",
    "column_batches",
    "db_error_text",
    "error_label",
    "open_source",
    "scrub",
    "select_tables",
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
    def tables(self) -> list[TableRef]:
        """The relations the scan can read, with their columns, in the catalog's order."""
        ...

    def omitted(self) -> list[RelationCoverage]:
        """Relations the store lists but :meth:`tables` could not describe (after it ran)."""
        ...

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


# A database's error text can quote the row it failed on (`invalid input syntax for type
# integer: "+7 916 ..."`, `Duplicate entry 'a@b.ru'`, a DETAIL line with the key's value, a
# function's RAISE with a column): quoted literals, digits and everything after the first line
# or a ": " go; the error's class and code stay, so the cause is still findable.
_QUOTED = re.compile(r"""(?:"(?:[^"\\]|\\.)*"?)|(?:'(?:[^'\\]|\\.)*'?)|(?:`[^`]*`?)""")
_DIGITS = re.compile(r"\d")
# Errors a function or trigger raises itself: their whole text is the author's, maybe a value.
_OWN_ERRORS = {"P0001", "45000", "1644"}


def error_label(error: BaseException, code: str | int | None = None) -> str:
    """An error's class and code (``InvalidTextRepresentation 22P02``): never its text."""
    kind = type(error).__name__
    return kind if code is None else f"{kind} {code}"


def db_error_text(
    error: BaseException, code: str | int | None = None, message: str | None = None
) -> str:
    """A database error as a report may show it: its kind and code, never row values
    (``message``: the driver's own text, when ``str(error)`` wraps it)."""
    label = error_label(error, code)
    if code is not None and str(code) in _OWN_ERRORS:
        return f"{label}: raised by a function or trigger (its text is not shown)"
    lines = (str(error) if message is None else message).strip().splitlines()
    text = lines[0] if lines else ""
    text = text.split(": ", 1)[0] if not text.startswith("(") else ""
    text = _DIGITS.sub("#", _QUOTED.sub("…", text)).strip()
    return f"{label}: {text}" if text else label


def storage_error(
    store: Store, code: str, message: str, *, hint: str | None = None, field: str = "url"
) -> StorageError:
    where = Where(store.source_file, store.source_line, field)
    return StorageError(
        Diagnostic(code, f"store {store.id!r}: {scrub(message, secrets_of(store))}", where, hint)
    )


def cause_of(error: BaseException) -> str | None:
    """The class and code of the driver error behind a store error (raised ``from`` it), for a
    relation's coverage: psycopg's SQLSTATE, PyMySQL's error number, else the class alone."""
    cause = error.__cause__
    if cause is None:
        return None
    code = getattr(cause, "sqlstate", None)
    args = getattr(cause, "args", ())
    if code is None and args and isinstance(args[0], int):
        code = args[0]
    return error_label(cause, code)


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


def select_tables(
    store: Store, found: list[TableRef], omitted: list[RelationCoverage]
) -> tuple[list[TableRef], list[RelationCoverage]]:
    """The declared relations (matched by name or schema.name), or every one found; and those
    of them the catalog listed without columns (a declared one of those is not "missing")."""
    if not store.tables:
        return found, omitted
    by_name: dict[str, TableRef | RelationCoverage] = {}
    for t in found:
        by_name.setdefault(t.name, t)
        by_name[t.qualified] = t
    for o in omitted:
        by_name.setdefault(o.relation.rpartition(".")[2], o)
        by_name.setdefault(o.relation, o)
    missing = [n for n in store.tables if n not in by_name]
    if missing:
        raise storage_error(
            store,
            "store-table-missing",
            f"declared table(s) not found: {', '.join(repr(m) for m in missing)}",
            field="tables",
            hint="check the names, or drop 'tables' to scan every table",
        )
    chosen = [by_name[n] for n in store.tables]
    return (
        [c for c in chosen if isinstance(c, TableRef)],
        [c for c in chosen if isinstance(c, RelationCoverage)],
    )


def catalog_omitted(relation: str, warnings: str | None) -> RelationCoverage:
    """A relation the store lists whose columns its catalog did not give."""
    return RelationCoverage(relation, "skipped", CATALOG_OMITTED, warnings)
