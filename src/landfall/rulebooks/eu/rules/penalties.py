"""What a violation exposes the provider to: fines and periodic penalty payments, in euros,
as fractions of its worldwide turnover; and the one measure beyond them.

The Regulation sets maxima and no minimum. A Member State fines up to 6% of the annual
worldwide turnover and imposes periodic penalties up to 5% of the average daily worldwide
turnover (art. 52); the Commission does the same to a designated very large platform or search
engine once its duties apply, on the preceding financial year's turnover (arts. 74, 76). The
maximum is computed from the company's `revenue` entry with `scope: world` in EUR for the year
before the as-of date's (the preceding financial year of a decision taken that day; the entry's
year is read as the financial year). Without it the maximum is null and `needs` names the entry:
no exchange rate is applied to revenue in another currency.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.rulebooks.eu.rules import RULES
from landfall.rulebooks.eu.rules.common import (
    CURRENCY,
    LAW,
    MEMBER_STATES,
    VLOP,
    dsa,
    euros,
    in_union,
)

MEMBER_STATE_MAX = "eu-dsa.fines.member-state-max"
MEMBER_STATE_DAILY = "eu-dsa.fines.member-state-daily-max"
MEMBER_STATE_YEAR = "eu-dsa.fines.member-state-year"
COMMISSION_MAX = "eu-dsa.fines.commission-max"
COMMISSION_DAILY = "eu-dsa.fines.commission-daily-max"
COMMISSION_YEAR = "eu-dsa.fines.commission-year"
MEASURES = "eu-dsa.measures"
WORLD = "world"


def _days_in(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def _amount(value: Fraction) -> float:
    return float(round(value, 2))


def _percent(share: str) -> str:
    """``"6/100"`` -> ``6%``: the Regulation states its maxima in percent."""
    number = f"{float(Fraction(share)):.4%}"[:-1]
    return number.rstrip("0").rstrip(".") + "%"


@RULES.rule(
    "eu-dsa.exposure",
    id="eu-dsa.exposure.turnover",
    law=LAW,
    citation=dsa("52, 74, 76", "fines and periodic penalty payments"),
    params=(
        MEMBER_STATE_MAX,
        MEMBER_STATE_DAILY,
        MEMBER_STATE_YEAR,
        COMMISSION_MAX,
        COMMISSION_DAILY,
        COMMISSION_YEAR,
    ),
)
def exposure(ctx: Ctx) -> Outcome:
    """The largest fine and daily penalty a violated duty exposes the provider to."""
    duty: str = ctx.item["obligation"]
    count: int = ctx.item["count"]
    vlop = ctx.ask(VLOP)
    if vlop.value is True and ctx.as_of >= vlop.data["applies_from"]:
        who = "the Commission (a designated very large platform or search engine)"
        names, articles = (COMMISSION_MAX, COMMISSION_DAILY, COMMISSION_YEAR), ("74", "76")
    else:
        who = "a Member State"
        names, articles = (MEMBER_STATE_MAX, MEMBER_STATE_DAILY, MEMBER_STATE_YEAR), ("52", "52")
    fine_share, daily_share = ctx.param_or_none(names[0]), ctx.param_or_none(names[1])
    if fine_share is None or daily_share is None:
        return Outcome([], [f"the fines of art. {articles[0]} do not apply on {ctx.as_of}"])
    year = ctx.as_of.year - ctx.param(names[2])
    revenue = ctx.view.company.revenue_in(year, CURRENCY, WORLD)
    lead = [f"{duty} is violated" + (f" ({count} times)" if count > 1 else ""), f"fined by {who}"]
    needs: list[str] = []
    if revenue is None:
        needs = [f"revenue of {year} (revenue, {CURRENCY}, {WORLD})"]
        others = [
            f"{r.currency} from {r.scope}" for r in ctx.view.company.revenue if r.year == year
        ]
        lead.append(
            f"the worldwide turnover of {year} in {CURRENCY} is not in the facts"
            + (f" (only {', '.join(others)}; no exchange rate is applied)" if others else "")
        )
        fine_max = daily_max = None
    else:
        turnover = Fraction(revenue.amount)
        lead.append(ctx.fact(f"worldwide turnover of {year}: {euros(revenue.amount)}"))
        fine_max = _amount(Fraction(fine_share) * turnover)
        daily_max = _amount(Fraction(daily_share) * turnover / _days_in(year))
    fine: dict[str, Any] = {
        "article": articles[0],
        "min": None,
        "max": fine_max,
        "currency": CURRENCY,
        "citation": str(
            dsa(articles[0], f"fine up to {_percent(fine_share)} of worldwide annual turnover")
        ),
        "because": [
            *lead,
            f"up to {_percent(fine_share)} of it: {euros(fine_max)}; the DSA sets no minimum",
        ],
        "needs": needs,
    }
    penalty: dict[str, Any] = {
        "article": articles[1],
        "per": "day",
        "min": None,
        "max": daily_max,
        "currency": CURRENCY,
        "citation": str(
            dsa(
                articles[1],
                f"periodic penalty up to {_percent(daily_share)} of average daily turnover, per day",
            )
        ),
        "because": [
            *lead,
            f"a periodic penalty payment of up to {_percent(daily_share)} of the average daily "
            f"turnover ({_days_in(year)} days) per day: {euros(daily_max)} a day",
        ],
        "needs": needs,
    }
    return Outcome([fine, penalty], [f"art. {articles[0]} reaches {duty}"])


@RULES.rule(
    "eu-dsa.measures",
    id="eu-dsa.measures.last-resort",
    law=LAW,
    citation=dsa("82", "with art. 51(3): temporary restriction of access as a last resort"),
    params=(MEASURES, MEMBER_STATES),
)
def measures(ctx: Ctx) -> Outcome:
    """The temporary restriction of access: recorded when applied, never offered as next."""
    applied: dict[str, str] = {}
    for event in ctx.view.of_type("measure_applied", "measure_lifted"):
        if not in_union(ctx, event.country):  # another state's ladder
            continue
        day = ctx.view.clock.day(event.date)
        if event.type == "measure_applied":
            applied[event.measure] = ctx.fact(f"{event.measure} applied on {day} ({event.country})")
        elif applied.pop(event.measure, None) is not None:
            ctx.fact(f"{event.measure} lifted on {day} ({event.country})")
    ladder = ctx.param_or_none(MEASURES) or []
    order = [m["id"] for m in ladder]
    applied_ids = [m for m in order if m in applied]
    because = [applied[m] for m in applied_ids]
    because.append(
        "a judicial authority may order a temporary restriction of access only once all other "
        "powers are exhausted and the infringement persists causing serious harm (art. 82 with "
        "art. 51(3)); the facts record none of these conditions, so no measure is listed as "
        "available"
    )
    return Outcome({"applied": applied_ids, "available": [], "next": None}, because)
