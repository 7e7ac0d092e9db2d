"""KoAP sanction parameters: which are in force on a day, and the range one allows.

A sanction parameter (``koap.<article>.<name>``) holds, per offender category, a fixed range
``{min, max}``, a turnover range ``{min_fraction, max_fraction, floor}`` over the revenue of
the calendar year before the year the offence was detected, or a multiple of an unpaid fine
``{unpaid_multiple, floor}`` (art. 20.25 part 1); beside them ``part``, ``offense`` (first |
repeat), ``repeat_of`` (the parts a repeat part repeats), ``aggravated``, ``role`` and
``duties`` (the obligations it punishes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from landfall.engine.context import Ctx
from landfall.rulebooks.ru.rules.common import CURRENCY, money

LAW = "koap"
SANCTIONS = ("koap.1*", "koap.2*")
GENERAL = ("koap.general.*",)


@dataclass(frozen=True)
class Sanction:
    """One sanction parameter (by id) and its value on a day."""

    id: str
    value: dict[str, Any]

    @property
    def part(self) -> str | None:
        part = self.value.get("part")
        return None if part is None else str(part)

    @property
    def offense(self) -> str | None:
        offense = self.value.get("offense")
        return None if offense is None else str(offense)

    @property
    def repeats(self) -> frozenset[str]:
        """The parts whose earlier penalty makes this part's offence a repeat, itself included."""
        parts = {str(p) for p in self.value.get("repeat_of", ())}
        return frozenset(parts | ({self.part} if self.part else set()))

    def at(self, ctx: Ctx, day: dt.date) -> Sanction | None:
        dated = ctx.peek(self.id, day)
        return None if dated is None else Sanction(self.id, dated.value)


@dataclass(frozen=True)
class Range:
    """The range one sanction allows an offender, for ``protocols`` offences."""

    low: float  # the minimum; a lower bound of it when ``exact`` is false
    high: float | None  # None when it needs a fact (the revenue, the unpaid fine)
    exact: bool
    minimum: float  # per offence, for the art. 4.1 reductions
    citation: str
    because: str
    needs: str | None = None


def sanctions_by_article(ctx: Ctx) -> dict[str, list[str]]:
    """KoAP sanction parameter ids grouped by article (koap.13.41.part-2 -> 13.41), built
    once per run (the rulebook's, whichever the company)."""

    def index() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for pattern in SANCTIONS:
            for name in ctx.family(pattern.removesuffix("*")):
                parts = name.split(".")
                found.setdefault(f"{parts[1]}.{parts[2]}", []).append(name)
        return found

    return ctx.once("sanctions-by-article", index)


def sanctions_on(ctx: Ctx, article: str, day: dt.date) -> tuple[Sanction, ...]:
    """The sanctions in force on ``day`` (peeked: only those weighed are traced), found once
    per run for each article and day."""

    def in_force() -> tuple[Sanction, ...]:
        found = []
        for name in sanctions_by_article(ctx).get(article, []):
            dated = ctx.peek(name, day)
            if dated is not None:
                found.append(Sanction(name, dated.value))
        return tuple(found)

    return ctx.once(("sanctions-on", article, day), in_force)


def revenue_needed(year: int) -> str:
    return f"revenue of {year} (revenue, RUB, RU)"


def statutory_range(
    ctx: Ctx,
    sanction: Sanction,
    day: dt.date,
    protocols: int,
    *,
    revenue_year: int,
    unpaid: float | None = None,
) -> Range | None:
    """The range on ``day`` for the company's offender category; None if it has no band."""
    offender = ctx.view.company.offender
    ctx.param_or_none(sanction.id, on=day)  # traced only for the sanctions weighed
    band = sanction.value.get(offender)
    dated = ctx.peek(sanction.id, day)
    citation = str(dated.citation) if dated else sanction.id
    if band is None:
        return None
    times = "" if protocols == 1 else f"; x{protocols} offences (art. 4.4 part 1)"
    if "min" in band:
        text = f"{citation}: {money(band['min'])} to {money(band['max'])} per offence"
        return Range(
            band["min"] * protocols, band["max"] * protocols, True, band["min"], citation,
            text + times,
        )  # fmt: skip
    floor = band.get("floor") or 0
    if "unpaid_multiple" in band:
        shape = f"{citation}: {band['unpaid_multiple']} times the unpaid fine, not less than {money(floor)}"
        if unpaid is None:
            return Range(floor, None, False, floor, citation, shape, "the unpaid fine it doubles")
        amount = max(floor, float(Fraction(band["unpaid_multiple"]) * Fraction(unpaid)))
        return Range(amount, amount, True, amount, citation, shape + f": {money(amount)}")
    lo_f = Fraction(band["min_fraction"]) if band.get("min_fraction") else None
    hi_f = Fraction(band["max_fraction"])
    shape = (
        f"{citation}: {lo_f or '?'} to {hi_f} of the revenue of {revenue_year}, "
        f"not less than {money(floor)} per offence"
    )
    revenue = ctx.view.company.revenue_in(revenue_year, CURRENCY, "RU")
    if revenue is None:
        ctx.fact(f"no revenue of {revenue_year} (RUB, RU) in the facts")
        return Range(
            floor * protocols, None, False, floor, citation, shape + times,
            revenue_needed(revenue_year),
        )  # fmt: skip
    basis = f" ({revenue.basis})" if revenue.basis else ""
    ctx.fact(f"revenue in {revenue_year}: {money(revenue.amount)}{basis}")
    low = max(floor, float(lo_f * Fraction(revenue.amount))) if lo_f else floor
    high = max(floor, float(hi_f * Fraction(revenue.amount)))
    text = shape + f"; with revenue {money(revenue.amount)}{basis}: {money(low)} to {money(high)}"
    return Range(low * protocols, high * protocols, True, low, citation, text + times)
