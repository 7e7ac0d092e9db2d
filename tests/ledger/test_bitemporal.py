"""What was the picture on date D, as known on date K: corrections and retractions applied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from landfall.facts import parse_facts
from landfall.ledger import NewEvent, SqlLedger, export_facts, import_facts
from landfall.periods import LegalClock

from .support import Clock

MSK = LegalClock(dt.timedelta(hours=3), "MSK")

D = dt.date


def fine(amount: int, day: str = "2022-02-01") -> dict[str, object]:
    return {
        "date": day,
        "type": "fine",
        "company": "acme",
        "article": "13.41",
        "amount_rub": amount,
    }


def assertion(payload: dict[str, object]) -> NewEvent:
    return NewEvent("fine", "acme", "acme", payload, str(payload["date"]))


def amounts(store: SqlLedger, as_of: dt.date, known_at: dt.date | None = None) -> list[float]:
    doc = store.facts(as_of, known_at=known_at, company="acme", clock=MSK)
    return [e.amount_rub for e in doc.events if e.type == "fine"]


def test_valid_time_bounds_the_picture(store: SqlLedger, facts_file: Path) -> None:
    import_facts(store, facts_file)
    early = store.facts(D(2021, 12, 31), clock=MSK)
    assert [e.type for e in early.events] == ["audience"]
    assert {c.id for c in early.companies} == {"acme", "beta"}
    assert len(early.resources) == 2
    late = store.facts(D(2022, 12, 31), clock=MSK)
    assert [e.type for e in late.events] == [
        "audience",
        "rkn_account",
        "fine",
        "list_inclusion",
        "demand",
    ]


def test_company_filter(store: SqlLedger, facts_file: Path) -> None:
    import_facts(store, facts_file)
    doc = store.facts(D(2030, 1, 1), company="beta", clock=MSK)
    assert [c.id for c in doc.companies] == ["beta"]
    assert [r.id for r in doc.resources] == ["beta.video"]
    assert [e.type for e in doc.events] == ["list_inclusion", "demand"]


def test_record_time_bounds_the_picture(store: SqlLedger, clock: Clock) -> None:
    clock.set(2022, 3, 1)
    store.append([assertion(fine(1_000_000, "2022-02-01"))])
    clock.set(2022, 6, 1)
    store.append([assertion(fine(2_000_000, "2022-01-15"))])
    assert amounts(store, D(2022, 12, 31), known_at=D(2022, 2, 1)) == []
    assert amounts(store, D(2022, 12, 31), known_at=D(2022, 3, 1)) == [1_000_000]
    # The later-recorded fine happened earlier: valid order, not record order.
    assert amounts(store, D(2022, 12, 31)) == [2_000_000, 1_000_000]
    moment = dt.datetime(2022, 3, 1, 11, tzinfo=dt.UTC)
    assert amounts(store, D(2022, 12, 31), known_at=moment) == []  # type: ignore[arg-type]


def test_correction_applies_from_when_it_was_known(store: SqlLedger, clock: Clock) -> None:
    clock.set(2022, 3, 1)
    store.append([assertion(fine(10_000_000))])
    clock.set(2022, 9, 1)
    corrected = NewEvent(
        "fine", "acme", "acme", fine(3_000_000), "2022-02-01", kind="correct", refers_to=1
    )
    store.append([corrected])
    assert amounts(store, D(2022, 12, 31), known_at=D(2022, 6, 1)) == [10_000_000]
    assert amounts(store, D(2022, 12, 31), known_at=D(2022, 9, 1)) == [3_000_000]
    assert amounts(store, D(2022, 12, 31)) == [3_000_000]
    assert len(store.events()) == 2  # nothing was updated: the correction is a new row


def test_correction_can_move_valid_time(store: SqlLedger, clock: Clock) -> None:
    store.append([assertion(fine(1, "2022-02-01"))])
    clock.set(2024, 6, 1)
    moved = fine(1, "2023-05-01")
    store.append([NewEvent("fine", "acme", "acme", moved, "2023-05-01", "x", False, "correct", 1)])
    assert amounts(store, D(2022, 12, 31), known_at=D(2024, 1, 2)) == [1]
    assert amounts(store, D(2022, 12, 31)) == []
    assert amounts(store, D(2023, 12, 31)) == [1]
    # ... and back again: a fact first dated after as_of, corrected to before it.
    store.append(
        [
            NewEvent(
                "fine",
                "acme",
                "acme",
                fine(1, "2022-03-01"),
                "2022-03-01",
                kind="correct",
                refers_to=2,
            )
        ]
    )
    assert amounts(store, D(2022, 12, 31)) == [1]


def test_retraction(store: SqlLedger, clock: Clock) -> None:
    store.append([assertion(fine(1)), assertion(fine(2))])
    clock.set(2024, 6, 1)
    store.append(
        [NewEvent("fine", "acme", "acme", {"note": "wrong company"}, kind="retract", refers_to=1)]
    )
    assert amounts(store, D(2022, 12, 31), known_at=D(2024, 1, 2)) == [1, 2]
    assert amounts(store, D(2022, 12, 31)) == [2]
    # A correction after the retraction restores the fact, as known from then on.
    clock.set(2024, 7, 1)
    store.append(
        [NewEvent("fine", "acme", "acme", fine(7), "2022-02-01", kind="correct", refers_to=1)]
    )
    assert amounts(store, D(2022, 12, 31), known_at=D(2024, 6, 15)) == [2]
    assert amounts(store, D(2022, 12, 31)) == [7, 2]
    assert store.verify().ok


def test_export_is_a_valid_facts_document(
    store: SqlLedger, facts_file: Path, tmp_path: Path
) -> None:
    import_facts(store, facts_file)
    data = export_facts(store, D(2030, 1, 1), clock=MSK)
    text = yaml.safe_dump(data, sort_keys=False)
    again = parse_facts(text, name="export.yaml")
    assert again == parse_facts(facts_file.read_text(), name="facts.yaml")
    # Re-importing the export adds nothing: same content, same keys.
    exported = tmp_path / "export.yaml"
    exported.write_text(text)
    assert import_facts(store, exported).added == 0
