"""Citations, obligation outcomes and the Union's geography, shared by the DSA rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.rules.model import Citation

ACT = "Regulation (EU) 2022/2065 (DSA)"
LAW = "eu-dsa"
APPLIES = "eu-dsa.applies"
VLOP = "eu-dsa.vlop"
IN_FORCE = "eu-dsa.in-force"
GENERAL_APPLICATION = "eu-dsa.general-application"
MEMBER_STATES = "eu-dsa.member-states"
UNION = "EU"
"""The facts format's country code for the Union as a whole."""
CURRENCY = "EUR"


def dsa(article: str | None, note: str) -> Citation:
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


def in_union(ctx: Ctx, country: str | None) -> bool:
    """Whether a fact's country is the Union or one of its Member States.

    The Member States' list is recorded (and so named among the parameters the answer rests
    on) only when it puts a fact in the Union: a fact about Russia or Turkey is outside it
    whatever the list says. A rule calling this declares the parameter.
    """
    if country == UNION:
        return True
    dated = ctx.peek(MEMBER_STATES)
    if not country or dated is None or country not in dated.value:
        return False
    return country in ctx.param(MEMBER_STATES)


def not_applicable_unless_applies(ctx: Ctx) -> Outcome | None:
    """The shared exception: a duty of a Regulation that does not bind the company."""
    verdict = ctx.ask(APPLIES)
    if verdict.value is True:
        return None
    if verdict.value is None:
        return status(
            "unknown",
            [
                "whether the DSA binds the company cannot be decided from the facts",
                *verdict.because,
            ],
            missing=verdict.missing_facts,
        )
    return status("not_applicable", ["the DSA does not bind the company", *verdict.because])


def euros(amount: float | None) -> str:
    if amount is None:
        return "unknown"
    return f"EUR {amount:,.0f}" if float(amount).is_integer() else f"EUR {amount:,.2f}"


BASES = ("DSA 9", "DSA 16")
"""The `demand` bases the facts format fixes for the Regulation: an order, a notice."""

Period = tuple[dt.date, dt.date | None]
"""A period in violation: its first day and the day it ended (None while it lasts)."""


def absence_period(due: dt.date, changes: list[tuple[dt.date, bool]]) -> Period | None:
    """The latest period, on or after ``due``, in which a required thing was not in place.

    ``changes`` are (day, in place afterwards) in time order; before the first change the
    thing is not in place. None when it has been in place since ``due``.
    """
    start, present, last = due, False, None
    for day, now_present in changes:
        if now_present == present:
            continue
        present = now_present
        if present:
            if day > start:
                last = (start, day)
        else:
            start = max(day, due)
    return last if present else (start, None)


def period_data(period: Period | None) -> dict[str, Any]:
    """``violated_from`` / ``violated_until`` for an obligation's outcome (absent: no gap)."""
    if period is None:
        return {}
    start, end = period
    return {"violated_from": start} | ({"violated_until": end} if end is not None else {})
