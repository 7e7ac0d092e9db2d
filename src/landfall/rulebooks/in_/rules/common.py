"""Citations, obligation outcomes and violation periods shared by the Indian rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.rules.model import Citation

LAW = "in-it-rules-2021"
APPLIES = f"{LAW}.applies"
SSMI = f"{LAW}.ssmi"
RULES_2021 = "IT Rules 2021"
IN_FORCE = f"{LAW}.in-force"
SSMI_IN_FORCE = f"{LAW}.ssmi-duties-in-force"
COUNTRY = "IN"
"""The country whose facts this rulebook reads: its users, demands, officers and reports."""


def rules_citation(article: str | None = None, note: str | None = None) -> Citation:
    return Citation(RULES_2021, article, note=note)


def status(
    value: str,
    because: list[str],
    *,
    due: dt.date | dt.datetime | None = None,
    missing: list[str] | None = None,
    **data: Any,
) -> Outcome:
    return Outcome(value, because, missing or [], {"due": due, **data})


def not_applicable_unless_applies(ctx: Ctx) -> Outcome | None:
    """The shared exception: an obligation of Rules that do not apply is not applicable."""
    verdict = ctx.ask(APPLIES)
    if verdict.value is True:
        return None
    if verdict.value is None:
        return status(
            "unknown",
            ["whether the IT Rules 2021 apply cannot be decided from the facts", *verdict.because],
            missing=verdict.missing_facts,
        )
    return status("not_applicable", ["the IT Rules 2021 do not apply", *verdict.because])


Period = tuple[dt.date, dt.date | None]
"""A period in violation: its first day and the day it ended (None while it lasts)."""


def absence_period(due: dt.date, changes: list[tuple[dt.date, bool]]) -> Period | None:
    """The latest period, on or after ``due``, in which a required thing was not in place.

    ``changes`` are (day, in place afterwards) in time order; before the first change the
    thing is not in place. A period that ended is returned with the day it ended (the day the
    duty was met again); one still running ends in None; None when there was no gap.
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
