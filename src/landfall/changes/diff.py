"""Conclusions that differ between two assessments of the same companies, and why.

Two readings are compared: the same rulebooks on two days (``changes --from --to``), or two
rulebooks on one day (``changes --rulebook-a --rulebook-b``). A conclusion differs when one of
its compared fields (:data:`~landfall.changes.conclusions.COMPARED`) does, or when it exists in
only one reading. Each difference carries its reasons, found in the two explanations: a
parameter read whose value changed, a rule that now decides, a fact the rules now cite, a due
date that passed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from landfall.changes.conclusions import Conclusion, conclusions, subtree
from landfall.engine.assess import Assessment, CompanyAssessment
from landfall.engine.trace import plain
from landfall.engine.view import company_views
from landfall.facts.model import FactsDocument
from landfall.rules.model import Rulebook


@dataclass(frozen=True)
class Reason:
    """Why a conclusion differs: ``kind`` is parameter, rule, fact, date or rulebook."""

    kind: str
    text: str
    ref: str | None = None  # the parameter or rule id
    citation: str | None = None
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "ref": self.ref,
            "citation": self.citation,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class ConclusionChange:
    company: str
    key: str
    kind: str
    subject: str
    jurisdiction: str
    rulebook: str
    before: dict[str, Any] | None  # the compared fields in the first reading (None: absent)
    after: dict[str, Any] | None
    changed: tuple[str, ...]  # the fields that differ
    reasons: tuple[Reason, ...]
    citation: str | None
    because: tuple[str, ...]  # the later reading's explanation (else the earlier one's)

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "key": self.key,
            "kind": self.kind,
            "subject": self.subject,
            "jurisdiction": self.jurisdiction,
            "rulebook": self.rulebook,
            "before": self.before,
            "after": self.after,
            "changed": list(self.changed),
            "reasons": [r.to_dict() for r in self.reasons],
            "citation": self.citation,
            "because": list(self.because),
        }


@dataclass
class CompanyChanges:
    company: str
    conclusions: list[ConclusionChange] = field(default_factory=list)
    facts_arrived: list[dict[str, Any]] = field(default_factory=list)
    # conclusions that stay the same but now rest on a changed parameter: {key, parameters}
    unchanged_but_read: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "conclusions": [c.to_dict() for c in self.conclusions],
            "facts_arrived": self.facts_arrived,
            "unchanged_but_read": self.unchanged_but_read,
        }


Explainer = Callable[[Conclusion | None, Conclusion | None], list[Reason]]
"""Given a conclusion in the first and the second reading (either may be absent), why."""


def diff_assessments(
    first: Sequence[tuple[Rulebook, Assessment]],
    second: Sequence[tuple[Rulebook, Assessment]],
    explain: Explainer,
) -> dict[str, list[ConclusionChange]]:
    """Per company, the conclusions that differ between the two readings (rulebook by
    rulebook, in the readings' order; the two sequences pair up by position)."""
    found: dict[str, list[ConclusionChange]] = {}
    for (book_a, a), (book_b, b) in zip(first, second, strict=True):
        by_a = {c.company: c for c in a.companies}
        by_b = {c.company: c for c in b.companies}
        for company in dict.fromkeys([*by_a, *by_b]):
            found.setdefault(company, []).extend(
                _diff_company(
                    company, by_a.get(company), by_b.get(company), book_a, book_b, explain
                )
            )
    return found


def _diff_company(
    company: str,
    a: CompanyAssessment | None,
    b: CompanyAssessment | None,
    book_a: Rulebook,
    book_b: Rulebook,
    explain: Explainer,
) -> list[ConclusionChange]:
    before = conclusions(a, book_a) if a else {}
    after = conclusions(b, book_b) if b else {}
    out: list[ConclusionChange] = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        fields_a = plain(old.fields()) if old else None
        fields_b = plain(new.fields()) if new else None
        if fields_a == fields_b:
            continue
        names = tuple(
            name
            for name in (new or old).fields()  # type: ignore[union-attr]
            if (fields_a or {}).get(name) != (fields_b or {}).get(name)
        )
        shown = new or old
        assert shown is not None  # a key comes from one of the two readings
        out.append(
            ConclusionChange(
                company=company,
                key=key,
                kind=shown.kind,
                subject=shown.subject,
                jurisdiction=shown.jurisdiction,
                rulebook=shown.rulebook.id,
                before=fields_a,
                after=fields_b,
                changed=names,
                reasons=tuple(_unique(explain(old, new))),
                citation=shown.entry.get("citation"),
                because=tuple(shown.entry.get("because") or ()),
            )
        )
    return out


def _unique(reasons: Iterable[Reason]) -> list[Reason]:
    return list(dict.fromkeys(reasons))


def params_read(c: Conclusion | None) -> dict[str, list[dt.date]]:
    """Per parameter its conclusion's explanation read, the days it was read on."""
    found: dict[str, list[dt.date]] = {}
    for node in subtree(c.trace if c else None):
        for use in node.params:
            found.setdefault(use.id, []).append(use.on)
    return found


def deciding_rules(c: Conclusion | None) -> tuple[str, ...]:
    return tuple(r.id for r in c.trace.rules) if c and c.trace else ()


def facts_cited(c: Conclusion | None) -> list[str]:
    return [f for node in subtree(c.trace if c else None) for f in node.facts]


def rule_reasons(old: Conclusion | None, new: Conclusion | None) -> list[Reason]:
    """The rule deciding the conclusion, when it is not the one that decided it before."""
    was, now = deciding_rules(old), deciding_rules(new)
    if was == now or not now or old is None or new is None:
        return []  # a conclusion that appears (or goes) is explained by its event or facts
    book = new.rulebook
    out = []
    for rule_id in now:
        if rule_id in was:
            continue
        rule = book.rule(rule_id)
        before = f" (was {', '.join(was)})" if was else ""
        out.append(
            Reason(
                "rule",
                f"rule {rule_id} now decides{before}: {rule.summary}",
                rule_id,
                str(rule.citation),
                rule.citation.sources,
            )
        )
    return out


def arrived_facts(
    facts_a: FactsDocument,
    facts_b: FactsDocument,
    day_a: dt.date,
    day_b: dt.date,
    books: Sequence[Rulebook],
    company: str | None,
) -> dict[str, list[dict[str, Any]]]:
    """Per company, the events in the second reading's picture that the first did not have
    (dated between the days, or recorded since), on the first rulebook's legal clock."""
    clock = books[0].clock
    seen = {
        v.company.id: {_key(e) for events in v.events.values() for e in events}
        for v in company_views(facts_a, day_a, clock, only=company)
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for view in company_views(facts_b, day_b, clock, only=company):
        known = seen.get(view.company.id, set())
        new = [
            e.model_dump(mode="json", exclude_none=True)
            for events in view.events.values()
            for e in events
            if _key(e) not in known
        ]
        if new:
            out[view.company.id] = sorted(new, key=lambda e: str(e.get("date")))
    return out


def _key(event: Any) -> str:
    return json.dumps(event.model_dump(mode="json", exclude_none=True), sort_keys=True)
