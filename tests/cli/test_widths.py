"""The CLI's tables at 80 and 120 columns and piped: within the width, and no amount, date,
id or status cut (an ellipsis, or a value that is not there whole)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from landfall.ledger import open_ledger

EXAMPLES = Path(__file__).parents[2] / "examples"
MIDSIZE = str(EXAMPLES / "midsize-platform.yaml")
DAY = "2026-11-29"
WIDTHS = [80, 120, None]  # None: piped, without COLUMNS
runner = CliRunner()


def run(*args: str, columns: int | None) -> tuple[int, str, str]:
    env = {} if columns is None else {"COLUMNS": str(columns)}
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def casebook(casebook_with: Callable[..., str]) -> str:
    """The case book and the midsize example: enough rows to fill each table."""
    return casebook_with(MIDSIZE)


def fits(out: str, columns: int | None) -> None:
    assert "…" not in out
    limit = columns or 160  # piped without COLUMNS: 160 wide, so ids are never folded
    assert max(len(line) for line in out.splitlines()) <= limit


def whole(value: str, out: str) -> bool:
    """``value`` appears on one line, or (in a block) is not split inside a word."""
    flat = re.sub(r"[│┃\s]+", " ", out)
    return value in out or value in flat


@pytest.mark.parametrize("columns", WIDTHS)
def test_assess(casebook: str, columns: int | None) -> None:
    args = ("assess", "--db", casebook, "--company", "google", "--as-of", DAY)
    data = json.loads(run(*args, "--format", "json", columns=None)[1])
    code, out, _ = run(*args, columns=columns)
    assert code == 0
    fits(out, columns)
    [company] = data["companies"]
    for fine in company["fines"]:
        assert f"{fine['amount_rub']:,.0f}" in out  # amounts on one line
        assert fine["date"] in out
    for ob in company["obligations"]:
        assert ob["id"] in out
        if ob["due"]:
            assert ob["due"] in out


@pytest.mark.parametrize("columns", WIDTHS)
def test_where(columns: int | None) -> None:
    code, out, _ = run("where", MIDSIZE, "--as-of", "2022-01-01", columns=columns)
    assert code == 0
    fits(out, columns)
    assert whole("RUB", out) and "2022-01-01" in out


@pytest.mark.parametrize("columns", WIDTHS)
def test_ledger_log(casebook: str, columns: int | None) -> None:
    code, out, _ = run("ledger", "log", "--db", casebook, "--limit", "30", columns=columns)
    assert code == 0
    fits(out, columns)
    with open_ledger(casebook) as store:
        rows = store.events(limit=30)
    for row in rows:
        assert row.hash[:12] in out and row.recorded_at[:10] in out
        assert re.search(rf"\b{row.type}\b", out)


@pytest.mark.parametrize("columns", WIDTHS)
def test_takedown_status(casebook: str, columns: int | None) -> None:
    args = ("takedown", "status", "--db", casebook, "--as-of", "2022-02-01", "--limit", "5")
    code, out, _ = run(*args, columns=columns)
    assert code == 0
    assert "…" not in out
    status = json.loads(run(*args, "--format", "json", columns=None)[1])
    assert f"items {status['items']:,}" in out


@pytest.mark.parametrize("columns", WIDTHS)
def test_scan(tmp_path: Path, columns: int | None) -> None:
    from tests.cli.test_progress import scan_stores_file

    stores = scan_stores_file(tmp_path)
    code, out, _ = run("scan", str(stores), "--no-reconcile", columns=columns)
    assert code == 0, out
    fits(out, columns)
    report = json.loads(run("scan", str(stores), "--no-reconcile", "--format", "json",
                            columns=None)[1])  # fmt: skip
    for store in report["stores"]:
        assert store["id"] in out
        assert f"{store['rows_scanned']:,}" in out


@pytest.mark.parametrize("columns", WIDTHS)
def test_board(tmp_path: Path, columns: int | None) -> None:
    code, out, err = run("demo", "--out", str(tmp_path / "demo"), "--as-of", DAY, columns=columns)
    assert code == 0, err
    fits(out, columns)
    for word in ("Compliance board", "verified", "fines:"):
        assert word in out
    assert re.search(r"\d{1,3}(,\d{3})+", out)  # a RUB total, whole


@pytest.mark.parametrize("columns", WIDTHS)
def test_rules_and_rulebooks(columns: int | None) -> None:
    code, out, _ = run("rules", "--rulebook", "ru", "--as-of", "2024-01-01", columns=columns)
    assert code == 0
    fits(out, columns)
    rules = json.loads(run("rules", "--rulebook", "ru", "--as-of", "2024-01-01", "--format",
                           "json", columns=None)[1])  # fmt: skip
    assert rules["parameters"]
    for parameter in rules["parameters"]:
        assert parameter["id"] in out
    code, out, _ = run("rulebooks", columns=columns)
    assert code == 0
    fits(out, columns)
    for book in json.loads(run("rulebooks", "--format", "json", columns=None)[1]):
        assert book["version"] in out
