"""The SQL ledger: one SQLAlchemy Core implementation of the store for SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select

from landfall.errors import Diagnostic, InputError, Where
from landfall.facts.collector import collector_paused
from landfall.facts.model import FactsDocument
from landfall.ledger import connect
from landfall.ledger.bitemporal import picture
from landfall.ledger.chain import Anchor, ChainPoint, walk
from landfall.ledger.events import (
    GENESIS,
    HASHED_COLUMNS,
    OPTIONAL_HASHED_COLUMNS,
    LegalDay,
    NewEvent,
    StoredEvent,
    chain_hash,
    event_key,
    format_instant,
    known_at_bound,
    new_salts,
)
from landfall.ledger.prepare import Pending, prepare
from landfall.ledger.schema import events as table
from landfall.ledger.store import AppendResult, VerifyResult
from landfall.periods import LegalClock

Clock = Callable[[], dt.datetime]
# Within SQLite's (32766) and PostgreSQL's (65535) limits on parameters per statement.
_CHUNK = 5000
# Rows per executemany of an append (all of them in the one transaction).
_BATCH = 10_000


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def open_ledger(url: str | None = None, *, clock: Clock = utc_now) -> SqlLedger:
    """Open (creating and migrating on first use) the ledger at ``url`` or :func:`default_url`."""
    return SqlLedger(url or connect.default_url(), clock=clock)


class SqlLedger:
    def __init__(self, url: str, *, clock: Clock = utc_now) -> None:
        self.url = url
        self._clock = clock
        parsed = connect.parse_url(url)
        with connect.storage_errors(url):
            self._writer, self._reader = connect.create_engines(parsed)
            try:
                connect.upgrade(self._writer)
            except BaseException:
                self.close()
                raise

    def __repr__(self) -> str:
        return f"SqlLedger({connect.redact(self.url)!r})"

    def close(self) -> None:
        self._writer.dispose()
        self._reader.dispose()

    def __enter__(self) -> SqlLedger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def append(self, events: Sequence[NewEvent]) -> AppendResult:
        with collector_paused():
            pending = [prepare(e, i) for i, e in enumerate(events)]
        with (
            connect.storage_errors(self.url),
            connect.write_transaction(self._writer) as conn,
            collector_paused(),
        ):
            roots = _roots(conn, pending)
            keyed: dict[str, Pending] = {}
            refers: dict[str, int | None] = {}
            for p in pending:
                root = None if p.new.refers_to is None else roots[p.new.refers_to]
                key = event_key(p.new.type, p.new.subject, p.new.kind, root, p.payload)
                if key not in keyed:
                    keyed[key] = p
                    refers[key] = root
            last = conn.execute(
                select(table.c.id, table.c.hash, table.c.recorded_at)
                .order_by(table.c.id.desc())
                .limit(1)
            ).first()
            next_id, prev, last_recorded = (1, GENESIS, "")
            existing: set[str] = set()
            next_public = 1
            if last is not None:
                next_id, prev, last_recorded = int(last.id) + 1, last.hash, last.recorded_at
                existing = _existing_keys(conn, list(keyed))
                # read in the writing transaction, so the public numbers stay dense
                next_public = 1 + int(
                    conn.execute(
                        select(func.coalesce(func.max(table.c.public_seq), 0))
                    ).scalar_one()
                )
            # Record time never runs backwards along the chain, so "known at K" is a prefix.
            recorded = max(format_instant(self._clock()), last_recorded)
            fresh = [(key, p) for key, p in keyed.items() if key not in existing]
            rows, prev = _chain_rows(fresh, refers, recorded, prev, next_id, next_public)
            insert = _insert_sql(conn.dialect.paramstyle)
            with _lookup_indexes_rebuilt(conn, len(rows), stored=next_id - 1):
                for start in range(0, len(rows), _BATCH):
                    # Straight to the driver's executemany, a batch at a time inside the one
                    # transaction: SQLAlchemy's per-row parameter processing would cost more
                    # than hashing the chain, and a batch bounds the driver's own copy.
                    conn.exec_driver_sql(insert, rows[start : start + _BATCH])
        return AppendResult(added=len(rows), skipped=len(events) - len(rows), head=prev)

    # -- reading -------------------------------------------------------------------------

    def _read(self, query: Select[Any]) -> list[StoredEvent]:
        with connect.storage_errors(self.url), self._reader.connect() as conn:
            return [_stored(r) for r in conn.execute(query)]

    def events(
        self,
        company: str | None = None,
        type: str | None = None,
        since: dt.date | None = None,
        known_at: dt.date | dt.datetime | None = None,
        valid_until: dt.date | None = None,
        limit: int | None = None,
        clock: LegalClock | None = None,
        *,
        offset: int = 0,
        public_only: bool = False,
        exclude_types: Sequence[str] = (),
        ids: Sequence[int] | None = None,
    ) -> list[StoredEvent]:
        """Stored rows in chain order; ``since``/``valid_until`` bound the valid time by the
        legal day on ``clock``, which they need. ``limit``/``offset`` page in SQL, after
        every filter (``public_only``, ``exclude_types``, ``ids``: only these events), so a
        page costs its own size and not the ledger's."""
        query = select(table).order_by(table.c.id)
        if ids is not None:
            if len(ids) > _CHUNK:
                raise ValueError(f"at most {_CHUNK} ids per read")
            query = query.where(table.c.id.in_(list(ids)))
        if public_only:
            query = query.where(table.c.public.is_(True))
        if exclude_types:
            query = query.where(table.c.type.not_in(list(exclude_types)))
        if company is not None:
            query = query.where(table.c.company == company)
        if type is not None:
            query = query.where(table.c.type == type)
        if (since is not None or valid_until is not None) and clock is None:
            raise ValueError("a valid-time bound (since, valid_until) needs the legal clock")
        if since is not None and clock is not None:
            query = query.where(_valid_from_day(LegalDay.of(since, clock)))
        if valid_until is not None and clock is not None:
            query = query.where(_valid_by_day(LegalDay.of(valid_until, clock)))
        bound = known_at_bound(known_at)
        if bound is not None:
            query = query.where(table.c.recorded_at <= bound)
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        return self._read(query)

    def head(self) -> str:
        with connect.storage_errors(self.url), self._reader.connect() as conn:
            value = conn.execute(select(table.c.hash).order_by(table.c.id.desc()).limit(1)).scalar()
        return GENESIS if value is None else str(value)

    def facts(
        self,
        as_of: dt.date,
        known_at: dt.date | dt.datetime | None = None,
        company: str | None = None,
        *,
        clock: LegalClock,
        series: bool = False,
    ) -> FactsDocument:
        """Events valid by the end of ``as_of``, the legal day on ``clock``, as recorded by
        ``known_at`` (default: everything so far). ``series``: a document to assess, with
        each run of a resource's daily figures as one event (:func:`picture`)."""
        day = LegalDay.of(as_of, clock)
        # Only the columns the picture reads, as plain tuples: a market's picture is many
        # rows, and a full StoredEvent per row cost more than the query.
        query = (
            select(*(table.c[name] for name in PictureColumns._fields))
            .where(or_(table.c.kind != "assert", _valid_by_day(day)))
            .order_by(table.c.id)
        )
        bound = known_at_bound(known_at)
        if bound is not None:
            query = query.where(table.c.recorded_at <= bound)
        if company is not None:
            query = query.where(table.c.company == company)
        with (
            connect.storage_errors(self.url),
            self._reader.connect() as conn,
            collector_paused(),
        ):
            rows = [PictureColumns._make(r) for r in conn.execute(query).all()]
            return picture(rows, as_of, clock, series=series)

    def verify(
        self,
        expected_head: str | None = None,
        anchors: Sequence[Anchor] = (),
        *,
        start: ChainPoint | None = None,
    ) -> VerifyResult:
        """Recompute the chain (hashes, event keys, links, record-time order); report the first
        event that was changed, deleted, moved or backdated, then check that each published
        head (``expected_head``, ``anchors``) is still in the chain at its position.

        With ``start`` (a prefix verified earlier) only the rows after it are read, plus the
        row at its end, which must still carry its hash and hash to it; if it does not, the
        prefix is no longer what was verified and the whole chain is walked to say what changed.
        """
        if start is not None and start.count and not (expected_head or anchors):
            end = self._read(select(table).where(table.c.id == start.count))
            if len(end) == 1 and end[0].hash == end[0].computed_hash() == start.head:
                after = self._read(
                    select(table).where(table.c.id > start.count).order_by(table.c.id)
                )
                return walk(after, start=start)
        published = [] if expected_head is None else [Anchor(expected_head, None, "--head")]
        with collector_paused():
            rows = self._read(select(table).order_by(table.c.id))
            return walk(rows, [*published, *anchors])

    def position(self) -> tuple[str, int, int, str]:
        """The head, the event count, the last id and its record time: what a checkpoint signs."""
        with connect.storage_errors(self.url), self._reader.connect() as conn:
            last = conn.execute(
                select(table.c.id, table.c.hash, table.c.recorded_at)
                .order_by(table.c.id.desc())
                .limit(1)
            ).first()
            count = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        if last is None:
            return GENESIS, 0, 0, ""
        return str(last.hash), count, int(last.id), str(last.recorded_at)


