"""The CLI through Typer's runner: outputs, exit codes and diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app

ROOT = Path(__file__).parents[2]
MIDSIZE = str(ROOT / "examples" / "midsize-platform.yaml")
JUNE = str(ROOT / "examples" / "june-2021.yaml")

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_assess_json_follows_the_contract() -> None:
    code, stdout, _ = run("assess", MIDSIZE, "--as-of", "2022-02-06", "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    assert data["as_of"] == "2022-02-06"
    assert data["rulebook"]["id"] == "ru"
    company = data["companies"][0]
    statuses = {o["id"]: o["status"] for o in company["obligations"]}
    assert statuses["ru-236-fz.local-presence"] == "violated"
    assert statuses["ru-149-fz.takedown"] == "violated"
    for obligation in company["obligations"]:
        assert obligation["citation"] and obligation["because"]


def test_june_2021_picture() -> None:
    code, stdout, _ = run("assess", JUNE, "--as-of", "2021-07-01", "--format", "json")
    assert code == 0
    companies = {c["company"]: c for c in json.loads(stdout)["companies"]}
    june_fines = {
        (name, f["amount_rub"]): f
        for name, c in companies.items()
        for f in c["fines"]
        if f["date"] == "2021-06-10"
    }
    assert june_fines[("meta", 17000000)]["lawful"] is True
    assert june_fines[("telegram", 10000000)]["range_rub"] == [3200000, 16000000]
    local = {
        name: next(o for o in c["obligations"] if o["id"] == "ru-236-fz.local-presence")
        for name, c in companies.items()
    }
    assert {o["status"] for o in local.values()} == {"pending"}


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_assess_human_formats(fmt: str) -> None:
    code, stdout, _ = run("assess", MIDSIZE, "--as-of", "2022-02-06", "--format", fmt)
    assert code == 0
    assert "ru-236-fz.local-presence" in stdout or "ru-236-fz.local-pre" in stdout


def test_fail_on_violation_exits_1() -> None:
    code, _, _ = run("assess", MIDSIZE, "--as-of", "2022-02-06", "--fail-on-violation")
    assert code == 1


def test_bad_input_exits_2_with_a_diagnostic(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("landfall: 1\ncompanies:\n  - id: Bad Id\n")
    code, _, stderr = run("assess", str(bad), "--as-of", "2022-01-01")
    assert code == 2
    assert "[invalid-id]" in stderr and "bad.yaml:3" in stderr and "companies[0].id" in stderr


def test_unknown_company_exits_4() -> None:
    code, _, stderr = run("assess", MIDSIZE, "--company", "nobody")
    assert code == 4
    assert "unknown-company" in stderr


def test_explain_prints_rule_article_parameters_and_facts() -> None:
    code, stdout, _ = run(
        "explain", MIDSIZE, "ru-236-fz.local-presence", "--as-of", "2022-01-01", "--format", "json"
    )
    assert code == 0
    node = json.loads(stdout)["explanations"][0]
    assert node["value"] == "violated"
    assert node["rules"][0]["id"] == "ru-236-fz.local-presence.duty"
    params = {p["id"]: p for p in node["parameters"]}
    assert params["ru-236-fz.local-presence-due"]["effective_from"] == "2021-07-01"
    assert params["ru-236-fz.local-presence-due"]["value"] == "2022-01-01"
    assert node["children"][0]["definition"] == "ru-236-fz.applies"


def test_explain_text_and_unknown_id() -> None:
    code, stdout, _ = run(
        "explain", MIDSIZE, "ru-149-fz.takedown:kestrel-td-2022-001", "--as-of", "2022-03-01"
    )
    assert code == 0 and "hours" in stdout
    code, _, stderr = run("explain", MIDSIZE, "no-such-thing.x", "--as-of", "2022-03-01")
    assert code == 4 and "unknown-obligation" in stderr


def test_rules_lists_every_law_and_parameter_in_force() -> None:
    code, stdout, _ = run("rules", "--rulebook", "ru", "--as-of", "2021-06-30", "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    in_force = {law["id"]: law["in_force"] for law in data["laws"]}
    assert in_force == {"ru-236-fz": False, "ru-152-fz": True, "ru-149-fz": True, "koap": True}
    ids = {p["id"] for p in data["parameters"]}
    assert "ru-236-fz.audience-threshold" not in ids
    assert "koap.13.41.part-2" in ids
    code, stdout, _ = run("rules", "--as-of", "2021-07-01")
    assert code == 0 and "ru-236-fz.audience-threshold" in stdout


@pytest.mark.parametrize("name", ["facts", "assessment"])
def test_schema_is_json_schema(name: str) -> None:
    code, stdout, _ = run("schema", name)
    assert code == 0
    schema = json.loads(stdout)
    assert schema["type"] == "object" and "properties" in schema
