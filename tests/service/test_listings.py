"""The listings across companies: each fine's verdict is the assessment's, each row keeps its
sources and note, the filters cut at their edges, lifts pair with what they lifted, and a
listing never creates a ledger."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.ledger.support import fresh_postgres

from landfall.engine import assess
from landfall.errors import NotFoundError, StorageError
from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.rulebooks import load_many
from landfall.service import listings
from landfall.service.listings import Filters

AS_OF = dt.date(2024, 1, 1)

DOC: dict[str, Any] = {
    "landfall": 1,
    "companies": [
        {"id": "acme", "name": "Acme Social Ltd", "country": "CY"},
        {"id": "globex", "name": "Globex Video", "country": "CY"},
    ],
    "resources": [
        {"id": "acme.social", "company": "acme", "kind": "social_network"},
        {"id": "globex.example", "company": "globex", "kind": "video_hosting"},
    ],
    "events": [
        {
            "date": "2022-01-10",
            "type": "audience",
            "resource": "acme.social",
            "daily_users_ru": 650000,
            "source": "https://stats.example/acme",
        },
        {
            "date": "2022-05-01",
            "type": "fine",
            "company": "acme",
            "id": "f1",
            "article": "13.41",
            "part": "2",
            "amount_rub": 3000000,
            "note": "with its id",
            "source": ["https://court.example/f1", "https://press.example/f1"],
        },
        # two fines of the same content without ids: each keeps its own note, in order
        {
            "date": "2022-05-02",
            "type": "fine",
            "company": "acme",
            "article": "13.41",
            "part": "2",
            "amount_rub": 4000000,
            "note": "first of two",
        },
        {
            "date": "2022-05-02",
            "type": "fine",
            "company": "acme",
            "article": "13.41",
            "part": "2",
            "amount_rub": 4000000,
            "note": "second of two [basis: inferred]",
        },
        {
            "date": "2023-03-01",
            "type": "fine",
            "company": "globex",
            "id": "g1",
            "article": "13.11",
            "part": "8",
            "amount": 25000,
            "currency": "EUR",
            "note": "a fine in another currency",
            "source": "https://court.example/g1",
        },
        {
            "date": "2022-06-01",
            "type": "measure_applied",
            "company": "acme",
            "measure": "informing-users",
            "source": "https://regulator.example/m1",
            "note": "applied",
        },
        {
            "date": "2022-09-01",
            "type": "measure_lifted",
            "company": "acme",
            "measure": "informing-users",
            "source": "https://regulator.example/m1-lift",
        },
        {
            "date": "2022-07-01",
            "type": "enforcement_action",
            "company": "globex",
            "resource": "globex.example",
            "action": "block",
            "basis": "a court order",
            "source": "https://regulator.example/b1",
        },
        {
            "date": "2022-08-01",
            "type": "enforcement_action",
            "company": "globex",
            "resource": "globex.example",
            "action": "block",
            "lifted": True,
        },
        # 23:30 UTC on 31 December is 02:30 on 1 January in Moscow: the legal day is the 1st
        {"date": "2023-12-31T23:30:00+00:00", "type": "list_inclusion", "company": "globex"},
    ],
}


@pytest.fixture(scope="module")
def doc() -> FactsDocument:
    return FactsDocument.model_validate(DOC)


@pytest.fixture(scope="module")
def books() -> Any:
    return load_many()


def test_each_verdict_is_the_assessments(doc: FactsDocument, books: Any) -> None:
    rows = listings.fines(doc, books, AS_OF, Filters()).rows
    engine = {
        (c.company, f["date"], f["amount"]): f["verdict"]
        for c in assess(books, doc, AS_OF).companies
        for f in c.fines
    }
    assert len(rows) == 4
    for row in rows:
        assert row["verdict"] == engine[(row["company"], row["date"], row["amount"])]


def test_a_fine_keeps_its_sources_and_its_own_note(doc: FactsDocument, books: Any) -> None:
    rows = listings.fines(doc, books, AS_OF, Filters(company="acme")).rows
    assert [r["note"] for r in rows] == [
        "with its id",
        "first of two",
        "second of two [basis: inferred]",
    ]
    assert rows[0]["sources"] == ["https://court.example/f1", "https://press.example/f1"]
    assert rows[0]["amount_text"] == "RUB 3,000,000"
    assert rows[0]["article_text"] == "13.41 part 2"
    assert rows[0]["jurisdiction"] == "RU"
    assert rows[0]["company_name"] == "Acme Social Ltd"


def test_the_total_sums_each_currency_apart(doc: FactsDocument, books: Any) -> None:
    listing = listings.fines(doc, books, AS_OF, Filters())
    total = listing.total
    assert total["count"] == 4
    assert {s["currency"]: s["amount"] for s in total["sums"]} == {"EUR": 25000, "RUB": 11000000}
    assert total["verdicts"] == dict(Counter(r["verdict"] for r in listing.rows))
    assert "RUB 11,000,000" in total["text"] and "EUR 25,000" in total["text"]


@pytest.mark.parametrize(
    ("date_from", "date_to", "kept"),
    [
        (dt.date(2022, 5, 2), None, 3),  # the day of two fines: kept
        (dt.date(2022, 5, 3), None, 1),  # the day after: only the 2023 one
        (None, dt.date(2022, 5, 1), 1),  # the last day is inclusive
        (None, dt.date(2022, 4, 30), 0),  # the day before the first fine
        (dt.date(2022, 5, 1), dt.date(2022, 5, 1), 1),
    ],
)
def test_the_date_range_is_inclusive(
    doc: FactsDocument, books: Any, date_from: Any, date_to: Any, kept: int
) -> None:
    filters = Filters(date_from=date_from, date_to=date_to)
    assert len(listings.fines(doc, books, AS_OF, filters).rows) == kept


def test_article_and_jurisdiction_filters(doc: FactsDocument, books: Any) -> None:
    def count(**kw: Any) -> int:
        return len(listings.fines(doc, books, AS_OF, Filters(**kw)).rows)

    assert count(article="13.41") == 3
    assert count(article="13.4") == 0  # an article, not a prefix
    assert count(article="13.11") == 1
    assert count(jurisdiction="ru") == 4
    assert count(jurisdiction="KZ") == 0


def test_a_fine_after_as_of_is_not_listed(doc: FactsDocument, books: Any) -> None:
    assert len(listings.fines(doc, books, dt.date(2023, 2, 28), Filters()).rows) == 3
    assert len(listings.fines(doc, books, dt.date(2023, 3, 1), Filters()).rows) == 4


def _measures(doc: FactsDocument, books: Any, as_of: dt.date) -> dict[str, dict[str, Any]]:
    return {r["measure"]: r for r in listings.measures(doc, books, as_of, Filters()).rows}


def test_a_lift_closes_the_measure_from_its_day(doc: FactsDocument, books: Any) -> None:
    assert _measures(doc, books, dt.date(2022, 5, 31)) == {}
    before = _measures(doc, books, dt.date(2022, 8, 31))["informing-users"]
    assert (before["applied"], before["lifted"]) == ("2022-06-01", None)
    after = _measures(doc, books, dt.date(2022, 9, 1))["informing-users"]
    assert (after["applied"], after["lifted"]) == ("2022-06-01", "2022-09-01")
    assert after["sources"] == [
        "https://regulator.example/m1",
        "https://regulator.example/m1-lift",
    ]
    assert after["note"] == "applied"
    assert after["jurisdiction"] == "RU"
    assert after["kind"] == "measure"


def test_an_enforcement_action_is_listed_with_its_lift(doc: FactsDocument, books: Any) -> None:
    block = _measures(doc, books, AS_OF)["block"]
    assert block["kind"] == "action"
    assert (block["applied"], block["lifted"]) == ("2022-07-01", "2022-08-01")
    assert block["resource"] == "globex.example"
    assert block["basis"] == "a court order"
    listing = listings.measures(doc, books, AS_OF, Filters())
    assert listing.total["count"] == 2 and listing.total["lifted"] == 2


def test_measures_filter_by_the_day_applied(doc: FactsDocument, books: Any) -> None:
    rows = listings.measures(
        doc, books, AS_OF, Filters(date_from=dt.date(2022, 6, 2), date_to=dt.date(2022, 7, 1))
    ).rows
    assert [r["measure"] for r in rows] == ["block"]


def test_events_are_read_on_the_legal_day(doc: FactsDocument, books: Any) -> None:
    clock = books[0].clock
    late = Filters(type="list_inclusion")
    assert listings.events(doc, dt.date(2023, 12, 31), late, clock).rows == []
    [row] = listings.events(doc, dt.date(2024, 1, 1), late, clock).rows
    assert row["day"] == "2024-01-01" and row["company"] == "globex"


def test_events_name_the_owner_of_a_resource(doc: FactsDocument, books: Any) -> None:
    found = listings.events(doc, AS_OF, Filters(type="audience"), books[0].clock)
    [row] = found.rows
    assert row["company"] == "acme"
    assert row["sources"] == ["https://stats.example/acme"]
    assert "daily_users_ru: 650000" in row["summary"]
    assert found.total["count"] == 1


def test_a_missing_ledger_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    with pytest.raises(StorageError) as caught:
        listings.read_facts(None, f"sqlite:///{path}", AS_OF, None, None)
    assert caught.value.code == "ledger-missing"
    assert "landfall demo" in (caught.value.diagnostics[0].hint or "")
    assert not path.exists()


def test_an_existing_ledger_is_read(tmp_path: Path, doc: FactsDocument, books: Any) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with open_ledger(url) as store:
        store.append(document_events(doc))
    facts = listings.read_facts(None, url, AS_OF, None, None)
    assert len(listings.fines(facts, books, AS_OF, Filters()).rows) == 4


@pytest.fixture
def pg_without_ledger() -> Iterator[str]:
    """A PostgreSQL database without a ledger (skipped where none runs)."""
    with fresh_postgres("landfall_listings") as name:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"


@pytest.mark.postgres
def test_a_postgres_database_without_a_ledger_is_refused(pg_without_ledger: str) -> None:
    with pytest.raises(StorageError) as caught:
        listings.require_ledger(pg_without_ledger)
    assert caught.value.code == "ledger-missing"
    with open_ledger(pg_without_ledger):
        pass  # an explicit open creates it; then the listing reads it
    listings.require_ledger(pg_without_ledger)


@pytest.mark.parametrize("listing", ["fines", "measures", "events"])
def test_an_unknown_company_is_named_with_the_nearest(
    doc: FactsDocument, books: Any, listing: str
) -> None:
    filters = Filters(company="acmee")
    with pytest.raises(NotFoundError) as caught:
        if listing == "events":
            listings.events(doc, AS_OF, filters, books[0].clock)
        else:
            getattr(listings, listing)(doc, books, AS_OF, filters)
    assert caught.value.code == "unknown-company"
    assert "did you mean 'acme'?" in (caught.value.diagnostics[0].hint or "")
