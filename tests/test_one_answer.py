"""One answer per legal question, whichever way the facts come in.

The same facts go through a facts file (``landfall assess FILE``), the SQLite ledger
(``landfall ledger import`` and ``landfall takedown import``, then ``landfall assess --db``),
the takedown tracker (``landfall takedown status``) and the API (its ASGI app): every surface
gives one status, items done and late hours per demand, one status per obligation, one
verdict per fine, and one per-item on-time rate.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landfall.api import create_app
from landfall.cli import app
from landfall.ledger import open_ledger
from landfall.ledger.importer import files_source
from landfall.settings import Settings
from landfall.tokens import TokenStore

COMPANY = {"id": "vidora", "name": "Vidora Ltd", "country": "CY", "facts_complete": True}
RESOURCE = {"id": "vidora.example", "company": "vidora", "kind": "video_hosting"}
RECEIVED = "2024-03-01T10:00:00+03:00"

# Demands the facts document records itself, closed (in whole or in part) by demand_met.
DOCUMENT_EVENTS: list[dict[str, Any]] = [
    {"date": "2021-06-01", "type": "audience", "resource": "vidora.example", "daily_users_ru": 800000},
    {"date": "2021-05-12", "type": "fine", "company": "vidora", "id": "f1", "article": "13.41",
     "part": "2", "amount_rub": 800000},
    # closed by demand_met without items: all of them, on time
    {"date": RECEIVED, "type": "demand", "company": "vidora", "id": "rkn-2024-011",
     "kind": "takedown", "basis": "149-FZ 15.1", "items": 3},
    {"date": "2024-03-01T18:00:00+03:00", "type": "demand_met", "company": "vidora",
     "demand": "rkn-2024-011"},
    # demand_met items: 1 of 2, and nothing more: violated
    {"date": RECEIVED, "type": "demand", "company": "vidora", "id": "rkn-2024-012",
     "kind": "takedown", "basis": "149-FZ 15.1", "items": 2},
    {"date": "2024-03-01T12:00:00+03:00", "type": "demand_met", "company": "vidora",
     "demand": "rkn-2024-012", "items": 1},
    # met at 23:00 Moscow on 1 July 2021, written at +05:00 (2 July there): met as of 1 July
    {"date": "2021-07-01T02:00:00+03:00", "type": "demand", "company": "vidora",
     "id": "rkn-2021-001", "kind": "takedown", "basis": "149-FZ 15.1"},
    {"date": "2021-07-02T01:00:00+05:00", "type": "demand_met", "company": "vidora",
     "demand": "rkn-2021-001"},
]  # fmt: skip

# The demand the tracker imports from CSV: two items, the second removed six hours late.
DEMAND_ROWS = [
    {"demand_id": "rkn-2024-010", "company": "vidora", "received_at": RECEIVED,
     "basis": "149-FZ 15.1", "item": "/v/111"},
    {"demand_id": "rkn-2024-010", "company": "vidora", "received_at": RECEIVED,
     "basis": "149-FZ 15.1", "item": "/v/112"},
]  # fmt: skip
ACTION_ROWS = [
    {"demand_id": "rkn-2024-010", "item": "/v/111", "action": "removed",
     "at": "2024-03-01T20:00:00+03:00"},
    {"demand_id": "rkn-2024-010", "item": "/v/112", "action": "removed",
     "at": "2024-03-02T16:00:00+03:00"},
]  # fmt: skip

AS_OF = ["2021-07-01", "2021-06-30", "2024-03-01", "2024-03-10"]
RUNNER = CliRunner()


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _whole_document() -> dict[str, Any]:
    """Everything in one facts file: the tracker's demand as a demand and two actions."""
    tracked: list[dict[str, Any]] = [
        {"date": RECEIVED, "type": "demand", "company": "vidora", "id": "rkn-2024-010",
         "kind": "takedown", "basis": "149-FZ 15.1", "items": 2,
         "item_ids": ["/v/111", "/v/112"]},
    ]  # fmt: skip
    tracked += [
        {"date": r["at"], "type": "takedown_action", "company": "vidora",
         "demand": r["demand_id"], "item": r["item"], "action": r["action"]}
        for r in ACTION_ROWS
    ]  # fmt: skip
    return {
        "landfall": 1,
        "companies": [COMPANY],
        "resources": [RESOURCE],
        "events": DOCUMENT_EVENTS + tracked,
    }


def _cli(*args: str) -> str:
    result = RUNNER.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("one-answer")
    whole = root / "whole.yaml"
    whole.write_text(yaml.safe_dump(_whole_document(), sort_keys=False), encoding="utf-8")
    part = root / "facts.yaml"
    part.write_text(
        yaml.safe_dump(
            {"landfall": 1, "companies": [COMPANY], "resources": [RESOURCE],
             "events": DOCUMENT_EVENTS},
            sort_keys=False,
        ),
        encoding="utf-8",
    )  # fmt: skip
    db = f"sqlite:///{root / 'ledger.db'}"
    _cli("ledger", "import", str(part), "--db", db)
    _cli("takedown", "import", str(_csv(root / "demands.csv", DEMAND_ROWS)), "--db", db)
    _cli("takedown", "import", str(_csv(root / "actions.csv", ACTION_ROWS)), "--db", db)
    with TokenStore(db) as tokens:
        token = tokens.create("regulator")[1]
    return {"whole": whole, "db": db, "token": token}


def _answers(assessment: dict[str, Any]) -> dict[str, Any]:
    company = next(c for c in assessment["companies"] if c["company"] == "vidora")
    return _company_answers(company)


