"""The CLI's tests start without ``COLUMNS``: the commands take their width from it, and
some runners (pytest-xdist's workers) export one, so a test that wants a width sets it.

``casebook`` is a ledger holding the case book, made once for the session; ``casebook_with``
makes one that also holds the facts documents named.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from landfall.ledger import open_ledger
from landfall.ledger.importer import import_facts
from landfall.service.portal import seed_casebook


@pytest.fixture(autouse=True)
def _no_inherited_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture(scope="session")
def casebook_with(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., str]:
    """A maker of SQLite ledgers seeded with the case book and then the facts files given."""

    def make(*facts: str | Path) -> str:
        url = f"sqlite:///{tmp_path_factory.mktemp('casebook') / 'ledger.db'}"
        with open_ledger(url) as store:
            seed_casebook(store)
            for path in facts:
                import_facts(store, path)
        return url

    return make


@pytest.fixture(scope="session")
def casebook(casebook_with: Callable[..., str]) -> str:
    return casebook_with()
