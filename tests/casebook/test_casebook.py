"""The shipped case book: valid, in step with the compiled cases, and complete."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from landfall.casebook import CASEBOOK_PATH, load_casebook, skipped_cases
from landfall.facts import FactsDocument, parse_facts

ROOT = Path(__file__).parents[2]
CASES = ROOT / ".." / "shared" / "data" / "cases.yaml"
needs_cases = pytest.mark.skipif(not CASES.exists(), reason="../shared/data/cases.yaml absent")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_casebook", ROOT / "scripts" / "build_casebook.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_casebook"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def book() -> FactsDocument:
    doc, path = load_casebook()
    assert path == CASEBOOK_PATH
    return doc


@pytest.fixture(scope="module")
def cases() -> dict[str, Any]:
    if not CASES.exists():
        pytest.skip("../shared/data/cases.yaml absent")
    data: dict[str, Any] = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return data


def _case_id(note: str | None) -> str:
    assert note is not None
    return note.split(":", 1)[0]


def _events(book: FactsDocument, type_: str, company: str | None = None) -> list[Any]:
    return [
        e
        for e in book.events
        if e.type == type_ and (company is None or getattr(e, "company", None) == company)
    ]


# ------------------------------------------------------------------ shape and provenance


def test_loads_and_every_event_is_public_sourced_flagged_and_noted(book: FactsDocument) -> None:
    assert len(book.events) > 100
    for e in book.events:
        assert e.public is True
        assert e.status in {"verified", "partially_verified", "conflicting", "unverified"}
        assert e.source, e
        assert e.note and e.note.startswith("RU-"), e


def test_one_company_per_real_company(book: FactsDocument) -> None:
    ids = {c.id for c in book.companies}
    assert {
        "google",
        "meta",
        "telegram",
        "twitter",
        "linkedin",
        "apple",
        "tiktok",
        "zoom",
        "wikimedia",
        "aws",
        "whatsapp",
        "twitch",
    } <= ids
    assert all(c.country for c in book.companies)
    res = {r.id: r.company for r in book.resources}
    assert res["youtube.com"] == "google"
    assert res["facebook.com"] == "meta"
    assert res["t.me"] == "telegram"
    assert res["linkedin.com"] == "linkedin"


def test_events_are_sorted_by_date(book: FactsDocument) -> None:
    days = [e.day for e in book.events]
    assert days == sorted(days)


def test_unverified_and_conflicting_events_are_kept(book: FactsDocument) -> None:
    by_status = Counter(e.status for e in book.events)
    assert by_status["conflicting"] >= 2
    assert by_status["unverified"] >= 3
    notes = {_case_id(e.note) for e in book.events if e.status == "conflicting"}
    assert {"RU-023", "RU-139"} <= notes


# ------------------------------------------------------------------ sync and accounting


@needs_cases
def test_shipped_casebook_equals_a_fresh_conversion(cases: dict[str, Any]) -> None:
    facts_text, skipped_text = _script().render(cases)
    assert CASEBOOK_PATH.read_text(encoding="utf-8") == facts_text, (
        "casebook.yaml is stale: run scripts/build_casebook.py"
    )
    assert CASEBOOK_PATH.with_name("skipped.yaml").read_text(encoding="utf-8") == skipped_text
    june = (ROOT / "examples" / "june-2021.yaml").read_text(encoding="utf-8")
    assert june == _script().render_june(cases)


@needs_cases
def test_conversion_is_deterministic_and_valid(cases: dict[str, Any]) -> None:
    mod = _script()
    first = mod.render(cases)
    second = mod.render(yaml.safe_load(CASES.read_text(encoding="utf-8")))
    assert first == second
    parse_facts(first[0], name="fresh")


@needs_cases
def test_every_case_event_is_mapped_or_skipped(book: FactsDocument, cases: dict[str, Any]) -> None:
    compiled = [c["id"] for c in cases["events"]]
    assert len(compiled) == len(set(compiled)) == 154
    added = [c["id"] for c in _script().additions()]
    assert added and all(a.startswith("RU-A") for a in added)
    all_ids = compiled + added
    assert len(all_ids) == len(set(all_ids))
    mapped = {_case_id(e.note) for e in book.events}
    skipped = {s["case"] for s in skipped_cases()}
    assert mapped.isdisjoint(skipped)
    assert mapped | skipped == set(all_ids)
    assert all(s["reason"] for s in skipped_cases())


@needs_cases
def test_counts_by_type(book: FactsDocument, cases: dict[str, Any]) -> None:
    src = Counter(c["event_type"] for c in cases["events"])
    assert src["court_fine"] == 58 and src["turnover_fine"] == 9
    got = Counter(e.type for e in book.events)
    assert got == {
        "fine": 81,
        "case_opened": 27,
        "measure_applied": 42,
        "enforcement_action": 17,
        "list_inclusion": 15,
        "demand": 9,
        "local_presence": 3,
        "rkn_account": 2,
        "feedback_form": 4,
    }
    assert len(skipped_cases()) == 16
    # no facts event claims a landing-law measure for a non-236-FZ block or slowdown
    source_type = {c["id"]: c["event_type"] for c in cases["events"]}
    for e in _events(book, "measure_applied"):
        assert source_type[_case_id(e.note)].startswith("landing_measure_")


def test_pre_landing_twitter_slowdown_is_an_enforcement_action_not_a_measure(
    book: FactsDocument,
) -> None:
    skipped = {s["case"]: s for s in skipped_cases()}
    assert {"RU-039", "RU-072", "RU-171"} <= set(skipped)
    assert "RU-019" not in skipped
    (slowdown,) = [e for e in book.events if _case_id(e.note) == "RU-019"]
    assert slowdown.type == "enforcement_action"
    assert (slowdown.action, slowdown.resource, slowdown.lifted) == (
        "throttle",
        "twitter.com",
        False,
    )


# ------------------------------------------------------------------ June 2021


def test_june_2021_takedown_fines(book: FactsDocument) -> None:
    fines = {
        (e.company, e.article): e for e in _events(book, "fine") if e.day == dt.date(2021, 6, 10)
    }
    fb = fines[("meta", "13.41")]
    assert fb.amount_rub == 17_000_000 and fb.protocols == 4 and fb.part is None
    tg = fines[("telegram", "13.41")]
    assert tg.amount_rub == 10_000_000 and tg.part == "2"
    assert fb.status == tg.status == "verified"


def test_google_localization_case_and_fine(book: FactsDocument) -> None:
    opened = [e for e in _events(book, "case_opened", "google") if e.day == dt.date(2021, 6, 30)]
    assert len(opened) == 1
    assert (opened[0].article, opened[0].part) == ("13.11", "8")
    fine = [e for e in _events(book, "fine", "google") if e.day == dt.date(2021, 7, 29)]
    assert len(fine) == 1
    assert (fine[0].article, fine[0].part, fine[0].amount_rub) == ("13.11", "8", 3_000_000)
    assert fine[0].offense == "first"


def test_localization_demand_to_facebook_and_twitter(book: FactsDocument) -> None:
    for company in ("meta", "twitter"):
        demands = [
            e
            for e in _events(book, "demand", company)
            if e.kind == "localization" and e.deadline == dt.date(2021, 7, 1)
        ]
        assert len(demands) == 1, company
        assert demands[0].day == dt.date(2021, 5, 26)
        assert demands[0].basis == "152-FZ 18.5"


def test_landing_list_of_22_november_2021(book: FactsDocument) -> None:
    listed = {
        e.company
        for e in _events(book, "list_inclusion")
        if e.day == dt.date(2021, 11, 22) and e.list == "landing" and not e.removed
    }
    assert listed == {
        "google",
        "apple",
        "meta",
        "twitter",
        "tiktok",
        "telegram",
        "zoom",
        "viber",
        "spotify",
        "likee",
        "discord",
        "pinterest",
        "twitch",
    }


def test_turnover_fines_december_2021(book: FactsDocument) -> None:
    fines = {e.company: e for e in _events(book, "fine") if e.day == dt.date(2021, 12, 24)}
    assert fines["google"].amount_rub == 7_221_916_235
    assert fines["meta"].amount_rub == pytest.approx(1_990_984_950.05)
    assert fines["google"].part == fines["meta"].part == "5"
    assert fines["google"].offense == "repeat"


def test_landing_measures_and_hoster_blocking(book: FactsDocument) -> None:
    google = {e.measure for e in _events(book, "measure_applied", "google")}
    assert google == {"informing-users", "advertising-ban"}
    blocked = {
        e.company: e for e in _events(book, "measure_applied") if e.measure == "full-blocking"
    }
    assert blocked["kamatera"].day == dt.date(2024, 3, 25)
    assert blocked["aws"].resource == "aws.amazon.com"
    assert len(blocked) == 10
