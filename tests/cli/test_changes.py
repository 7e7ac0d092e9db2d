"""``landfall changes`` and ``landfall calendar`` through Typer's runner: the done-when
commands, the ledger with --known-at, a rulebook folder compared, the .ics written to a file,
and bad options as diagnostics."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from tests.changes.test_versions import edited_copy
from typer.testing import CliRunner

from landfall.casebook import CASEBOOK_PATH
from landfall.cli import app

ROOT = Path(__file__).parents[2]
THREE = str(ROOT / "tests" / "changes" / "three-platforms.yaml")
GLOBAL = str(ROOT / "tests" / "changes" / "global-platform.yaml")

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("demo")
    code, _, stderr = run("demo", "--out", str(out), "--as-of", "2024-01-01")
    assert code == 0, stderr
    return f"sqlite:///{out / 'demo.db'}"


def test_the_localization_change_of_1_july_2025_with_its_source() -> None:
    code, stdout, _ = run("changes", "--from", "2025-06-30", "--to", "2025-07-01")
    assert code == 0
    assert "ru-152-fz.copies-abroad-need-notice" in stdout and "23-FZ" in stdout
    code, stdout, _ = run(
        "changes", "--from", "2025-06-30", "--to", "2025-07-01", "--format", "json"
    )
    law = {c["parameter"]: c for c in json.loads(stdout)["law"]}
    assert law["ru-152-fz.copies-abroad-need-notice"]["sources"]
    assert law["ru-152-fz.copies-abroad-allowed"]["old"]["status"] == "verified"


def test_the_case_book_on_the_edge_days(demo_db: str) -> None:
    # no company of the case book has store evidence the 1 July 2025 text reads differently
    code, stdout, _ = run(
        "changes",
        str(CASEBOOK_PATH),
        "--from",
        "2025-06-30",
        "--to",
        "2025-07-01",
        "--format",
        "json",
        "--rulebook",
        "ru",
    )
    assert code == 0
    data = json.loads(stdout)
    assert data["assessed"] and data["companies"] == []
    # the ledger the demo builds: local presence falls due on 1 January 2022
    code, stdout, _ = run(
        "changes",
        "--db",
        demo_db,
        "--from",
        "2021-12-31",
        "--to",
        "2022-01-01",
        "--format",
        "json",
    )
    assert code == 0
    companies = json.loads(stdout)["companies"]
    presence = [
        x
        for c in companies
        for x in c["conclusions"]
        if x["key"] == "obligation:ru-236-fz.local-presence"
    ]
    assert presence and all(x["before"]["status"] == "pending" for x in presence)
    assert all(any(r["kind"] == "date" for r in x["reasons"]) for x in presence)
    code, stdout, _ = run("changes", "--db", demo_db, "--from", "2021-12-31", "--to", "2022-01-01")
    assert code == 0 and "local-presence" in stdout


def test_known_at_replays_what_the_ledger_knew(demo_db: str) -> None:
    code, stdout, _ = run(
        "changes",
        "--db",
        demo_db,
        "--from",
        "2021-12-31",
        "--to",
        "2022-01-01",
        "--known-at",
        "2016-01-01",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(stdout)
    assert data["known_at"] == "2016-01-01" and data["companies"] == []
    code, stdout, _ = run(
        "calendar",
        "--db",
        demo_db,
        "--from",
        "2021-12-02",
        "--days",
        "31",
        "--known-at",
        "2016-01-01",
        "--format",
        "json",
    )
    assert code == 0 and [i for i in json.loads(stdout)["items"] if i["company"]] == []
    code, stdout, _ = run(
        "calendar", "--db", demo_db, "--from", "2021-12-02", "--days", "31", "--format", "json"
    )
    assert code == 0 and any(i["kind"] == "due" for i in json.loads(stdout)["items"])


def test_known_at_needs_the_ledger() -> None:
    code, _, stderr = run(
        "changes", THREE, "--from", "2021-12-31", "--to", "2022-01-01", "--known-at", "2022-01-01"
    )
    assert code == 2 and "known-at-needs-ledger" in stderr


def test_a_rulebook_folder_compared_with_the_installed_one(tmp_path: Path) -> None:
    folder = edited_copy(tmp_path)
    code, stdout, stderr = run(
        "changes",
        THREE,
        "--rulebook-a",
        "ru",
        "--rulebook-b",
        str(folder),
        "--as-of",
        "2021-09-01",
        "--format",
        "json",
    )
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["a"]["source"] == "ru" and data["b"]["source"] == str(folder)
    assert data["a"]["hash"] != data["b"]["hash"]
    assert [c["company"] for c in data["companies"]] == ["mid"]
    code, stdout, _ = run(
        "changes", THREE, "--rulebook-a", "ru", "--rulebook-b", str(folder), "--as-of", "2021-09-01"
    )
    assert code == 0 and "ru-236-fz.audience-threshold" in stdout and "mid" in stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--from", "2025-07-01", "--to", "2025-06-30"), "--to"),
        (("--from", "2025-07-01"), "--from"),
        (("--rulebook-a", "ru"), "--rulebook-b"),
        (("--rulebook-a", "ru", "--rulebook-b", "ru", "--from", "2025-07-01"), "--from"),
        (("--rulebook-a", "ru", "--rulebook-b", "./no-such-folder"), "--rulebook-b"),
        (("--from", "2025-13-01", "--to", "2025-07-01"), "--from"),
        (("--from", "2025-06-30", "--to", "2025-07-01", "--format", "xml"), "--format"),
    ],
)
def test_bad_options_are_diagnostics(args: tuple[str, ...], field: str) -> None:
    code, _, stderr = run("changes", *args)
    assert code == 2, stderr
    assert field in stderr


def test_the_calendar_of_a_global_platform_as_ics(tmp_path: Path) -> None:
    out = tmp_path / "globo.ics"
    code, _, stderr = run(
        "calendar",
        GLOBAL,
        "--from",
        "2023-12-15",
        "--days",
        "90",
        "--format",
        "ics",
        "--out",
        str(out),
    )
    assert code == 0, stderr
    code, stdout, _ = run(
        "calendar", GLOBAL, "--from", "2023-12-15", "--days", "90", "--format", "json"
    )
    items = json.loads(stdout)["items"]
    events = list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [i["uid"] for i in items]
    deadline = next(e for e in events if "takedown" in str(e["SUMMARY"]))
    assert deadline.decoded("DTSTART") == dt.datetime(2023, 12, 16, 7, tzinfo=dt.UTC)
    code, stdout, _ = run("calendar", GLOBAL, "--from", "2023-12-15", "--days", "90")
    assert code == 0 and "limitation_ends" in stdout and "globo" in stdout


def test_the_calendar_refuses_bad_options() -> None:
    code, _, stderr = run("calendar", GLOBAL, "--days", "0")
    assert code == 2
    code, _, stderr = run("calendar", GLOBAL, "--format", "xml")
    assert code == 2 and "--format" in stderr
