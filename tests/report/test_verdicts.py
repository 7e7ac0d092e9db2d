"""The reports say what the assessment says, in words: verdicts, tallies, periods, caveats.

Each expectation is read from the JSON assessment of the same ledger (``assess --format json``)
and worded with ``landfall.labels``, so a change to a fine rule changes both sides together.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.api.support import build_template
from typer.testing import CliRunner

from landfall import labels
from landfall.cli import app
from landfall.ledger import open_ledger
from landfall.report.company import company_report, render_html, render_md
from landfall.rulebooks.ru import rulebook
from landfall.service.headline import fine_totals, fines_line
from landfall.service.portal import Portal

AS_OF = "2024-06-01"
PYTHON_LITERAL = re.compile(r"\b(True|False|None)\b")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("verdicts") / "ledger.db"
    build_template(path)
    return f"sqlite:///{path}"


def assessment(db: str, company: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["assess", "--db", db, "--company", company, "--as-of", AS_OF, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)["companies"][0]
    return found


def report_data(db: str, company: str) -> dict[str, Any]:
    with open_ledger(db) as store:
        return company_report(Portal(store, rulebook()), company, dt.date.fromisoformat(AS_OF))


def before_timeline(text: str) -> str:
    """The assessed part of a report (the timeline quotes free-text notes)."""
    return re.split(r"## Timeline|<h2>Timeline</h2>", text)[0]


@pytest.mark.parametrize("render", [render_md, render_html], ids=["md", "html"])
def test_report_states_every_verdict_and_the_tally(db: str, render: Any) -> None:
    fines = assessment(db, "google")["fines"]
    assert len({f["verdict"] for f in fines}) >= 2  # the case book gives Google mixed verdicts
    text = before_timeline(render(report_data(db, "google")))
    assert fines_line(fine_totals(fines)) in text
    for fine in fines:
        assert labels.verdict_label(fine) in text
    assert not PYTHON_LITERAL.findall(text)
    if any(f["verdict"] == "undecided" for f in fines):
        assert labels.needs_sentence(fines) in text


@pytest.mark.parametrize("render", [render_md, render_html], ids=["md", "html"])
def test_report_shows_violation_periods_and_enforcement(db: str, render: Any) -> None:
    """Contract fields from the 236-FZ rules (docs/facts-format.md), as the report shows them."""
    data = report_data(db, "google")
    obligations = data["assessment"]["obligations"]
    obligations[0].update(
        status="met", violated_from="2022-01-01", violated_until="2022-04-11", enforcement="listed"
    )
    obligations[1].update(status="violated", violated_from="2022-01-01", enforcement="not_listed")
    text = render(data)
    assert "met late" in text and "2022-01-01 → 2022-04-11" in text
    assert "since 2022-01-01" in text
    assert "not listed: owed by statute" in text


def test_markdown_report_has_exposure_and_one_caveat_list(db: str) -> None:
    company = assessment(db, "google")
    text = render_md(report_data(db, "google"))
    if company["exposure"]:
        assert "## Exposure" in text
    used = {
        u["id"]
        for section in ("laws", "obligations", "fines")
        for entry in company[section]
        for u in entry.get("unverified_parameters", [])
    }
    assert used
    notes = text.split("## Unverified or conflicting law", 1)[1].split("## Timeline")[0]
    for pid in used:
        assert len(re.findall(rf"\[[a-z]+\] {re.escape(pid)} \(", notes)) == 1


def test_demo_report_tally_names_what_the_undecided_need(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--as-of", AS_OF, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    tally = html.split("<p id='fines-tally'>", 1)[1].split("</p>", 1)[0]
    assert "revenue not in the facts" not in tally
    assert re.search(r"\d+ fines: \d+ lawful", tally)
    assert "True" not in before_timeline(html) and "None" not in before_timeline(html)
