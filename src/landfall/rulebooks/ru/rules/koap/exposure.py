"""Exposure: the fine the next offence could bring, and art. 20.25 for a fine left unpaid.

The next offence against a violated duty is read with the same repeat model as a fine
(``koap.reading``): a repeat part applies when an earlier fine under a part it names still
counts on the as-of date (art. 4.6), or may count where a date is missing (the entry says
so). A fine unpaid when the art. 32.2 term ends exposes the company to art. 20.25 part 1
until that offence's own limitation runs out (art. 4.5; not a continuing offence).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import FineEvent
from landfall.periods import add_months
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import KOAP, money
from landfall.rulebooks.ru.rules.koap.dates import (
    OffenceDay,
    decided_on,
    fine_key,
    under_the_code,
)
from landfall.rulebooks.ru.rules.koap.limitation import LIMITATION
from landfall.rulebooks.ru.rules.koap.repeat import in_force_on, repeat_test
from landfall.rulebooks.ru.rules.koap.sanctions import (
    GENERAL,
    LAW,
    SANCTIONS,
    Sanction,
    sanctions_by_article,
    sanctions_on,
    statutory_range,
)
from landfall.rules.model import Citation

PAYMENT_TERM = "koap.general.payment-term"
NON_PAYMENT = "koap.20.25.part-1"


@RULES.rule(
    "koap.exposure",
    id="koap.exposure.next-offence",
    law=LAW,
    citation=Citation(
        KOAP, "4.3", "1", note="item 2, with art. 4.6: the next fine for a violated duty"
    ),
    params=(*GENERAL, *SANCTIONS),
)
def exposure(ctx: Ctx) -> Outcome:
    """For a violated duty: the fine the next protocol could bring, first or repeat."""
    duty: str = ctx.item["obligation"]
    count: int = ctx.item.get("count", 1)
    aggravated = bool(ctx.item.get("aggravated"))
    day = OffenceDay(ctx.as_of, True, f"the next offence, on {ctx.as_of}")
    found: list[dict[str, Any]] = []
    for article, reach in reaching(ctx, duty, aggravated):
        repeats: list[tuple[Sanction, list[str]]] = []
        for s in (s for s in reach if s.offense == "repeat"):
            test = repeat_test(
                ctx, s, day, article=article, decided=ctx.as_of, name="the next offence"
            )
            earlier = ", ".join(test.counting)
            if test.status == "yes":
                repeats.append((s, [f"repeat offence (earlier fine {earlier})", *test.because]))
            elif test.status == "possible":
                why = f"repeat offence (earlier fine {earlier}) unless {' and '.join(test.needs)} put it outside art. 4.6"
                repeats.append((s, [why, *test.because]))
        repeated = {p for s, _ in repeats for p in s.repeats}
        firsts = [
            (s, ["first offence: no earlier fine under the parts a repeat names counts"])
            for s in reach
            if s.offense == "first" and (s.part is None or s.part not in repeated)
        ]
        for s, reason in [*firsts, *repeats]:
            r = statutory_range(ctx, s, ctx.as_of, count, revenue_year=ctx.as_of.year - 1)
            if r is None:
                continue
            found.append(
                {
                    "article": article,
                    "part": s.part,
                    "min_rub": r.low,
                    "max_rub": r.high,
                    "citation": r.citation,
                    "because": [f"{duty} is violated", *reason, r.because],
                }
            )
    return Outcome(found, [f"{len(found)} sanction(s) reach {duty}"])


def reaching(ctx: Ctx, duty: str, aggravated: bool) -> tuple[tuple[str, list[Sanction]], ...]:
    """The sanctions in force on the as-of day that punish an owner's breach of ``duty``, by
    article in order: the same for every company of a run, so found once."""

    def found() -> tuple[tuple[str, list[Sanction]], ...]:
        by_article = (
            (
                article,
                [
                    s
                    for s in sanctions_on(ctx, article, ctx.as_of)
                    if duty in s.value.get("duties", ())
                    and s.value.get("aggravated", aggravated) == aggravated
                    and s.value.get("role", "owner") in ("owner", "any")
                ],
            )
            for article in sorted(sanctions_by_article(ctx))
        )
        return tuple((article, reach) for article, reach in by_article if reach)

    return ctx.once(("reaching", duty, aggravated), found)


@RULES.rule(
    "koap.non-payment",
    id="koap.non-payment.art-20-25",
    law=LAW,
    citation=Citation(KOAP, "20.25", "1", note="with art. 32.2 part 1"),
    params=(*GENERAL, *SANCTIONS),
)
def non_payment(ctx: Ctx) -> Outcome:
    """A fine not paid within the art. 32.2 term exposes the company to art. 20.25 part 1."""
    fine: FineEvent = ctx.item
    name = fine_key(ctx, fine)
    if not under_the_code(fine):
        return Outcome([], [f"{name} is not a KoAP fine in rubles: art. 20.25 does not reach it"])
    start, _, in_force = in_force_on(ctx, fine)
    if start > ctx.as_of:
        return Outcome([], [f"{name} is not in force on {ctx.as_of}"])
    days: int = ctx.param(PAYMENT_TERM, on=start)
    due = start + dt.timedelta(days=days)
    paid = fine.paid_date
    if ctx.as_of <= due or (paid is not None and paid <= due):
        return Outcome([], [f"{name}: {in_force}; payable by {due} (art. 32.2)"])
    committed = due + dt.timedelta(days=1)
    months: int = ctx.param(LIMITATION, on=committed)["months"]
    last = add_months(committed, months)
    if ctx.as_of > last:
        return Outcome(
            [], [f"{name} unpaid by {due}: art. 20.25 proceedings time-barred after {last}"]
        )
    dated = ctx.peek(NON_PAYMENT, committed)
    band = (dated.value if dated else {}).get(ctx.view.company.offender)
    if dated is None or band is None:
        return Outcome(
            [], [f"no art. 20.25 sanction for a {ctx.view.company.offender} on {committed}"]
        )
    ctx.param(NON_PAYMENT, on=committed)
    amount = max(band["floor"], float(Fraction(band["unpaid_multiple"]) * Fraction(fine.amount)))
    unpaid = f"paid only on {paid}" if paid else "not paid in the facts"
    entry = {
        "obligation": name,
        "article": "20.25",
        "part": "1",
        "min_rub": amount,
        "max_rub": amount,
        "citation": str(dated.citation),
        "until": last.isoformat(),  # the last day proceedings may be brought (art. 4.5)
        "because": [
            f"{name} ({money(fine.amount)}, decided on {decided_on(ctx, fine)}): {in_force};"
            f" payable within {days} days, by {due} (art. 32.2)",
            f"{unpaid}: the offence of art. 20.25 part 1 was committed on {committed}",
            f"{dated.citation}: {band['unpaid_multiple']} times the unpaid fine, not less than"
            f" {money(band['floor'])}: {money(amount)}",
            f"proceedings possible until {last} (art. 4.5, {months} months)",
        ],
    }
    return Outcome([entry], [f"{name} unpaid after the art. 32.2 term"])
