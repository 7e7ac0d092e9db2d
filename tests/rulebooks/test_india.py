"""The Indian rulebook as a built-in: its id (``in``, a Python keyword) from its folder ``in_``,
the CLI and the deadline rule the takedown tracker asks, and its answers never bleeding into
Russia's (or Russia's into it) when both are assessed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from landfall import rulebooks
from landfall.cli import app
from landfall.engine import assess
from landfall.engine.assess import assess_company
from landfall.engine.context import Ctx
from landfall.engine.schema import AssessmentOut
from landfall.engine.view import company_views
from landfall.facts import load_facts, parse_facts
from landfall.rulebooks import builtin_id, load, load_many, takedown_deadline_of

ROOT = Path(__file__).parents[2]
CASES = ROOT / "tests" / "cases" / "in"
GOLDEN_FACTS = CASES / "golden-facts.json"
runner = CliRunner()
UTC = dt.UTC
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


def test_a_built_in_id_is_its_folder_without_a_trailing_underscore() -> None:
    assert builtin_id(Path("rulebooks") / "in_") == "in"
    assert builtin_id(Path("rulebooks") / "ru") == "ru"
    found = rulebooks.available()
    assert "in_" not in found
    source = found["in"]
    assert (source.id, source.target, source.builtin) == (
        "in",
        "landfall.rulebooks.in_:rulebook",
        True,
    )
    book = load("in")
    assert (book.id, book.manifest.jurisdiction, book.manifest.currency) == ("in", "IN", "INR")
    assert (book.clock.offset, book.clock.name) == (dt.timedelta(hours=5, minutes=30), "IST")


def test_russia_stays_the_primary_rulebook() -> None:
    assert next(iter(rulebooks.available())) == "ru"
    assert rulebooks.primary().id == "ru"


def test_the_cli_lists_shows_and_assesses_the_rulebook_in() -> None:
    listed = runner.invoke(app, ["rulebooks", "--format", "json"])
    assert listed.exit_code == 0, listed.stderr
    entry = {b["id"]: b for b in json.loads(listed.stdout)}["in"]
    assert (entry["jurisdiction"], entry["laws"], entry["builtin"]) == (
        "IN",
        ["in-it-rules-2021"],
        True,
    )
    rules = runner.invoke(
        app, ["rules", "--rulebook", "in", "--as-of", "2026-02-20", "--format", "json"]
    )
    assert rules.exit_code == 0, rules.stderr
    parameters = {p["id"]: p for p in json.loads(rules.stdout)["parameters"]}
    hours = parameters["in-it-rules-2021.takedown-hours-3-1-d"]
    assert (hours["value"], hours["effective_from"]) == (3, "2026-02-20")
    assert parameters["in-it-rules-2021.ssmi-comparator"]["status"] == "conflicting"
    assessed = runner.invoke(
        app,
        [
            "assess",
            str(GOLDEN_FACTS),
            "--rulebook",
            "in",
            "--as-of",
            "2026-03-01",
            "--format",
            "json",
        ],
    )
    assert assessed.exit_code == 0, assessed.stderr
    data = json.loads(assessed.stdout)
    assert [b["id"] for b in data["rulebooks"]] == ["in"]
    assert {o["jurisdiction"] for c in data["companies"] for o in c["obligations"]} == {"IN"}
    table = runner.invoke(
        app, ["assess", str(GOLDEN_FACTS), "--rulebook", "in", "--as-of", "2026-03-01"]
    )
    assert table.exit_code == 0, table.stderr
    assert "Exposure" in table.stdout and "in-it-rules-2021.takedown" in table.stdout


@pytest.mark.parametrize(
    ("basis", "received", "allowed"),
    [
        # 23:59 on 19 February in India: the 36 hours before G.S.R. 120(E)
        ("IT Rules 3(1)(d)", dt.datetime(2026, 2, 19, 18, 29, tzinfo=UTC), dt.timedelta(hours=36)),
        # 01:30 on 20 February in India, though still 19 February in UTC: 3 hours
        ("IT Rules 3(1)(d)", dt.datetime(2026, 2, 19, 20, 0, tzinfo=UTC), dt.timedelta(hours=3)),
        ("IT Rules 3(2)(b)", dt.datetime(2026, 2, 19, 23, 59, tzinfo=IST), dt.timedelta(hours=24)),
        ("IT Rules 3(2)(b)", dt.datetime(2026, 2, 20, 0, 0, tzinfo=IST), dt.timedelta(hours=2)),
        ("IT Rules 3(1)(j)", dt.datetime(2026, 2, 20, 0, 0, tzinfo=IST), dt.timedelta(hours=72)),
        ("IT Rules 3(2)(a)", dt.datetime(2026, 2, 19, 12, 0, tzinfo=IST), dt.timedelta(days=15)),
        ("IT Rules 3(2)(a)", dt.datetime(2026, 2, 20, 12, 0, tzinfo=IST), dt.timedelta(days=7)),
        ("Rule 3 (1) (d)", dt.datetime(2021, 2, 25, 0, 0, tzinfo=IST), dt.timedelta(hours=36)),
        # before the Rules, or a basis with no fixed time: no deadline
        ("IT Rules 3(1)(d)", dt.datetime(2021, 2, 24, 23, 59, tzinfo=IST), None),
        ("IT Act 69A", dt.datetime(2026, 2, 20, 0, 0, tzinfo=IST), None),
        ("149-FZ 15.3", dt.datetime(2026, 2, 20, 0, 0, tzinfo=IST), None),
        (None, dt.datetime(2026, 2, 20, 0, 0, tzinfo=IST), None),
    ],
)
def test_the_tracker_s_deadline_rule_reads_the_basis_and_india_s_day(
    basis: str | None, received: dt.datetime, allowed: dt.timedelta | None
) -> None:
    assert takedown_deadline_of(load("in"))(basis, received) == allowed  # type: ignore[arg-type]


def _answers(result: dict[str, Any], jurisdiction: str, currency: str) -> list[dict[str, Any]]:
    """Each company's laws and obligations of one jurisdiction, and its exposure in its currency."""
    return [
        {
            "laws": [x for x in company["laws"] if x["jurisdiction"] == jurisdiction],
            "obligations": [o for o in company["obligations"] if o["jurisdiction"] == jurisdiction],
            "exposure": [e for e in company["exposure"] if e["currency"] == currency],
        }
        for company in result["companies"]
    ]


