"""`landfall serve` on an empty ledger shows the case book; `landfall token` manages tokens."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landfall.api import create_app
from landfall.cli import app as cli
from landfall.settings import Settings, get_settings


def test_an_empty_ledger_gets_the_case_book(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with TestClient(create_app(Settings(db=url))) as client:
        companies = client.get("/api/companies").json()["companies"]
        assert {"google", "meta", "twitter"} <= {c["id"] for c in companies}
        assert "Google LLC" in client.get("/").text
        assert client.get("/api/ledger/verify").json()["ok"]
    # A second start imports nothing more.
    with TestClient(create_app(Settings(db=url))) as client:
        again = client.get("/api/companies").json()["companies"]
        assert sorted(c["id"] for c in again) == sorted(c["id"] for c in companies)


def test_settings_come_from_the_environment(monkeypatch: object) -> None:
    import pytest

    mp: pytest.MonkeyPatch = monkeypatch  # type: ignore[assignment]
    mp.setenv("LANDFALL_DB", "sqlite:///x.db")
    mp.setenv("LANDFALL_MAX_BODY_BYTES", "4096")
    assert Settings().db == "sqlite:///x.db"
    assert Settings().max_body_bytes == 4096
    get_settings.cache_clear()
    assert get_settings() is get_settings()
    get_settings.cache_clear()


def test_token_create_list_revoke(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    runner = CliRunner()
    created = runner.invoke(
        cli, ["token", "create", "company:acme", "--label", "acme ops", "--db", url]
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("lf_")
    listed = runner.invoke(cli, ["token", "list", "--db", url])
    token_id = token.split("_", 2)[1]
    assert token_id in listed.output and "company:acme" in listed.output
    assert token.split("_", 2)[2] not in listed.output
    with TestClient(create_app(Settings(db=url, import_casebook=False))) as client:
        who = client.get("/api/whoami", headers={"Authorization": f"Bearer {token}"}).json()
        assert who["role"] == "company" and who["company"] == "acme"
        revoked = runner.invoke(cli, ["token", "revoke", token_id, "--db", url])
        assert revoked.exit_code == 0, revoked.output
        r = client.get("/api/whoami", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401
    again = runner.invoke(cli, ["token", "revoke", token_id, "--db", url])
    assert again.exit_code == 4 and "unknown-token" in again.output
    bad = runner.invoke(cli, ["token", "create", "admin", "--db", url])
    assert bad.exit_code == 2 and "invalid-role" in bad.output
