"""The evidence glue answers from the engine's assessment, never from its own comparisons."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.audience.meter import AudienceReport, DailyAudience
from landfall.cli import app
from landfall.service import evidence

FACTS = """\
landfall: 1
companies:
  - {id: vela, name: Vela Apps Ltd, country: CY}
resources:
  - {id: vela.app, company: vela, kind: app, russian_language: true}
"""


@pytest.fixture
def ledger(ledger_of: Callable[[str], str]) -> str:
    return ledger_of(FACTS)


def _report(counts: dict[str, int]) -> AudienceReport:
    days = [
        DailyAudience(dt.date.fromisoformat(d), n, "exact", 0.0, n, n)
        for d, n in sorted(counts.items())
    ]
    total = sum(counts.values())
    return AudienceReport("vela.app", days, total, total, 0, [], 14, 1_000_000)


def _law(url: str, as_of: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["assess", "--db", url, "--as-of", as_of, "--format", "json"])
    assert result.exit_code == 0, result.output
    [law] = [
        entry
        for entry in json.loads(result.stdout)["companies"][0]["laws"]
        if entry["law"] == "ru-236-fz"
    ]
    return law


def test_the_audience_verdict_is_the_engines_conclusion(ledger: str) -> None:
    # a day at the threshold is not "more than" it; the law applies from the next day
    report = _report({"2024-03-01": 500_000, "2024-03-02": 500_001, "2024-03-03": 700_000})
    assert evidence.append_collected(ledger, report.to_events()) == 3
    verdict = evidence.audience_verdict(ledger, "vela.app", report)
    assert verdict is not None
    law = _law(ledger, "2024-03-03")
    assert (verdict["law"], verdict["applies"], verdict["because"]) == (
        law["law"],
        law["applies"],
        law["because"],
    )
    assert verdict["applies"] is True
    assert verdict["since"] == "2024-03-02"


def test_at_the_threshold_the_law_does_not_apply_and_has_no_start(ledger: str) -> None:
    report = _report({"2024-03-01": 499_999, "2024-03-02": 500_000})
    evidence.append_collected(ledger, report.to_events())
    verdict = evidence.audience_verdict(ledger, "vela.app", report)
    assert verdict is not None
    assert verdict["applies"] is _law(ledger, "2024-03-02")["applies"] is False
    assert verdict["since"] is None


def test_a_resource_not_in_the_ledger_has_no_verdict(ledger: str) -> None:
    assert evidence.audience_verdict(ledger, "nowhere.app", _report({"2024-03-01": 1})) is None


DEMANDS = """\
demand_id,company,received_at,basis,item
d-1,vela,2024-03-01T10:00:00+03:00,149-FZ 15.3,https://vela.app/p/1
d-2,vela,2024-03-01T11:00:00+03:00,149-FZ 15.3,https://vela.app/p/2
"""


def test_the_takedown_exposure_is_the_assessments_exposure(ledger: str, tmp_path: Path) -> None:
    demands = tmp_path / "demands.csv"
    demands.write_text(DEMANDS, encoding="utf-8")
    result = CliRunner().invoke(app, ["takedown", "import", str(demands), "--db", ledger])
    assert result.exit_code == 0, result.output
    moment = dt.datetime(2024, 3, 4, tzinfo=dt.UTC)
    [found] = evidence.takedown_exposure(ledger, None, moment)
    assessed = CliRunner().invoke(
        app, ["assess", "--db", ledger, "--as-of", "2024-03-04", "--format", "json"]
    )
    company = json.loads(assessed.stdout)["companies"][0]
    violated = [o for o in company["obligations"] if o.get("demand") and o["status"] == "violated"]
    assert len(violated) == 2
    expected = [e for e in company["exposure"] if e["obligation"] == violated[0]["id"]]
    assert found["exposure"] == expected and expected
    assert found["min_rub"] == sum(e["min_rub"] for e in expected)
    assert found["summary"].startswith(f"{expected[0]['article']} exposure RUB ")
    assert found["because"][0] == "2 demand(s) not met by their deadline"


def test_no_exposure_without_a_violated_demand(ledger: str) -> None:
    assert evidence.takedown_exposure(ledger, None, dt.datetime(2024, 3, 4, tzinfo=dt.UTC)) == []
