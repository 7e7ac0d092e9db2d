"""Batched appends: rows hashed in one pass and inserted a batch at a time, in one transaction.

The batch size is lowered here so that a few hundred events span several batches; the edges
are a count exactly at a multiple of the batch, one above and one below.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from landfall.errors import InputError, StorageError
from landfall.facts import load_facts
from landfall.ledger import NewEvent, SqlLedger, import_facts, sql
from landfall.ledger.events import GENESIS, chain_hash, new_salts, row_hash, sha256_hex
from landfall.ledger.importer import _new_event, document_events

from .support import run_sql

BATCH = 100


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sql, "_BATCH", BATCH)


def document(days: int, companies: int = 3) -> dict[str, Any]:
    """``companies`` companies with a resource each and ``days`` daily audience figures;
    every other company publishes its figures, so public and private rows alternate."""
    events = [
        {
            "date": f"2021-{1 + d // 28:02d}-{1 + d % 28:02d}",
            "type": "audience",
            "resource": f"r{c}.example",
            "daily_users_ru": 1000 * c + d,
            "public": c % 2 == 0,
        }
        for d in range(days)
        for c in range(companies)
    ]
    return {
        "landfall": 1,
        "companies": [{"id": f"c{c}", "country": "CY"} for c in range(companies)],
        "resources": [{"id": f"r{c}.example", "company": f"c{c}"} for c in range(companies)],
        "events": events,
    }


def write(tmp_path: Path, data: dict[str, Any], name: str = "facts.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def count(store: SqlLedger) -> int:
    return len(store.events())


# 3 companies + 3 resources = 6 records; the events make the total
@pytest.mark.parametrize("total", [2 * BATCH, 2 * BATCH + 1, 3 * BATCH - 1])
def test_batched_import_verifies(store: SqlLedger, tmp_path: Path, total: int) -> None:
    records = 6
    days, extra = divmod(total - records, 3)
    data = document(days)
    data["events"] += [
        {"date": "2021-12-31", "type": "rkn_account", "company": f"c{c}"} for c in range(extra)
    ]
    result = import_facts(store, write(tmp_path, data))
    assert result.added == total
    rows = store.events()
    assert [r.id for r in rows] == list(range(1, total + 1))
    verified = store.verify()
    assert verified.ok, verified.message
    assert verified.count == total and verified.head == result.head == rows[-1].hash
    # every row links to the one before it, across the batch boundaries
    assert [r.prev_hash for r in rows] == [GENESIS, *(r.hash for r in rows[:-1])]
    public = [r for r in rows if r.public]
    assert [r.public_seq for r in public] == list(range(1, len(public) + 1))
    assert all(r.public_seq is None for r in rows if not r.public)
    salts = [r.salt for r in rows if not r.public]
    assert all(s is not None and len(s) == 64 for s in salts)
    assert len(set(salts)) == len(salts)
    assert all(r.salt is None for r in public)
    author = json.loads(rows[0].author or "{}")
    assert author["file"] == "facts.json" and author["via"] == "landfall ledger import"
    assert {r.author for r in rows} == {rows[0].author}


def test_reimport_adds_nothing_and_keeps_the_head(store: SqlLedger, tmp_path: Path) -> None:
    path = write(tmp_path, document(BATCH))
    first = import_facts(store, path)
    again = import_facts(store, write(tmp_path, document(BATCH), "renamed.json"))
    assert (again.added, again.skipped, again.head) == (0, first.added, first.head)
    assert count(store) == first.added
    assert store.verify().ok


def test_reimport_with_new_events_in_the_middle_adds_only_them(
    store: SqlLedger, tmp_path: Path
) -> None:
    data = document(BATCH)
    first = import_facts(store, write(tmp_path, data))
    middle = len(data["events"]) // 2
    new = [
        {"date": "2021-06-01", "type": "audience", "resource": "r1.example", "daily_users_ru": n}
        for n in (7, 8)
    ]
    data["events"][middle:middle] = new
    again = import_facts(store, write(tmp_path, data, "more.json"))
    assert (again.added, again.skipped) == (2, first.added)
    rows = store.events()
    assert [r.data()["daily_users_ru"] for r in rows[-2:]] == [7, 8]
    assert store.verify().ok


def audience(i: int, **payload: Any) -> NewEvent:
    data = {"date": "2021-01-01", "type": "audience", "resource": "r.example"}
    data["daily_users_ru"] = i
    return NewEvent("audience", "c", "r.example", {**data, **payload}, "2021-01-01")


def test_a_bad_event_in_the_middle_writes_nothing(store: SqlLedger) -> None:
    store.append([audience(999_999)])
    head = store.head()
    events = [audience(i) for i in range(3 * BATCH)]
    events[len(events) // 2] = audience(5, note="a\x00b")
    with pytest.raises(InputError) as caught:
        store.append(events)
    assert caught.value.diagnostics[0].where.field == f"events[{len(events) // 2}].payload"
    assert count(store) == 1 and store.head() == head


def test_a_bad_row_in_a_later_batch_rolls_back_the_earlier_ones(
    store: SqlLedger, ledger_url: str
) -> None:
    """The database refuses a row of the third batch: the first two, already sent to the
    driver, are rolled back with it."""
    store.append([audience(999_999)])
    head = store.head()
    if ledger_url.startswith("sqlite"):
        run_sql(
            ledger_url,
            "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.subject = 'refused' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END",
        )
        bad = NewEvent("audience", "c", "refused", {"date": "2021-01-01"}, "2021-01-01")
    else:
        # PostgreSQL's varchar(40) refuses a longer type, which SQLite would store
        bad = NewEvent("t" * 41, "c", "r.example", {"date": "2021-01-01"}, "2021-01-01")
    events = [audience(i) for i in range(3 * BATCH)]
    events[2 * BATCH + 1] = bad
    with pytest.raises(StorageError):
        store.append(events)
    assert count(store) == 1 and store.head() == head
    assert store.verify().ok


def test_batched_payloads_are_those_of_each_event() -> None:
    """The import serializes every event in one call; the payloads (and so the event keys
    of ledgers written before) are those each event's own model_dump gives."""
    root = Path(__file__).parents[2]
    docs = [root / "src/landfall/casebook/casebook.yaml", *sorted(root.glob("examples/*.yaml"))]
    checked = 0
    for path in docs:
        doc = load_facts(path)
        owner = {r.id: r.company for r in doc.resources}
        batched = [e for e in document_events(doc) if e.type not in ("company", "resource")]
        one_by_one = [_new_event(event, owner) for event in doc.events]
        assert batched == one_by_one, path.name
        checked += len(batched)
    assert checked > 100


