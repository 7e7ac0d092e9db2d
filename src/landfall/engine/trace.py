"""What the engine records while rules run: a full explanation tree, or only what outputs need.

The engine calls a :class:`Tracer` as each definition opens and closes, on each parameter read
and each fact a rule cites, as openfisca's simulation calls its tracer; the tracer is chosen by
the caller. :class:`FullTracer` keeps the whole tree (rules, parameters with effective dates and
status, facts) for ``explain`` and traced JSON. :class:`StatusTracer` keeps the tree's shape and
the decided rules but only the parameters that are not verified, which is all the output
contract (``unverified_parameters``) reads: boards and bulk runs pay for nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from landfall.rules.model import Alternative, Citation, DatedValue, Rule

if TYPE_CHECKING:
    from landfall.engine.context import Outcome


@dataclass(frozen=True)
class ParamUse:
    id: str
    on: dt.date
    value: Any
    effective_from: dt.date
    citation: Citation
    status: str
    note: str | None
    alternatives: tuple[Alternative, ...] = ()  # the other readings of a conflicting value

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


class Tracer(Protocol):
    """Called by the engine's context; one tracer may serve many companies in turn."""

    def open(self, definition: str, item: str | None) -> TraceNode:
        """A definition starts resolving; its node becomes the current one."""

    def close(self, node: TraceNode, rules: list[Rule], outcome: Outcome | None) -> None:
        """The current definition is decided (or failed, with ``outcome`` None)."""

    def reuse(self, node: TraceNode) -> None:
        """A memoized definition is asked again from the current one."""

    def parameter(self, name: str, on: dt.date, dated: DatedValue) -> None:
        """A rule read the value of ``name`` in force on ``on``."""

    def fact(self, text: str) -> None:
        """A rule cited a fact."""


class FullTracer:
    """Every node with its rules, parameters and facts: the explanation ``explain`` prints."""

    def __init__(self) -> None:
        self._stack: list[TraceNode] = []

    def open(self, definition: str, item: str | None) -> TraceNode:
        node = TraceNode(definition, item)
        if self._stack:
            self._stack[-1].children.append(node)
        self._stack.append(node)
        return node

    def close(self, node: TraceNode, rules: list[Rule], outcome: Outcome | None) -> None:
        self._stack.pop()
        node.rules = rules
        node.outcome = outcome

    def reuse(self, node: TraceNode) -> None:
        if self._stack and all(c is not node for c in self._stack[-1].children):
            self._stack[-1].children.append(node)

    def parameter(self, name: str, on: dt.date, dated: DatedValue) -> None:
        if not self._stack:
            return
        uses = self._stack[-1].params
        if not any(u.id == name and u.on == on for u in uses):
            uses.append(
                ParamUse(
                    name,
                    on,
                    dated.value,
                    dated.start,
                    dated.citation,
                    dated.status,
                    dated.note,
                    dated.alternatives,
                )
            )

    def fact(self, text: str) -> None:
        if self._stack and text not in self._stack[-1].facts:
            self._stack[-1].facts.append(text)


class StatusTracer(FullTracer):
    """The tree's shape and decided rules, but only unverified parameters and no facts.

    Enough for every field of the assessment (``rules``, ``unverified_parameters``), not for
    an explanation: ``to_dict(with_trace=True)`` of such an assessment lists no facts and no
    verified parameters.
    """

    def parameter(self, name: str, on: dt.date, dated: DatedValue) -> None:
        if dated.status != "verified":
            super().parameter(name, on, dated)

    def fact(self, text: str) -> None:
        return None


def plain(value: Any) -> Any:
    """Dates as ISO text, recursively: JSON-ready values for outputs and traces."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value
