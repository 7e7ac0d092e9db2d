"""End to end through the CLI: three stores in three countries -> ledger -> assess/explain.

PostgreSQL primary in Russia, a MariaDB replica in Germany and a Parquet backup in the US are
scanned with ``landfall scan --db``; the ledger already holds the company's facts document.
``landfall assess`` must then give ``ru-152-fz.localization`` from the scan evidence:
violated when records exist only abroad, met when every record abroad is also in Russia (the
company has filed the art. 12 cross-border notice that copies abroad need).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from scanner_data import User, users
from test_scan import make_mariadb, make_parquet, make_pg, stores_file
from typer.testing import CliRunner

from landfall.cli import app

KEY = "0123456789abcdef0123456789abcdef"
FACTS = {
    "landfall": 1,
    "companies": [{"id": "acme", "name": "Acme Social", "country": "RU"}],
    "resources": [
        {"id": "acme.example", "company": "acme", "kind": "social_network",
         "processes_russian_users_data": True},
    ],
    # since 1 July 2025 copies abroad meet 152-FZ art. 18 part 5 only with the art. 12 notice
    "events": [
        {"date": "2023-02-20", "type": "registration", "company": "acme",
         "register": "cross-border-notice"},
    ],
}  # fmt: skip


def russian(data: list[User]) -> int:
    return sum(u.russian for u in data)


def _run(args: list[str]) -> Any:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result


def _scenario(
    tmp_path: Path, pg_url: str, mariadb_url: str, *, compliant: bool
) -> tuple[dict[str, Any], str, str, list[User], list[User]]:
    data = users(600, seed=11)
    in_russia, extra = data[:450], data[450:]
    make_pg(pg_url, in_russia)
    if compliant:
        # Every record abroad is a copy of one in the Russian primary.
        replica, backup = in_russia[:300], in_russia[200:]
    else:
        # The replica also holds 150 users never written to Russia; the backup holds 50 more.
        replica, backup = in_russia[:300] + extra, in_russia[:100] + extra[:50]
    make_mariadb(mariadb_url, replica)
    make_parquet(tmp_path / "lake", backup)
    stores = stores_file(
        tmp_path,
        [
            {"id": "pg-ru", "company": "acme", "url": pg_url, "country": "RU",
             "role": "primary", "tables": ["users"]},
            {"id": "mdb-de", "company": "acme", "url": mariadb_url, "country": "DE",
             "role": "replica", "tables": ["users"]},
            {"id": "lake-us", "company": "acme", "url": str(tmp_path / "lake" / "*.parquet"),
             "country": "US", "role": "backup"},
        ],
    )  # fmt: skip
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FACTS), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    _run(["ledger", "import", str(facts), "--db", db])
    out = _run(["scan", str(stores), "--db", db, "--format", "json"]).stdout
    report = json.loads(out[out.index("{") : out.rindex("}") + 1])
    as_of = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
    return report, db, as_of, replica, backup


def _localization(db: str, as_of: str) -> dict[str, Any]:
    out = _run(["assess", "--db", db, "--as-of", as_of, "--format", "json"]).stdout
    result = json.loads(out)
    (company,) = result["companies"]
    assert company["company"] == "acme"
    return next(o for o in company["obligations"] if o["id"] == "ru-152-fz.localization")


def _explain(db: str, as_of: str) -> str:
    args = ["explain", "-", "ru-152-fz.localization", "--db", db, "--as-of", as_of]
    text = _run([*args, "--format", "json"]).stdout
    _run(args)  # the text rendering works too
    return text


@pytest.mark.postgres
@pytest.mark.mariadb
def test_records_only_abroad_violate_localization(
    tmp_path: Path, pg_url: str, mariadb_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDFALL_SCAN_KEY", KEY)
    report, db, as_of, replica, backup = _scenario(tmp_path, pg_url, mariadb_url, compliant=False)
    by_id = {s["id"]: s for s in report["stores"]}
    assert [s["status"] for s in report["stores"]] == ["ok", "ok", "ok"]
    assert {i: by_id[i]["country"] for i in by_id} == {
        "pg-ru": "RU",
        "mdb-de": "DE",
        "lake-us": "US",
    }
    assert by_id["mdb-de"]["rows_scanned"] == len(replica)
    assert by_id["lake-us"]["rows_scanned"] == len(backup)
    only_de = russian(replica[300:])
    only_us = russian(backup[100:])
    assert by_id["mdb-de"]["reconciliation"]["only_abroad"] == only_de > 0
    assert by_id["mdb-de"]["reconciliation"]["matched"] == russian(replica[:300])
    assert by_id["lake-us"]["reconciliation"]["only_abroad"] == only_us > 0

    ob = _localization(db, as_of)
    assert ob["status"] == "violated", ob
    because = "\n".join(ob["because"])
    assert "scan of pg-ru" in because and "scan of mdb-de" in because
    assert f"{only_de:,} records of mdb-de exist in no Russian primary store" in because
    assert f"{only_us:,} records of lake-us exist in no Russian primary store" in because

    explained = _explain(db, as_of)
    for store in ("pg-ru", "mdb-de", "lake-us"):
        assert f"scan of {store}" in explained
    assert "located DE by declared" in explained


@pytest.mark.postgres
@pytest.mark.mariadb
def test_copies_abroad_meet_localization(
    tmp_path: Path, pg_url: str, mariadb_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDFALL_SCAN_KEY", KEY)
    report, db, as_of, replica, backup = _scenario(tmp_path, pg_url, mariadb_url, compliant=True)
    by_id = {s["id"]: s for s in report["stores"]}
    for abroad, data in (("mdb-de", replica), ("lake-us", backup)):
        rec = by_id[abroad]["reconciliation"]
        assert rec["only_abroad"] == 0
        assert rec["matched"] == russian(data) == by_id[abroad]["russian_user_rows"]
        assert rec["share_in_russia"] == 1.0
    ob = _localization(db, as_of)
    assert ob["status"] == "met", ob
    assert any("scan of lake-us" in b for b in ob["because"])
    assert "the primary store is in Russia; stores abroad are copies" in ob["because"]
    assert "scan of mdb-de" in _explain(db, as_of)
