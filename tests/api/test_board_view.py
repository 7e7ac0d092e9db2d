"""The board's headline and its "no facts recorded" cells, over board rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from landfall.api.dashboard.board_view import (
    column_groups,
    headline,
    in_force_by_company,
    unrecorded,
)
from landfall.rulebooks import load_many
from landfall.service.board import BoardRow, column_labels


def row(
    company: str,
    fines: Sequence[dict[str, Any]] = (),
    obligations: Sequence[dict[str, Any]] = (),
    statuses: dict[str, str] | None = None,
    measures: Sequence[str] = (),
    listed: bool = False,
) -> BoardRow:
    return BoardRow(
        company=company,
        name=company,
        listed=listed,
        statuses=statuses or {},
        fines=len(fines),
        fines_rub=0,
        unlawful_fines=0,
        undecided_fines=0,
        measures=list(measures),
        details={"fines": list(fines), "obligations": list(obligations)},
    )


def test_totals_stay_apart_by_currency() -> None:
    rows = [
        row(
            "a", [{"amount": 100, "currency": "RUB"}, {"amount": 5, "currency": "EUR"}], listed=True
        ),
        row("b", [{"amount": 50, "currency": "RUB"}], measures=["x", "y"]),
        row("c"),
    ]
    h = headline(rows, facts=12)
    assert h.totals == [("RUB", 150), ("EUR", 5)]
    assert (h.companies, h.listed, h.facts, h.fines) == (3, 1, 12, 3)
    assert (h.measures, h.measured_companies) == (2, 1)


def test_an_empty_board_has_nothing_to_total() -> None:
    h = headline([], facts=0)
    assert h.totals == [] and h.fines == h.measures == h.companies == 0


def test_no_facts_recorded_only_where_every_obligation_lacks_its_facts() -> None:
    missing = {"status": "unknown", "missing_facts": ["feedback_form event"]}
    r = row(
        "a",
        obligations=[
            {"id": "x.form", **missing},
            {"id": "x.both", **missing},
            {"id": "x.both", "status": "unknown", "missing_facts": []},  # unknown on facts held
            {"id": "x.held", "status": "unknown"},
            {"id": "x.met", "status": "met", "missing_facts": ["noise"]},
        ],
        statuses={
            "x.form": "unknown",
            "x.both": "unknown",
            "x.held": "unknown",
            "x.met": "met",
            "x.none": "unknown",  # a column with no obligation behind it (a per-event duty)
        },
    )
    assert unrecorded(r) == {"x.form"}


def test_columns_group_under_their_jurisdiction_in_rulebook_order() -> None:
    books = load_many(("ru", "tr"))
    shown = column_labels(books)
    groups = column_groups(books, shown)
    assert [j for j, _ in groups] == ["RU", "TR"]
    flat = [c for _, group in groups for c, _ in group]
    assert flat == list(shown)
    assert all(c.startswith("tr-") for c, _ in groups[1][1])
    only = {c: n for c, n in shown.items() if c.startswith("ru-152-fz.")}
    assert column_groups(books, only) == [("RU", list(only.items()))]


def test_the_headline_counts_measures_in_force_when_given() -> None:
    rows = [row("a", measures=["x"]), row("b"), row("c", measures=["y"])]
    listed = [
        {"company": "a", "applied": "2022-01-01", "lifted": None},
        {"company": "a", "applied": "2021-01-01", "lifted": "2021-06-01"},  # lifted: not held
        {"company": "b", "applied": "2023-01-01", "lifted": None},
        {"company": "b", "applied": "2020-01-01", "lifted": None},
    ]
    held = in_force_by_company(listed)
    assert [m["applied"] for m in held["b"]] == ["2020-01-01", "2023-01-01"]  # earliest first
    assert "c" not in held
    h = headline(rows, facts=4, in_force=held)
    assert (h.measures, h.measured_companies) == (3, 2)
