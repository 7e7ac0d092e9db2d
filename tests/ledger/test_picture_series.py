"""The picture to assess (``facts(series=True)``): a resource's plain daily figures on
consecutive days are one ``audience_series`` event, and every rulebook concludes from it
exactly what it concludes from the figures one by one, across gaps, repeated days, figures
with a source or a datetime, corrections and retractions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from landfall.engine import assess
from landfall.facts.model import AudienceEvent, AudienceSeriesEvent
from landfall.ledger import NewEvent, SqlLedger, import_facts
from landfall.rulebooks import load_many
from landfall.rulebooks.ru import rulebook

START = dt.date(2021, 1, 1)


def _figure(resource: str, day: dt.date, value: int, **extra: Any) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "type": "audience",
        "resource": resource,
        "daily_users_ru": value,
        **extra,
    }


def market() -> dict[str, Any]:
    """Three companies whose audiences cross the thresholds at different times, with the
    shapes that must break a run: a gap of days, a second figure for a day, a figure with a
    source, one at an hour, a public one, and an EU figure for the same resource."""
    events: list[dict[str, Any]] = []
    for c, level in enumerate((480_000, 900_000, 40_000)):
        resource = f"r{c}.example"
        for d in range(300):
            day = START + dt.timedelta(days=d)
            if c == 0 and 3 <= d < 12:
                continue  # a gap of nine days, when the audience crosses the threshold
            value = level + 3_000 * d * (1 if c != 1 else -1)
            events.append(_figure(resource, day, max(0, value)))
            if c == 0 and d == 150:
                events.append(_figure(resource, day, 10))  # a second figure for the day
    events += [
        _figure("r1.example", START + dt.timedelta(days=40), 1_200_000, source="counter"),
        {
            "date": "2021-03-10T23:30:00+03:00",
            "type": "audience",
            "resource": "r2.example",
            "daily_users_ru": 600_000,
        },
        _figure("r2.example", START + dt.timedelta(days=200), 700_000, public=True),
        {
            "date": "2021-05-01",
            "type": "audience",
            "resource": "r0.example",
            "country": "EU",
            "metric": "daily_users",
            "value": 50_000_000,
        },
        {"date": "2021-08-01", "type": "rkn_account", "company": "c1"},
        {"date": "2021-09-01", "type": "list_inclusion", "company": "c0"},
    ]
    return {
        "landfall": 1,
        "companies": [{"id": f"c{c}", "country": "CY"} for c in range(3)],
        "resources": [
            {"id": f"r{c}.example", "company": f"c{c}", "kind": "social_network"} for c in range(3)
        ],
        "events": events,
    }


def _filled(store: SqlLedger, tmp_path: Path) -> None:
    path = tmp_path / "market.json"
    path.write_text(json.dumps(market()), encoding="utf-8")
    import_facts(store, path)
    # a correction and a retraction of plain figures, in the middle of runs
    rows = [r for r in store.events(type="audience") if '"date":"2021-02-' in r.payload]
    corrected, retracted = rows[3], rows[20]
    store.append(
        [
            NewEvent(
                "audience",
                corrected.company,
                corrected.subject,
                {**json.loads(corrected.payload), "daily_users_ru": 5},
                corrected.valid_from,
                kind="correct",
                refers_to=corrected.id,
            ),
            NewEvent(
                "audience",
                retracted.company,
                retracted.subject,
                {},
                kind="retract",
                refers_to=retracted.id,
            ),
        ]
    )


def test_every_rulebook_concludes_the_same_from_the_series(
    store: SqlLedger, tmp_path: Path
) -> None:
    _filled(store, tmp_path)
    books = load_many(None)
    clock = rulebook().clock
    for as_of in (START, dt.date(2021, 3, 10), dt.date(2021, 4, 15), dt.date(2022, 1, 15)):
        one_by_one = store.facts(as_of, clock=clock)
        runs = store.facts(as_of, clock=clock, series=True)
        assert len(runs.events) < len(one_by_one.events) or as_of == START
        assert assess(books, runs, as_of).to_dict() == assess(books, one_by_one, as_of).to_dict()


def test_a_series_holds_the_figures_day_by_day(store: SqlLedger, tmp_path: Path) -> None:
    _filled(store, tmp_path)
    as_of = dt.date(2022, 1, 15)
    clock = rulebook().clock
    one_by_one = store.facts(as_of, clock=clock)
    runs = store.facts(as_of, clock=clock, series=True)

    def days(events: list[Any]) -> dict[tuple[str, str, str, dt.date], list[int]]:
        """Each figure by resource, country, metric and day, in the order they apply."""
        out: dict[tuple[str, str, str, dt.date], list[int]] = {}
        for e in events:
            if isinstance(e, AudienceSeriesEvent):
                for offset, value in enumerate(e.value):
                    key = (e.resource, e.country, e.metric, e.date + dt.timedelta(days=offset))
                    out.setdefault(key, []).append(value)
            elif isinstance(e, AudienceEvent):
                day = clock.day(e.date)
                out.setdefault((e.resource, e.country, e.metric, day), []).append(e.value)
        return out

    assert days(runs.events) == days(one_by_one.events)
    series = [e for e in runs.events if isinstance(e, AudienceSeriesEvent)]
    # the gap, the repeated day, the source, the hour, the public flag, the EU figure and the
    # correction and retraction each end a run
    assert 3 < len(series) < 20
    assert sum(len(e.value) for e in series) > 800
    others = [e for e in one_by_one.events if not isinstance(e, AudienceEvent)]
    assert [e for e in runs.events if not isinstance(e, AudienceEvent | AudienceSeriesEvent)] == (
        others
    )
