"""What the company page shows beside its obligations: the fines with their totals per
currency, and the measures timeline (each ladder measure and enforcement action with the day
it was applied and lifted, its basis and sources, and each ladder's next step with its date).

Display arithmetic over what the engine and the listings computed; no rule logic here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from landfall.i18n import N_
from landfall.i18n import gettext as _
from landfall.labels import name
from landfall.rules.model import Rulebook
from landfall.service import listings

ACTION_WORDS = {
    "block": N_("blocking"),
    "throttle": N_("slowdown (throttling)"),
    "suspension": N_("suspension"),
    "register_of_violators": N_("entry in the register of violators"),
    "delisting": N_("removal from a list"),
    "other": N_("other action"),
}
"""An enforcement action (the facts format's ``action``) in words."""


def fine_totals(fines: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per currency, in the order first met: how many fines and their sum (never added
    across currencies)."""
    totals = listings.per_currency(fines)
    return [
        {
            "currency": cur or "?",
            "count": n,
            "amount": sum_,
            "text": listings.money(sum_, cur or "?"),
        }
        for cur, (n, sum_) in totals.items()
    ]


def fine_amounts(fine: Mapping[str, Any]) -> dict[str, str]:
    """A fine's amount and statutory range as written: ``RUB 21,077,392,317.80`` (kopecks and
    cents when there are some, never rounded away) and ``RUB 10,540,000,000 – 21,080,000,000``,
    ``?`` for a bound not known."""
    currency = str(fine.get("currency") or "")
    amount = fine.get("amount")
    low, high = (fine.get("range") or fine.get("range_rub") or (None, None))[:2]

    def bare(value: Any) -> str:
        return "?" if value is None else listings.money(float(value), "").strip()

    return {
        "amount": "?" if amount is None else listings.money(float(amount), currency),
        "range": "?" if low is None else f"{currency} {bare(low)} – {bare(high)}",
    }


def deciding_reason(fine: Mapping[str, Any]) -> str | None:
    """The ``because`` line that weighs the fine's amount against its range (it names the
    amount as the rulebooks write money), else the last line: the reason a reader wants
    beside the verdict, the others being the steps to it."""
    lines = [str(b) for b in fine.get("because") or []]
    if not lines:
        return None
    amount = fine.get("amount")
    if isinstance(amount, int | float):
        written = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        for line in lines:
            if line.split(" ", 2)[1:2] == [written] or line.startswith(written):
                return line
    return lines[-1]


def measure_words(row: Mapping[str, Any], books: Sequence[Rulebook]) -> str:
    """A listed measure in words: a ladder measure by its rulebook's name in the language in
    use, an enforcement action by what the state did."""
    if row["kind"] == "action":
        known = ACTION_WORDS.get(str(row["measure"]))
        return _(known) if known else str(row["measure"]).replace("_", " ")
    book = next((b for b in books if b.manifest.jurisdiction == row["jurisdiction"]), None)
    return str(row["measure"]) if book is None else name(book.manifest, str(row["measure"]))


def next_steps(
    ladders: Iterable[Mapping[str, Any]], books: Sequence[Rulebook]
) -> list[dict[str, Any]]:
    """Each ladder that has a next step: the measure by name, and the day it may be taken
    when the rulebook fixes one (``next_from``), else ``None``."""
    by_id = {b.id: b for b in books}
    steps = []
    for ladder in ladders:
        step = ladder.get("next")
        if not step:
            continue
        book = by_id.get(str(ladder.get("rulebook")))
        steps.append(
            {
                "jurisdiction": ladder.get("jurisdiction"),
                "measure": step,
                "name": name(book.manifest, str(step)) if book else str(step),
                "from": ladder.get("next_from"),
            }
        )
    return steps


def measures_timeline(
    facts: Any, books: Sequence[Rulebook], as_of: dt.date, company: str
) -> dict[str, Any]:
    """The company's measures and enforcement actions in date order (the measures listing's
    rows, each applied one paired with its lift), with their names in words and what is in
    force on ``as_of``."""
    found = listings.measures(facts, books, as_of, listings.Filters(company=company))
    rows = [{**r, "words": measure_words(r, books)} for r in found.rows]
    rows.sort(key=lambda r: (r["applied"] or r["lifted"] or "", r["words"]))
    return {"rows": rows, "in_force": sum(1 for r in rows if r["applied"] and not r["lifted"])}
