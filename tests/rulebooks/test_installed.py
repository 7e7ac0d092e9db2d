"""A rulebook written outside landfall, installed through a real entry point, assessed by the
CLI and the API with no change to the core.

``fixture/landfall_xx`` is a rulebook package for the invented state XX (one law, one
obligation, clock +05:00, currency XXX). Each test copies it into a temporary site folder beside
a ``*.dist-info`` holding ``entry_points.txt`` and ``METADATA``, the files an installer writes,
so ``importlib.metadata`` finds it in the group ``landfall.rulebooks`` as it would an installed
wheel.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from landfall import rulebooks
from landfall.api import create_app
from landfall.errors import InputError, RulebookError
from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.settings import Settings
from landfall.tokens import TokenStore

FIXTURE = Path(__file__).parent / "fixture" / "landfall_xx"
SRC = Path(__file__).parents[2] / "src"

# Two companies as of 2024-01-01: one registered on that day, one whose filing is recorded at
# 20:00 UTC, already 2 January on Examplestan's clock (+05:00) though still 1 January in Moscow.
FACTS: dict[str, Any] = {
    "landfall": 1,
    "companies": [
        {"id": "early", "name": "Early Ltd", "country": "CY"},
        {"id": "late", "name": "Late Ltd", "country": "CY"},
    ],
    "events": [
        {
            "date": "2024-01-01T10:00:00+05:00",
            "type": "registration",
            "company": "early",
            "country": "XX",
            "register": "xx-platforms",
        },
        {
            "date": "2024-01-01T20:00:00+00:00",
            "type": "registration",
            "company": "late",
            "country": "XX",
            "register": "xx-platforms",
        },
    ],
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder laid out as an installer leaves site-packages for the package landfall-xx."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root / "landfall_xx")
    info = root / "landfall_xx-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: landfall-xx\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[landfall.rulebooks]\nxx = landfall_xx:rulebook\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(FACTS), encoding="utf-8")
    return path


def landfall(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The landfall command in a fresh interpreter that has the site folder on its path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(SRC)])}
    return subprocess.run(
        [sys.executable, "-c", "from landfall.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def by_id(items: list[dict[str, Any]], key: str = "company") -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


def test_rulebooks_lists_the_installed_rulebook_beside_the_built_in(site: Path) -> None:
    result = landfall(site, "rulebooks", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = by_id(json.loads(result.stdout), "id")
    assert found["xx"]["jurisdiction"] == "XX"
    assert found["xx"]["laws"] == ["xx-1"]
    assert found["xx"]["builtin"] is False and found["xx"]["source"] == "landfall_xx:rulebook"
    assert found["xx"]["version"].startswith("1.0+")
    assert found["ru"]["builtin"] is True
    table = landfall(site, "rulebooks")
    assert "xx" in table.stdout and "landfall_xx:rulebook" in table.stdout


def test_assess_with_the_installed_rulebook_reads_its_own_clock(
    site: Path, facts_file: Path
) -> None:
    result = landfall(
        site, "assess", str(facts_file), "--rulebook", "xx", "--as-of", "2024-01-01",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rulebook"]["id"] == "xx"
    assert [b["id"] for b in data["rulebooks"]] == ["xx"]
    companies = by_id(data["companies"])
    early = companies["early"]
    assert [(law["law"], law["jurisdiction"], law["applies"]) for law in early["laws"]] == [
        ("xx-1", "XX", True)
    ]
    assert [(o["id"], o["jurisdiction"], o["status"]) for o in early["obligations"]] == [
        ("xx-1.registration", "XX", "met")
    ]
    # 20:00 UTC on 1 January is 2 January at +05:00: not yet registered as of 1 January
    assert companies["late"]["obligations"][0]["status"] == "violated"
    result = landfall(
        site, "assess", str(facts_file), "--rulebook", "xx", "--as-of", "2024-01-02",
        "--format", "json",
    )  # fmt: skip
    late = by_id(json.loads(result.stdout)["companies"])["late"]
    assert late["obligations"][0]["status"] == "met"


def test_assess_with_several_rulebooks_keeps_each_ones_answers(
    site: Path, facts_file: Path
) -> None:
    result = landfall(
        site, "assess", str(facts_file), "--rulebook", "xx", "--rulebook", "ru",
        "--as-of", "2024-01-01", "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rulebook"]["id"] == "xx"
    assert [b["id"] for b in data["rulebooks"]] == ["xx", "ru"]
    early = by_id(data["companies"])["early"]
    assert [law["law"] for law in early["laws"]] == ["xx-1", "ru-236-fz", "ru-152-fz", "ru-149-fz"]
    assert {law["jurisdiction"] for law in early["laws"][1:]} == {"RU"}
    # without --rulebook, every installed rulebook is assessed (the built-ins beside ru too)
    default = landfall(site, "assess", str(facts_file), "--as-of", "2024-01-01", "--format", "json")
    builtins = {i for i, source in rulebooks.available().items() if source.builtin}
    assert {b["id"] for b in json.loads(default.stdout)["rulebooks"]} == {"xx", *builtins}


def test_an_unknown_rulebook_is_bad_input_with_the_closest_ids(
    site: Path, facts_file: Path
) -> None:
    result = landfall(site, "assess", str(facts_file), "--rulebook", "xy")
    assert result.returncode == 2
    assert "unknown-rulebook" in result.stderr and "did you mean xx" in result.stderr


def test_the_api_assesses_the_installed_rulebook(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with open_ledger(url) as store:
        store.append(document_events(FactsDocument.model_validate(FACTS)))
    with TokenStore(url) as tokens:
        token = tokens.create("regulator")[1]
    app = create_app(Settings(db=url, import_casebook=False, rulebooks=["xx"]))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {token}"}
        got = client.get("/api/companies/late/assessment?as_of=2024-01-01", headers=headers)
        assert got.status_code == 200, got.text
        obligation = got.json()["obligations"][0]
        assert (obligation["id"], obligation["jurisdiction"], obligation["status"]) == (
            "xx-1.registration",
            "XX",
            "violated",
        )
        board = client.get("/api/board?as_of=2024-01-02&law=xx-1", headers=headers)
        assert board.status_code == 200, board.text
        rows = by_id(board.json()["rows"])
        assert rows["late"]["statuses"] == {"xx-1.registration": "met"}
        # a law no rulebook of this server assesses is not found
        assert client.get("/api/board?law=ru-236-fz", headers=headers).status_code == 404


def test_an_entry_point_returning_another_rulebook_is_refused(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    points = site / "landfall_xx-1.0.dist-info" / "entry_points.txt"
    points.write_text("[landfall.rulebooks]\nyy = landfall_xx:rulebook\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    assert "yy" in rulebooks.available()
    with pytest.raises(RulebookError) as e:
        rulebooks.load("yy")
    assert "not the rulebook 'yy'" in e.value.diagnostics[0].message
    with pytest.raises(InputError):
        rulebooks.load("zz-unknown")
