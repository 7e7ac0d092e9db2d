"""The corrected case book: fine ids and lifecycle dates, the offender's revenue with its basis,
the corrections and additions with their sources, blocks and slowdowns as enforcement actions,
and the invariants the assessment of it must keep whatever the fine rules conclude."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from landfall.casebook import load_casebook
from landfall.engine import assess
from landfall.facts import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.rulebooks.ru import rulebook

ROOT = Path(__file__).parents[2]
CASES = ROOT / ".." / "shared" / "data" / "cases.yaml"
AS_OF = dt.date(2026, 11, 29)
VERDICTS = {"lawful", "lawful_if_reduced", "undecided", "unlawful", "time_barred"}
# Blocks and slowdowns outside 236-FZ, which the case book records as such.
ACTION_TYPES = {"blocking", "throttling", "blocking_lifted", "app_store_removal"}
# How a turnover reading names the year whose revenue sets its range.
REVENUE_YEAR = re.compile(r"revenue of (\d{4})")


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
def script() -> ModuleType:
    return _script()


@pytest.fixture(scope="module")
def book() -> FactsDocument:
    return load_casebook()[0]


@pytest.fixture(scope="module")
def case_events(script: ModuleType) -> dict[str, dict[str, Any]]:
    """Every source event by id: the compiled case book and the additions."""
    if not CASES.exists():
        pytest.skip("../shared/data/cases.yaml absent")
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return {c["id"]: c for c in script.case_events(cases)}


@pytest.fixture(scope="module")
def assessed(book: FactsDocument) -> dict[str, tuple[str, dict[str, Any]]]:
    """The assessment's fines by id, with their company."""
    out = {}
    for company in assess(rulebook(), book, AS_OF).to_dict()["companies"]:
        for fine in company["fines"]:
            out[fine["id"]] = (company["company"], fine)
    return out


def _cid(note: str | None) -> str:
    assert note is not None
    return note.split(":", 1)[0]


def _fines(book: FactsDocument) -> list[Any]:
    return [e for e in book.events if e.type == "fine"]


def _fine(book: FactsDocument, fid: str) -> Any:
    (fine,) = [e for e in _fines(book) if e.id == fid]
    return fine


# ------------------------------------------------------------------ ids and amounts


def test_every_fine_has_a_stable_unique_id_from_its_case(book: FactsDocument) -> None:
    ids = [e.id for e in _fines(book)]
    assert all(ids)
    assert len(ids) == len(set(ids))
    for e in _fines(book):
        assert e.id.startswith(_cid(e.note).lower()), e.id


def test_every_fine_matches_its_case_event_or_a_named_correction(
    book: FactsDocument, script: ModuleType, case_events: dict[str, dict[str, Any]]
) -> None:
    corrections = script.CORRECTIONS
    for e in _fines(book):
        cid = _cid(e.note)
        case = case_events[cid]
        fix = corrections.get(cid, {})
        assert e.article == str(case["legal_basis"]["article"]), e.id
        assert e.day == fix.get("date", script._date(case)), e.id
        if cid in script.SPLIT_FINES:
            pieces = {script._fine_id(cid, p[0]): p for p in script.SPLIT_FINES[cid]}
            assert sum(p[2] for p in pieces.values()) == case["amount_rub"]
            _, part, amount, _, _ = pieces[e.id]
            assert (e.part, e.amount_rub) == (part, amount)
            continue
        if cid == "RU-144" and e.company != "aws":
            assert e.amount_rub == script.SIX_MILLION
            assert "6M each" in case["outcome"]
            continue
        expected = fix.get("amount_rub", case["amount_rub"] or script.APPROX_AMOUNT.get(cid))
        assert e.amount_rub == pytest.approx(expected), e.id
        if fix:
            assert "Correction of the case book" in (e.note or ""), e.id
            assert set(fix.get("source", [])) <= set(e.source or []), e.id


