"""A ledger written by an earlier landfall (data/chain_0004.jsonl: two imported examples, a
correction, a retraction and an event with a float, a big integer and a list, public and
private rows, with and without an author) verifies with this one, and the same events
appended now give the same rows byte for byte: the same payload spelling, event keys, hashes
and public numbers. The fixture was written by the append path as it was before the batched
chain (schema 0004), with its private salts drawn from a counter so they can be replayed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import asdict
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest

from landfall.ledger import NewEvent, open_ledger, sql
from landfall.ledger.chain import walk
from landfall.ledger.events import StoredEvent

FIXTURE = Path(__file__).parent / "data" / "chain_0004.jsonl"


def written_before() -> list[StoredEvent]:
    # split on newlines only: a payload holds U+2028, which splitlines() would cut at
    lines = FIXTURE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    return [StoredEvent(**json.loads(line)) for line in lines]


def test_the_old_chain_verifies() -> None:
    rows = written_before()
    result = walk(rows)
    assert result.ok, result.message
    assert result.head == rows[-1].hash and result.count == len(rows) == 64
    assert result.public_count == max(r.public_seq or 0 for r in rows)
    assert {r.kind for r in rows} == {"assert", "correct", "retract"}
    assert {r.author is None for r in rows} == {True, False}
    assert {r.salt is None for r in rows} == {True, False}


def test_a_changed_old_row_is_found() -> None:
    rows = written_before()
    changed = rows[10].payload[:-1] + ',"x":1}'
    rows[10] = StoredEvent(**{**asdict(rows[10]), "payload": changed})
    assert walk(rows).broken_id == 11


class _Replay:
    """The fixture's salts in order, as ``new_salts`` hands them out."""

    def __init__(self, rows: list[StoredEvent]) -> None:
        self._salts: Iterator[str] = iter([r.salt for r in rows if r.salt is not None])

    def __call__(self, count: int) -> list[str]:
        return [next(self._salts) for _ in range(count)]


def test_the_same_events_append_to_the_same_rows(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = written_before()
    monkeypatch.setattr(sql, "new_salts", _Replay(rows))
    now: list[dt.datetime] = []
    with open_ledger(ledger_url, clock=lambda: now[0]) as store:
        for recorded, batch in groupby(rows, key=lambda r: r.recorded_at):
            now[:] = [
                dt.datetime.strptime(recorded, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
            ]
            result = store.append([_new(r) for r in batch])
            assert result.skipped == 0
        again = store.events()
    assert [_comparable(r) for r in again] == [_comparable(r) for r in rows]


def _new(row: StoredEvent) -> NewEvent:
    return NewEvent(
        type=row.type,
        company=row.company,
        subject=row.subject,
        payload=json.loads(row.payload),
        valid_from=row.valid_from,
        source=row.source,
        public=row.public,
        kind=row.kind,  # type: ignore[arg-type]
        refers_to=row.refers_to,
        author=row.author,
    )


def _comparable(row: StoredEvent) -> dict[str, Any]:
    return {**asdict(row), "public": bool(row.public)}
