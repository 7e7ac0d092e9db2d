"""The portal pages the ledger's events in the store, the same answer as slicing them all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from landfall.casebook import load_casebook
from landfall.ledger import document_events, open_ledger
from landfall.rulebooks.ru import rulebook
from landfall.service.portal import Portal
from landfall.tokens import PUBLIC, REGULATOR, Principal


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    db: Path = tmp_path_factory.mktemp("portal") / "ledger.db"
    with open_ledger(f"sqlite:///{db}") as store:
        document, _ = load_casebook()
        store.append(document_events(document))
        yield Portal(store, rulebook())


@pytest.mark.parametrize("who", [REGULATOR, PUBLIC], ids=["regulator", "public"])
@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (5, 3), (50, 40), (10, 10_000)])
def test_a_page_of_events_is_the_slice_of_all_of_them(
    portal: Portal, who: Principal, limit: int, offset: int
) -> None:
    everything = portal.events(who, limit=1_000_000)
    assert len(everything) > 50
    page = portal.events(who, limit=limit, offset=offset)
    assert [r.id for r in page] == [r.id for r in everything[offset : offset + limit]]
