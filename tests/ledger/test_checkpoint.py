"""Signed checkpoints against a tamperer who can write the database and rehash the chain.

Each forgery is done the way the probe did it: plain SQL, then every later hash (and the
event key) recomputed, so the chain alone still verifies. Only what the checkpoint signed, or
the checks ``verify`` added (record-time order, event keys), can tell.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from landfall.ledger import NewEvent, SqlLedger, StoredEvent, import_facts
from landfall.ledger.cli import app
from landfall.ledger.events import event_key

from .support import Clock, run_sql

runner = CliRunner()


@pytest.fixture
def filled(store: SqlLedger, facts_file: Path) -> SqlLedger:
    import_facts(store, facts_file)
    return store


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "checkpoint.key"
    result = runner.invoke(app, ["keygen", str(path)])
    assert result.exit_code == 0, result.output
    assert (path.stat().st_mode & 0o777) == 0o600
    return path


def checkpoint(url: str, key: Path, out: Path) -> dict[str, object]:
    result = runner.invoke(app, ["checkpoint", "--key", str(key), "--out", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(out.read_text())
    return data


def verify(url: str, key: Path, *checkpoints: Path, head: str | None = None) -> Result:
    args = ["verify", "--db", url, "--key", f"{key}.pub"]
    for c in checkpoints:
        args += ["--checkpoint", str(c)]
    if head is not None:
        args += ["--head", head]
    return runner.invoke(app, args, terminal_width=300)


def rewrite(store: SqlLedger, first_id: int, change: dict[str, object]) -> None:
    """Change event ``first_id`` and rehash it and every later row, event keys included."""
    rows = store.events()
    prev = rows[first_id - 2].hash if first_id > 1 else "0" * 64
    statements = []
    for row in rows[first_id - 1 :]:
        new: StoredEvent = replace(row, prev_hash=prev, **(change if row.id == first_id else {}))  # type: ignore[arg-type]
        new = replace(
            new, event_key=event_key(new.type, new.subject, new.kind, new.refers_to, new.payload)
        )
        new = replace(new, hash=new.computed_hash())
        statements.append(
            f"UPDATE events SET payload = '{new.payload}', recorded_at = '{new.recorded_at}', "
            f"event_key = '{new.event_key}', prev_hash = '{new.prev_hash}', hash = '{new.hash}' "
            f"WHERE id = {row.id}"
        )
        prev = new.hash
    run_sql(store.url, *statements)


def test_honest_extension_is_told_apart(
    filled: SqlLedger, key: Path, tmp_path: Path, clock: Clock
) -> None:
    signed = checkpoint(filled.url, key, tmp_path / "c1.json")
    assert signed["count"] == 9 and signed["last_id"] == 9 and signed["head"] == filled.head()
    old_head = filled.head()
    clock.set(2024, 2, 1)
    filled.append([NewEvent(type="rkn_account", company="beta", subject="beta", payload={})])
    result = verify(filled.url, key, tmp_path / "c1.json", head=old_head)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "ok: 10 events" in out
    assert "checkpoint c1.json: holds at event 9; 1 events appended after it" in out
    assert "--head: holds at event 9; 1 events appended after it" in out


def test_rewrite_under_a_checkpoint(filled: SqlLedger, key: Path, tmp_path: Path) -> None:
    checkpoint(filled.url, key, tmp_path / "c.json")
    fine = filled.events()[6]
    assert '"amount_rub":3000000' in fine.payload
    rewrite(filled, fine.id, {"payload": fine.payload.replace("3000000", "1")})
    assert filled.verify().ok  # the rehashed chain is self-consistent ...
    result = verify(filled.url, key, tmp_path / "c.json")
    assert result.exit_code == 6
    assert "ledger-event-rewritten" in result.output
    assert "event 9 is not the one it signed" in result.output


def test_truncation_below_a_checkpoint(filled: SqlLedger, key: Path, tmp_path: Path) -> None:
    checkpoint(filled.url, key, tmp_path / "c.json")
    run_sql(filled.url, "DELETE FROM events WHERE id >= 8")
    assert filled.verify().ok
    result = verify(filled.url, key, tmp_path / "c.json")
    assert result.exit_code == 6
    assert "ledger-event-truncated" in result.output
    assert "events 8..9 were deleted" in result.output


def test_backdated_record_time_is_caught_without_a_checkpoint(filled: SqlLedger) -> None:
    # Record time written earlier than the event before it, chain rehashed: only the order
    # check sees it.
    run_sql(filled.url, "UPDATE events SET recorded_at = '2024-06-01T00:00:00.000000Z'")
    rewrite(filled, 1, {})
    assert filled.verify().ok
    rewrite(filled, 5, {"recorded_at": "2023-01-01T00:00:00.000000Z"})
    result = filled.verify()
    assert (result.problem, result.broken_id) == ("backdated", 5)


def test_forged_appended_row(filled: SqlLedger, key: Path, tmp_path: Path) -> None:
    checkpoint(filled.url, key, tmp_path / "c.json")
    last = filled.events()[-1]
    payload = '{"article":"13.41","part":"2","amount_rub":1}'
    forged = replace(
        last,
        id=last.id + 1,
        type="fine",
        company="acme",
        subject="acme",
        payload=payload,
        event_key=event_key("fine", "acme", "assert", None, payload),
        source=None,
        refers_to=None,
        prev_hash=last.hash,
        author=None,  # the insert below writes neither column
        salt=None,
    )
    forged = replace(forged, hash=forged.computed_hash())

    def insert(row: StoredEvent) -> str:
        return (
            "INSERT INTO events (id, event_key, type, company, subject, valid_from, valid_day, "
            "valid_at, recorded_at, payload, source, public, refers_to, kind, prev_hash, hash) "
            f"VALUES ({row.id}, '{row.event_key}', '{row.type}', '{row.company}', "
            f"'{row.subject}', '{row.valid_from}', '{row.valid_day}', '{row.valid_at}', "
            f"'{row.recorded_at}', '{row.payload}', NULL, {str(row.public).upper()}, NULL, "
            f"'{row.kind}', '{row.prev_hash}', '{row.hash}')"
        )

    run_sql(filled.url, insert(forged))
    # After the newest checkpoint a forged row is an extension no checkpoint covers: verify
    # says so instead of vouching for it.
    result = verify(filled.url, key, tmp_path / "c.json")
    assert result.exit_code == 0, result.output
    assert "1 events appended after it (covered by no checkpoint)" in result.stdout
    # Forged with a stale event key (the payload changed after the key was made): caught.
    run_sql(filled.url, f"DELETE FROM events WHERE id = {forged.id}")
    stale = replace(forged, event_key=event_key("fine", "acme", "assert", None, "{}"))
    run_sql(filled.url, insert(replace(stale, hash=stale.computed_hash())))
    assert filled.verify().problem == "rekeyed"
    # Forged with a backdated record time (to look known earlier): caught.
    run_sql(filled.url, f"DELETE FROM events WHERE id = {forged.id}")
    early = replace(forged, recorded_at="2020-01-01T00:00:00.000000Z")
    run_sql(filled.url, insert(replace(early, hash=early.computed_hash())))
    assert (filled.verify().problem, filled.verify().broken_id) == ("backdated", forged.id)


def test_a_forged_checkpoint_or_another_key_is_refused(
    filled: SqlLedger, key: Path, tmp_path: Path
) -> None:
    cp = tmp_path / "c.json"
    data = checkpoint(filled.url, key, cp)
    cp.write_text(json.dumps({**data, "count": 3}))
    result = verify(filled.url, key, cp)
    assert result.exit_code == 6
    assert "checkpoint-signature-invalid" in result.output
    other = tmp_path / "other.key"
    runner.invoke(app, ["keygen", str(other)])
    cp.write_text(json.dumps(data))
    result = verify(filled.url, other, cp)
    assert "signed by another key" in result.output
    missing = runner.invoke(app, ["verify", "--db", filled.url, "--checkpoint", str(cp)])
    assert missing.exit_code == 2 and "checkpoint-key-missing" in missing.output


def test_an_unknown_published_head_is_a_truncation_or_rewrite(filled: SqlLedger) -> None:
    result = filled.verify(expected_head="f" * 64)
    assert result.problem == "truncated"
    assert "deleted or rewritten" in result.message
