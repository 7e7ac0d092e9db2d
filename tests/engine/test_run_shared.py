"""What depends only on a rulebook and the date is computed once per run (``ctx.once``), and
the cyclic collector is paused around bulk steps and resumed after."""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
import weakref

import pytest

from landfall.engine.assess import assess
from landfall.engine.context import Ctx, RunShared
from landfall.engine.trace import FullTracer
from landfall.engine.view import company_views
from landfall.errors import RulebookError
from landfall.facts import parse_facts
from landfall.facts.collector import collector_paused
from landfall.rulebooks.ru import rulebook

AS_OF = dt.date(2022, 1, 15)


def document(n: int) -> str:
    return json.dumps(
        {
            "landfall": 1,
            "companies": [{"id": f"c{i}", "country": "CY"} for i in range(n)],
            "resources": [
                {
                    "id": f"r{i}",
                    "company": f"c{i}",
                    "kind": "social_network",
                    "russian_language": True,
                }
                for i in range(n)
            ],
            "events": [
                {
                    "date": "2021-09-01",
                    "type": "audience_series",
                    "resource": f"r{i}",
                    "daily_users_ru": [600_000] * 200,
                }
                for i in range(n)
            ]
            + [
                {"date": "2021-11-22", "type": "list_inclusion", "company": f"c{i}"}
                for i in range(n)
            ],
        }
    )


def contexts(n: int) -> list[Ctx]:
    book = rulebook()
    run = RunShared(book, AS_OF)
    views = company_views(parse_facts(document(n)), AS_OF, book.clock)
    return [Ctx(book, view, FullTracer(), run) for view in views]


def test_a_value_is_computed_once_for_every_company_of_a_run() -> None:
    calls: list[str] = []
    for ctx in contexts(3):
        assert ctx.once("answer", lambda: calls.append("x") or 42) == 42
    assert calls == ["x"]


def test_a_traced_read_inside_once_is_an_error() -> None:
    ctx = contexts(1)[0]
    ctx._rule = ctx.rulebook.rules["ru-236-fz.applies"][0]
    with pytest.raises(RulebookError, match=r"inside ctx\.once"):
        ctx.once("threshold", lambda: ctx.param("ru-236-fz.audience-threshold"))
    with pytest.raises(RulebookError, match=r"inside ctx\.once"):
        ctx.once("fact", lambda: ctx.fact("a fact"))
    # untraced reads are what it is for; and a traced read outside it still works
    assert ctx.once("peek", lambda: ctx.peek("ru-236-fz.audience-threshold")) is not None
    assert ctx.param("ru-236-fz.audience-threshold") == 500_000


def test_shared_values_serve_one_rulebook_and_one_day() -> None:
    book = rulebook()
    view = company_views(parse_facts(document(1)), AS_OF, book.clock)[0]
    with pytest.raises(ValueError, match="one as-of date"):
        Ctx(book, view, None, RunShared(book, AS_OF + dt.timedelta(days=1)))


def test_every_company_keeps_its_own_explanation_of_a_shared_table() -> None:
    """The tables shared by the run leave each company's explanation whole: the last
    company's trace names what the first one's does."""
    doc = parse_facts(document(3))
    found = assess(rulebook(), doc, AS_OF, tracer=FullTracer())
    traces = [
        re.sub(r"\b[cr][0-9]\b", "X", json.dumps(c.to_dict(with_trace=True), sort_keys=True))
        for c in found.companies
    ]
    assert traces[0] == traces[1] == traces[2]
    assert '"ru-236-fz.audience-threshold"' in traces[2]


def test_the_collector_resumes_after_the_last_nested_pause() -> None:
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_its_owner_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_cycle_made_during_a_pause_is_still_freed() -> None:
    class Node:
        other: object = None

    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        del a, b
        assert alive() is not None  # only the cyclic collector frees a cycle
    gc.collect()
    assert alive() is None
