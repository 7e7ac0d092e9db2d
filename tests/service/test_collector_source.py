"""Collectors record what they read: each row's source names the file and its SHA-256 (never a
byte of its contents), its author the local user and the command; the demo signs every row."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from landfall.cli.demo import run_demo
from landfall.ledger import StoredEvent, open_ledger
from landfall.ledger.importer import files_source, local_user

FACTS = """\
landfall: 1
companies:
  - {id: vela, name: Vela Apps Ltd, country: CY}
resources:
  - {id: vela.app, company: vela, kind: app, russian_language: true}
"""

# One Russian user per log on one day, in the combined format (addresses the meter reads as RU).
LOG_LINE = (
    '{ip} - - [10/Mar/2024:10:00:00 +0300] "GET /secret-path-{n} HTTP/1.1" 200 12 "-" "Mozilla/5.0"'
)

DEMANDS = (
    "demand_id,company,received_at,basis,item\n"
    "rkn-77,vela,2024-03-01T10:00:00+03:00,149-FZ 15.3,https://vela.app/p/private-77\n"
)


@pytest.fixture
def ledger(ledger_of: Callable[[str], str]) -> str:
    return ledger_of(FACTS)


def rows_of(url: str, type: str) -> list[StoredEvent]:
    with open_ledger(url) as store:
        return store.events(type=type)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_audience_records_each_log_by_name_and_digest(ledger: str, tmp_path: Path) -> None:
    logs = []
    for i, ip in enumerate(["94.25.1.1", "94.25.1.2"]):
        log = tmp_path / "logs" / f"access-{i}.log"
        log.parent.mkdir(exist_ok=True)
        log.write_text(LOG_LINE.format(ip=ip, n=i) + "\n", encoding="utf-8")
        logs.append(log)
    result = CliRunner().invoke(
        app, ["audience", *map(str, logs), "--resource", "vela.app", "--db", ledger]
    )
    assert result.exit_code == 0, result.output
    rows = rows_of(ledger, "audience")
    assert rows, result.output
    expected = (
        f"landfall audience access-0.log (sha256 {sha256(logs[0])}); "
        f"access-1.log (sha256 {sha256(logs[1])})"
    )
    for row in rows:
        assert row.source == expected
        assert "secret-path" not in row.source and str(tmp_path) not in row.source
        assert "secret-path" not in row.payload
        assert row.author_data() == {
            "user": local_user(),
            "file": "access-0.log, access-1.log",
            "via": "landfall audience",
        }


def test_takedown_import_records_its_file_by_name_and_digest(ledger: str, tmp_path: Path) -> None:
    demands = tmp_path / "in" / "demands.csv"
    demands.parent.mkdir()
    demands.write_text(DEMANDS, encoding="utf-8")
    result = CliRunner().invoke(app, ["takedown", "import", str(demands), "--db", ledger])
    assert result.exit_code == 0, result.output
    (row,) = rows_of(ledger, "demand")
    assert row.source == f"landfall takedown import demands.csv (sha256 {sha256(demands)})"
    assert "private-77" not in row.source and str(tmp_path) not in row.source
    assert row.author_data() == {
        "user": local_user(),
        "file": "demands.csv",
        "via": "landfall takedown import",
    }
    # the same demands from a renamed copy are the same event: the source is not in its key
    copy = tmp_path / "again.csv"
    copy.write_bytes(demands.read_bytes())
    again = CliRunner().invoke(app, ["takedown", "import", str(copy), "--db", ledger])
    assert again.exit_code == 0, again.output
    assert [r.id for r in rows_of(ledger, "demand")] == [row.id]


def test_a_file_source_changes_with_one_byte(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_bytes(b"x")
    first = files_source("landfall audience", [log])
    log.write_bytes(b"y")
    assert files_source("landfall audience", [log]) != first
    assert files_source("landfall audience", []) == "landfall audience"


def test_the_demo_signs_every_row(tmp_path: Path) -> None:
    result = run_demo(tmp_path, dt.date(2024, 6, 1))
    with open_ledger(result.ledger) as store:
        rows = store.events()
    assert len(rows) == result.events > 0
    authors = {json.dumps(r.author_data(), sort_keys=True) for r in rows}
    assert authors == {json.dumps({"user": local_user(), "via": "landfall demo"}, sort_keys=True)}
