"""A multi-file import reports every file: a hostile one adds nothing and the rest go in."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.errors import InputError
from landfall.ledger import NewEvent, SqlLedger
from landfall.ledger.cli import app

from .support import FACTS_RECORDS

runner = CliRunner()

OTHER = """\
landfall: 1
companies:
  - {id: gamma, name: Gamma, country: US}
events:
  - {date: 2022-01-10, type: rkn_account, company: gamma}
"""


@pytest.mark.parametrize(
    "hostile",
    [
        '{"landfall": 1, "note": ' + "[" * 3000 + "]" * 3000 + "}",
        '{"landfall": 1, "note": ' + "9" * 5000 + "}",
        '{"landfall": 1, "companies": [{"id": "acme", "name": "\\ud800"}]}',
    ],
    ids=["deep", "bigint", "surrogate"],
)
def test_every_file_is_reported(
    ledger_url: str, facts_file: Path, tmp_path: Path, hostile: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(hostile)
    other = tmp_path / "c.yaml"
    other.write_text(OTHER)
    result = runner.invoke(
        app, ["import", str(facts_file), str(bad), str(other), "--db", ledger_url]
    )
    assert result.exit_code == 2, result.output
    assert f"{facts_file}: {FACTS_RECORDS} added" in result.stdout
    assert f"{other}: 2 added" in result.stdout
    assert str(bad) in result.stderr and "Traceback" not in result.output
    assert f"2 of 3 files imported; not imported: {bad}" in result.stdout


def test_the_ledger_refuses_text_it_cannot_hash(store: SqlLedger) -> None:
    # Events from the API, the takedown and audience collectors reach append() directly.
    with pytest.raises(InputError) as e:
        store.append(
            [
                NewEvent(
                    type="rkn_account",
                    company="acme",
                    subject="acme",
                    payload={},
                    source="a\ud800b",
                )
            ]
        )
    assert e.value.code == "invalid-text" and "events[0].source" in str(e.value)
    with pytest.raises(InputError) as e:
        store.append(
            [
                NewEvent(
                    type="rkn_account",
                    company="acme",
                    subject="acme",
                    payload={},
                    valid_from="0001-01-01T00:00:00+14:00",
                )
            ]
        )
    assert e.value.code == "date-out-of-range"
    assert store.events() == []
