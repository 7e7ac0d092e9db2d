"""Golden files for explanations: ``assess(...).to_dict(with_trace=True)``, compared exactly.

Regenerate with ``pytest tests/engine --update-golden`` and review the diff like code.

The rulebook version (``2026.11+<hash of every rulebook .yaml and .py>``) is replaced by a
placeholder: the hash changes with any edit anywhere in the rulebook, so keeping it would make
every golden fail on an unrelated parameter edit and train people to regenerate blindly. What
an explanation actually depends on is in the trace itself (rules, parameter values, their
effective dates, citations and status), so a change that matters still shows up here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from landfall.engine import assess
from landfall.facts import load_facts
from landfall.rulebooks import load_many

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).parent / "golden"
VERSION = "<rulebook version>"

# (golden name, facts document, as-of date, the rulebooks assessed, in order)
DOCUMENTS = [
    ("midsize-platform", "examples/midsize-platform.yaml", dt.date(2021, 12, 31), ("ru",)),
    ("midsize-platform", "examples/midsize-platform.yaml", dt.date(2022, 9, 1), ("ru",)),
    ("june-2021", "examples/june-2021.yaml", dt.date(2021, 7, 1), ("ru",)),
    ("june-2021", "examples/june-2021.yaml", dt.date(2022, 9, 1), ("ru",)),
    ("tr-platform", "tests/cases/tr/golden-facts.json", dt.date(2021, 3, 5), ("tr",)),
    ("tr-platform", "tests/cases/tr/golden-facts.json", dt.date(2021, 5, 1), ("tr",)),
    ("in-platforms", "tests/cases/in/golden-facts.json", dt.date(2021, 5, 25), ("in",)),
    ("in-platforms", "tests/cases/in/golden-facts.json", dt.date(2026, 3, 1), ("in",)),
    ("eu-dsa", "tests/engine/golden/eu-facts.yaml", dt.date(2024, 2, 17), ("eu",)),
    ("eu-dsa", "tests/engine/golden/eu-facts.yaml", dt.date(2025, 6, 1), ("eu",)),
]


def render(path: Path, as_of: dt.date, rulebooks: tuple[str, ...] = ("ru",)) -> str:
    books = load_many(rulebooks)
    result: dict[str, Any] = assess(books, load_facts(path), as_of).to_dict(with_trace=True)
    result["rulebook"]["version"] = VERSION
    for book in result["rulebooks"]:
        book["version"] = VERSION
    return json.dumps(result, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("stem", "document", "as_of", "rulebooks"),
    DOCUMENTS,
    ids=[f"{stem}@{as_of}" for stem, _, as_of, _ in DOCUMENTS],
)
def test_golden(
    stem: str,
    document: str,
    as_of: dt.date,
    rulebooks: tuple[str, ...],
    request: pytest.FixtureRequest,
) -> None:
    golden = GOLDEN / f"{stem}@{as_of.isoformat()}.json"
    text = render(ROOT / document, as_of, rulebooks)
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), f"{golden.name} is missing: run pytest --update-golden"
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        # a readable first difference rather than a multi-megabyte assertion message
        got, want = text.splitlines(), expected.splitlines()
        line = next(
            (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
            min(len(got), len(want)),
        )
        pytest.fail(
            f"{golden.name} differs from line {line + 1}:\n"
            f"  golden: {want[line] if line < len(want) else '<end>'}\n"
            f"  now:    {got[line] if line < len(got) else '<end>'}\n"
            "review the change, then run pytest --update-golden"
        )


def test_output_is_deterministic() -> None:
    path, as_of = ROOT / DOCUMENTS[0][1], DOCUMENTS[0][2]
    assert render(path, as_of) == render(path, as_of)


def test_explanations_name_rule_article_parameters_and_facts() -> None:
    result = assess(
        load_many(["ru"]), load_facts(ROOT / "examples/midsize-platform.yaml"), dt.date(2022, 9, 1)
    ).to_dict(with_trace=True)
    trace = result["companies"][0]["trace"]["ru-236-fz.local-presence"]
    assert trace["rules"][0]["id"] == "ru-236-fz.local-presence.duty"
    assert "236-FZ" in trace["rules"][0]["citation"]
    due = [p for p in trace["parameters"] if p["id"] == "ru-236-fz.local-presence-due"]
    assert due and due[0]["value"] == "2022-01-01" and due[0]["effective_from"] == "2021-07-01"
    assert "representative office opened on 2022-03-14" in trace["facts"]
    assert any(c["definition"] == "ru-236-fz.applies" for c in trace["children"])
