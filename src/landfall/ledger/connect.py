"""Database URLs, engines, the writer lock, migrations and the map of driver errors.

This is the one boundary where SQLAlchemy, sqlite3, psycopg and Alembic exceptions become
landfall's :class:`~landfall.errors.StorageError` (style convention 6).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, column, create_engine, event, inspect, select, table
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, make_url

from landfall.errors import Diagnostic, StorageError, Where
from landfall.ledger.schema import SCHEMA_REVISION, VERSION_TABLE

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///landfall.db"
ENV_VAR = "LANDFALL_DB"
BUSY_TIMEOUT_S = 60.0
# Serializes schema migrations on PostgreSQL before the events table exists to be locked.
_PG_MIGRATION_LOCK = 0x4C414E44
_WRITE = "landfall_write"


def default_url() -> str:
    """``$LANDFALL_DB``, else an SQLite file ``landfall.db`` in the current directory."""
    return os.environ.get(ENV_VAR) or DEFAULT_URL


def redact(url: str | URL) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa_exc.ArgumentError:
        return str(url)


def parse_url(url: str) -> URL:
    """Accept ``sqlite:///path.db`` and ``postgresql://...``; pick the drivers we ship."""
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError as e:
        raise _url_error(url, "not a database URL") from e
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.get_driver_name() not in ("pysqlite", ""):
            raise _url_error(url, "SQLite is reached through Python's sqlite3 only")
        if not parsed.database or parsed.database == ":memory:":
            raise _url_error(url, "the ledger needs an SQLite file, e.g. sqlite:///landfall.db")
        return parsed.set(drivername="sqlite")
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    raise _url_error(url, f"unsupported database {backend!r}")


def _url_error(url: str, message: str) -> StorageError:
    return StorageError(
        Diagnostic(
            "unsupported-db-url",
            message,
            Where(redact(url)),
            "use sqlite:///path.db or postgresql://user@host/db (--db or LANDFALL_DB)",
        )
    )


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def create_engines(url: URL) -> tuple[Engine, Engine]:
    """A writer engine and a reader engine (the same one on PostgreSQL)."""
    if url.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_pre_ping=False)
        return engine, engine
    assert url.database is not None
    Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return _sqlite_engine(url, readonly=False), _sqlite_engine(url, readonly=True)


WRITER_CACHE_KIB = 64 * 1024
"""The SQLite writer's page cache, in KiB."""


def _sqlite_engine(url: URL, *, readonly: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # sqlite3's own implicit BEGIN is deferred; we issue BEGIN ourselves so a writer can
        # ask for IMMEDIATE and take the one write lock before it reads the chain head.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if readonly:
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("PRAGMA journal_mode=WAL")
            # A large import inserts random event keys into their unique index: with the
            # default 2 MiB page cache each batch spills and rereads index pages. The cache
            # grows only as pages are used, so small appends cost nothing more.
            cursor.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
        # In WAL mode NORMAL loses no committed transaction on a process crash, only on
        # power loss, and spares an fsync per append.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        writing = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def driver_text(error: sa_exc.SQLAlchemyError) -> str:
    """What a storage error may say: the driver's one-line message and SQLSTATE, never the
    statement or its parameters (``str(error)`` holds both: the whole batch, payloads and
    hashes) nor PostgreSQL's DETAIL line (it quotes the conflicting key's value)."""
    orig = getattr(error, "orig", None)
    if orig is None:
        return type(error).__name__
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    lines = str(primary or orig).strip().splitlines()
    text = lines[0][:300] if lines else type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None)
    return f"{text} (SQLSTATE {sqlstate})" if sqlstate else text


@contextmanager
def storage_errors(url: str) -> Iterator[None]:
    """Turn every database-layer failure into a StorageError naming the (redacted) URL."""
    where = Where(redact(url))
    try:
        yield
    except sa_exc.OperationalError as e:
        text = driver_text(e)
        busy = "locked" in text or "busy" in text
        raise StorageError(
            Diagnostic(
                "ledger-busy" if busy else "ledger-unavailable",
                text,
                where,
                "another process holds the ledger; retry"
                if busy
                else "check that the database server is running and the URL is right",
            )
        ) from e
    except sa_exc.IntegrityError as e:
        raise StorageError(
            Diagnostic(
                "ledger-conflict",
                driver_text(e),
                where,
                "another writer changed the ledger outside landfall; run `landfall ledger verify`",
            )
        ) from e
    except sa_exc.SQLAlchemyError as e:
        raise StorageError(
            Diagnostic("ledger-error", driver_text(e), where, "run `landfall ledger verify`")
        ) from e
    except Exception as e:
        # Alembic is imported only when a migration runs; its errors are recognized by type
        # name so that opening an up-to-date ledger never loads it.
        if type(e).__module__.startswith("alembic"):
            raise StorageError(
                Diagnostic(
                    "ledger-migration-failed",
                    str(e),
                    where,
                    "the database was written by a newer landfall, or by something else",
                )
            ) from e
        raise


@contextmanager
def write_transaction(engine: Engine, *, schema_ready: bool = True) -> Iterator[Connection]:
    """One transaction holding the ledger's single-writer lock until it commits or rolls back.

    SQLite: ``BEGIN IMMEDIATE`` takes the database write lock (waiting up to the busy timeout).
    PostgreSQL: ``EXCLUSIVE`` on ``events`` lets readers in and keeps other writers out, so
    reading the head and appending after it cannot interleave with another writer.
    """
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if is_postgres(engine):
                if schema_ready:
                    conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")
                else:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
            yield conn


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "landfall.ledger:migrations")
    return config


def migration_head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database, read without loading Alembic."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        version = table(VERSION_TABLE, column("version_num"))
        return conn.execute(select(version.c.version_num)).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration, under the writer lock, if it is behind."""
    if current_revision(engine) == SCHEMA_REVISION:
        return
    from alembic import command

    with write_transaction(engine, schema_ready=False) as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
