"""Every parameter read goes through the rule's context and is declared (docs/rulebook.md)."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.engine.assess import assess_company
from landfall.engine.context import Ctx
from landfall.engine.view import company_views
from landfall.errors import RulebookError
from landfall.facts import parse_facts
from landfall.rulebooks.ru import rulebook
from landfall.rules.model import Parameter

ROOT = Path(__file__).parents[2]
RULEBOOKS = ROOT / "src" / "landfall" / "rulebooks"


class Hidden(Mapping[str, Parameter]):
    """A rulebook's parameters as rules see them through ``ctx.rulebook``: not at all."""

    def __getitem__(self, name: str) -> Parameter:
        raise AssertionError(f"a rule read parameter {name} around the context")

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("a rule listed the parameters around the context")

    def __len__(self) -> int:
        raise AssertionError("a rule counted the parameters around the context")


def _cases() -> list[Any]:
    found = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            as_of = case["as_of"]
            as_of = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
            text = json.dumps(case["facts"], default=lambda v: v.isoformat())
            found.append(pytest.param(text, as_of, id=f"{path.stem}:{case['name']}"))
    return found


@pytest.mark.parametrize(("text", "as_of"), _cases())
def test_every_case_reads_parameters_only_through_the_context(text: str, as_of: dt.date) -> None:
    book = rulebook()
    hidden = dataclasses.replace(book, parameters=Hidden())
    for view in company_views(parse_facts(text, name="case"), as_of, book.clock):
        ctx = Ctx(book, view)
        ctx.rulebook = hidden  # the context keeps its own handle on the parameters
        assess_company(ctx)


def test_the_hidden_rulebook_catches_a_read_around_the_context() -> None:
    book = rulebook()
    ctx = Ctx(book, next(iter(company_views(parse_facts(_ONE, name="one"), AS_OF, book.clock))))
    ctx.rulebook = dataclasses.replace(book, parameters=Hidden())
    with pytest.raises(AssertionError, match="around the context"):
        ctx.rulebook.parameter("ru-236-fz.audience-threshold")


def test_an_undeclared_peek_is_refused_like_an_undeclared_read() -> None:
    book = rulebook()
    ctx = Ctx(book, next(iter(company_views(parse_facts(_ONE, name="one"), AS_OF, book.clock))))
    ctx._rule = book.rules["ru-236-fz.applies"][0]
    for read in (ctx.peek, ctx.first_start, ctx.history, ctx.param_or_none):
        with pytest.raises(RulebookError, match="undeclared-parameter"):
            read("ru-152-fz.in-force")
    with pytest.raises(RulebookError, match="undeclared-parameter"):
        ctx.family("koap.13")


def test_no_rule_reaches_the_parameters_through_ctx_rulebook() -> None:
    """The static half: ``ctx.rulebook.parameter(...)`` / ``.parameters`` appear in no rule."""
    found = []
    for path in sorted(RULEBOOKS.glob("*/rules/**/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("parameter", "parameters")
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "rulebook"
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id == "ctx"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found


AS_OF = dt.date(2022, 1, 1)
_ONE = json.dumps(
    {
        "landfall": 1,
        "companies": [{"id": "c", "country": "CY"}],
        "resources": [{"id": "r", "company": "c", "kind": "social_network"}],
        "events": [],
    }
)
