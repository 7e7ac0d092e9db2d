"""A ledger holding the case book (public) plus private facts, and tokens for every role.

The case book is imported once per session into a template file; each test copies it, so
every test starts from the same fresh state in milliseconds.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.service.portal import seed_casebook
from landfall.tokens import TokenStore

PRIVATE = {
    "landfall": 1,
    "companies": [{"id": "acme", "name": "Acme Social Ltd", "country": "CY"}],
    "resources": [
        {"id": "acme.social", "company": "acme", "kind": "social_network"},
    ],
    "events": [
        {
            "date": "2022-01-10",
            "type": "audience",
            "resource": "acme.social",
            "daily_users_ru": 650000,
        },
        {"date": "2022-03-01", "type": "list_inclusion", "company": "acme"},
        {
            "date": "2022-05-01",
            "type": "fine",
            "company": "acme",
            "article": "13.41",
            "part": "2",
            "amount_rub": 3000000,
        },
        # A private fact about a public company: only the regulator and google's token see it.
        {
            "date": "2023-02-01",
            "type": "fine",
            "company": "google",
            "article": "13.41",
            "part": "2",
            "amount_rub": 7777777,
            "note": "PRIVATE-GOOGLE-FINE",
        },
    ],
}


def build_template(path: Path) -> None:
    url = f"sqlite:///{path}"
    with open_ledger(url) as store:
        seed_casebook(store)
        store.append(document_events(FactsDocument.model_validate(PRIVATE)))


@dataclass
class World:
    url: str
    tokens: dict[str, str]


def fresh_world(template: Path, directory: Path) -> World:
    db = directory / "ledger.db"
    shutil.copyfile(template, db)
    url = f"sqlite:///{db}"
    with TokenStore(url) as store:
        tokens = {
            role: store.create(role)[1] for role in ("regulator", "company:acme", "company:google")
        }
        revoked, plain = store.create("regulator", "revoked")
        store.revoke(revoked.id)
        tokens["revoked"] = plain
    return World(url, tokens)
