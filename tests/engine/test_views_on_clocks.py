"""Views on several rulebooks' clocks: shared where the document has bare dates only, apart
where an instant falls on different legal days."""

from __future__ import annotations

import datetime as dt
import json

from landfall.engine.view import company_views, views_on_clocks
from landfall.facts import parse_facts
from landfall.periods import LegalClock

MSK = LegalClock(dt.timedelta(hours=3), "MSK")
UTC = LegalClock(dt.timedelta(0), "UTC")


def doc(when: str) -> str:
    return json.dumps(
        {
            "landfall": 1,
            "companies": [{"id": "acme", "country": "CY"}, {"id": "other", "country": "CY"}],
            "resources": [{"id": "acme.example", "company": "acme", "kind": "social_network"}],
            "events": [
                {"date": when, "type": "feedback_form", "resource": "acme.example"},
                {"date": "2021-12-01", "type": "rkn_account", "company": "acme"},
            ],
        }
    )


def test_bare_dates_read_alike_on_every_clock() -> None:
    facts = parse_facts(doc("2021-12-31"))
    on_msk, on_utc = views_on_clocks(facts, dt.date(2021, 12, 31), [MSK, UTC])
    assert [v.company.id for v in on_msk] == ["acme", "other"]
    assert (on_msk[0].clock, on_utc[0].clock) == (MSK, UTC)
    assert on_msk[0].events == on_utc[0].events
    assert on_msk[0].events == company_views(facts, dt.date(2021, 12, 31), UTC)[0].events


def test_an_instant_is_on_each_clock_s_own_day() -> None:
    # 22:30 UTC on 31 December is already 1 January in Moscow
    facts = parse_facts(doc("2021-12-31T22:30:00+00:00"))
    on_msk, on_utc = views_on_clocks(facts, dt.date(2021, 12, 31), [MSK, UTC])
    assert "feedback_form" not in on_msk[0].events
    assert len(on_utc[0].events["feedback_form"]) == 1
