"""Real processes: a writer killed mid-import, and two writers racing on one ledger."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from landfall.ledger import open_ledger

from .support import run_sql

WORKER = str(Path(__file__).with_name("worker.py"))
CRASH_EVENTS = 20_000
RACE_EVENTS = 5_000


def big_document(path: Path, count: int) -> Path:
    events = [
        {"date": "2022-01-01", "type": "audience", "resource": "big.app", "daily_users_ru": i}
        for i in range(count)
    ]
    doc = {
        "landfall": 1,
        "companies": [{"id": "big"}],
        "resources": [{"id": "big.app", "company": "big"}],
        "events": events,
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def writer_holds_lock(url: str) -> bool:
    """True while some process is inside a ledger write transaction."""
    if url.startswith("sqlite:///"):
        probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    rows = run_sql(
        url,
        "SELECT count(*) FROM pg_locks WHERE relation = 'events'::regclass "
        "AND mode = 'ExclusiveLock' AND granted",
    )
    return bool(rows[0][0])


@pytest.mark.slow
def test_sigkill_mid_import_leaves_all_or_nothing(ledger_url: str, tmp_path: Path) -> None:
    open_ledger(ledger_url).close()  # the schema exists before the child starts
    facts = big_document(tmp_path / "big.json", CRASH_EVENTS)
    child = subprocess.Popen([sys.executable, WORKER, "import", ledger_url, str(facts)])
    deadline = time.monotonic() + 60
    while not writer_holds_lock(ledger_url):
        assert child.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.05)  # well inside the transaction, rows being written
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL
    with open_ledger(ledger_url) as store:
        result = store.verify()
        assert result.ok, result.message
        assert result.count in (0, CRASH_EVENTS + 2)
        # A rerun completes the import; the ledger is usable after the crash.
        rerun = subprocess.run(
            [sys.executable, WORKER, "import", ledger_url, str(facts)],
            check=True,
            capture_output=True,
            text=True,
        )
        assert int(rerun.stdout) == CRASH_EVENTS + 2 - result.count
        after = store.verify()
        assert after.ok and after.count == CRASH_EVENTS + 2


@pytest.mark.slow
@pytest.mark.parametrize("batch", [25])
def test_two_writers_lose_and_duplicate_nothing(ledger_url: str, batch: int) -> None:
    open_ledger(ledger_url).close()
    children = [
        subprocess.Popen(
            [sys.executable, WORKER, "append", ledger_url, tag, str(RACE_EVENTS), str(batch)]
        )
        for tag in ("one", "two")
    ]
    assert [c.wait(timeout=120) for c in children] == [0, 0]
    with open_ledger(ledger_url) as store:
        result = store.verify()
        assert result.ok, result.message
        assert result.count == 2 * RACE_EVENTS
        rows = store.events()
        assert [r.id for r in rows] == list(range(1, 2 * RACE_EVENTS + 1))
        assert len({r.event_key for r in rows}) == 2 * RACE_EVENTS
        for tag in ("one", "two"):
            mine = sorted(r.data()["daily_users_ru"] for r in rows if r.company == tag)
            assert mine == list(range(RACE_EVENTS))
        # Both wrote while the other did: the chain interleaves their batches.
        switches = sum(1 for a, b in itertools.pairwise(rows) if a.company != b.company)
        assert switches > 1


def test_processes_opening_a_fresh_ledger_at_once(ledger_url: str) -> None:
    # No ledger yet: each process runs the migrations check, one of them creates the schema.
    children = [
        subprocess.Popen([sys.executable, WORKER, "append", ledger_url, tag, "40", "10"])
        for tag in ("a", "b", "c")
    ]
    assert [c.wait(timeout=60) for c in children] == [0, 0, 0]
    with open_ledger(ledger_url) as store:
        result = store.verify()
        assert result.ok and result.count == 120
