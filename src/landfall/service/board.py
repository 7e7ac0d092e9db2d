"""The compliance board: companies on the regulator's list against their obligations."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from landfall import labels
from landfall.engine.assess import COMPANY_OBLIGATIONS, Assessment
from landfall.facts.model import FactsDocument, ListInclusionEvent
from landfall.periods import LegalClock
from landfall.takedown.summary import OBLIGATION as TAKEDOWN
from landfall.takedown.summary import column_status, demands_note, takedown_fines

COLUMNS = (*COMPANY_OBLIGATIONS, TAKEDOWN)


@dataclass
class BoardRow:
    company: str
    name: str
    listed: bool
    statuses: dict[str, str]
    fines: int
    fines_rub: float
    unlawful_fines: int
    undecided_fines: int
    measures: list[str]
    details: dict[str, Any] = field(repr=False, default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # by column, words beside the status
    verdicts: dict[str, int] = field(default_factory=dict)
    """How many of the company's fines have each verdict (``landfall.labels.VERDICTS``)."""

    @property
    def fines_summary(self) -> str:
        """``10 fines: 7 lawful, 1 lawful only with reduction, 2 undecided``."""
        return labels.tally_sentence(self.verdicts)


def board(
    assessment: Assessment,
    names: dict[str, str],
    listed: set[str],
    *,
    incomplete: Collection[str] = (),
) -> list[BoardRow]:
    """One row per company; ``incomplete``: companies whose facts are marked incomplete (a
    missing act is unknown there, and so is a missing takedown demand beside takedown fines)."""
    rows = []
    for company in assessment.companies:
        data = company.to_dict()
        statuses = {ob["id"]: ob["status"] for ob in data["obligations"] if ob["id"] != TAKEDOWN}
        fines = data["fines"]
        fined = takedown_fines(assessment.rulebook, fines)
        statuses[TAKEDOWN] = column_status(
            data["obligations"],
            takedown_fines=fined,
            facts_complete=company.company not in incomplete,
        )
        demands = sum(1 for ob in data["obligations"] if ob["id"] == TAKEDOWN)
        note = demands_note(demands, fined)
        rows.append(
            BoardRow(
                company=company.company,
                name=names.get(company.company, company.company),
                listed=company.company in listed,
                statuses=statuses,
                fines=len(fines),
                fines_rub=sum(f["amount_rub"] for f in fines),
                unlawful_fines=sum(1 for f in fines if f["lawful"] is False),
                undecided_fines=sum(1 for f in fines if f["lawful"] is None),
                measures=data["measures"]["applied"],
                details=data,
                verdicts=dict(labels.tally(fines)),
                notes={} if note is None else {TAKEDOWN: note},
            )
        )
    return sorted(rows, key=lambda r: (not r.listed, -r.fines_rub, r.company))


def incomplete_companies(facts: FactsDocument) -> set[str]:
    """Companies whose facts are marked incomplete (``facts_complete: false``)."""
    return {c.id for c in facts.companies if not c.facts_complete}


def fine_tally(rows: list[BoardRow]) -> Counter[str]:
    """How many fines on the board have each verdict."""
    tally: Counter[str] = Counter()
    for row in rows:
        tally.update(row.verdicts)
    return tally


def fines_of(rows: list[BoardRow]) -> list[dict[str, Any]]:
    """Every assessed fine on the board, for what the undecided ones need."""
    return [fine for row in rows for fine in row.details["fines"]]


def fines_note(rows: list[BoardRow]) -> str:
    """The board's fines in one sentence: every verdict, and what the undecided ones need."""
    sentence = labels.tally_sentence(fine_tally(rows))
    needs = labels.needs_sentence(fines_of(rows))
    return f"Fines checked against the Administrative Code: {sentence}" + (
        f" (undecided {needs})." if needs else "."
    )


def listed_on(facts: FactsDocument, as_of: dt.date, clock: LegalClock) -> set[str]:
    """Companies on the regulator's landing list on ``as_of``, the legal day on ``clock``."""
    state: dict[str, bool] = {}
    for event in sorted(
        (e for e in facts.events if isinstance(e, ListInclusionEvent) and e.list == "landing"),
        key=lambda e: clock.start(e.date),
    ):
        if clock.day(event.date) <= as_of:
            state[event.company] = not event.removed
    return {company for company, on in state.items() if on}