def test_the_audits_corrections(book: FactsDocument) -> None:
    hosters = {"ru-144": 200_469_997, "ru-145": 117_700_731, "ru-146": 30_810_055}
    for fid, amount in hosters.items():
        fine = _fine(book, fid)
        assert (fine.day, fine.amount_rub) == (dt.date(2024, 1, 17), amount)
        assert "Date precision" not in (fine.note or "")
    assert all(e.day == dt.date(2024, 1, 17) for e in _fines(book) if e.id.startswith("ru-144-"))
    assert _fine(book, "ru-074").part == "2"
    tiktok = _fine(book, "ru-163")
    assert tiktok.status == "conflicting" and "13.50 part 3" in (tiktok.note or "")
    assert (_fine(book, "ru-123-1m").part, _fine(book, "ru-123-1m").amount_rub) == ("2", 1e6)


def test_a_stated_offence_is_only_what_the_sources_state(
    book: FactsDocument, script: ModuleType, case_events: dict[str, dict[str, Any]]
) -> None:
    for e in _fines(book):
        cid = _cid(e.note)
        if cid in script.OFFENSE_OVERRIDE:
            assert e.offense is None, e.id
        elif cid == "RU-144":
            assert e.offense == "first"
        else:
            assert e.offense == case_events[cid]["offense_number"], e.id
    assert {"RU-166", "RU-162", "RU-147", "RU-035"} <= set(script.OFFENSE_OVERRIDE)


# ------------------------------------------------------------------ lifecycle dates


def test_lifecycle_dates_are_sourced_and_in_order(book: FactsDocument, script: ModuleType) -> None:
    dated = 0
    for e in _fines(book):
        given = {
            k: getattr(e, k)
            for k in ("offense_date", "detected_date", "in_force_date", "paid_date")
            if getattr(e, k) is not None
        }
        if not given:
            continue
        dated += 1
        assert _cid(e.note) in script.LIFECYCLE, e.id
        assert "Lifecycle:" in (e.note or ""), e.id
        for key in ("offense_date", "detected_date"):
            assert given.get(key, e.day) <= e.day, (e.id, key)
        for key in ("in_force_date", "paid_date"):
            assert given.get(key, e.day) >= e.day, (e.id, key)
    assert dated >= 15
    assert _fine(book, "ru-017").paid_date == dt.date(2020, 11, 26)
    assert _fine(book, "ru-016").paid_date is None  # unpaid as of April 2021
    assert _fine(book, "ru-047").in_force_date == dt.date(2021, 11, 10)
    for fid in ("ru-144", "ru-145", "ru-146", "ru-144-godaddy"):
        assert _fine(book, fid).detected_date == dt.date(2023, 12, 19)


# ------------------------------------------------------------------ revenue


def test_revenue_is_the_offenders_own_with_its_basis(book: FactsDocument) -> None:
    companies = {c.id: c for c in book.companies}
    for c in book.companies:
        assert not c.revenue_rub, c.id
        for r in c.revenue:
            assert (r.currency, r.scope) == ("RUB", "RU")
            assert r.basis and r.source, c.id
    google = companies["google"]
    y2020 = google.revenue_in(2020, "RUB", "RU")
    assert y2020 is not None and y2020.amount != 85_000_000_000
    assert y2020.amount == pytest.approx(20 * _fine(book, "ru-069").amount_rub, abs=1)
    assert "implied" in (y2020.basis or "")
    y2021 = google.revenue_in(2021, "RUB", "RU")
    assert y2021 is not None and "affiliates" in (y2021.basis or "")
    assert y2021.amount / 20 <= _fine(book, "ru-106").amount_rub <= y2021.amount / 10
    meta = companies["meta"].revenue_in(2020, "RUB", "RU")
    assert meta is not None
    assert meta.amount / 20 <= _fine(book, "ru-070").amount_rub <= meta.amount / 10
    zoom = companies["zoom"].revenue_in(2022, "RUB", "RU")
    assert zoom is not None and "implied" in (zoom.basis or "")
    assert zoom.amount == pytest.approx(10 * _fine(book, "ru-139").amount_rub, abs=1)


