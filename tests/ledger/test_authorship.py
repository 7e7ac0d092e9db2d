"""Who asserted each event (the ``author`` column) and the salt of private rows, both hashed.

Rows from before migration 0003 have neither, and must hash (and verify) as they always did.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from landfall.ledger import NewEvent, SqlLedger, import_facts, open_ledger
from landfall.ledger.connect import _alembic_config, parse_url
from landfall.ledger.events import GENESIS, row_hash
from landfall.ledger.importer import local_user

from .support import FACTS_RECORDS, run_sql

# The hash of these fields as landfall computed it before the author and salt columns
# existed (format 1 of the row hash): a row with both NULL must still hash to it.
FORMAT_ONE = (
    (
        "7e557a44805e40de8790278592506dcda042a352fc1ff0cf14a4645556649f32",  # its event_key
        "fine",
        "acme",
        "acme",
        "2022-02-01",
        "2022-02-01",
        "2022-02-01T00:00:00.000000Z",
        "2022-03-01T12:00:00.000000Z",
        '{"amount_rub":1}',
        None,
        False,
        None,
        "assert",
        GENESIS,
    ),
    "9d0afb8b09c6065396e7b3ebdae83a14445b3c77c3ff54c7d308e5fba8b9a48b",
)


def test_a_row_without_author_or_salt_hashes_as_before() -> None:
    values, digest = FORMAT_ONE
    assert row_hash(values) == digest
    assert row_hash(values, author='{"role":"regulator"}') != digest
    assert row_hash(values, salt="00" * 32) != digest
    # tagged by name: the same text as author or as salt is not the same row
    assert row_hash(values, author="x") != row_hash(values, salt="x")


def test_a_ledger_from_before_authorship_verifies_after_the_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(parse_url(url))
    with engine.begin() as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    engine.dispose()
    values, digest = FORMAT_ONE
    cells = ", ".join("NULL" if v is None else repr(v) for v in values)
    run_sql(url, f"INSERT INTO events VALUES (1, {cells}, '{digest}')".replace("False", "0"))
    with open_ledger(url) as store:  # migrates to 0003
        assert store.verify().ok
        old = store.events()[0]
        assert (old.author, old.salt, old.author_data()) == (None, None, None)
        store.append(
            [
                NewEvent(
                    "rkn_account",
                    "acme",
                    "acme",
                    {"date": "2022-04-01"},
                    "2022-04-01",
                    author='{"role":"regulator"}',
                )
            ]
        )
        result = store.verify()
        assert result.ok and result.count == 2, result.message
        assert store.events()[1].author_data() == {"role": "regulator"}


@pytest.fixture
def filled(store: SqlLedger, facts_file: Path) -> SqlLedger:
    import_facts(store, facts_file)
    return store


def test_an_import_records_the_user_and_the_file(filled: SqlLedger) -> None:
    rows = filled.events()
    assert len(rows) == FACTS_RECORDS
    expected = {"user": local_user(), "file": "facts.yaml", "via": "landfall ledger import"}
    assert {json.dumps(r.author_data(), sort_keys=True) for r in rows} == {
        json.dumps(expected, sort_keys=True)
    }


def test_the_author_and_the_salt_are_hashed(filled: SqlLedger) -> None:
    rows = filled.events()
    private = [r for r in rows if not r.public]
    assert private and all(r.salt is not None and len(r.salt) == 64 for r in private)
    assert len({r.salt for r in private}) == len(private)  # one secret per event
    run_sql(filled.url, 'UPDATE events SET author = \'{"role":"regulator"}\' WHERE id = 2')
    assert (filled.verify().problem, filled.verify().broken_id) == ("changed", 2)
    run_sql(filled.url, f"UPDATE events SET author = {_sql(rows[1].author)} WHERE id = 2")
    assert filled.verify().ok
    run_sql(filled.url, "UPDATE events SET salt = NULL WHERE id = 3")
    assert (filled.verify().problem, filled.verify().broken_id) == ("changed", 3)


def test_public_rows_carry_no_salt(ledger_url: str) -> None:
    with open_ledger(ledger_url) as store:
        store.append(
            [
                NewEvent(
                    "rkn_account", "acme", "acme", {"date": "2022-04-01"}, "2022-04-01", public=True
                )
            ]
        )
        assert store.events()[0].salt is None
        assert store.verify().ok


def _sql(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def test_ledger_log_shows_the_author(ledger_url: str, facts_file: Path) -> None:
    from typer.testing import CliRunner

    from landfall.ledger.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["import", str(facts_file), "--db", ledger_url]).exit_code == 0
    log = runner.invoke(app, ["log", "--db", ledger_url], env={"COLUMNS": "200"})
    assert log.exit_code == 0, log.output
    assert "author" in log.stdout
    assert f"{local_user()}: facts.yaml" in log.stdout


def test_author_label_reads_every_kind_of_author() -> None:
    from landfall.ledger.events import author_label

    assert author_label({"role": "regulator", "token": "1a2b"}) == "regulator #1a2b"
    assert author_label({"user": "ana", "file": "f.yaml", "via": "x"}) == "ana: f.yaml"
    assert author_label({"via": "landfall casebook"}) == "landfall casebook"
    assert author_label({"role": "regulator"}) == "regulator"
    assert author_label(None) == ""
