"""What a rule sees: the company's facts as of a date, traced parameter reads, other results.

Every parameter a rule reads and every fact it cites is recorded on the current trace node,
so each conclusion can list its rule, article, parameters (with their effective dates and
verification status) and facts, as openfisca's tracer and Cedar's deciding policies do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from landfall.engine.view import CompanyView
from landfall.errors import Diagnostic, RulebookError, Where
from landfall.rules.model import Citation, Rule, Rulebook
from landfall.rules.resolve import resolve


@dataclass
class Outcome:
    """What a rule concludes: a value, the reasons in plain words, and what is missing."""

    value: Any
    because: list[str] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ParamUse:
    id: str
    on: dt.date
    value: Any
    effective_from: dt.date
    citation: Citation
    status: str
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "on": self.on.isoformat(),
            "value": plain(self.value),
            "effective_from": self.effective_from.isoformat(),
            "citation": str(self.citation),
            "status": self.status,
            "note": self.note,
        }


@dataclass
class TraceNode:
    definition: str
    item: str | None
    rules: list[Rule] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    children: list[TraceNode] = field(default_factory=list)
    outcome: Outcome | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "definition": self.definition,
            "item": self.item,
            "rules": [
                {"id": r.id, "citation": str(r.citation), "summary": r.summary} for r in self.rules
            ],
            "value": plain(self.outcome.value) if self.outcome else None,
            "because": self.outcome.because if self.outcome else [],
            "parameters": [p.to_dict() for p in self.params],
            "facts": self.facts,
            "children": [c.to_dict() for c in self.children],
        }

    def unverified(self) -> list[ParamUse]:
        found = [p for p in self.params if p.status != "verified"]
        for child in self.children:
            found += child.unverified()
        return found


class Ctx:
    """One company, one as-of date, one rulebook; memoizes each definition it resolves."""

    def __init__(self, rulebook: Rulebook, view: CompanyView) -> None:
        self.rulebook = rulebook
        self.view = view
        self.as_of = view.as_of
        self.item: Any = None
        self._memo: dict[tuple[str, str | None], tuple[Outcome, TraceNode]] = {}
        self._stack: list[TraceNode] = []
        self._rule: Rule | None = None

    # -- rule-facing API -----------------------------------------------------------------
    def param(self, name: str, on: dt.date | None = None) -> Any:
        """The value in force on ``on`` (default: the as-of date); a gap is an error."""
        value = self.param_or_none(name, on)
        if value is None:
            raise RulebookError(
                Diagnostic(
                    "parameter-not-in-force",
                    f"{name} has no value on {(on or self.as_of).isoformat()}",
                    Where(field=name),
                    "check the rule's in-force guard or the parameter's dates",
                )
            )
        return value

    def param_or_none(self, name: str, on: dt.date | None = None) -> Any:
        if self._rule is not None and not _declared(name, self._rule.params):
            raise RulebookError(
                Diagnostic(
                    "undeclared-parameter",
                    f"rule {self._rule.id} reads {name} without declaring it",
                    Where(field=self._rule.id),
                    "add the parameter to the rule's params",
                )
            )
        day = on or self.as_of
        dated = self.rulebook.parameter(name).at(day)
        if dated is None:
            return None
        if self._stack:
            uses = self._stack[-1].params
            if not any(u.id == name and u.on == day for u in uses):
                uses.append(
                    ParamUse(
                        name,
                        day,
                        dated.value,
                        dated.start,
                        dated.citation,
                        dated.status,
                        dated.note,
                    )
                )
        return dated.value

    def fact(self, text: str) -> str:
        if self._stack and text not in self._stack[-1].facts:
            self._stack[-1].facts.append(text)
        return text

    def ask(self, definition: str, item: Any = None, key: str | None = None) -> Outcome:
        return self.resolve(definition, item, key)[0]

    # -- engine-facing API ---------------------------------------------------------------
    def resolve(
        self, definition: str, item: Any = None, key: str | None = None
    ) -> tuple[Outcome, TraceNode]:
        memo_key = (definition, key)
        if memo_key in self._memo:
            outcome, node = self._memo[memo_key]
            if self._stack and all(c is not node for c in self._stack[-1].children):
                self._stack[-1].children.append(node)
            return outcome, node
        node = TraceNode(definition, key)
        if self._stack:
            self._stack[-1].children.append(node)
        self._stack.append(node)
        saved_item, saved_rule = self.item, self._rule
        self.item = item
        try:
            rules = self.rulebook.rules.get(definition)
            if not rules:
                raise RulebookError(
                    Diagnostic("unknown-definition", f"no rules define {definition}")
                )
            decided, outcome = resolve(definition, rules, self._run)
        finally:
            self._stack.pop()
            self.item, self._rule = saved_item, saved_rule
        node.rules = decided
        node.outcome = outcome
        self._memo[memo_key] = (outcome, node)
        return outcome, node

    def _run(self, rule: Rule) -> Outcome | None:
        saved = self._rule
        self._rule = rule
        try:
            result: Outcome | None = rule.fn(self)
            return result
        finally:
            self._rule = saved


def plain(value: Any) -> Any:
    """Dates as ISO text, recursively: JSON-ready values for outputs and traces."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _declared(name: str, params: tuple[str, ...]) -> bool:
    """A rule declares parameters by id, or a family of them by a `prefix.*` pattern."""
    return any(p == name or (p.endswith("*") and name.startswith(p[:-1])) for p in params)
