"""The compliance board: companies on the regulator's list against their obligations."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from landfall import labels
from landfall.engine.assess import Assessment
from landfall.facts.model import FactsDocument, ListInclusionEvent
from landfall.i18n import tr
from landfall.periods import LegalClock
from landfall.rules.model import Rulebook
from landfall.takedown.summary import column_status, demands_note, takedown_fines


def columns(rulebooks: Iterable[Rulebook]) -> tuple[str, ...]:
    """The board's obligation columns: each rulebook's manifest columns, in rulebook order."""
    return tuple(c for book in rulebooks for c in book.manifest.columns)


def column_labels(rulebooks: Iterable[Rulebook]) -> dict[str, str]:
    """Each column's display name, from its rulebook's labels, in the language in use."""
    return {c: labels.name(book.manifest, c) for book in rulebooks for c in book.manifest.columns}


def _per_event(rulebooks: Iterable[Rulebook]) -> tuple[str, ...]:
    return tuple(
        p.definition
        for book in rulebooks
        for p in book.manifest.per_event
        if p.into == "obligations"
    )


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
    books = assessment.rulebooks or (assessment.rulebook,)
    per_event = _per_event(books)
    for company in assessment.companies:
        data = company.to_dict()
        found = {ob["id"]: ob["status"] for ob in data["obligations"] if ob["id"] not in per_event}
        fines = data["fines"]
        notes: dict[str, str] = {}
        for definition in per_event:
            # a per-event duty's cell: the worst event's status, else what no event means
            fined = sum(takedown_fines(book, fines, definition) for book in books)
            found[definition] = column_status(
                data["obligations"],
                takedown_fines=fined,
                facts_complete=company.company not in incomplete,
                obligation=definition,
            )
            demands = sum(1 for ob in data["obligations"] if ob["id"] == definition)
            note = demands_note(demands, fined)
            if note is not None:
                notes[definition] = note
        statuses = {c: found[c] for c in columns(books) if c in found}
        rows.append(
            BoardRow(
                company=company.company,
                name=names.get(company.company, company.company),
                listed=company.company in listed,
                statuses=statuses,
                fines=len(fines),
                # a fine in another currency has no amount in roubles (None), not zero roubles
                fines_rub=sum(f["amount_rub"] for f in fines if f["amount_rub"] is not None),
                unlawful_fines=sum(1 for f in fines if f["lawful"] is False),
                undecided_fines=sum(1 for f in fines if f["lawful"] is None),
                measures=data["measures"]["applied"],
                details=data,
                verdicts=dict(labels.tally(fines)),
                notes=notes,
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
    lead = labels.word("fines.checked", "Fines checked against the law")
    if needs:
        return tr(
            "{lead}: {sentence} (undecided {needs}).", lead=lead, sentence=sentence, needs=needs
        )
    return tr("{lead}: {sentence}.", lead=lead, sentence=sentence)


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
