"""The ledger's head for the answers' keys, and the tokens' principals, re-read only when the
database says it changed.

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

A token holder's request authenticated its token in the database each time too (a statement
and a thread hop: on the cached board, more than the rest of the request). The tokens are in
the same database, and revoking one is a commit, so an authenticated token is kept under the
same version: a revocation through the CLI or any worker moves it, and the next request asks
the database again. Only tokens that authenticated are kept; a wrong one is asked each time.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url
from starlette.concurrency import run_in_threadpool

from landfall.ledger.store import LedgerStore
from landfall.tokens import Principal

# Principals kept at most, per worker (a token holder each: a few in practice); past it the
# memory is cleared rather than ordered, so a flood of tokens costs lookups, never memory.
KEPT_PRINCIPALS = 1024


class LedgerWatch:
    """The head, and whatever else is read from the ledger's database (the tokens), kept for
    as long as ``PRAGMA data_version`` stays the same."""

    def __init__(self, store: LedgerStore, url: str) -> None:
        self.store = store
        parsed = make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        # the store accepts only an SQLite file (never :memory:), opened from this directory
        self._path = Path(parsed.database or "").absolute() if sqlite else None
        self._watch: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._seen: tuple[int, str] | None = None  # (data_version, head read after it)
        self._principals: dict[bytes, tuple[int, Principal]] = {}

    def version(self) -> int | None:
        """The database's data_version now; None where there is no such signal (PostgreSQL,
        or SQLite failing: then the store is asked, and says what is wrong)."""
        if self._path is None:
            return None
        try:
            return self._version()
        except sqlite3.Error:
            self.close()
            return None

    async def head(self) -> str:
        """The head as of now: from memory while the database is unchanged."""
        version = self.version()  # before the head: see the module's docstring
        seen = self._seen
        if version is not None and seen is not None and seen[0] == version:
            return seen[1]
        head = await run_in_threadpool(self.store.head)
        self._seen = None if version is None else (version, head)
        return head

    def principal(self, token: str, version: int | None) -> Principal | None:
        """The principal authenticated for ``token`` while the database was at ``version``
        (a revocation is a commit: it moves the version, and the token is asked again)."""
        if version is None:
            return None
        found = self._principals.get(_digest(token))
        return found[1] if found is not None and found[0] == version else None

    def keep_principal(self, token: str, version: int | None, principal: Principal) -> None:
        """Remember an authenticated token (by its digest, never the secret itself), as of the
        version read *before* it was authenticated."""
        if version is None:
            return
        if len(self._principals) >= KEPT_PRINCIPALS:
            self._principals.clear()
        self._principals[_digest(token)] = (version, principal)

    def _version(self) -> int:
        with self._lock:  # one connection, whichever thread runs the loop (tests: several)
            if self._watch is None:
                assert self._path is not None
                # mode=rw: never create a file; autocommit: no transaction held open;
                # timeout 0: this runs on the event loop, so a busy file (never, in WAL
                # mode) is an error at once, and the store is asked in the thread pool
                self._watch = sqlite3.connect(
                    f"file:{quote(str(self._path))}?mode=rw",
                    uri=True,
                    timeout=0,
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


def _digest(token: str) -> bytes:
    return hashlib.blake2b(token.encode(), digest_size=32).digest()
