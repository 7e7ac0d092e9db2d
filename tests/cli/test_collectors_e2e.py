"""Evidence collectors end to end: files -> CLI -> ledger -> engine (issue 5's 'done when')."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from log_samples import LogSpec, SampleTruth, combined_lines

runner = CliRunner()

FACTS = """\
landfall: 1
companies:
  - {id: vela, name: Vela Apps Ltd, country: CY}
resources:
  - {id: vela.app, company: vela, kind: app, russian_language: true}
"""

# One demand per row item; received in three zones. 149-FZ 15.3 gives 24 hours.
DEMANDS = """\
demand_id,company,received_at,basis,item
d-1,vela,2024-03-01T10:00:00+03:00,149-FZ 15.3,https://vela.app/p/1
d-1,vela,2024-03-01T10:00:00+03:00,149-FZ 15.3,https://vela.app/p/2
d-2,vela,2024-03-01T23:30:00+00:00,149-FZ 15.3,https://vela.app/p/3
d-3,vela,2024-03-02T09:00:00-05:00,149-FZ 15.3,https://vela.app/p/4
"""
ACTIONS = """\
demand_id,item,action,at,reason
d-1,https://vela.app/p/1,removed,2024-03-01T18:00:00+03:00,
d-1,https://vela.app/p/2,restricted,2024-03-02T09:59:00+03:00,
d-2,https://vela.app/p/3,removed,2024-03-03T02:00:00+00:00,late by design
"""


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    facts = tmp_path / "vela.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    invoke("ledger", "import", str(facts), "--db", url)
    return url


def test_audience_from_logs_reaches_the_engine(ledger: str, tmp_path: Path) -> None:
    truth = SampleTruth()
    spec = LogSpec(days=2, ru_users_per_day=250, seed=11)
    log = tmp_path / "access.log.gz"
    with gzip.open(log, "wt", encoding="utf-8") as out:
        for line in combined_lines(spec, truth):
            out.write(line + "\n")
    data = json.loads(
        invoke("audience", str(log), "--resource", "vela.app", "--db", ledger, "--format", "json")
    )
    counted = {d["date"]: d["daily_users_ru"] for d in data["days"]}
    assert counted == {d.isoformat(): n for d, n in truth.counts().items()}
    verdict = data["verdict"]
    assert verdict["law"] == "ru-236-fz" and verdict["company"] == "vela"
    assert verdict["since"] is None
    assert any("daily users in Russia" in reason for reason in verdict["because"])
    assert verdict["applies"] is False
    # the figures are ledger events the engine reads
    last = max(counted)
    assessment = json.loads(invoke("assess", "--db", ledger, "--as-of", last, "--format", "json"))
    law = assessment["companies"][0]["laws"][0]
    assert law["applies"] is False
    assert f"vela.app had {counted[last]:,} daily users in Russia on {last}" in law["because"]


def test_takedown_import_status_and_assessment_agree(ledger: str, tmp_path: Path) -> None:
    demands, actions = tmp_path / "demands.csv", tmp_path / "actions.csv"
    demands.write_text(DEMANDS, encoding="utf-8")
    actions.write_text(ACTIONS, encoding="utf-8")
    invoke("takedown", "import", str(demands), "--db", ledger)
    invoke("takedown", "import", str(actions), "--db", ledger)
    again = invoke("takedown", "import", str(actions), "--db", ledger)
    assert "0" in again  # importing twice adds nothing
    status = json.loads(
        invoke(
            "takedown",
            "status",
            "--db",
            ledger,
            "--as-of",
            "2024-03-04T00:00:00+03:00",
            "--format",
            "json",
        )
    )
    assert status["items"] == 4
    assert (status["on_time"], status["late"], status["overdue"]) == (2, 1, 1)
    [exposure] = status["exposure"]
    assert exposure["company"] == "vela"
    # two demands violated, each a first offence under 13.41 part 2 (the owner's part)
    assert [(e["article"], e["part"]) for e in exposure["exposure"]] == [("13.41", "2")]
    part_2 = exposure["exposure"][0]
    assert (exposure["min_rub"], exposure["max_rub"]) == (part_2["min_rub"], part_2["max_rub"])
    assert any("first offence" in reason for reason in exposure["because"])
    assessment = json.loads(
        invoke("assess", "--db", ledger, "--as-of", "2024-03-04", "--format", "json")
    )
    takedowns = {
        o["demand"]: o
        for o in assessment["companies"][0]["obligations"]
        if o["id"] == "ru-149-fz.takedown"
    }
    assert takedowns["d-1"]["status"] == "met"
    assert takedowns["d-2"]["status"] == "violated" and takedowns["d-2"]["late_hours"] > 0
    assert takedowns["d-3"]["status"] == "violated"  # nothing done, deadline passed
    assert "24 hours" in " ".join(takedowns["d-1"]["because"])


def test_a_demand_imported_again_with_more_items_counts_once(ledger: str, tmp_path: Path) -> None:
    first, more = tmp_path / "first.csv", tmp_path / "more.csv"
    header = "demand_id,company,received_at,basis,item\n"
    row = "d-9,vela,2024-03-01T10:00:00+03:00,149-FZ 15.3,https://vela.app/p/{}\n"
    first.write_text(header + row.format("a") + row.format("b"), encoding="utf-8")
    more.write_text(header + "".join(row.format(x) for x in "abc"), encoding="utf-8")
    invoke("takedown", "import", str(first), "--db", ledger)
    invoke("takedown", "import", str(more), "--db", ledger)
    status = json.loads(
        invoke(
            "takedown",
            "status",
            "--db",
            ledger,
            "--as-of",
            "2024-03-01T12:00:00+03:00",
            "--format",
            "json",
        )
    )
    assert status["items"] == 3
    assessment = json.loads(
        invoke("assess", "--db", ledger, "--as-of", "2024-03-01", "--format", "json")
    )
    demands = [
        o for o in assessment["companies"][0]["obligations"] if o["id"] == "ru-149-fz.takedown"
    ]
    assert [(o["demand"], o["items"]) for o in demands] == [("d-9", 3)]
