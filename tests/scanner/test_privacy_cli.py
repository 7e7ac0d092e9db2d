"""Canary values planted in scanned data never leave the scanner: only counts, masks, hashes."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import typer
from scanner_data import rows, users
from typer.testing import CliRunner

from landfall.errors import InputError
from landfall.scanner import scan_stores
from landfall.scanner.cli import scan_command
from landfall.scanner.reconcile import require_key

CANARIES = {
    "phone": "+7 916 555-01-99",
    "email": "canary.person@mail.ru",
    "inn": "500100732259",
    "snils": "112-233-445 95",
    "name": "Канареечкин Пётр Сергеевич",
    "note": "паспорт 45 08 918273, тел. 8 (926) 404-77-31",
}
KEY = b"0123456789abcdef0123456789abcdef"


def _raw_fragments() -> list[str]:
    digits = ["".join(c for c in v if c.isdigit()) for v in CANARIES.values()]
    return [*CANARIES.values(), *(d for d in digits if len(d) >= 6), "9185550199", "918273"]


def _plant(tmp_path: Path) -> Path:
    db = tmp_path / "canary.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE users (id, full_name, phone, email, inn, snils, note)")
    conn.executemany("INSERT INTO users VALUES (?,?,?,?,?,?,?)", rows(users(50)))
    c = CANARIES
    conn.execute(
        "INSERT INTO users VALUES (?,?,?,?,?,?,?)",
        (99, c["name"], c["phone"], c["email"], c["inn"], c["snils"], c["note"]),
    )
    conn.commit()
    conn.close()
    stores = tmp_path / "stores.yaml"
    stores.write_text(
        json.dumps(
            {
                "stores": [
                    {"id": "ru", "company": "acme", "role": "primary", "country": "RU",
                     "url": "postgresql://postgres@127.0.0.1:1/none"},
                    {"id": "abroad", "company": "acme", "role": "replica", "country": "NL",
                     "url": f"sqlite:///{db}"},
                ]
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    return stores


def _assert_clean(text: str) -> None:
    for raw in _raw_fragments():
        assert raw not in text, raw


def test_no_raw_value_in_report_events_or_progress(tmp_path: Path) -> None:
    stores = _plant(tmp_path)
    progress: list[Any] = []
    report = scan_stores(stores, key=KEY, progress=lambda *a: progress.append(a))
    abroad = report.stores[1]
    assert abroad.russian_user_rows > 0 and abroad.signals["passport_ru"] == 1
    assert abroad.reconciliation is not None
    assert abroad.reconciliation["only_abroad"] == abroad.russian_user_rows
    _assert_clean(report.to_json())
    _assert_clean(json.dumps(report.to_events(datetime.now(UTC)), ensure_ascii=False))
    _assert_clean(repr(progress))
    _assert_clean(" ".join(str(e) for s in report.stores for e in s.errors))
    assert all(re.fullmatch(r"\+7 \d\*\* \*\*\* \*\*\d\d", m) for m in abroad.samples["phone_ru"])


def test_cli_json_and_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stores = _plant(tmp_path)
    monkeypatch.setenv("LANDFALL_SCAN_KEY", KEY.decode())
    got: list[dict[str, Any]] = []
    app = typer.Typer()
    app.command()(
        lambda stores_file: scan_command(stores_file, format="json", append_events=got.extend)
    )
    result = CliRunner().invoke(app, [str(stores)])
    _assert_clean(result.output)
    assert result.exit_code == 5  # one store unreachable: the scan reports it and goes on
    body = result.output[result.output.index("{") :]
    data = json.loads(body[: body.rindex("}") + 1])
    assert [s["status"] for s in data["stores"]] == ["error", "ok"]
    assert [e["store"] for e in got] == ["abroad"]
    _assert_clean(json.dumps(got, ensure_ascii=False))


def test_cli_table_without_key_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stores = _plant(tmp_path)
    monkeypatch.delenv("LANDFALL_SCAN_KEY", raising=False)
    app = typer.Typer()
    app.command()(lambda stores_file: scan_command(stores_file, format="table"))
    result = CliRunner().invoke(app, [str(stores)])
    assert result.exit_code == 2
    assert "scan-key-missing" in result.output


def test_key_is_required_and_strong() -> None:
    with pytest.raises(InputError, match="scan-key-missing"):
        require_key(None)
    with pytest.raises(InputError, match="scan-key-weak"):
        require_key(b"short")
