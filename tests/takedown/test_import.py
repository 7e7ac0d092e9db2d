"""Reading demand/action files into ledger events: formats, errors, idempotence."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from landfall.errors import InputError
from landfall.periods import LegalClock
from landfall.takedown import event_key, import_takedown, read_takedown_file

CLOCK = LegalClock(timedelta(hours=3), "MSK")

DEMANDS = [
    # Mixed zones: Moscow, UTC ("Z"), New York and Vladivostok.
    ("rkn-1", "acme", "2021-03-01T10:00:00+03:00", "149-FZ 15.3", "https://acme.social/p/1"),
    ("rkn-1", "acme", "2021-03-01T10:00:00+03:00", "149-FZ 15.3", "https://acme.social/p/2"),
    ("rkn-1", "acme", "2021-03-01T10:00:00+03:00", "149-FZ 15.3", "post:3"),
    ("rkn-2", "acme", "2021-03-02T07:30:00Z", "149-FZ 15.3", "https://acme.social/v/9"),
    ("rkn-3", "bolt", "2021-03-01T18:00:00-05:00", "149-FZ 15.1", "https://bolt.io/x"),
    ("rkn-4", "bolt", "2021-03-03T09:00:00+10:00", "149-FZ 15.3", "https://bolt.io/y"),
]
ACTIONS = [
    ("rkn-1", "https://acme.social/p/1", "removed", "2021-03-01T12:00:00+03:00", ""),
    ("rkn-1", "https://acme.social/p/2", "restricted", "2021-03-01T09:00:00Z", "geo-blocked RU"),
    ("rkn-1", "post:3", "refused", "2021-03-02T10:00:00+03:00", "not unlawful in our view"),
    ("rkn-2", "https://acme.social/v/9", "removed", "2021-03-04T07:30:00+00:00", ""),
]


def write_csv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def demand_file(tmp_path: Path, rows: list[tuple[str, ...]] = DEMANDS) -> Path:
    header = ["demand_id", "company", "received_at", "basis", "item"]
    return write_csv(tmp_path / "demands.csv", header, rows)


def action_file(tmp_path: Path, rows: list[tuple[str, ...]] = ACTIONS) -> Path:
    return write_csv(
        tmp_path / "actions.csv", ["demand_id", "item", "action", "at", "reason"], rows
    )


def test_demands_become_one_event_per_demand(tmp_path: Path) -> None:
    result = import_takedown(demand_file(tmp_path), clock=CLOCK)
    demands = [e for e in result.events if e["type"] == "demand"]
    assert [d["id"] for d in demands] == ["rkn-1", "rkn-2", "rkn-3", "rkn-4"]
    first = demands[0]
    assert first["date"] == "2021-03-01T10:00:00+03:00"
    assert first["kind"] == "takedown"
    assert first["items"] == 3
    assert first["item_ids"] == ["https://acme.social/p/1", "https://acme.social/p/2", "post:3"]
    assert demands[1]["date"] == "2021-03-02T07:30:00+00:00"
    assert first["event_key"] == event_key(first)


def test_actions_each_name_their_own_file_and_no_demand_met_is_derived(tmp_path: Path) -> None:
    recorded = import_takedown(demand_file(tmp_path), clock=CLOCK).events
    result = import_takedown(action_file(tmp_path), existing=recorded, clock=CLOCK)
    actions = [e for e in result.events if e["type"] == "takedown_action"]
    assert [(a["demand"], a["action"], a["company"]) for a in actions] == [
        ("rkn-1", "removed", "acme"),
        ("rkn-1", "restricted", "acme"),
        ("rkn-1", "refused", "acme"),
        ("rkn-2", "removed", "acme"),
    ]
    assert actions[1]["reason"] == "geo-blocked RU"
    # the actions are the facts the per-item model reads: a derived demand_met would count twice
    assert [e for e in result.events if e["type"] == "demand_met"] == []
    assert {e["source"] for e in result.events} == {"landfall takedown import actions.csv"}
    assert {e["source"] for e in recorded} == {"landfall takedown import demands.csv"}


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    ledger: list[dict[str, Any]] = []
    for path in (demand_file(tmp_path), action_file(tmp_path)):
        ledger += import_takedown(path, existing=ledger, clock=CLOCK).events
    again = [
        import_takedown(p, existing=ledger, clock=CLOCK)
        for p in (tmp_path / "demands.csv", tmp_path / "actions.csv")
    ]
    assert [r.events for r in again] == [[], []]
    assert again[1].already_recorded == 4
    assert len({e["event_key"] for e in ledger}) == len(ledger)


def test_same_fact_from_another_file_has_the_same_key(tmp_path: Path) -> None:
    a = import_takedown(demand_file(tmp_path), clock=CLOCK).events
    renamed = tmp_path / "copy.csv"
    renamed.write_bytes((tmp_path / "demands.csv").read_bytes())
    b = import_takedown(renamed, clock=CLOCK).events
    assert [e["event_key"] for e in a] == [e["event_key"] for e in b]
    assert a[0]["source"] != b[0]["source"]


def test_naive_received_at_names_the_line(tmp_path: Path) -> None:
    rows = [*DEMANDS[:2], ("rkn-9", "acme", "2021-03-05T10:00:00", "149-FZ 15.3", "x")]
    with pytest.raises(InputError) as e:
        read_takedown_file(demand_file(tmp_path, rows))
    d = e.value.diagnostics[0]
    assert (d.code, d.where.line, d.where.field) == ("takedown-naive-time", 4, "received_at")
    assert "demands.csv:4" in str(e.value)


def test_action_for_unknown_demand_names_the_line(tmp_path: Path) -> None:
    recorded = import_takedown(demand_file(tmp_path), clock=CLOCK).events
    rows = [*ACTIONS, ("rkn-404", "x", "removed", "2021-03-01T12:00:00+03:00", "")]
    with pytest.raises(InputError) as e:
        import_takedown(action_file(tmp_path, rows), existing=recorded, clock=CLOCK)
    d = e.value.diagnostics[0]
    assert (d.code, d.where.line, d.where.field) == ("takedown-unknown-demand", 6, "demand_id")


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    rows = [
        ("rkn-1", "x", "deleted", "2021-03-01T12:00:00+03:00", ""),
        ("rkn-1", "x", "removed", "yesterday", ""),
        ("rkn-1", "", "removed", "2021-03-01T12:00:00+03:00", ""),
    ]
    with pytest.raises(InputError) as e:
        read_takedown_file(action_file(tmp_path, rows))
    got = [(d.code, d.where.line, d.where.field) for d in e.value.diagnostics]
    assert got == [
        ("takedown-bad-action", 2, "action"),
        ("takedown-bad-time", 3, "at"),
        ("takedown-missing-field", 4, "item"),
    ]


def test_conflicting_rows_of_one_demand(tmp_path: Path) -> None:
    rows = [DEMANDS[0], ("rkn-1", "acme", "2021-03-01T11:00:00+03:00", "149-FZ 15.3", "z")]
    with pytest.raises(InputError) as e:
        read_takedown_file(demand_file(tmp_path, rows))
    assert e.value.code == "takedown-demand-conflict"
    assert e.value.diagnostics[0].where.line == 3


def test_unknown_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["a", "b"], [("1", "2")])
    with pytest.raises(InputError) as e:
        read_takedown_file(path)
    assert e.value.code == "takedown-unknown-header"


def test_deadline_column_and_json_input(tmp_path: Path) -> None:
    doc = {
        "demands": [
            {
                "demand_id": "d1",
                "company": "acme",
                "received_at": "2022-01-10T08:00:00+03:00",
                "basis": "149-FZ 15.3",
                "item": "u1",
                "deadline": "2022-01-11T08:00:00+03:00",
            },
            {
                "demand_id": "d1",
                "company": "acme",
                "received_at": "2022-01-10T08:00:00+03:00",
                "basis": "149-FZ 15.3",
                "item": "u2",
                "deadline": "2022-01-11T08:00:00+03:00",
            },
        ],
        "actions": [
            {
                "demand_id": "d1",
                "item": "u2",
                "action": "removed",
                "at": "2022-01-10T09:00:00+03:00",
            }
        ],
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc))
    events = import_takedown(path, clock=CLOCK).events
    assert [e["type"] for e in events] == ["demand", "takedown_action"]
    assert events[0]["deadline"] == "2022-01-11T08:00:00+03:00"
    listed = tmp_path / "l.json"
    listed.write_text(json.dumps([*doc["demands"], {"received_at": "x"}]))
    with pytest.raises(InputError) as e:
        read_takedown_file(listed)
    assert e.value.diagnostics[0].where.field == "[2].demand_id"


DSA_HEADER = [
    "uuid",
    "decision_visibility",
    "decision_visibility_other",
    "end_date_visibility_restriction",
    "decision_monetary",
    "decision_monetary_other",
    "end_date_monetary_restriction",
    "decision_provision",
    "end_date_service_restriction",
    "decision_account",
    "end_date_account_restriction",
    "account_type",
    "decision_ground",
    "decision_ground_reference_url",
    "illegal_content_legal_ground",
    "illegal_content_explanation",
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "incompatible_content_illegal",
    "category",
    "category_addition",
    "category_specification",
    "category_specification_other",
    "content_type",
    "content_type_other",
    "content_language",
    "content_date",
    "content_id_ean",
    "territorial_scope",
    "application_date",
    "decision_facts",
    "source_type",
    "source_identity",
    "automated_detection",
    "automated_decision",
    "platform_name",
    "platform_uid",
    "created_at",
]


def dsa_row(**values: str) -> tuple[str, ...]:
    return tuple(values.get(h, "") for h in DSA_HEADER)


def test_dsa_statements_of_reasons(tmp_path: Path) -> None:
    rows = [
        dsa_row(
            uuid="a1",
            decision_visibility='["DECISION_VISIBILITY_CONTENT_REMOVED"]',
            decision_ground="DECISION_GROUND_ILLEGAL_CONTENT",
            illegal_content_legal_ground="Art. 130 StGB",
            source_type="SOURCE_ARTICLE_16",
            application_date="2023-09-28",
            platform_name="Example Social",
            created_at="2023-09-28 10:00:00",
        ),
        dsa_row(
            uuid="a2",
            decision_visibility='["DECISION_VISIBILITY_CONTENT_DEMOTED"]',
            decision_ground="DECISION_GROUND_INCOMPATIBLE_CONTENT",
            incompatible_content_ground="ToS 4.2",
            source_type="SOURCE_TRUSTED_FLAGGER",
            application_date="2023-09-29",
            platform_name="Example Social",
            content_id_ean="4006381333931",
        ),
        dsa_row(
            uuid="a3",
            decision_account="DECISION_ACCOUNT_SUSPENDED",
            decision_ground="DECISION_GROUND_INCOMPATIBLE_CONTENT",
            source_type="SOURCE_VOLUNTARY",
            application_date="2023-09-29",
            platform_name="Example Social",
        ),
    ]
    path = write_csv(tmp_path / "sor-global-2023-09-28-full-00000.csv", DSA_HEADER, rows)
    result = import_takedown(path, clock=CLOCK)
    assert result.skipped == 1
    demands = [e for e in result.events if e["type"] == "demand"]
    assert [(d["id"], d["company"], d["basis"], d["date"]) for d in demands] == [
        ("dsa:a1", "example-social", "DSA illegal-content", "2023-09-28T00:00:00+00:00"),
        ("dsa:a2", "example-social", "DSA incompatible-content", "2023-09-29T00:00:00+00:00"),
    ]
    actions = [e for e in result.events if e["type"] == "takedown_action"]
    assert [(a["item"], a["action"]) for a in actions] == [
        ("dsa:a1", "removed"),
        ("4006381333931", "restricted"),
    ]
    assert actions[0]["reason"].startswith("Art. 130 StGB")
    assert {e["source"] for e in result.events} == {"EU DSA Transparency Database"}


def test_a_recorded_demand_cannot_change_its_receipt(tmp_path: Path) -> None:
    recorded = import_takedown(demand_file(tmp_path), clock=CLOCK).events
    moved = [("rkn-2", "acme", "2021-03-02T08:30:00Z", "149-FZ 15.3", "https://acme.social/v/9")]
    with pytest.raises(InputError) as e:
        import_takedown(demand_file(tmp_path, moved), existing=recorded, clock=CLOCK)
    d = e.value.diagnostics[0]
    assert (d.code, d.where.line, d.where.field) == ("takedown-demand-conflict", 2, "received_at")


def test_a_later_file_adds_items_to_a_recorded_demand(tmp_path: Path) -> None:
    recorded = import_takedown(demand_file(tmp_path), clock=CLOCK).events
    more = [
        ("rkn-2", "acme", "2021-03-02T10:30:00+03:00", "149-FZ 15.3", "https://acme.social/v/10")
    ]
    new = import_takedown(demand_file(tmp_path, more), existing=recorded, clock=CLOCK).events
    assert [(e["id"], e["items"]) for e in new] == [("rkn-2", 2)]