_COLUMNS = ("id", *HASHED_COLUMNS, "hash", *OPTIONAL_HASHED_COLUMNS, "public_seq")


def _bare_date() -> ColumnElement[bool]:
    return func.length(table.c.valid_from) == 10


def _valid_by_day(day: LegalDay) -> ColumnElement[bool]:
    """SQL for :meth:`LegalDay.includes_up_to`: valid by the end of the day."""
    by_date = table.c.valid_day <= day.day
    if day.end is None:
        return or_(table.c.valid_day.is_(None), table.c.valid_day.is_not(None))
    return or_(
        table.c.valid_day.is_(None),
        and_(_bare_date(), by_date),
        and_(~_bare_date(), table.c.valid_at < day.end),
    )


def _valid_from_day(day: LegalDay) -> ColumnElement[bool]:
    """Valid on or after the start of the day (rows without a valid time are left out)."""
    by_date = table.c.valid_day >= day.day
    if day.start is None:
        return table.c.valid_day.is_not(None)
    return or_(and_(_bare_date(), by_date), and_(~_bare_date(), table.c.valid_at >= day.start))


def _chain_rows(
    fresh: Sequence[tuple[str, Pending]],
    refers: dict[str, int | None],
    recorded: str,
    prev: str,
    next_id: int,
    next_public: int,
) -> tuple[list[tuple[Any, ...]], str]:
    """The rows to insert, in one pass: each hashed over its predecessor's hash, numbered
    after ``next_id`` (and ``next_public`` for the public ones); with the new head."""
    # A private row gets a secret salt: without it, a public neighbour's prev_hash (or the
    # public head) would confirm a guessed private payload. One read of the random source
    # for the batch.
    salts = iter(new_salts(sum(1 for _, p in fresh if not p.new.public)))
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    for key, (new, payload, valid_day, valid_at) in fresh:
        public, author = new.public, new.author
        salt = None if public else next(salts)
        # the columns the hash covers, in the row's order; hashed and stored from one tuple
        columns = (
            key,
            new.type,
            new.company,
            new.subject,
            new.valid_from,
            valid_day,
            valid_at,
            recorded,
            payload,
            new.source,
            public,
            refers[key],
            new.kind,
        )
        prev_hash = prev
        prev = chain_hash(*columns, prev_hash, author, salt)
        public_seq = None
        if public:
            public_seq = next_public
            next_public += 1
        append((next_id, *columns, prev_hash, prev, author, salt, public_seq))
        next_id += 1
    return rows, prev