def _no_bleed_facts() -> Any:
    case = yaml.safe_load((CASES / "no-bleed.yaml").read_text(encoding="utf-8"))[0]
    return parse_facts(json.dumps(case["facts"], default=lambda v: v.isoformat()), name="no-bleed")


@pytest.mark.parametrize(
    ("facts", "as_of"),
    [
        (lambda: _no_bleed_facts(), dt.date(2026, 3, 1)),
        (lambda: load_facts(ROOT / "examples" / "june-2021.yaml"), dt.date(2022, 9, 1)),
        (lambda: load_facts(GOLDEN_FACTS), dt.date(2026, 3, 1)),
    ],
    ids=["both-laws", "russian-case-book", "indian-platforms"],
)
def test_each_jurisdiction_answers_as_if_assessed_alone(facts: Any, as_of: dt.date) -> None:
    doc = facts()
    together = assess(load_many(["ru", "in"]), doc, as_of).to_dict()
    russia = assess(load_many(["ru"]), doc, as_of).to_dict()
    india = assess(load_many(["in"]), doc, as_of).to_dict()
    assert _answers(together, "RU", "RUB") == _answers(russia, "RU", "RUB")
    assert _answers(together, "IN", "INR") == _answers(india, "IN", "INR")
    for company, alone in zip(together["companies"], russia["companies"], strict=True):
        assert company["fines"] == alone["fines"]
        assert company["measures"] == alone["measures"]  # India has no ladder to add
    AssessmentOut.model_validate(together)  # the contract's shape, India's entries included
    for company in india["companies"]:
        assert company["fines"] == []
        assert company["measures"] == {"applied": [], "available": [], "next": None, "because": []}
        for entry in company["exposure"]:
            assert (entry["currency"], entry["min"], entry["max"]) == ("INR", None, None)
        for obligation in company["obligations"]:
            assert obligation["jurisdiction"] == "IN"
            assert not any(
                p["id"].startswith(("ru-", "koap"))
                for p in obligation.get("unverified_parameters", [])
            )
            due = obligation["due"] or ""
            assert "+03:00" not in due  # Moscow's clock never dates an Indian deadline


PARAMETERS = sorted(
    (ROOT / "src" / "landfall" / "rulebooks" / "in_" / "parameters").rglob("*.yaml")
)


@pytest.mark.parametrize("path", PARAMETERS, ids=lambda p: p.stem)
def test_each_parameter_value_is_dated_cited_sourced_and_marked(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    starts = list(raw["values"])
    assert starts and starts == sorted(starts) and all(isinstance(s, dt.date) for s in starts)
    for start, value in raw["values"].items():
        assert value["status"] in ("verified", "conflicting", "unverified"), start
        assert value["citation"]["act"].strip(), start
        if value["status"] == "verified":
            assert value["sources"], f"{start}: a verified value names its sources"
        else:
            assert value.get("note"), f"{start}: a value that is not verified says why"


class _Hidden(dict[str, Any]):
    """The rulebook's parameters as the rules see them through ``ctx.rulebook``: not at all."""

    def __getitem__(self, name: str) -> Any:
        raise AssertionError(f"a rule read parameter {name} around the context")


def _indian_cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            if "in" in case["rulebooks"]:
                found.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return found


@pytest.mark.parametrize("case", _indian_cases())
def test_every_indian_case_reads_parameters_only_through_the_context(case: dict[str, Any]) -> None:
    book = load("in")
    hidden = dataclasses.replace(book, parameters=_Hidden())
    text = json.dumps(case["facts"], default=lambda v: v.isoformat())
    for view in company_views(parse_facts(text, name=case["name"]), case["as_of"], book.clock):
        ctx = Ctx(book, view)
        ctx.rulebook = hidden  # the context keeps its own handle on the parameters
        assess_company(ctx)
