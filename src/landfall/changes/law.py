"""What the law changes between two days: every dated parameter value taking effect.

A rulebook states its law as parameters with effective dates (docs/rulebook.md), so a change
of the law is a dated value whose start falls in the interval. Each change names what it was
the day before, what it becomes, the citation of the new value (whose act is the amending act,
and whose note says what it rewrote) and its sources. A parameter that is a law's in-force
date is a law entering into force (or ceasing to be): the law's rules take effect with it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from landfall.engine.trace import plain
from landfall.rules.model import DatedValue, Parameter, Rulebook

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class LawChange:
    """One parameter value taking effect on ``effective`` (a legal day of its rulebook)."""

    rulebook: str
    version: str
    jurisdiction: str
    parameter: str
    description: str
    unit: str | None
    effective: dt.date
    before: DatedValue | None  # the value in force the day before (None: none was)
    after: DatedValue  # the value taking effect (its ``value`` None: the parameter ends)
    laws: tuple[str, ...]  # the laws whose rules read it
    rules: tuple[str, ...]  # the rules that declare it
    enters_into_force: tuple[str, ...]  # laws whose in-force date this is (their rules apply)
    ceases: tuple[str, ...]  # laws whose in-force parameter ends here

    @property
    def kind(self) -> str:
        if self.enters_into_force:
            return "law_in_force"
        if self.ceases:
            return "law_repealed"
        return "parameter"

    def summary(self) -> str:
        """One line: what changes, from what to what."""
        if self.enters_into_force:
            return f"{', '.join(self.enters_into_force)} enters into force"
        if self.ceases:
            return f"{', '.join(self.ceases)} ceases to be in force"
        old = "not in force" if self.before is None else _text(self.before.value)
        new = "repealed" if self.after.value is None else _text(self.after.value)
        if old == new:
            return f"{self.parameter}: {new} (the same value), now under {self.after.citation}"
        return f"{self.parameter}: {old} -> {new}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rulebook": self.rulebook,
            "version": self.version,
            "jurisdiction": self.jurisdiction,
            "parameter": self.parameter,
            "description": self.description,
            "unit": self.unit,
            "effective": self.effective.isoformat(),
            "summary": self.summary(),
            "old": _value(self.before),
            "new": _value(self.after),
            "act": self.after.citation.act,
            "citation": self.after.citation.to_dict(),
            "sources": list(self.after.citation.sources),
            "laws": list(self.laws),
            "rules": list(self.rules),
            "enters_into_force": list(self.enters_into_force),
            "ceases": list(self.ceases),
        }


def _value(dated: DatedValue | None) -> dict[str, Any] | None:
    if dated is None:
        return None
    return {
        "value": plain(dated.value),
        "from": dated.start.isoformat(),
        "status": dated.status,
        "citation": str(dated.citation),
        "note": dated.note,
    }


def _text(value: Any) -> str:
    text = json.dumps(plain(value), ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def law_changes(books: Iterable[Rulebook], start: dt.date, end: dt.date) -> list[LawChange]:
    """Every parameter value of each rulebook taking effect after ``start`` and on or before
    ``end``: what is in force on ``end`` that was not on ``start``. In date order, then by
    rulebook and parameter."""
    if end < start:
        return []
    found: list[LawChange] = []
    for book in books:
        readers = _readers(book)
        for pid, parameter in sorted(book.parameters.items()):
            for dated in parameter.values:
                if start < dated.start <= end:
                    found.append(_change(book, parameter, dated, readers.get(pid, ())))
    return sorted(found, key=lambda c: (c.effective, c.rulebook, c.parameter))


def changes_on_days(books: Iterable[Rulebook], first: dt.date, last: dt.date) -> list[LawChange]:
    """The changes taking effect on any day from ``first`` to ``last``, both included."""
    return law_changes(books, first - DAY, last)


def _readers(book: Rulebook) -> dict[str, tuple[tuple[str, str], ...]]:
    """Per parameter id, the (rule, law) pairs declaring it (by id or by a ``prefix*``)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for group in book.rules.values():
        for rule in group:
            for declared in rule.params:
                names = (
                    [p for p in book.parameters if p.startswith(declared[:-1])]
                    if declared.endswith("*")
                    else [declared]
                )
                for name in names:
                    found.setdefault(name, []).append((rule.id, rule.law))
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


def _change(
    book: Rulebook,
    parameter: Parameter,
    dated: DatedValue,
    readers: tuple[tuple[str, str], ...],
) -> LawChange:
    before = parameter.at(dated.start - DAY)
    in_force_of = [law for law in book.laws.values() if law.in_force == parameter.id]
    laws = tuple(dict.fromkeys([*(law for _, law in readers), *(x.id for x in in_force_of)]))
    rules = tuple(rule for rule, _ in readers)
    if in_force_of:
        # a law's in-force date: every rule of the law takes effect (or ends) with it
        law_ids = {x.id for x in in_force_of}
        rules = tuple(
            dict.fromkeys(
                [*rules, *(r.id for g in book.rules.values() for r in g if r.law in law_ids)]
            )
        )
    starting = before is None and dated.value is not None
    ending = before is not None and dated.value is None
    jurisdiction = (
        book.laws[laws[0]].jurisdiction if laws and laws[0] in book.laws else None
    ) or book.manifest.jurisdiction
    return LawChange(
        rulebook=book.id,
        version=book.version,
        jurisdiction=jurisdiction,
        parameter=parameter.id,
        description=parameter.description.strip(),
        unit=parameter.unit,
        effective=dated.start,
        before=before,
        after=dated,
        laws=laws,
        rules=rules,
        enters_into_force=tuple(x.id for x in in_force_of) if starting else (),
        ceases=tuple(x.id for x in in_force_of) if ending else (),
    )