def reference_hash(values: tuple[Any, ...], author: str | None, salt: str | None) -> str:
    """The row encoding as docs/ledger.md states it, spelled out independently."""
    parts = []
    for value in values:
        if value is None:
            parts.append("~")
        elif isinstance(value, bool):
            parts.append("T" if value else "F")
        else:
            parts.append(f"{len(str(value))}:{value}")
    parts += [
        f"{name}={len(v)}:{v}" for name, v in (("author", author), ("salt", salt)) if v is not None
    ]
    return sha256_hex("|".join(parts))


@pytest.mark.parametrize(
    ("values", "author", "salt"),
    [
        (
            (
                "k",
                "audience",
                "c",
                "s",
                None,
                None,
                None,
                "t",
                "{}",
                None,
                False,
                None,
                "assert",
                GENESIS,
            ),
            None,
            None,
        ),
        (
            (
                "k",
                "демо",
                "c",
                "s",
                "2021-01-01",
                "2021-01-01",
                "x",
                "t",
                '{"a":"ü"}',
                "src",
                True,
                12,
                "correct",
                "p",
            ),
            '{"user":"ана"}',
            None,
        ),
        (
            ("k", "t", "c", "s", "d", "d", "x", "t", "{}", "", False, 0, "retract", "p"),
            None,
            "ab" * 32,
        ),
    ],
)
def test_row_hash_is_the_documented_encoding(
    values: tuple[Any, ...], author: str | None, salt: str | None
) -> None:
    assert row_hash(values, author=author, salt=salt) == reference_hash(values, author, salt)
    # the one-format-string form the chain computes appends and verification with
    assert chain_hash(*values, author, salt) == reference_hash(values, author, salt)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_salts_of_a_batch(n: int) -> None:
    salts = new_salts(n)
    assert len(salts) == n == len(set(salts))
    assert all(len(s) == 64 and int(s, 16) >= 0 for s in salts)
