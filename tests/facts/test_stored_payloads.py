"""A ledger written before the neutral names still verifies and reads as the same facts.

``WRITTEN_BEFORE`` holds the payloads the importer stored for ``FORMAT_1`` in the version
that knew only format 1's names (recorded from it, byte for byte). They are hashed into the
chain, so they are never rewritten: the picture reads them through the model's adapter.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.facts import parse_facts
from landfall.ledger import NewEvent, SqlLedger, document_events, import_facts, open_ledger
from landfall.ledger.cli import app
from landfall.ledger.events import canonical_json
from landfall.periods import LegalClock

MSK = LegalClock(dt.timedelta(hours=3), "MSK")

FORMAT_1 = """\
landfall: 1
companies:
  - {id: acme, name: Acme Social Ltd, country: CY, revenue_rub: {2021: 12000000000}}
resources:
  - {id: acme.social, company: acme, kind: social_network}
events:
  - {date: 2021-09-01, type: audience, resource: acme.social, daily_users_ru: 650000, method: exact}
  - {date: 2021-09-02, type: audience_series, resource: acme.social, daily_users_ru: [640000, 660000]}
  - {date: 2022-02-01, type: fine, company: acme, article: "13.41", part: "2", amount_rub: 3000000}
  - {date: 2022-03-01, type: measure_applied, company: acme, measure: advertising-ban}
  - {date: 2022-03-02, type: list_inclusion, company: acme, list: landing}
  - {date: 2022-03-03, type: local_presence, company: acme, form: branch}
"""
NEUTRAL = (
    FORMAT_1.replace("daily_users_ru: 650000", "country: RU, metric: daily_users, value: 650000")
    .replace("daily_users_ru: [", "country: RU, metric: daily_users, value: [")
    .replace("amount_rub: 3000000", "amount: 3000000, currency: RUB")
    .replace("measure: advertising-ban", "country: RU, measure: advertising-ban")
    .replace("form: branch", "country: RU, form: branch")
)

WRITTEN_BEFORE = [
    ("company", "acme", '{"country":"CY","id":"acme","name":"Acme Social Ltd","revenue_rub":{"2021":12000000000.0}}'),
    ("resource", "acme.social", '{"company":"acme","id":"acme.social","kind":"social_network"}'),
    ("audience", "acme.social", '{"daily_users_ru":650000,"date":"2021-09-01","method":"exact","resource":"acme.social","type":"audience"}'),
    ("audience_series", "acme.social", '{"daily_users_ru":[640000,660000],"date":"2021-09-02","resource":"acme.social","type":"audience_series"}'),
    ("fine", "acme", '{"amount_rub":3000000.0,"article":"13.41","company":"acme","date":"2022-02-01","part":"2","type":"fine"}'),
    ("measure_applied", "acme", '{"company":"acme","date":"2022-03-01","measure":"advertising-ban","type":"measure_applied"}'),
    ("list_inclusion", "acme", '{"company":"acme","date":"2022-03-02","type":"list_inclusion"}'),
    ("local_presence", "acme", '{"company":"acme","date":"2022-03-03","form":"branch","type":"local_presence"}'),
]  # fmt: skip


@pytest.fixture
def old_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def old_ledger(old_url: str) -> SqlLedger:
    """A ledger holding the rows as the format-1 version wrote them."""
    store = open_ledger(old_url)
    store.append(
        [
            NewEvent(kind, "acme", subject, json.loads(payload), json.loads(payload).get("date"))
            for kind, subject, payload in WRITTEN_BEFORE
        ]
    )
    return store


@pytest.mark.parametrize("spelling", [FORMAT_1, NEUTRAL], ids=["format-1", "neutral"])
def test_both_spellings_store_the_bytes_the_earlier_version_stored(spelling: str) -> None:
    stored = [
        (e.type, e.subject, canonical_json(e.payload))
        for e in document_events(parse_facts(spelling))
    ]
    assert stored == WRITTEN_BEFORE


def test_an_old_ledger_verifies_and_reads_as_the_same_facts(old_ledger: SqlLedger) -> None:
    assert old_ledger.verify().ok
    picture = old_ledger.facts(dt.date(2022, 12, 31), clock=MSK)
    from_file = parse_facts(NEUTRAL)
    assert picture.events == from_file.events
    assert picture.companies == from_file.companies
    audience = picture.events[0]
    assert (audience.country, audience.metric, audience.value) == ("RU", "daily_users", 650000)
    fine = picture.events[2]
    assert (fine.amount, fine.currency) == (3000000, "RUB")
    # reading rewrote nothing: the stored rows are the bytes first written, and still verify
    rows = old_ledger.events()
    assert [(r.type, r.subject, r.payload) for r in rows] == WRITTEN_BEFORE
    assert old_ledger.verify().ok


@pytest.mark.parametrize("spelling", [FORMAT_1, NEUTRAL], ids=["format-1", "neutral"])
def test_importing_the_same_facts_again_adds_nothing(
    old_ledger: SqlLedger, tmp_path: Path, spelling: str
) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(spelling, encoding="utf-8")
    result = import_facts(old_ledger, path)
    assert (result.added, result.skipped) == (0, len(WRITTEN_BEFORE))
    assert old_ledger.verify().ok


def test_ledger_verify_passes_on_the_old_ledger(old_ledger: SqlLedger, old_url: str) -> None:
    old_ledger.facts(dt.date(2022, 12, 31), clock=MSK)  # read it through the adapter first
    result = CliRunner().invoke(app, ["verify", "--db", old_url])
    assert result.exit_code == 0, result.stderr
    assert str(len(WRITTEN_BEFORE)) in result.stdout
