"""Citations and obligation outcomes shared by the Russian rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.rules.model import Citation

LANDING = "Federal Law 236-FZ of 01.07.2021"
PERSONAL_DATA = "Federal Law 152-FZ"
INFORMATION = "Federal Law 149-FZ"
KOAP = "KoAP RF"


def landing(note: str) -> Citation:
    return Citation(LANDING, note=note)


def status(
    value: str,
    because: list[str],
    *,
    due: dt.date | dt.datetime | None = None,
    missing: list[str] | None = None,
    **data: Any,
) -> Outcome:
    return Outcome(value, because, missing or [], {"due": due, **data})


def not_applicable_unless_law_applies(ctx: Ctx, law: str, applies: str) -> Outcome | None:
    """The shared exception: an obligation of a law that does not apply is not applicable."""
    verdict = ctx.ask(applies)
    if verdict.value is True:
        return None
    if verdict.value is None:
        return status(
            "unknown",
            [f"whether {law} applies cannot be decided from the facts", *verdict.because],
            missing=verdict.missing_facts,
        )
    return status("not_applicable", [f"{law} does not apply", *verdict.because])


def money(amount: float | int | None) -> str:
    if amount is None:
        return "unknown"
    return f"RUB {amount:,.0f}" if float(amount).is_integer() else f"RUB {amount:,.2f}"


Period = tuple[dt.date, dt.date | None]
"""A period in violation: its first day and the day it ended (None while it lasts)."""


def absence_period(due: dt.date, changes: list[tuple[dt.date, bool]]) -> Period | None:
    """The latest period, on or after ``due``, in which a required thing was not in place.

    ``changes`` are (day, in place afterwards) in time order; before the first change the
    thing is not in place. A period that ended is returned with the day it ended (the day the
    duty was met again); a period still running ends in None; None when there was no gap.
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


def merge_periods(periods: list[Period | None]) -> Period | None:
    """One period for a duty owed on several resources: earliest start to latest end."""
    found = [p for p in periods if p is not None]
    if not found:
        return None
    ends = [p[1] for p in found]
    end = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    return min(p[0] for p in found), end
