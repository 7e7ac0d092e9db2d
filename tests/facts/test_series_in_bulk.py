"""A series of daily figures is checked whole; a bad figure is still named by file, line and
field, exactly as the per-figure validation names it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from landfall.errors import InputError
from landfall.facts import load_facts, parse_facts


def document(figures: list[Any], field: str = "daily_users_ru") -> dict[str, Any]:
    return {
        "landfall": 1,
        "companies": [{"id": "acme", "country": "CY"}],
        "resources": [{"id": "acme.example", "company": "acme", "kind": "social_network"}],
        "events": [
            {"date": "2021-08-01", "type": "feedback_form", "resource": "acme.example"},
            {
                "date": "2021-01-01",
                "type": "audience_series",
                "resource": "acme.example",
                field: figures,
            },
        ],
    }


def test_a_well_formed_series_reads_as_the_model_reads_it() -> None:
    figures = [600_000, 0, 3, 10**29]
    for field, extra in (
        ("daily_users_ru", {}),
        ("value", {"country": "RU", "metric": "daily_users"}),
    ):
        doc = document(figures, field)
        doc["events"][1].update(extra)
        event = parse_facts(json.dumps(doc)).events[1]
        assert (event.value, event.country, event.metric) == (figures, "RU", "daily_users")
        # it serialises in the short form, as a series validated figure by figure does
        assert event.model_dump(exclude_none=True)["daily_users_ru"] == figures


@pytest.mark.parametrize(
    ("bad", "code"),
    [(-1, "out-of-range"), (True, "wrong-type"), (1.5, "wrong-type"), ("7", "wrong-type")],
)
def test_a_bad_figure_is_named_with_its_line(tmp_path: Path, bad: Any, code: str) -> None:
    figures: list[Any] = [600_000] * 30
    figures[17] = bad
    path = tmp_path / "series.json"
    path.write_text(json.dumps(document(figures), indent=1))
    lines = [text.strip() for text in path.read_text().splitlines()]
    line = lines.index(f"{json.dumps(bad)},") + 1
    with pytest.raises(InputError) as e:
        load_facts(path)
    found = e.value.diagnostics[0]
    assert found.code == code
    assert (found.where.file, found.where.line, found.where.field) == (
        str(path),
        line,
        "events[1].daily_users_ru[17]",
    )


def test_a_figure_past_the_integer_bound_is_refused_with_its_field() -> None:
    figures = [600_000, 10**30, 5]
    with pytest.raises(InputError) as e:
        parse_facts(json.dumps(document(figures)))
    found = e.value.diagnostics[0]
    assert found.code == "number-too-large" and "31 digits" in found.message
    assert found.where.field == "events[1].daily_users_ru[1]"


def test_both_spellings_that_disagree_are_still_refused() -> None:
    doc = document([600_000, 600_001])
    doc["events"][1]["value"] = [1, 2]
    with pytest.raises(InputError) as e:
        parse_facts(json.dumps(doc))
    assert e.value.code == "forms-disagree"
