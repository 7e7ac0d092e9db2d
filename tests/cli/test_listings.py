"""``landfall fines``, ``measures`` and ``events``: one listing in four formats, tables that fit
80 and 120 columns and a pipe, the case book's answers, and no ledger made by reading one."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.service.test_listings import DOC
from typer.testing import CliRunner

from landfall.cli import app
from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger

runner = CliRunner()
CASEBOOK_DAY = "2026-11-29"


def run(*args: str, columns: int = 200) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('small') / 'ledger.db'}"
    with open_ledger(url) as store:
        store.append(document_events(FactsDocument.model_validate(DOC)))
    return url


def as_json(*args: str) -> dict[str, Any]:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    found: dict[str, Any] = json.loads(out)
    return found


def test_google_fines_answer_article_verdict_and_sources(casebook: str) -> None:
    """'Which fines on Google, under which article, were they lawful, where is it reported?'"""
    found = as_json("fines", "--company", "google", "--db", casebook, "--as-of", CASEBOOK_DAY)
    rows = found["rows"]
    assert rows and {r["company"] for r in rows} == {"google"}
    assert all(r["article"] and r["verdict_text"] and r["sources"] for r in rows)
    assert all(s.startswith("http") for r in rows for s in r["sources"])
    code, out, _ = run(
        "assess", "--db", casebook, "--company", "google", "--as-of", CASEBOOK_DAY,
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    [company] = json.loads(out)["companies"]
    # one answer: the listing's verdicts are the assessment's, fine by fine
    assert sorted((r["date"], r["amount"], r["verdict"]) for r in rows) == sorted(
        (f["date"], f["amount"], f["verdict"]) for f in company["fines"]
    )
    assert found["total"]["count"] == len(company["fines"])


def test_measures_answer_who_and_when(casebook: str) -> None:
    """'Which measures were applied to whom, when?'"""
    rows = as_json("measures", "--db", casebook, "--as-of", CASEBOOK_DAY)["rows"]
    google = [r for r in rows if r["company"] == "google" and r["kind"] == "measure"]
    assert {r["measure"] for r in google} >= {"informing-users", "advertising-ban"}
    assert all(r["applied"] and r["jurisdiction"] == "RU" and r["sources"] for r in google)


def test_every_format_carries_the_same_rows(small: str) -> None:
    args = ("fines", "--db", small, "--as-of", "2024-01-01")
    rows = as_json(*args)["rows"]
    code, out, err = run(*args, "--format", "csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == [
        "date", "company", "in", "article", "amount", "verdict", "sources", "note", "caveats"
    ]  # fmt: skip
    assert len(table) == len(rows) + 1
    assert [line[7] for line in table[1:]] == [r["note"] for r in rows]
    assert [line[6] for line in table[1:]] == [" ".join(r["sources"]) for r in rows]
    assert err.startswith("total: 4 fines")
    code, md, _ = run(*args, "--format", "markdown")
    body = [line for line in md.splitlines() if line.startswith("| 20")]
    assert len(body) == len(rows)
    assert "**Total:** 4 fines" in md
    code, shown, _ = run(*args)
    for text in (md, shown):
        for row in rows:
            for value in (row["amount_text"], row["note"], row["verdict_text"]):
                assert value in text


@pytest.mark.parametrize("columns", [80, 120, 160])
@pytest.mark.parametrize("command", ["fines", "measures"])
def test_output_fits_and_never_cuts_dates_numbers_or_statuses(
    casebook: str, command: str, columns: int
) -> None:
    """A table when the text columns get a readable width, else a block per row; either way
    within the width, and dates, amounts and statuses whole (statuses may wrap between
    words; URLs and notes wrap)."""
    args = (command, "--company", "google", "--db", casebook, "--as-of", CASEBOOK_DAY)
    rows = as_json(*args)["rows"]
    code, out, _ = run(*args, columns=columns)
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    words = {w for line in lines for w in line.split()}
    for row in rows:
        for key in ("date", "applied", "lifted"):
            if row.get(key):
                assert row[key] in words
        if "amount_text" in row:
            assert any(row["amount_text"] in line for line in lines), row["amount_text"]
        for status in ("verdict_text", "measure_text", "jurisdiction", "article_text"):
            for word in str(row.get(status) or "").split():
                assert word in words, word
    assert "…" not in out


def test_a_wide_table_is_a_table_and_shows_notes_as_written(small: str) -> None:
    code, out, _ = run("fines", "--db", small, "--as-of", "2024-01-01", columns=250)
    assert code == 0
    assert out.splitlines()[1].split() == [
        "date", "company", "in", "article", "amount", "verdict", "sources", "note",
    ]  # fmt: skip
    assert "second of two [basis: inferred]" in out  # not read as markup


def piped(*args: str, columns: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    done = subprocess.run(
        [sys.executable, "-c", "from landfall.cli import main; main()", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


def test_a_pipe_takes_columns_else_80(small: str) -> None:
    args = ("measures", "--db", small, "--as-of", "2024-01-01")
    narrow = piped(*args, columns=None)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    wide = piped(*args, columns="150")
    assert 80 < max(len(line) for line in wide.splitlines()) <= 150


def test_a_missing_ledger_is_refused_and_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LANDFALL_DB", raising=False)
    for command in ("fines", "measures", "events"):
        code, _, err = run(command)
        assert code == 5
        assert "ledger-missing" in err and "landfall demo" in err
    assert list(tmp_path.iterdir()) == []


def test_a_facts_document_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(DOC), encoding="utf-8")
    found = as_json("fines", str(path), "--as-of", "2024-01-01", "--article", "13.11")
    assert [r["id"] for r in found["rows"]] == ["g1"]
    assert found["filters"] == {"article": "13.11"}
    code, _, err = run("fines", str(path), "--known-at", "2024-01-01")
    assert code == 2 and "known-at-needs-ledger" in err


def test_bad_dates_are_bad_input(small: str) -> None:
    code, _, err = run("fines", "--db", small, "--from", "2024-13-01")
    assert code == 2 and "--from" in err


def test_events_filter_by_type_and_jurisdiction(small: str) -> None:
    rows = as_json("events", "--db", small, "--as-of", "2024-01-01", "--type", "fine")["rows"]
    assert len(rows) == 4 and {r["type"] for r in rows} == {"fine"}
    found = as_json("events", "--db", small, "--as-of", "2024-01-01", "--jurisdiction", "RU")
    assert {r["type"] for r in found["rows"]} == {
        "audience",  # the country of the users counted
        "measure_applied",
        "measure_lifted",
        "enforcement_action",
        "list_inclusion",
    }


def test_after_the_demo_the_hint_names_its_ledger(
    small: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LANDFALL_DB", raising=False)
    (tmp_path / "landfall-demo").mkdir()
    shutil.copyfile(small.removeprefix("sqlite:///"), tmp_path / "landfall-demo" / "demo.db")
    code, _, err = run("fines", "--company", "acme")
    assert code == 5 and "give --db sqlite:///landfall-demo/demo.db" in err
    assert not (tmp_path / "landfall.db").exists()
    found = as_json("fines", "--company", "acme", "--db", "sqlite:///landfall-demo/demo.db")
    assert found["total"]["count"] == 3


def test_an_unknown_company_is_exit_4(small: str) -> None:
    code, _, err = run("measures", "--db", small, "--company", "globx")
    assert code == 4 and "did you mean 'globex'?" in err


def test_caveats_that_change_a_verdict_show_in_every_format(casebook: str) -> None:
    """A fine resting on unverified or conflicting law carries it in JSON, as numbered marks
    and notes in the table and Markdown, and as its own cell in CSV: the same parameters."""
    args = ("fines", "--company", "google", "--db", casebook, "--as-of", CASEBOOK_DAY)
    rows = as_json(*args)["rows"]
    resting = [r for r in rows if r["unverified_parameters"]]
    assert resting, "the case book's Google fines rest on some unverified law"
    used = {u["id"] for r in resting for u in r["unverified_parameters"]}
    code, out, _ = run(*args, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [bool(line["caveats"]) for line in table] == [
        bool(r["unverified_parameters"]) for r in rows
    ]
    for line, row in zip(table, rows, strict=True):
        for use in row["unverified_parameters"]:
            assert f"{use['id']} ({use['status']})" in line["caveats"]
    for fmt in ("table", "markdown"):
        code, text, _ = run(*args, "--format", fmt)
        assert code == 0
        notes = text.split("Unverified or conflicting law:")[1]
        assert {pid for pid in used if pid in notes} == used
        numbered = [line for line in notes.splitlines() if line[:1].isdigit()]
        assert len(numbered) == len(used)
        assert "[1" in text.split("Unverified or conflicting law:")[0]  # a mark on a row


def test_listings_speak_russian_with_lang(casebook: str) -> None:
    args = ("fines", "--company", "google", "--db", casebook, "--as-of", CASEBOOK_DAY)
    code, out, _ = run(*args, "--format", "csv", "--lang", "ru")
    assert code == 0
    head = next(csv.reader(io.StringIO(out)))
    assert head[:2] == ["дата", "компания"] and head[-1] == "оговорки"
    code, shown, _ = run(*args, "--lang", "ru")
    assert "Штрафы на " + CASEBOOK_DAY in shown and "итого:" in shown
    assert "Непроверенные или противоречивые нормы:" in shown
    rows = as_json(*args, "--lang", "ru")["rows"]  # ids and amounts are the same in Russian
    assert all(r["amount_text"] in shown for r in rows)
    code, english, _ = run(*args)
    assert "Fines as of" in english and "Штрафы" not in english