def _company_answers(company: dict[str, Any]) -> dict[str, Any]:
    obligations = {
        ob["id"] + (":" + ob["demand"] if ob.get("demand") else ""): (
            ob["status"],
            ob.get("items_done"),
            ob.get("late_hours"),
            ob.get("violated_from"),
            ob.get("violated_until"),
        )
        for ob in company["obligations"]
    }
    fines = [(f.get("id"), f["verdict"], f["lawful"]) for f in company["fines"]]
    return {"obligations": obligations, "fines": fines}


@pytest.mark.parametrize("as_of", AS_OF)
def test_file_ledger_tracker_and_api_give_one_answer(world: dict[str, Any], as_of: str) -> None:
    from_file = _answers(
        json.loads(_cli("assess", str(world["whole"]), "--as-of", as_of, "--format", "json"))
    )
    from_ledger = _answers(
        json.loads(_cli("assess", "--db", world["db"], "--as-of", as_of, "--format", "json"))
    )
    assert from_ledger == from_file

    api = create_app(Settings(db=world["db"], import_casebook=False))
    headers = {"Authorization": f"Bearer {world['token']}"}
    with TestClient(api) as client:
        response = client.get(f"/api/companies/vidora/assessment?as_of={as_of}", headers=headers)
        assert response.status_code == 200, response.text
        from_api = _company_answers(response.json())
        takedown = client.get(f"/api/companies/vidora/takedown?as_of={as_of}", headers=headers)
        assert takedown.status_code == 200, takedown.text
    assert from_api == from_file

    # the tracker, per item, at the close of the same legal day
    tracker = json.loads(
        _cli("takedown", "status", "--db", world["db"], "--as-of", as_of, "--format", "json")
    )
    demands = {k: v for k, v in from_file["obligations"].items() if ":" in k}
    handled = sum(v[1] or 0 for v in demands.values())
    assert tracker["on_time"] + tracker["late"] == handled
    waiting = [*tracker["open_items"], *tracker["overdue_items"]]
    for key, (status, done, *_rest) in demands.items():
        demand = key.split(":", 1)[1]
        unhandled = sum(1 for i in waiting if i["demand"] == demand)
        total = next(d["items"] for d in takedown.json()["demands"] if d["demand"] == demand)
        assert unhandled + (done or 0) == total, demand
        if status == "met":
            assert unhandled == 0
    body = takedown.json()
    assert body["on_time_rate"] == tracker["on_time_rate"]
    assert {k: body["items"][k] for k in body["items"]} == {
        k: tracker[k] for k in ("on_time", "late", "open", "overdue", "refused")
    }


def test_the_answers_themselves(world: dict[str, Any]) -> None:
    """What the one answer is, so that agreeing on a wrong one cannot pass."""
    late = _answers(
        json.loads(_cli("assess", "--db", world["db"], "--as-of", "2024-03-10", "--format", "json"))
    )["obligations"]
    assert late["ru-149-fz.takedown:rkn-2024-010"] == (
        "violated", 2, 6.0, "2024-03-02T10:00:00+03:00", "2024-03-02T16:00:00+03:00",
    )  # fmt: skip
    assert late["ru-149-fz.takedown:rkn-2024-011"][:3] == ("met", 3, None)
    assert late["ru-149-fz.takedown:rkn-2024-012"][:2] == ("violated", 1)
    assert late["ru-149-fz.takedown:rkn-2024-012"][3] == "2024-03-02T10:00:00+03:00"
    july = _answers(
        json.loads(_cli("assess", "--db", world["db"], "--as-of", "2021-07-01", "--format", "json"))
    )["obligations"]
    assert july["ru-149-fz.takedown:rkn-2021-001"][:2] == ("met", 1)
    tracker = json.loads(
        _cli("takedown", "status", "--db", world["db"], "--as-of", "2024-03-10", "--format", "json")
    )
    # items: rkn-2021-001 1 on time, -010 1 on time 1 late, -011 3 on time, -012 1 on time 1 overdue
    assert (tracker["on_time"], tracker["late"], tracker["overdue"]) == (6, 1, 1)
    assert tracker["on_time_rate"] == 6 / 8


def test_each_event_names_the_file_it_came_from(world: dict[str, Any], tmp_path: Path) -> None:
    with open_ledger(world["db"]) as store:
        rows = store.events()
    by_type: dict[str, set[str | None]] = {}
    for r in rows:
        by_type.setdefault(r.type, set()).add(r.source)
    # a collector names the file it read and its SHA-256 (docs/ledger.md, Commands)
    root = world["whole"].parent
    assert by_type["takedown_action"] == {
        files_source("landfall takedown import", [root / "actions.csv"])
    }
    assert by_type["demand"] >= {
        files_source("landfall takedown import", [root / "demands.csv"]),
        "landfall ledger import facts.yaml",
    }
    assert by_type["demand_met"] == {"landfall ledger import facts.yaml"}

    # several files in one `ledger import`: each event records its own file
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path, day in ((first, "2022-01-01"), (second, "2022-02-01")):
        doc = {"landfall": 1, "companies": [COMPANY], "resources": [RESOURCE], "events": [
            {"date": day, "type": "audience", "resource": "vidora.example",
             "daily_users_ru": 900000}]}  # fmt: skip
        path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'two.db'}"
    _cli("ledger", "import", str(first), str(second), "--db", db)
    with open_ledger(db) as store:
        audience = {r.valid_from: r.source for r in store.events(type="audience")}
    assert audience == {
        "2022-01-01": "landfall ledger import a.yaml",
        "2022-02-01": "landfall ledger import b.yaml",
    }
