"""``landfall where`` through Typer's runner: its four formats, the ledger, its diagnostics."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from landfall.service.where import CSV_COLUMNS

ROOT = Path(__file__).parents[2]
GLOBAL = str(ROOT / "examples" / "global-platform.yaml")
MIDSIZE = str(ROOT / "examples" / "midsize-platform.yaml")

runner = CliRunner()


def run(*args: str, columns: int | None = None) -> tuple[int, str, str]:
    env = None if columns is None else {"COLUMNS": str(columns)}
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_json_gives_a_row_per_jurisdiction_with_citations() -> None:
    code, stdout, stderr = run("where", GLOBAL, "--as-of", "2026-03-01", "--format", "json")
    assert code == 0, stderr
    answer = json.loads(stdout)
    assert answer["as_of"] == "2026-03-01"
    company = answer["companies"][0]
    assert company["company"] == "meridian" and company["name"] == "Meridian Social Pte Ltd"
    ids = [b["id"] for b in answer["rulebooks"]]
    assert [r["rulebooks"] for r in company["jurisdictions"]] == [[i] for i in ids]
    for row in company["jurisdictions"]:
        assert row["laws"] and all(law["citation"] for law in row["laws"])
        assert row["applies"] in (True, False, None)


def test_csv_is_one_line_per_company_and_jurisdiction() -> None:
    code, stdout, _ = run("where", MIDSIZE, "--as-of", "2021-12-31", "--format", "csv")
    assert code == 0
    lines = list(csv.DictReader(io.StringIO(stdout)))
    assert tuple(lines[0]) == (*CSV_COLUMNS, "caveats")
    russian = next(line for line in lines if line["jurisdiction"] == "RU")
    assert russian["applies"] == "applies"
    assert "local presence due 2022-01-01" in russian["due"]
    assert "localization overdue since" in russian["overdue"]
    assert russian["exposure"].startswith("RUB ")


def test_markdown_and_table_show_the_same_rows() -> None:
    code, markdown, _ = run("where", MIDSIZE, "--as-of", "2022-01-01", "--format", "markdown")
    assert code == 0
    assert markdown.startswith("# Where to land as of 2022-01-01")
    assert "| RU (ru) [1, 2] | applies |" in markdown
    assert "local presence overdue since 2022-01-01" in markdown
    code, table, _ = run("where", MIDSIZE, "--as-of", "2022-01-01")
    assert code == 0
    assert "where to land as of 2022-01-01" in table and "local presence overdue" in table


def test_from_the_ledger_the_same_answer_as_from_the_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    code, _, stderr = run("ledger", "import", MIDSIZE, "--db", db)
    assert code == 0, stderr
    args = ("--as-of", "2022-02-06", "--format", "json")
    code, from_ledger, stderr = run("where", "--db", db, "--company", "kestrel", *args)
    assert code == 0, stderr
    _, from_file, _ = run("where", MIDSIZE, *args)
    assert json.loads(from_ledger) == json.loads(from_file)


def test_an_unknown_company_exits_4() -> None:
    code, _, stderr = run("where", MIDSIZE, "--company", "nobody")
    assert code == 4
    assert "unknown-company" in stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [(("--as-of", "2022-13-01"), "invalid-date"), (("--format", "xml"), "xml")],
)
def test_bad_options_exit_2(args: tuple[str, ...], needle: str) -> None:
    code, _, stderr = run("where", MIDSIZE, *args)
    assert code == 2
    assert needle in stderr


def test_caveats_are_marked_and_noted_in_every_format() -> None:
    """The unverified or conflicting law a row rests on: the JSON's list, the table's and the
    Markdown's numbered marks and notes, and the CSV's own cell, the same parameters."""
    args = ("where", MIDSIZE, "--as-of", "2022-01-01")
    code, stdout, _ = run(*args, "--format", "json")
    rows = json.loads(stdout)["companies"][0]["jurisdictions"]
    used = [u["id"] for r in rows for u in r["unverified_parameters"]]
    assert used
    code, stdout, _ = run(*args, "--format", "csv")
    cells = {line["jurisdiction"]: line["caveats"] for line in csv.DictReader(io.StringIO(stdout))}
    for row in rows:
        for use in row["unverified_parameters"]:
            assert f"{use['id']} ({use['status']})" in cells[row["jurisdiction"]]
    for fmt in ("markdown", "table"):
        code, text, _ = run(*args, "--format", fmt, columns=200)
        assert code == 0
        head, notes = text.split("Unverified or conflicting law:")
        assert "[1" in head
        assert all(f"{i}. {pid} (" in notes for i, pid in enumerate(used, 1))


def test_where_speaks_russian() -> None:
    code, table, _ = run("where", MIDSIZE, "--as-of", "2022-01-01", "--lang", "ru", columns=200)
    assert code == 0
    assert "где приземляться на 2022-01-01" in table and "юрисдикция" in table
    assert "Непроверенные или противоречивые нормы:" in table
    code, flat, _ = run(
        "where", MIDSIZE, "--as-of", "2022-01-01", "--lang", "ru", "--format", "csv"
    )
    assert "просрочено с 2021-03-01" in flat and "обрабатываются" in flat  # duties, reasons
    code, _, stderr = run("where", MIDSIZE, "--lang", "rus")
    assert code == 2 and "did you mean 'ru'" in stderr
