"""A changed company or resource record, imported again, replaces the first (probe F17).

Before, the second import added a second record, and the company was listed twice in
``/api/companies`` and on the board.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from landfall.api import create_app
from landfall.ledger import SqlLedger, import_facts, open_ledger
from landfall.periods import LegalClock
from landfall.settings import Settings
from landfall.tokens import TokenStore

from .support import Clock

MSK = LegalClock(dt.timedelta(hours=3), "MSK")
DOC = """\
landfall: 1
companies:
  - {{id: acme, name: {name}, country: CY}}
  - {{id: beta, name: Beta, country: US}}
resources:
  - {{id: acme.social, company: acme, kind: {kind}}}
"""


def write(path: Path, name: str, kind: str = "social_network") -> Path:
    path.write_text(DOC.format(name=name, kind=kind))
    return path


def test_the_latest_record_of_an_id_wins_in_its_place(
    store: SqlLedger, clock: Clock, tmp_path: Path
) -> None:
    import_facts(store, write(tmp_path / "one.yaml", "Acme Old"))
    clock.set(2024, 2, 1)
    second = import_facts(store, write(tmp_path / "two.yaml", "Acme New", "messenger"))
    assert second.added == 2  # the changed company and resource records, nothing else
    doc = store.facts(dt.date(2024, 3, 1), clock=MSK)
    assert [(c.id, c.name) for c in doc.companies] == [("acme", "Acme New"), ("beta", "Beta")]
    assert [(r.id, r.kind) for r in doc.resources] == [("acme.social", "messenger")]
    # as known before the second import, the first record is the picture
    then = store.facts(dt.date(2024, 3, 1), known_at=dt.date(2024, 1, 15), clock=MSK)
    assert [c.name for c in then.companies] == ["Acme Old", "Beta"]


def test_the_api_and_the_board_list_a_reimported_company_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with open_ledger(url) as ledger:
        import_facts(ledger, write(tmp_path / "one.yaml", "Acme Old"))
        import_facts(ledger, write(tmp_path / "two.yaml", "Acme New"))
    with TokenStore(url) as tokens:
        token = tokens.create("regulator")[1]
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(Settings(db=url))) as client:
        listed = client.get("/api/companies?as_of=2024-06-01", headers=headers)
        assert listed.status_code == 200, listed.text
        rows = [c for c in listed.json()["companies"] if c["id"] == "acme"]
        assert [c["name"] for c in rows] == ["Acme New"]
        board = client.get("/api/board?as_of=2024-06-01", headers=headers)
        assert board.status_code == 200, board.text
        assert board.text.count('"acme"') == 1, board.text
