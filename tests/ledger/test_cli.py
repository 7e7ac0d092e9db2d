"""The `landfall ledger` commands, through Typer's runner, on every backend."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from landfall.facts import parse_facts
from landfall.ledger.cli import app

from .support import FACTS_RECORDS, run_sql

runner = CliRunner()


def test_import_twice_then_log(ledger_url: str, facts_file: Path) -> None:
    first = runner.invoke(app, ["import", str(facts_file), "--db", ledger_url])
    assert first.exit_code == 0, first.output
    assert f"{FACTS_RECORDS} added" in first.stdout
    second = runner.invoke(app, ["import", str(facts_file)], env={"LANDFALL_DB": ledger_url})
    assert second.exit_code == 0
    assert f"0 added, {FACTS_RECORDS} already" in second.stdout
    log = runner.invoke(
        app,
        ["log", "--company", "beta", "--type", "demand", "--db", ledger_url],
        env={"COLUMNS": "200"},  # the table's width (Rich reads it, not the runner's)
    )
    assert log.exit_code == 0
    assert "demand" in log.stdout and "rkn_account" not in log.stdout


def test_bad_file_names_the_place_and_writes_nothing(
    ledger_url: str, facts_file: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(facts_file.read_text().replace("650000", "lots"))
    result = runner.invoke(app, ["import", str(bad), str(facts_file), "--db", ledger_url])
    assert result.exit_code == 2
    assert f"{bad}:9: events[0].daily_users_ru: [wrong-type]" in result.stderr
    # The good file after it still went in, in its own transaction.
    assert f"{facts_file}: {FACTS_RECORDS} added" in result.stdout


def test_verify_names_the_broken_event(ledger_url: str, facts_file: Path) -> None:
    runner.invoke(app, ["import", str(facts_file), "--db", ledger_url])
    ok = runner.invoke(app, ["verify", "--db", ledger_url])
    assert ok.exit_code == 0 and f"ok: {FACTS_RECORDS} events" in ok.stdout
    run_sql(
        ledger_url, "UPDATE events SET payload = replace(payload, '3000000', '300') WHERE id = 7"
    )
    broken = runner.invoke(app, ["verify", "--db", ledger_url])
    assert broken.exit_code == 6
    assert "events[7]" in broken.stderr and "[ledger-event-changed]" in broken.stderr


def test_export_yaml_and_json(ledger_url: str, facts_file: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["import", str(facts_file), "--db", ledger_url])
    result = runner.invoke(
        app, ["export", "--as-of", "2021-12-31", "--known-at", "2099-01-01", "--db", ledger_url]
    )
    assert result.exit_code == 0
    doc = parse_facts(result.stdout)
    assert [e.type for e in doc.events] == ["audience"]
    out = tmp_path / "acme.json"
    result = runner.invoke(
        app, ["export", "--company", "acme", "--out", str(out), "--db", ledger_url]
    )
    assert result.exit_code == 0
    data = json.loads(out.read_text())
    assert [c["id"] for c in data["companies"]] == ["acme"]
    assert yaml.safe_load(out.read_text()) == data


def test_bad_date_option(ledger_url: str) -> None:
    result = runner.invoke(app, ["export", "--as-of", "yesterday", "--db", ledger_url])
    assert result.exit_code == 2
    assert "[invalid-date]" in result.stderr and "--as-of" in result.stderr


def test_bad_url_option() -> None:
    result = runner.invoke(app, ["verify", "--db", "mysql://x@y/z"])
    assert result.exit_code == 5
    assert "[unsupported-db-url]" in result.stderr
