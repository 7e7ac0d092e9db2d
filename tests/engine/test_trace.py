"""The light tracer changes what is recorded, never what is concluded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.engine import FullTracer, StatusTracer, assess
from landfall.facts import load_facts, parse_facts
from landfall.rulebooks.ru import rulebook

ROOT = Path(__file__).parents[2]
CASES = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _case_facts() -> list[Any]:
    found = []
    for path in CASES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            as_of = case["as_of"]
            as_of = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
            text = json.dumps(case["facts"], default=lambda v: v.isoformat())
            found.append(pytest.param(text, as_of, id=f"{path.stem}:{case['name']}"))
    return found


@pytest.mark.parametrize(("text", "as_of"), _case_facts())
def test_status_tracer_gives_the_same_assessment_on_every_case(text: str, as_of: dt.date) -> None:
    facts = parse_facts(text, name="case")
    full = assess(rulebook(), facts, as_of, tracer=FullTracer()).to_dict()
    light = assess(rulebook(), facts, as_of, tracer=StatusTracer()).to_dict()
    assert light == full


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_status_tracer_gives_the_same_assessment_on_the_examples(path: Path) -> None:
    facts = load_facts(path)
    for as_of in (dt.date(2021, 7, 1), dt.date(2022, 1, 1), dt.date(2023, 6, 1)):
        full = assess(rulebook(), facts, as_of).to_dict()
        light = assess(rulebook(), facts, as_of, tracer=StatusTracer()).to_dict()
        assert light == full


def test_status_tracer_keeps_no_facts_and_only_unverified_parameters() -> None:
    facts = load_facts(EXAMPLES[0])
    as_of = dt.date(2022, 6, 1)
    full = assess(rulebook(), facts, as_of).companies[0].traces
    light = assess(rulebook(), facts, as_of, tracer=StatusTracer()).companies[0].traces

    def walk(node: Any) -> list[Any]:
        return [node, *(n for c in node.children for n in walk(c))]

    full_nodes = [n for t in full.values() for n in walk(t)]
    light_nodes = [n for t in light.values() for n in walk(t)]
    assert any(n.facts for n in full_nodes)
    assert any(p.status == "verified" for n in full_nodes for p in n.params)
    assert not any(n.facts for n in light_nodes)
    assert all(p.status != "verified" for n in light_nodes for p in n.params)
    assert [n.definition for n in light_nodes] == [n.definition for n in full_nodes]
