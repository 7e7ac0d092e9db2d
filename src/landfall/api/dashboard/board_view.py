"""What the board page leads with: a headline of what is known, columns grouped by
jurisdiction, which cells are unknown only because no deciding fact is recorded, and the
measures in force with the day each was applied.

Display arithmetic over the portal's board rows; the statuses themselves come from the engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from landfall.i18n import gettext as _
from landfall.i18n import ngettext
from landfall.rules.model import Rulebook
from landfall.service.board import BoardRow
from landfall.takedown.summary import takedown_fines


@dataclass(frozen=True)
class Headline:
    companies: int
    listed: int
    facts: int
    fines: int
    totals: list[tuple[str, float]]  # per currency, in the order first met on the board
    measures: int  # measures and enforcement actions in force on the date
    measured_companies: int


def headline(
    rows: Sequence[BoardRow], facts: int, in_force: Mapping[str, Sequence[Any]] | None = None
) -> Headline:
    """The board's totals: companies shown, facts recorded on the date, fines and their sum
    in each currency (never added across currencies), and the measures and enforcement
    actions in force (``in_force``, by company; without it the ladder measures applied)."""
    held = in_force if in_force is not None else {r.company: r.measures for r in rows}
    totals: dict[str, float] = defaultdict(float)
    for row in rows:
        for fine in row.details.get("fines", []):
            totals[str(fine.get("currency") or "?")] += fine.get("amount") or 0
    return Headline(
        companies=len(rows),
        listed=sum(1 for r in rows if r.listed),
        facts=facts,
        fines=sum(r.fines for r in rows),
        totals=list(totals.items()),
        measures=sum(len(held.get(r.company, ())) for r in rows),
        measured_companies=sum(1 for r in rows if held.get(r.company)),
    )


def in_force_by_company(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """The measures listing's rows still in force (applied and not lifted), by company, the
    earliest applied first."""
    held: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: str(r.get("applied") or "")):
        if row.get("applied") and not row.get("lifted"):
            held[str(row["company"])].append(row)
    return dict(held)


def column_groups(
    books: Iterable[Rulebook], shown: Mapping[str, str]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The shown columns (id to name) under their jurisdiction, in the rulebooks' order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for book in books:
        for column in book.manifest.columns:
            if column not in shown:
                continue
            law = book.laws.get(column.split(".", 1)[0])
            jurisdiction = law.jurisdiction if law else book.manifest.jurisdiction
            groups.setdefault(jurisdiction, []).append((column, shown[column]))
    return list(groups.items())


def unrecorded(row: BoardRow) -> set[str]:
    """The row's columns that are unknown because the facts deciding them are not recorded:
    every obligation behind the cell is unknown and names the facts it misses."""
    behind: dict[str, list[bool]] = defaultdict(list)
    for ob in row.details.get("obligations", []):
        behind[str(ob["id"])].append(ob["status"] == "unknown" and bool(ob.get("missing_facts")))
    return {
        column
        for column, status in row.statuses.items()
        if status == "unknown" and behind.get(column) and all(behind[column])
    }


def cell_notes(row: BoardRow, books: Sequence[Rulebook]) -> dict[str, str]:
    """The row's notes beside a status (a per-demand duty with no demand recorded) in the
    language in use: ``no demands recorded (9 takedown fines)``. The board row keeps them in
    English for the JSON (docs/i18n.md); these are their readable forms, counted as
    :func:`landfall.takedown.summary.demands_note` counts them."""
    words = {}
    for column in row.notes:
        fined = sum(takedown_fines(book, row.details.get("fines", []), column) for book in books)
        words[column] = (
            ngettext(
                "no demands recorded ({n} takedown fine)",
                "no demands recorded ({n} takedown fines)",
                fined,
            ).format(n=f"{fined:,}")
            if fined
            else _("no demands recorded")
        )
    return words
