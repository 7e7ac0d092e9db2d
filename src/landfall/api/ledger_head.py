"""The ledger's head for the answers' keys, re-read only when the database says it changed.

Every request for the board or an assessment needs the head hash in its key (an append
through any worker or the CLI must be a new key at once). Reading it through the store is a
pooled connection and a statement (~120 us of CPU, and a hop to a worker thread, since it
is I/O). On SQLite the database itself tells, for microseconds, whether anything was
committed since the last look: ``PRAGMA data_version`` on one connection of our own changes
whenever any other connection, in this process or another, commits to the file (sqlite.org,
"PRAGMA data_version"). The head is re-read through the store only when it moved, so the
cached path needs no thread and no statement on the chain.

The version is read *before* the head: a commit between the two leaves a head newer than
its version, so the next look sees the version move and reads again; never the reverse, so a
head kept is never older than what was committed before the version was read.

On PostgreSQL there is no such local signal; the head is read through the store on every
request, in the thread pool (one indexed statement).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url
from starlette.concurrency import run_in_threadpool

from landfall.ledger.store import LedgerStore


class LedgerHead:
    def __init__(self, store: LedgerStore, url: str) -> None:
        self.store = store
        parsed = make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        # the store accepts only an SQLite file (never :memory:), opened from this directory
        self._path = Path(parsed.database or "").absolute() if sqlite else None
        self._watch: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._seen: tuple[int, str] | None = None  # (data_version, head read after it)

    async def current(self) -> str:
        """The head as of now: from memory while the database is unchanged."""
        if self._path is None:
            return await run_in_threadpool(self.store.head)
        try:
            version = self._version()
        except sqlite3.Error:
            # the store says what is wrong, as a storage error naming the ledger
            self.close()
            self._seen = None
            return await run_in_threadpool(self.store.head)
        seen = self._seen
        if seen is not None and seen[0] == version:
            return seen[1]
        head = await run_in_threadpool(self.store.head)
        self._seen = (version, head)
        return head

    def _version(self) -> int:
        with self._lock:  # one connection, whichever thread runs the loop (tests: several)
            if self._watch is None:
                assert self._path is not None
                # mode=rw: never create a file; autocommit: no transaction held open
                self._watch = sqlite3.connect(
                    f"file:{quote(str(self._path))}?mode=rw",
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                )
            row = self._watch.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
