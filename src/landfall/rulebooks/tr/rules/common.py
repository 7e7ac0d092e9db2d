"""Citations, outcomes and periods shared by the Turkish rules.

Kept apart from the other rulebooks' helpers on purpose: a jurisdiction imports nothing of
another, so none of its clocks, currencies or measures can reach a Turkish answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.rules.model import Citation

LAW = "tr-5651"
APPLIES = "tr-5651.applies"
IN_FORCE = "tr-5651.in-force"
ACT = "Law No. 5651"
ARTICLE = "additional 4"
REPRESENTATIVE = "tr-5651.representative"
COUNTRY = "TR"


def cite(note: str, article: str = ARTICLE) -> Citation:
    return Citation(ACT, article, note=note)


def status(
    value: str,
    because: list[str],
    *,
    due: dt.date | dt.datetime | None = None,
    missing: list[str] | None = None,
    **data: Any,
) -> Outcome:
    return Outcome(value, because, missing or [], {"due": due, **data})


def unless_subject(ctx: Ctx) -> Outcome | None:
    """A duty of a provider the law does not bind is not applicable (or unknown with it)."""
    verdict = ctx.ask(APPLIES)
    if verdict.value is True:
        return None
    if verdict.value is None:
        return status(
            "unknown",
            ["whether Law 5651 Additional Article 4 applies cannot be decided", *verdict.because],
            missing=verdict.missing_facts,
        )
    return status(
        "not_applicable", ["Law 5651 Additional Article 4 does not apply", *verdict.because]
    )


def whole(amount: float) -> float:
    """An amount as JSON writes it: 10000000, not 10000000.0."""
    return int(amount) if float(amount).is_integer() else amount


def money(amount: float) -> str:
    """An amount in the rulebook's currency, the way the explanations write it."""
    return f"TRY {amount:,.0f}" if float(amount).is_integer() else f"TRY {amount:,.2f}"


Period = tuple[dt.date, dt.date | None]
"""A period in violation: its first day and the day it ended (None while it lasts)."""


def latest_gap(due: dt.date, states: list[tuple[dt.date, bool | None]]) -> Period | None:
    """The latest period, from ``due`` on, in which the duty was not met.

    ``states`` are (day, met from that day) in time order, the first on ``due``; an unknown
    state (None) neither opens nor closes a period. A period that ended is returned with the
    day the duty was met again; one still running ends in None; None when there was no gap.
    """
    start: dt.date | None = None
    last: Period | None = None
    for day, met in states:
        if met is False and start is None:
            start = max(day, due)
        elif met is True and start is not None:
            if day > start:  # a gap of no day is none
                last = (start, day)
            start = None
    return (start, None) if start is not None else last


def period_data(period: Period | None) -> dict[str, Any]:
    """``violated_from`` / ``violated_until`` for an obligation's outcome (absent: no gap)."""
    if period is None:
        return {}
    start, end = period
    return {"violated_from": start} | ({"violated_until": end} if end is not None else {})