def _insert_sql(paramstyle: str) -> str:
    marker = "?" if paramstyle == "qmark" else "%s"
    return (
        f"INSERT INTO events ({', '.join(_COLUMNS)}) VALUES ({', '.join(marker for _ in _COLUMNS)})"
    )


# Below this many new rows the indexes are kept as they are: rebuilding them costs more.
_REBUILD_AT_LEAST = 10_000


@contextmanager
def _lookup_indexes_rebuilt(conn: Any, adding: int, *, stored: int) -> Iterator[None]:
    """On SQLite, an append at least as large as the table (and of ``_REBUILD_AT_LEAST`` rows)
    drops the table's non-unique indexes before the inserts and creates them again from their
    own definitions after, in the same transaction: building an index once from the whole
    table took 12-25% less of the insert time than maintaining it row by row (a bare
    executemany of 184,400 ledger rows, both ways in one process). The unique ones (the event key,
    the public number) stay: the append relies on them. A rollback restores the indexes with
    the rows, and readers (WAL) see the old table until the commit."""
    if conn.dialect.name != "sqlite" or adding < max(_REBUILD_AT_LEAST, stored):
        yield
        return
    lookups = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
        " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
    ).all()
    for name, _ in lookups:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, definition in lookups:
        conn.exec_driver_sql(definition)


def _roots(conn: Any, pending: Iterable[Pending]) -> dict[int, int]:
    """Map each ``refers_to`` to the original assertion, checking it exists and matches."""
    wanted = {p.new.refers_to: p for p in pending if p.new.refers_to is not None}
    roots: dict[int, int] = {}
    ids = list(wanted)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = select(table.c.id, table.c.kind, table.c.refers_to, table.c.company).where(
            table.c.id.in_(chunk)
        )
        for row in conn.execute(query):
            root = row.id if row.kind == "assert" else row.refers_to
            if row.company != wanted[row.id].new.company:
                raise InputError(
                    Diagnostic(
                        "invalid-reference",
                        f"event {row.id} belongs to company {row.company!r}",
                        Where("<append>", None, "refers_to"),
                        "a correction keeps the company of the event it corrects",
                    )
                )
            roots[row.id] = root
    for target in ids:
        if target not in roots:
            raise InputError(
                Diagnostic(
                    "unknown-event",
                    f"event {target} is not in the ledger",
                    Where("<append>", None, "refers_to"),
                    "find the event's id with `landfall ledger log`",
                )
            )
    return roots


def _existing_keys(conn: Any, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        found.update(
            conn.execute(select(table.c.event_key).where(table.c.event_key.in_(chunk))).scalars()
        )
    return found


class PictureColumns(NamedTuple):
    """The columns of a row :func:`~landfall.ledger.bitemporal.picture` reads."""

    id: int
    type: str
    subject: str
    kind: str
    refers_to: int | None
    valid_from: str | None
    valid_day: str | None
    valid_at: str | None
    payload: str


def _stored(row: Row[Any]) -> StoredEvent:
    # The table's columns are declared in StoredEvent's field order (checked by a test).
    return StoredEvent(*row)  # type: ignore[call-arg]