# ------------------------------------------------------------------ additions


def test_missing_public_fines_are_added_flagged_and_sourced(
    book: FactsDocument, case_events: dict[str, dict[str, Any]]
) -> None:
    compiled_sources = {
        url for cid, c in case_events.items() if not cid.startswith("RU-A") for url in c["source"]
    }
    added = [e for e in _fines(book) if _cid(e.note).startswith("RU-A")]
    for e in added:
        assert e.source and "Not in the compiled case book" in (e.note or ""), e.id
        assert e.status in {"unverified", "partially_verified"}, e.id
        if e.status == "partially_verified":
            assert set(e.source or []) & compiled_sources, e.id
    got = {(e.company, e.article, e.part, e.amount_rub, e.day) for e in added}
    assert got == {
        ("zoom", "13.11", "8", 1_000_000, dt.date(2022, 7, 12)),
        ("apple", "13.11", "8", 2_000_000, dt.date(2022, 7, 12)),
        ("zoom", "13.11", "9", 15_000_000, dt.date(2023, 10, 12)),
        ("tiktok", "13.50", "2", 800_000, dt.date(2023, 12, 6)),
        ("tiktok", "13.50", "3", 7_000_000, dt.date(2025, 7, 8)),
        ("tiktok", "13.50", "3", 7_000_000, dt.date(2025, 9, 30)),
        ("tiktok", "19.7.10-4", None, 8_000_000, dt.date(2025, 12, 16)),
        ("aws", "13.39", "1", 800_000, dt.date(2025, 5, 13)),
        ("google", "20.25", "1", 16_017_368_387.36, dt.date(2026, 2, 27)),
    }
    assert _fine(book, "ru-a07").protocols == 2  # two protocols of RUB 4m each


# ------------------------------------------------------------------ blocks and slowdowns


def test_blocks_and_slowdowns_are_enforcement_actions_with_sources(
    book: FactsDocument, case_events: dict[str, dict[str, Any]]
) -> None:
    owner = {r.id: r.company for r in book.resources}
    actions = [e for e in book.events if e.type == "enforcement_action"]
    for e in actions:
        assert e.source and e.basis and e.status, e
        assert e.resource is None or owner[e.resource] == e.company
        assert e.country == "RU"
    by_case = {_cid(e.note): e for e in actions}
    for cid, case in case_events.items():
        if case["event_type"] in ACTION_TYPES:
            assert cid in by_case, cid
    assert not any(e.type == "measure_applied" and _cid(e.note) in by_case for e in book.events)
    seen = {(e.company, e.resource, e.action, e.lifted, e.day) for e in actions}
    assert {
        ("linkedin", "linkedin.com", "register_of_violators", False, dt.date(2016, 8, 4)),
        ("linkedin", "linkedin.com", "block", False, dt.date(2016, 11, 17)),
        ("telegram", "t.me", "block", False, dt.date(2018, 4, 16)),
        ("telegram", "t.me", "block", True, dt.date(2020, 6, 18)),
        ("twitter", "twitter.com", "throttle", False, dt.date(2021, 3, 10)),
        ("meta", "facebook.com", "block", False, dt.date(2022, 3, 4)),
        ("meta", "instagram.com", "block", False, dt.date(2022, 3, 14)),
        ("twitter", "twitter.com", "block", False, dt.date(2022, 3, 4)),
        ("google", "youtube.com", "throttle", False, dt.date(2024, 7, 12)),
    } <= seen
    assert Counter(e.action for e in actions)["block"] >= 8


# ------------------------------------------------------------------ the assessment


