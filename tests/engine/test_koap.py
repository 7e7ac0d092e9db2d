"""The Code's general part: which rule decides a fine (``explain fine:<id>``), and art. 1.7
part 2 on a rulebook whose sanction changes after the offence."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.engine import assess
from landfall.facts import parse_facts
from landfall.rulebooks.ru import HERE as RU_DIR
from landfall.rulebooks.ru import rulebook
from landfall.rulebooks.ru.rules import RULES
from landfall.rules.loader import load_rulebook
from landfall.rules.model import Rulebook


def _fines(book: Rulebook, events: list[dict[str, Any]], as_of: dt.date) -> list[dict[str, Any]]:
    doc = {"landfall": 1, "companies": [{"id": "x", "country": "US"}], "events": events}
    facts = parse_facts(json.dumps(doc), name="koap")
    (company,) = assess(book, facts, as_of).to_dict(with_trace=True)["companies"]
    return [{**f, "rules": company["trace"][f"fine:{f['id']}"]["rules"]} for f in company["fines"]]


def _fine(id: str, **fields: Any) -> dict[str, Any]:
    return {"type": "fine", "company": "x", "id": id, **fields}


DECIDING = [
    ("koap.fine.range", _fine("a", date="2021-06-01", article="13.41", part="2", amount_rub=1e6)),
    (
        "koap.fine.time-barred",
        _fine(
            "a", date="2021-06-02", article="13.41", part="2", amount_rub=1e6,
            offense_date="2021-03-01",
        ),
    ),
    ("koap.fine.no-sanction", _fine("a", date="2020-06-01", article="13.41", part="2", amount_rub=1e6)),
    (
        "koap.fine.below-minimum",
        _fine("a", date="2021-06-01", article="13.41", part="2", amount_rub=5e5),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "fine"), DECIDING, ids=[r for r, _ in DECIDING])
def test_explain_names_the_rule_that_decided(rule: str, fine: dict[str, Any]) -> None:
    (out,) = _fines(rulebook(), [fine], dt.date(2021, 7, 1))
    assert [r["id"] for r in out["rules"]] == [rule]


def test_not_a_repeat_decides_a_contradicted_repeat_finding() -> None:
    earlier = _fine(
        "a",
        date="2020-02-13",
        article="13.11",
        part="8",
        amount_rub=4e6,
        in_force_date="2020-03-01",
    )
    later = _fine(
        "b",
        date="2020-05-01",
        article="13.11",
        part="9",
        amount_rub=1e7,
        detected_date="2020-02-20",
    )
    _, out = _fines(rulebook(), [earlier, later], dt.date(2020, 6, 1))
    assert [r["id"] for r in out["rules"]] == ["koap.fine.not-a-repeat"]
    assert out["verdict"] == "unlawful" and out["lawful"] is False


def _amended(tmp_path: Path, value: dict[str, Any] | None) -> Rulebook:
    """The Russian rulebook with KoAP 13.41 part 2 changed from 2021-06-01."""
    root = tmp_path / "ru"
    shutil.copytree(RU_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "rules"))
    path = root / "parameters" / "koap" / "13.41" / "part-2.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(raw["values"].values()))
    new = None if value is None else {**first["value"], "legal_entity": value}
    raw["values"][dt.date(2021, 6, 1)] = {**first, "value": new, "note": "a hypothetical amendment"}
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return load_rulebook(root, RULES)


def _part_2(id: str, amount: float) -> dict[str, Any]:
    return _fine(
        id,
        date="2021-07-01",
        article="13.41",
        part="2",
        amount_rub=amount,
        offense_date="2021-05-01",
    )


def test_a_milder_later_law_applies_to_the_decision(tmp_path: Path) -> None:
    book = _amended(tmp_path, {"min": 500000, "max": 2000000})
    low, high = _fines(book, [_part_2("low", 6e5), _part_2("high", 3e6)], dt.date(2021, 7, 1))
    # below the minimum at commission, within the milder range in force at the decision
    assert low["verdict"] == "lawful" and low["range_rub"] == [500000, 2000000]
    assert [r["id"] for r in low["rules"]] == ["koap.fine.milder-law"]
    assert any(
        "is milder than on 2021-05-01: it applies (art. 1.7 part 2)" in b for b in low["because"]
    )
    # lawful at commission, above the milder maximum the decision had to apply
    assert high["verdict"] == "unlawful"


def test_a_harsher_later_law_does_not_apply(tmp_path: Path) -> None:
    book = _amended(tmp_path, {"min": 1000000, "max": 6000000})
    (out,) = _fines(book, [_part_2("a", 9e5)], dt.date(2021, 7, 1))
    assert out["verdict"] == "lawful" and out["range_rub"] == [800000, 4000000]
    assert [r["id"] for r in out["rules"]] == ["koap.fine.range"]


def test_a_sanction_repealed_before_the_decision_abolishes_liability(tmp_path: Path) -> None:
    book = _amended(tmp_path, None)
    (out,) = _fines(book, [_part_2("a", 1e6)], dt.date(2021, 7, 1))
    assert out["verdict"] == "unlawful"
    assert [r["id"] for r in out["rules"]] == ["koap.fine.milder-law"]
    assert any("liability abolished (art. 1.7 part 2" in b for b in out["because"])
