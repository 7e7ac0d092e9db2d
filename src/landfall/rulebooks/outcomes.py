"""The shapes of an obligation's outcome that every rulebook builds the same way.

The logic here is the same in every jurisdiction; what differs is the law's: which definition
says whether a law binds the company, and the words that say so. Those stay in each rulebook
(its ``rules/common.py``) and are passed in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.periods import Period


def status(
    value: str,
    because: list[str],
    *,
    due: dt.date | dt.datetime | None = None,
    missing: list[str] | None = None,
    **data: Any,
) -> Outcome:
    """An obligation's outcome: its status, why, what is missing, when it fell due, and more."""
    return Outcome(value, because, missing or [], {"due": due, **data})


def unless_applies(ctx: Ctx, applies: str, *, undecided: str, not_binding: str) -> Outcome | None:
    """The shared exception: a duty of a law that does not bind the company.

    None when the definition ``applies`` answers yes (the duty's own rule decides); otherwise
    ``unknown`` (with the facts it misses) or ``not_applicable``, each opened by the
    rulebook's own words for it.
    """
    verdict = ctx.ask(applies)
    if verdict.value is True:
        return None
    if verdict.value is None:
        return status("unknown", [undecided, *verdict.because], missing=verdict.missing_facts)
    return status("not_applicable", [not_binding, *verdict.because])


def period_data(period: Period | None) -> dict[str, Any]:
    """``violated_from`` / ``violated_until`` for an obligation's outcome (absent: no gap)."""
    if period is None:
        return {}
    start, end = period
    return {"violated_from": start} | ({"violated_until": end} if end is not None else {})


def amount_text(currency: str, amount: float | None) -> str:
    """An amount as the explanations write it: ``RUB 800,000``, ``EUR 1,234.50``, ``unknown``."""
    if amount is None:
        return "unknown"
    return (
        f"{currency} {amount:,.0f}" if float(amount).is_integer() else f"{currency} {amount:,.2f}"
    )
