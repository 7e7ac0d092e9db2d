"""Value objects of a rulebook.

A :class:`Parameter` is a number (or list, or table) from the law whose value changes on
effective dates, each value carrying its :class:`Citation` and a verification status, as
openfisca keys parameter values by date. A :class:`Rule` is a small pure function that
implements one article for one *definition*; rules of a definition form a tree of base rule
and exceptions (Catala's default logic), resolved by :mod:`landfall.rules.resolve`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from landfall.periods import LegalClock
from landfall.rules.manifest import Manifest

Status = Literal["verified", "conflicting", "unverified"]


@dataclass(frozen=True)
class Citation:
    act: str
    article: str | None = None
    part: str | None = None
    paragraph: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    def __str__(self) -> str:
        return _citation_text(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "act": self.act,
            "article": self.article,
            "part": self.part,
            "paragraph": self.paragraph,
            "note": self.note,
            "text": str(self),
            "sources": list(self.sources),
        }


@lru_cache(maxsize=4096)
def _citation_text(citation: Citation) -> str:
    """A citation as text, once per citation: every answer of every company writes its rule's."""
    text = citation.act
    if citation.article:
        text += f" art. {citation.article}"
    if citation.part:
        text += f" part {citation.part}"
    if citation.paragraph:
        text += f" para. {citation.paragraph}"
    if citation.note:
        text += f" ({citation.note})"
    return text


@dataclass(frozen=True)
class Alternative:
    """Another reading of a conflicting value, in the parameter's own type: its value and,
    when the reading moves the value's start (a law in force a day later), that day."""

    value: Any
    sources: tuple[str, ...] = ()
    start: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter, in force from ``start`` until the next value's start.

    ``alternatives``: the other readings a conflicting value's sources give, when they say
    which (the engine re-decides a conclusion under each to see whether the conflict matters).
    """

    start: dt.date
    value: Any
    citation: Citation
    status: Status = "verified"
    note: str | None = None
    alternatives: tuple[Alternative, ...] = ()


@dataclass(frozen=True)
class Parameter:
    id: str
    description: str
    unit: str | None
    values: tuple[DatedValue, ...]

    def at(self, day: dt.date) -> DatedValue | None:
        """The value in force on ``day``; None before the first value or after a null one."""
        current: DatedValue | None = None
        for value in self.values:
            if value.start > day:
                break
            current = value
        if current is None or current.value is None:
            return None
        return current

    def first_start(self) -> dt.date:
        return self.values[0].start

    def read_as(self, dated: DatedValue, other: Alternative) -> Parameter:
        """The same parameter with ``dated`` replaced by the ``other`` reading of it (its
        value, and its start when the reading moves it), every other value kept."""
        replaced = DatedValue(
            other.start or dated.start,
            other.value,
            Citation(
                dated.citation.act,
                dated.citation.article,
                dated.citation.part,
                dated.citation.paragraph,
                dated.citation.note,
                other.sources,
            ),
            dated.status,
            other.note or dated.note,
        )
        values = sorted((replaced if v is dated else v for v in self.values), key=lambda v: v.start)
        return Parameter(self.id, self.description, self.unit, tuple(values))


@dataclass(frozen=True)
class Law:
    id: str
    title: str
    citation: Citation
    in_force: str  # id of the parameter whose value says whether the law is in force
    jurisdiction: str  # ISO 3166-1 alpha-2 (or EU); the manifest's unless the law says


Scope = Literal["company", "item"]


@dataclass(frozen=True)
class Rule:
    """A function implementing one article for one definition.

    ``exception_to`` names the rule this one overrides when it applies; a rule without it is
    the definition's base rule. ``params`` lists every parameter the function may read, so
    the rulebook can be printed and checked without running it.
    """

    id: str
    definition: str
    law: str
    citation: Citation
    fn: Callable[..., Any]
    exception_to: str | None = None
    params: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class Rulebook:
    id: str
    version: str
    title: str
    laws: Mapping[str, Law]
    parameters: Mapping[str, Parameter]
    rules: Mapping[str, tuple[Rule, ...]]  # by definition, base rule first
    clock: LegalClock  # the legal day of this rulebook's law (rulebook.yaml `clock`)
    manifest: Manifest  # what is assessed and how the faces name it (rulebook.yaml)
    definitions: tuple[str, ...] = field(default=())

    def parameter(self, name: str) -> Parameter:
        return self.parameters[name]

    def rule(self, rule_id: str) -> Rule:
        for rules in self.rules.values():
            for rule in rules:
                if rule.id == rule_id:
                    return rule
        raise KeyError(rule_id)
