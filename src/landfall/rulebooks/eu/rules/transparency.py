"""Transparency reports: every provider at least yearly (art. 15), a designated very large
platform or search engine within two months of the day its duties apply and then at least
every six months (art. 42).

A report is a `report_published` event with `report: transparency` and `country: EU` (or a
Member State). The next report is due the interval after the last one published, so a late
report starts a new interval from its own day; a report published by the last day allowed is on
time. `due` is the last day of the interval running on the as-of date (the missed one when
violated). `period_end` is not read: the sources fix when a report is due, not what it covers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landfall.engine.context import Ctx, Outcome
from landfall.periods import Period, add_months
from landfall.rulebooks.eu.rules import RULES
from landfall.rulebooks.eu.rules.common import (
    APPLIES,
    GENERAL_APPLICATION,
    LAW,
    MEMBER_STATES,
    VLOP,
    dsa,
    in_union,
    not_applicable_unless_applies,
)
from landfall.rulebooks.outcomes import period_data, status

OBLIGATION = "eu-dsa.transparency-report"
ALL_MONTHS = "eu-dsa.transparency.all-months"
VLOP_FIRST = "eu-dsa.transparency.vlop-first-months"
VLOP_MONTHS = "eu-dsa.transparency.vlop-months"
REPORT = "transparency"
DAY = dt.timedelta(days=1)


@dataclass
class Schedule:
    """When reports are owed: the first due day, the interval after each report, and from
    which day a published report counts."""

    first_due: dt.date
    months: int
    counts_from: dt.date
    because: list[str]


def _schedule(ctx: Ctx) -> Schedule:
    vlop = ctx.ask(VLOP)
    if vlop.value is True:
        applies_from: dt.date = vlop.data["applies_from"]
        first: int = ctx.param(VLOP_FIRST)
        months: int = ctx.param(VLOP_MONTHS)
        first_due = add_months(applies_from, first)
        return Schedule(
            first_due,
            months,
            vlop.data["designated"],
            [
                *vlop.because,
                f"art. 42: the first report within {first} months of {applies_from}, by "
                f"{first_due}; then at least every {months} months",
            ],
        )
    application = ctx.first_start(GENERAL_APPLICATION)
    start = max(application, ctx.ask(APPLIES).data["since"])
    months = ctx.param(ALL_MONTHS, on=start)
    first_due = add_months(start, months)
    return Schedule(
        first_due,
        months,
        start,
        [
            *vlop.because,
            f"art. 15: at least every {months} months from {start}, the first by {first_due}",
        ],
    )


@RULES.rule(
    OBLIGATION,
    id="eu-dsa.transparency-report.duty",
    law=LAW,
    citation=dsa("15, 42", "transparency reports: yearly; every six months once designated"),
    params=(GENERAL_APPLICATION, ALL_MONTHS, VLOP_FIRST, VLOP_MONTHS, MEMBER_STATES),
)
def transparency_report(ctx: Ctx) -> Outcome:
    """Publish transparency reports at the Regulation's intervals."""
    plan = _schedule(ctx)
    because = list(plan.because)
    days = sorted(
        ctx.view.clock.day(e.date)
        for e in ctx.view.of_type("report_published")
        if e.report == REPORT and in_union(ctx, e.country)
    )
    days = [d for d in days if d >= plan.counts_from]
    due = plan.first_due
    late_periods: list[Period] = []
    for day in days:
        fact = ctx.fact(f"transparency report published on {day}")
        if day > due:
            late_periods.append((due + DAY, day))
            fact += f", late: it was due by {due}"
        because.append(fact)
        due = add_months(day, plan.months)
    latest = late_periods[-1] if late_periods else None
    if ctx.as_of > due:
        return status(
            "violated",
            [*because, f"a report was due by {due} and none is recorded since"],
            due=due,
            missing=["report_published with report transparency"],
            **period_data((due + DAY, None)),
        )
    if not days:
        return status("pending", [*because, f"the first report is due by {due}"], due=due)
    if latest is not None:
        because.append(f"met late: in violation from {latest[0]} until {latest[1]}")
    because.append(f"the next report is due by {due}")
    return status("met", because, due=due, **period_data(latest))


@RULES.rule(
    OBLIGATION,
    id="eu-dsa.transparency-report.not-subject",
    law=LAW,
    citation=dsa("15, 42", "transparency reports of providers the Regulation binds"),
    exception_to="eu-dsa.transparency-report.duty",
)
def not_subject(ctx: Ctx) -> Outcome | None:
    """A company the Regulation does not bind owes no transparency report."""
    return not_applicable_unless_applies(ctx)
