"""The days the Code's general part reads a fine on: commission, detection, decision.

Art. 1.7 reads the law on the day the offence was committed, or, for a continuing offence,
the day it was detected; the turnover base is the year before the year of detection; where a
date is not in the facts the nearest later one stands in, and the explanation says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landfall.engine.context import Ctx
from landfall.facts.model import FineEvent
from landfall.rulebooks.ru.rules.common import CURRENCY

CONTINUING = "koap.general.continuing"
CODE = "koap"
"""The Code's id as facts name it in a fine's `law`; an absent `law` is the Code too."""


def under_the_code(fine: FineEvent) -> bool:
    """A fine this rulebook weighs: imposed under the Code (or naming no law), in rubles."""
    return fine.law in (None, CODE) and fine.currency == CURRENCY


def code_fines(ctx: Ctx) -> list[FineEvent]:
    """The company's fines under the Code, in valid-time order (repetition counts only them)."""
    return [f for f in ctx.view.of_type("fine") if under_the_code(f)]


def decided_on(ctx: Ctx, fine: FineEvent) -> dt.date:
    """The legal day of the decision."""
    return ctx.view.clock.day(fine.date)


def fine_key(ctx: Ctx, fine: FineEvent) -> str:
    """``fine:<id>``, or ``fine:<index>`` among the company's fines, as the assessment names it."""
    if fine.id:
        return f"fine:{fine.id}"
    index = next(i for i, f in enumerate(ctx.view.of_type("fine")) if f is fine)
    return f"fine:{index}"


def is_continuing(ctx: Ctx, article: str, part: str | None, day: dt.date) -> bool:
    listed = (ctx.param_or_none(CONTINUING, on=day) or {}).get(article)
    return listed is not None and ("*" in listed or part in listed)


@dataclass(frozen=True)
class OffenceDay:
    """The day the law is read on for a fine, and whether the facts state it."""

    day: dt.date
    stated: bool
    because: str


def offence_day(ctx: Ctx, fine: FineEvent) -> OffenceDay:
    decided = decided_on(ctx, fine)
    continuing = is_continuing(ctx, fine.article, fine.part, decided)
    if continuing and not fine.detected_date:
        # it went on at least until detection, which came before the decision
        return OffenceDay(
            decided,
            False,
            f"a continuing offence whose detection date is not stated: read on the decision date {decided}",
        )
    if fine.detected_date and continuing:
        return OffenceDay(
            fine.detected_date,
            True,
            ctx.fact(
                f"a continuing offence detected on {fine.detected_date}: read on that day"
                " (art. 1.7 part 1, art. 4.5 part 2)"
            ),
        )
    if fine.offense_date:
        return OffenceDay(
            fine.offense_date,
            True,
            ctx.fact(
                f"offence committed on {fine.offense_date}: read on that day (art. 1.7 part 1)"
            ),
        )
    if fine.detected_date:
        return OffenceDay(
            fine.detected_date,
            False,
            f"offence date not stated: read on the detection date {fine.detected_date}",
        )
    return OffenceDay(
        decided, False, f"offence date not stated: read on the decision date {decided}"
    )


def revenue_year(ctx: Ctx, fine: FineEvent) -> tuple[int, str]:
    """The turnover base: the calendar year before the year the offence was detected."""
    continuing = is_continuing(ctx, fine.article, fine.part, decided_on(ctx, fine))
    if fine.detected_date:
        day, what = fine.detected_date, "detection"
    elif fine.offense_date and not continuing:
        day, what = fine.offense_date, "offence (detection date not stated)"
    else:
        day, what = decided_on(ctx, fine), "decision (detection date not stated)"
    year = day.year - 1
    return year, f"turnover base: revenue of {year}, the year before that of the {what}, {day}"
