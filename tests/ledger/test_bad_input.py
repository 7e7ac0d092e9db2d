"""Bad facts documents: a clear error naming file, line and field; nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from landfall.errors import InputError
from landfall.facts.loader import MAX_BYTES
from landfall.ledger import SqlLedger, import_facts

from .support import FACTS_RECORDS

HEAD = "landfall: 1\ncompanies:\n  - {id: acme}\nresources:\n  - {id: acme.social, company: acme}\n"

CASES = [
    pytest.param(HEAD + "events: [\n  {date: 2022-01-01\n", "malformed-yaml", None, id="malformed"),
    pytest.param(
        HEAD + "events:\n  - {date: 2022-01-01, type: audience, resource: acme.social,"
        " daily_users_ru: many}\n",
        "wrong-type",
        "events[0].daily_users_ru",
        id="wrong-type",
    ),
    pytest.param(
        HEAD + "events:\n  - {date: 2022-01-01, type: rkn_account, company: nobody}\n",
        "unknown-company",
        "events[0].company",
        id="unknown-id",
    ),
    pytest.param(
        HEAD + "  - {id: acme.social, company: acme}\n",
        "duplicate-id",
        "resources[1].id",
        id="duplicate-id",
    ),
    pytest.param(
        HEAD + "events:\n  - {date: 1812-09-07, type: rkn_account, company: acme}\n",
        "date-out-of-range",
        "events[0].date",
        id="date-out-of-range",
    ),
    pytest.param(
        HEAD + "events:\n  - {date: 2022-02-30, type: rkn_account, company: acme}\n",
        "invalid-date",
        "events[0].date",
        id="impossible-date",
    ),
    pytest.param("landfall: 2\n", "unsupported-format-version", "landfall", id="version"),
]


@pytest.mark.parametrize(("text", "code", "field"), CASES)
def test_bad_document_writes_nothing(
    store: SqlLedger, facts_file: Path, tmp_path: Path, text: str, code: str, field: str | None
) -> None:
    import_facts(store, facts_file)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_facts(store, bad)
    diagnostic = e.value.diagnostics[0]
    assert diagnostic.code == code
    assert diagnostic.where.file == str(bad)
    assert diagnostic.where.line is not None and diagnostic.where.line >= 1
    if field is not None:
        assert diagnostic.where.field == field
    assert len(store.events()) == FACTS_RECORDS
    assert store.verify().ok


def test_large_document_with_one_bad_event_writes_nothing(store: SqlLedger, tmp_path: Path) -> None:
    events: list[dict[str, object]] = [
        {"date": "2022-01-01", "type": "audience", "resource": "acme.social", "daily_users_ru": i}
        for i in range(20_000)
    ]
    events[-1]["daily_users_ru"] = -1
    doc = {
        "landfall": 1,
        "companies": [{"id": "acme"}],
        "resources": [{"id": "acme.social", "company": "acme"}],
        "events": events,
    }
    path = tmp_path / "large.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_facts(store, path)
    assert e.value.code == "out-of-range"
    assert e.value.diagnostics[0].where.field == "events[19999].daily_users_ru"
    assert store.events() == []


def test_huge_file_is_refused_before_reading(store: SqlLedger, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: the size is real, the disk stays empty
    with pytest.raises(InputError) as e:
        import_facts(store, path)
    assert e.value.code == "file-too-large"
    assert store.events() == []


def test_missing_file(store: SqlLedger, tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        import_facts(store, tmp_path / "nope.yaml")
    assert e.value.code == "file-not-found"