def test_one_answer_per_fine_with_a_readable_verdict(
    book: FactsDocument, assessed: dict[str, tuple[str, dict[str, Any]]]
) -> None:
    assert set(assessed) == {e.id for e in _fines(book)}
    for fid, (_, fine) in assessed.items():
        verdict = fine["verdict"]
        assert verdict in VERDICTS, fid
        expected = {"lawful": True, "lawful_if_reduced": True, "undecided": None}
        assert fine["lawful"] is expected.get(verdict, False), fid
        if verdict == "undecided":
            assert fine["needs"], fid


def test_the_ledger_gives_the_file_s_answer_for_every_fine(
    tmp_path: Path, book: FactsDocument, assessed: dict[str, tuple[str, dict[str, Any]]]
) -> None:
    store = open_ledger(f"sqlite:///{tmp_path / 'book.db'}")
    try:
        store.append(document_events(book))
        facts = store.facts(AS_OF, clock=rulebook().clock)
    finally:
        store.close()
    from_ledger = {
        fine["id"]: (company["company"], fine["verdict"], fine["needs"])
        for company in assess(rulebook(), facts, AS_OF).to_dict()["companies"]
        for fine in company["fines"]
    }
    assert from_ledger == {
        fid: (company, fine["verdict"], fine["needs"]) for fid, (company, fine) in assessed.items()
    }


def _may_qualify(earlier: Any, later: Any) -> bool:
    """A necessary condition of KoAP art. 4.6 for ``earlier`` to make ``later`` a repeat: the
    earlier decision was in force (at the soonest ten days after it, art. 30.3) before the later
    offence was committed (at the latest on the later decision's day), and, if paid, the later
    offence came within a year of payment."""
    committed = later.offense_date or later.day
    in_force = earlier.in_force_date or earlier.day + dt.timedelta(days=10)
    if earlier.article != later.article or in_force >= committed:
        return False
    return earlier.paid_date is None or committed <= earlier.paid_date.replace(
        year=earlier.paid_date.year + 1
    )


def test_no_fine_is_lawful_through_a_repeat_reading_without_a_qualifying_earlier_fine(
    book: FactsDocument, assessed: dict[str, tuple[str, dict[str, Any]]]
) -> None:
    fines = _fines(book)
    wrong = []
    for fid, (company, fine) in assessed.items():
        fact = _fine(book, fid)
        if fine["verdict"] not in {"lawful", "lawful_if_reduced"} or fine["offense"] != "repeat":
            continue
        if fact.offense == "repeat":
            continue  # the court's finding
        earlier = [e for e in fines if e.company == company and e.day < fact.day]
        if not any(_may_qualify(e, fact) for e in earlier):
            wrong.append(fid)
    assert wrong == []


def test_no_reduction_is_applied_to_a_turnover_minimum_that_is_unknown(
    book: FactsDocument, assessed: dict[str, tuple[str, dict[str, Any]]]
) -> None:
    companies = {c.id: c for c in book.companies}
    wrong = []
    for fid, (company, fine) in assessed.items():
        if fine["verdict"] != "lawful_if_reduced":
            continue
        years = {int(m.group(1)) for line in fine["because"] for m in REVENUE_YEAR.finditer(line)}
        if any(companies[company].revenue_in(y, "RUB", "RU") is None for y in years):
            wrong.append(fid)
    assert wrong == []


def test_the_tally_lists_every_fine_once_with_its_verdict(
    book: FactsDocument,
    script: ModuleType,
    case_events: dict[str, dict[str, Any]],
    assessed: dict[str, tuple[str, dict[str, Any]]],
) -> None:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    text = script.tally(script.render(cases)[0], AS_OF)
    head, _, table = text.partition("\n\n")
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    assert sorted(r[0].removeprefix("| ") for r in rows) == sorted(assessed)
    for cells in rows:
        fid = cells[0].removeprefix("| ")
        assert cells[5] == assessed[fid][1]["verdict"], fid
    counts = Counter(fine["verdict"] for _, fine in assessed.values())
    assert head.startswith(f"{len(assessed)} fines as of {AS_OF}: ")
    assert all(f"{n} {verdict}" in head for verdict, n in counts.items())
