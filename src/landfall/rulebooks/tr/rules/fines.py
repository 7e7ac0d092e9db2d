"""The fines of Additional Article 4 in the facts (``fine`` with ``law: tr-5651``).

``part`` names the duty a fine punishes, since the sources give no paragraph numbers:
``representative`` (a step of the ladder: the first or second such fine after the notice),
``user-applications`` or ``transparency-report`` (the fixed fines). A ladder fine is lawful
when it has the step's amount, is imposed once the step's interval has run and before the
representative was appointed. What remains payable is an exposure entry: the whole fine
until it is paid, the compliance fraction of a ladder fine once the representative is
appointed.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import FineEvent
from landfall.rulebooks.tr.rules import RULES
from landfall.rulebooks.tr.rules.common import ARTICLE, IN_FORCE, LAW, cite, money, whole
from landfall.rulebooks.tr.rules.ladder import FINE_PART, ladder_fines, steps_of

FRACTION = "tr-5651.ladder.compliance-fraction"
FIXED = {
    "user-applications": "tr-5651.fine-no-answer",
    "transparency-report": "tr-5651.fine-no-report",
}
PARTS = ", ".join([FINE_PART, *FIXED])


def _verdict(
    verdict: str, because: list[str], amount: float | None, needs: list[str] | None = None
) -> Outcome:
    value = {"lawful": True, "unlawful": False}.get(verdict)
    return Outcome(
        value,
        because,
        needs or [],
        {"verdict": verdict, "range": None if amount is None else [amount, amount],
         "citation": str(cite("fines of the article"))},
    )  # fmt: skip


@RULES.rule(
    "tr-5651.fine",
    id="tr-5651.fine.amount",
    law=LAW,
    citation=cite("the ladder's fines and the fixed fines"),
    params=(IN_FORCE, *FIXED.values()),
)
def fine_amount(ctx: Ctx) -> Outcome:
    """A fine of the article is lawful when it is the amount the law fixes for its duty and,
    on the ladder, imposed within it."""
    fine: FineEvent = ctx.item
    day = ctx.view.clock.day(fine.date)
    currency = ctx.rulebook.manifest.currency
    stated = ctx.fact(f"fine of {fine.amount:,.0f} {fine.currency} on {day} (part {fine.part})")
    if fine.currency != currency:
        return _verdict(
            "undecided",
            [stated, f"the article's fines are in {currency}"],
            None,
            [f"the fine's amount in {currency}"],
        )
    if fine.part in FIXED:
        amount = ctx.param_or_none(FIXED[fine.part], on=day)
        if amount is None:
            return _verdict("unlawful", [stated, "no such fine was in force that day"], None)
        ok = fine.amount == amount
        return _verdict(
            "lawful" if ok else "unlawful", [stated, f"the law fixes {money(amount)}"], amount
        )
    if fine.part != FINE_PART:
        return _verdict(
            "undecided",
            [stated, "the part does not name a duty of the article"],
            None,
            [f"the fine's part: {PARTS}"],
        )
    return _ladder_fine(ctx, fine, stated)


def _ladder_fine(ctx: Ctx, fine: FineEvent, stated: str) -> Outcome:
    ladder, steps = steps_of(ctx)
    fines = [
        f
        for f in ladder_fines(ctx)
        if ladder["notice"] is None or ctx.view.clock.day(f.date) >= ladder["notice"]
    ]
    day = ctx.view.clock.day(fine.date)
    if fine not in fines:
        return _verdict(
            "unlawful",
            [stated, f"imposed before the authority's notice of {ladder['notice']}"],
            None,
        )
    position = fines.index(fine)
    fine_steps = [s for s in steps if s.amount is not None]
    if position >= len(fine_steps):
        return _verdict(
            "unlawful",
            [stated, f"the ladder has {len(fine_steps)} fines; this is fine {position + 1}"],
            None,
        )
    step = fine_steps[position]
    assert step.amount is not None
    because = [stated, f"{step.id}: the law fixes {money(step.amount)}"]
    if fine.amount != step.amount:
        return _verdict("unlawful", because, step.amount)
    if step.earliest is None:
        return _verdict("undecided", [*because, "the interval runs from the authority's notice"], step.amount,
                        ["the authority's notice (demand kind landing, country TR)"])  # fmt: skip
    if day < step.earliest:
        return _verdict(
            "unlawful",
            [*because, f"imposed on {day}, before the interval ran out ({step.earliest})"],
            step.amount,
        )
    complied = ladder["complied"]
    if complied is not None and complied <= day:
        return _verdict(
            "unlawful",
            [*because, f"the representative was appointed on {complied}, before the fine"],
            step.amount,
        )
    return _verdict(
        "lawful", [*because, f"imposed on {day}, on or after {step.earliest}"], step.amount
    )


@RULES.rule(
    "tr-5651.fine-payable",
    id="tr-5651.fine-payable.reduced-on-compliance",
    law=LAW,
    citation=cite("on compliance the fines are reduced to the fraction fixed"),
    params=(IN_FORCE, FRACTION),
)
def payable(ctx: Ctx) -> Outcome:
    """What a fine of the article leaves to pay: nothing once paid, the fraction fixed of a
    ladder fine once the representative is appointed, else the whole fine."""
    fine: FineEvent = ctx.item
    day = ctx.view.clock.day(fine.date)
    if fine.paid_date is not None:
        return Outcome([], [ctx.fact(f"the fine of {day} was paid on {fine.paid_date}")])
    key = f"fine:{fine.id}" if fine.id else f"fine of {day}"
    entry: dict[str, Any] = {
        "obligation": key,
        "article": ARTICLE,
        "part": fine.part,
        "currency": fine.currency,
        "citation": str(cite("fines of the article")),
    }
    complied = steps_of(ctx)[0]["complied"] if fine.part == FINE_PART else None
    if complied is not None and complied >= day:
        fraction = Fraction(ctx.param(FRACTION, on=complied))
        reduced = float(Fraction(str(fine.amount)) * fraction)
        amount = whole(reduced)
        because = [
            f"the representative was appointed on {complied}: the fine of {money(fine.amount)} is reduced to {fraction}, {money(amount)}"
        ]
        return Outcome(
            [
                {
                    **entry,
                    "min": amount,
                    "max": amount,
                    "from": complied.isoformat(),
                    "because": because,
                }
            ],
            because,
        )
    because = [f"the fine of {money(fine.amount)} imposed on {day} is unpaid"]
    amount = whole(fine.amount)
    return Outcome(
        [{**entry, "min": amount, "max": amount, "from": day.isoformat(), "because": because}],
        because,
    )
