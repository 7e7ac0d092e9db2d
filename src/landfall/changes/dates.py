"""What changes between two days: the law's changes and, with facts, each company's
conclusions that differ, with the parameter, rule, fact or date that explains each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from landfall.changes.conclusions import Conclusion, conclusions, exposure_parameters
from landfall.changes.diff import (
    CompanyChanges,
    ConclusionChange,
    Explainer,
    Reason,
    arrived_facts,
    diff_assessments,
    facts_cited,
    params_read,
    rule_reasons,
)
from landfall.changes.law import LawChange, law_changes
from landfall.engine.assess import Assessment, assess
from landfall.facts.model import FactsDocument
from landfall.periods import DateTextError, parse_when
from landfall.rules.model import Rulebook

DATED_FIELDS = ("due", "violated_from", "violated_until", "next_from", "from", "until")
"""Fields of a conclusion naming a day; one falling in the interval explains a change."""


@dataclass
class DayChanges:
    start: dt.date
    end: dt.date
    rulebooks: tuple[Rulebook, ...]
    law: list[LawChange]
    companies: list[CompanyChanges] = field(default_factory=list)
    assessed: bool = False  # whether facts were given (else only the law is compared)
    known_at: str | None = None
    companies_assessed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "known_at": self.known_at,
            "rulebooks": [{"id": b.id, "version": b.version} for b in self.rulebooks],
            "law": [c.to_dict() for c in self.law],
            "assessed": self.assessed,
            "companies_assessed": self.companies_assessed,
            "companies": [c.to_dict() for c in self.companies],
        }


def changes_between(
    books: Sequence[Rulebook],
    start: dt.date,
    end: dt.date,
    facts: tuple[FactsDocument, FactsDocument] | None = None,
    company: str | None = None,
    known_at: str | None = None,
) -> DayChanges:
    """The law's changes after ``start`` up to ``end``; with ``facts`` (the picture on
    ``start`` and on ``end``; the same document twice for a facts file), every company's
    conclusions on ``end`` that differ from those on ``start``."""
    law = law_changes(books, start, end)
    out = DayChanges(start, end, tuple(books), law, known_at=known_at)
    if facts is None:
        return out
    out.assessed = True
    facts_a, facts_b = facts
    first = [(b, assess(b, facts_a, start, company)) for b in books]
    second = [(b, assess(b, facts_b, end, company)) for b in books]
    out.companies_assessed = len({c.company for _, a in (*first, *second) for c in a.companies})
    arrived = arrived_facts(facts_a, facts_b, start, end, books, company)
    differing = diff_assessments(first, second, _explainer(law, start, end, arrived))
    resting = _resting_on_changes(second, law, differing)
    for name in dict.fromkeys([*differing, *arrived, *resting]):
        found = CompanyChanges(
            name, differing.get(name, []), arrived.get(name, []), resting.get(name, [])
        )
        if found.conclusions or found.facts_arrived or found.unchanged_but_read:
            out.companies.append(found)
    return out


def _resting_on_changes(
    second: list[tuple[Rulebook, Assessment]],
    law: list[LawChange],
    differing: dict[str, list[ConclusionChange]],
) -> dict[str, list[dict[str, Any]]]:
    """Per company, the conclusions on the later day that did not change but whose
    explanation read a parameter taking effect in the interval: the same answer, on a new
    footing (a new act, a new verification status)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for book, assessed in second:
        changed = {c.parameter for c in law if c.rulebook == book.id}
        if not changed:
            continue
        for company in assessed.companies:
            skip = {c.key for c in differing.get(company.company, [])}
            for key, found in conclusions(company, book).items():
                read = sorted(changed & set(params_read(found)))
                if read and key not in skip:
                    out.setdefault(company.company, []).append({"key": key, "parameters": read})
    return out


def _explainer(
    law: list[LawChange],
    start: dt.date,
    end: dt.date,
    arrived: dict[str, list[dict[str, Any]]],
) -> Explainer:
    by_param: dict[tuple[str, str], list[LawChange]] = {}
    for change in law:
        by_param.setdefault((change.rulebook, change.parameter), []).append(change)

    def explain(old: Conclusion | None, new: Conclusion | None) -> list[Reason]:
        shown = new or old
        assert shown is not None
        book = shown.rulebook
        read = {*params_read(old), *params_read(new)}
        if shown.kind == "exposure":  # no explanation of its own: what its definitions read
            read |= exposure_parameters(book)
        changed = [c for pid in sorted(read) for c in by_param.get((book.id, pid), [])]
        if shown.kind == "exposure":
            # of the sanctions changed, the one the entry cites (else every one it may rest on)
            cited = {str(x.entry.get("citation")) for x in (old, new) if x is not None}
            changed = [c for c in changed if str(c.after.citation) in cited] or changed
        reasons = [
            Reason(
                "parameter",
                f"{c.summary()} on {c.effective} ({c.after.status})",
                c.parameter,
                str(c.after.citation),
                c.after.citation.sources,
            )
            for c in changed
        ]
        reasons += rule_reasons(old, new)
        own_event = _events_arrived(shown, arrived.get(shown.company, []))
        if not (old is None and own_event):  # a conclusion that appears with its event
            cited_before = set(facts_cited(old))
            reasons += [
                Reason("fact", f"the facts now show: {text}")
                for text in dict.fromkeys(facts_cited(new))
                if text not in cited_before
            ]
        reasons += own_event
        reasons += _dates_passed(old, book, start, end)
        if not reasons:
            reasons.append(
                Reason("date", f"the same rules and facts read on {end} instead of {start}")
            )
        return reasons

    return explain


def _events_arrived(shown: Conclusion, events: list[dict[str, Any]]) -> list[Reason]:
    """A per-event conclusion (a fine, a demand's duty) whose event is among those arrived."""
    tail = shown.key.rpartition(":")[2]
    return [
        Reason(
            "fact",
            f"{e['type']} {e['id']} of {e.get('date')} recorded"
            + (f" (source: {_first(e['source'])})" if e.get("source") else ""),
            str(e["id"]),
        )
        for e in events
        if e.get("id") is not None and str(e["id"]) == tail
    ]


def _first(source: Any) -> str:
    return str(source[0]) if isinstance(source, list) and source else str(source)


def _dates_passed(
    old: Conclusion | None, book: Rulebook, start: dt.date, end: dt.date
) -> list[Reason]:
    """A day the earlier conclusion named (its due date, ...) that the interval reached."""
    if old is None:
        return []
    out = []
    for name in DATED_FIELDS:
        value = old.entry.get(name)
        day = day_in(value, book)
        if day is not None and start < day <= end:
            out.append(Reason("date", f"reached {name} {value}", name))
    return out


def day_in(value: Any, book: Rulebook) -> dt.date | None:
    """The legal day of an ISO date or datetime (text or value) on the rulebook's clock; None
    for anything else. The values are the assessment's own, so a naive time is read as UTC."""
    if not isinstance(value, str | dt.date):
        return None
    try:
        when = parse_when(value, naive=dt.UTC)
    except DateTextError:
        return None
    return book.clock.day(when)
