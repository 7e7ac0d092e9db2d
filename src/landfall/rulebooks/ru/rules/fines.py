"""Administrative Code fines: the statutory range of a fine, whether it is lawful, exposure.

A sanction parameter holds, per offender category, a fixed range ``{min, max}`` or a
turnover-based one ``{min_fraction, max_fraction, floor}`` over the revenue of the calendar
year preceding the year the offence was detected. The Code's general rules applied here:
art. 1.7 (the law in force when the offence was committed), art. 4.4 part 1 (each offence,
i.e. each protocol, is punished separately), art. 4.1 parts 2.2-3.3 (below the minimum, down
to half of it, in exceptional circumstances), art. 4.3 part 1 item 2 with art. 4.6 (repeat
offence within the period a person is deemed punished).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import FineEvent, day_of
from landfall.periods import add_months
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import KOAP, money
from landfall.rules.model import Citation, Parameter, Rulebook

LAW = "koap"
REPEAT_WINDOW = "koap.general.repeat-window"
BELOW_MINIMUM = "koap.general.below-minimum"
GENERAL = (REPEAT_WINDOW, BELOW_MINIMUM, "koap.1*")


@dataclass(frozen=True)
class Range:
    low: float | None
    high: float | None
    citation: str
    because: str
    minimum: float | None  # the per-offence statutory minimum, for art. 4.1 reductions


def sanction_params(ctx: Ctx, article: str) -> list[Parameter]:
    return sanctions_by_article(ctx.rulebook).get(article, [])


_INDEX: dict[int, dict[str, list[Parameter]]] = {}


def sanctions_by_article(rulebook: Rulebook) -> dict[str, list[Parameter]]:
    """KoAP sanction parameters grouped by article (koap.13.41.part-2 -> 13.41), built once."""
    index = _INDEX.get(id(rulebook))
    if index is None:
        index = {}
        for name, parameter in sorted(rulebook.parameters.items()):
            parts = name.split(".")
            if parts[0] == "koap" and parts[1] != "general":
                index.setdefault(f"{parts[1]}.{parts[2]}", []).append(parameter)
        _INDEX[id(rulebook)] = index
    return index


def sanctions_on(ctx: Ctx, article: str, day: dt.date) -> list[tuple[Parameter, dict[str, Any]]]:
    found = []
    for parameter in sanction_params(ctx, article):
        dated = parameter.at(day)
        if dated is not None:
            found.append((parameter, dated.value))
    return found


def statutory_range(
    ctx: Ctx, parameter: Parameter, value: dict[str, Any], day: dt.date, protocols: int
) -> Range | None:
    offender = ctx.view.company.offender
    ctx.param_or_none(parameter.id, on=day)  # traced only for the sanctions actually weighed
    band = value.get(offender)
    citation = str(parameter.at(day).citation) if parameter.at(day) else parameter.id  # type: ignore[union-attr]
    if band is None:
        return None
    if "min" in band:
        low, high = band["min"] * protocols, band["max"] * protocols
        text = f"{citation}: {money(band['min'])} to {money(band['max'])} per offence"
        return Range(low, high, citation, text + _times(protocols), band["min"])
    year = day.year - 1
    revenue = ctx.view.company.revenue_rub.get(year)
    floor = band.get("floor") or 0
    lo_f = Fraction(band["min_fraction"]) if band.get("min_fraction") else None
    hi_f = Fraction(band["max_fraction"])
    shape = (
        f"{citation}: {lo_f or '?'} to {hi_f} of the revenue of {year}, "
        f"not less than {money(floor)} per offence"
    )
    if revenue is None:
        ctx.fact(f"revenue_rub for {year} is not in the facts")
        return Range(floor * protocols, None, citation, shape + _times(protocols), floor)
    ctx.fact(f"revenue in {year}: {money(revenue)}")
    low = max(floor, float(lo_f * Fraction(revenue))) if lo_f else floor
    high = max(floor, float(hi_f * Fraction(revenue)))
    text = shape + f"; with revenue {money(revenue)}: {money(low)} to {money(high)}"
    return Range(low * protocols, high * protocols, citation, text + _times(protocols), low)


def _times(protocols: int) -> str:
    return "" if protocols == 1 else f"; x{protocols} offences (art. 4.4 part 1)"


def repeat_of(ctx: Ctx, fine: FineEvent) -> FineEvent | None:
    """An earlier fine under the same article within the repeat window (art. 4.3, 4.6)."""
    months: int = ctx.param(REPEAT_WINDOW, on=day_of(fine.date))
    earlier = None
    for other in ctx.view.of_type("fine"):
        if other is fine:
            break
        if other.article == fine.article and add_months(day_of(other.date), months) >= day_of(
            fine.date
        ):
            earlier = other
    return earlier


@RULES.rule(
    "koap.fine",
    id="koap.fine.range",
    law=LAW,
    citation=Citation(KOAP, "4.1", "1", note="with arts. 1.7, 4.3, 4.4, 4.6"),
    params=GENERAL,
)
def fine_range(ctx: Ctx) -> Outcome:
    """A fine is lawful when it lies in the article's range for the offence and offender.

    Where the facts state neither the part nor whether the offence was a repeat, the likelier
    reading (a repeat when an earlier fine under the article falls in the repeat window) is
    weighed first, then the other: the fine is lawful if either reading allows it.
    """
    fine: FineEvent = ctx.item
    day = day_of(fine.date)
    candidates = sanctions_on(ctx, fine.article, day)
    because: list[str] = []
    groups: list[tuple[str | None, list[tuple[Parameter, dict[str, Any]]]]]
    if fine.part is not None:
        # part "*" stands for an article whose parts are known to exist but not their amounts
        chosen = [(p, v) for p, v in candidates if v.get("part") in (fine.part, "*")]
        offense = chosen[0][1].get("offense", fine.offense) if chosen else fine.offense
        offense = fine.offense if offense == "*" else offense
        if fine.offense and chosen and offense != fine.offense:
            because.append(
                f"the facts call it a {fine.offense} offence; part {fine.part} is for a {offense} offence"
            )
        groups = [(offense, chosen)]
    else:
        if fine.offense is not None:
            order = [fine.offense]
        else:
            prior = repeat_of(ctx, fine)
            order = ["repeat", "first"] if prior else ["first", "repeat"]
            because.append(
                ctx.fact(
                    f"an earlier fine under {fine.article} on {day_of(prior.date)} may make this a repeat offence (art. 4.3, 4.6)"
                )
                if prior
                else "no earlier fine under the same article within the repeat window: read first as a first offence"
            )
        groups = [
            (
                offense,
                [
                    (p, v)
                    for p, v in candidates
                    if v.get("offense") in (offense, "*")
                    and (
                        fine.aggravated is None
                        or v.get("aggravated", fine.aggravated) == fine.aggravated
                    )
                ],
            )
            for offense in order
        ]
        groups = [g for g in groups if g[1]]
    where = f"art. {fine.article}" + (f" part {fine.part}" if fine.part else "")
    if not groups or not groups[0][1]:
        data: dict[str, Any] = {
            "offense": fine.offense,
            "range_rub": None,
            "citation": f"{KOAP} {where}",
        }
        return Outcome(
            False,
            [
                *because,
                f"KoAP {where} had no sanction in force on {day} (art. 1.7: the law in force when the offence was committed applies)",
            ],
            data=data,
        )
    verdicts = [judge(ctx, fine, offense, members, because, where) for offense, members in groups]
    for verdict in verdicts:
        if verdict.value is True:
            if verdict is not verdicts[0]:
                verdict.because.append(f"lawful only read as a {verdict.data['offense']} offence")
            return verdict
    undecided = [v for v in verdicts if v.value is None]
    return undecided[0] if undecided else verdicts[0]


def judge(
    ctx: Ctx,
    fine: FineEvent,
    offense: str | None,
    members: list[tuple[Parameter, dict[str, Any]]],
    because: list[str],
    where: str,
) -> Outcome:
    """The verdict on one reading: the hull of its parts' ranges (protocols may mix parts)."""
    day = day_of(fine.date)
    data: dict[str, Any] = {"offense": offense, "range_rub": None, "citation": f"{KOAP} {where}"}
    ranges = [r for p, v in members if (r := statutory_range(ctx, p, v, day, fine.protocols))]
    if not ranges:
        return Outcome(
            None,
            [
                *because,
                f"the rulebook has no verified amounts for a {ctx.view.company.offender} under {where}",
            ],
            [f"the statutory range of KoAP {where}"],
            data,
        )
    low = min(r.low for r in ranges if r.low is not None)
    highs = [r.high for r in ranges]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    data.update(range_rub=[low, high], citation=" / ".join(r.citation for r in ranges))
    because = [*because, *(r.because for r in ranges)]
    if len(ranges) > 1:
        because.append(
            "the part is not stated: any of these parts may apply, and protocols may mix them"
        )
    amount = fine.amount_rub
    if low <= amount and high is not None and amount <= high:
        return Outcome(
            True, [*because, f"{money(amount)} is within {money(low)} to {money(high)}"], data=data
        )
    if high is None and amount >= low:
        return Outcome(
            None,
            [
                *because,
                f"{money(amount)} is not below the floor {money(low)}; the upper bound needs the revenue",
            ],
            ["revenue_rub of the preceding year"],
            data,
        )
    if high is not None and amount > high:
        return Outcome(
            False, [*because, f"{money(amount)} exceeds the maximum {money(high)}"], data=data
        )
    return below_minimum(ctx, amount, low, ranges, because, data)


def below_minimum(
    ctx: Ctx,
    amount: float,
    low: float,
    ranges: list[Range],
    because: list[str],
    data: dict[str, Any],
) -> Outcome:
    rules = ctx.param_or_none(BELOW_MINIMUM, on=day_of(ctx.item.date))
    band = (rules or {}).get(ctx.view.company.offender)
    minimum = min((r.minimum for r in ranges if r.minimum is not None), default=None)
    if band and minimum is not None and minimum >= band["min_at_least"]:
        reduced = low * float(Fraction(band["floor_fraction"]))
        if amount >= reduced:
            return Outcome(
                True,
                [
                    *because,
                    f"{money(amount)} is below the minimum {money(low)} but not below {money(reduced)}: lawful only if the judge found exceptional circumstances (art. 4.1 parts 3.2-3.3)",
                ],
                data={**data, "reduced_below_minimum": True},
            )
    return Outcome(
        False, [*because, f"{money(amount)} is below the minimum {money(low)}"], data=data
    )


@RULES.rule(
    "koap.exposure",
    id="koap.exposure.next-offence",
    law=LAW,
    citation=Citation(KOAP, "4.3", "1", note="the next fine for a continuing violation"),
    params=GENERAL,
)
def exposure(ctx: Ctx) -> Outcome:
    """For a violated duty: the fine the next protocol could bring, first or repeat."""
    duty: str = ctx.item["obligation"]
    count: int = ctx.item.get("count", 1)
    aggravated = bool(ctx.item.get("aggravated"))
    months: int = ctx.param(REPEAT_WINDOW)
    found: list[dict[str, Any]] = []
    articles = sorted(sanctions_by_article(ctx.rulebook))
    for article in articles:
        sanctions = [
            (p, v) for p, v in sanctions_on(ctx, article, ctx.as_of) if duty in v.get("duties", ())
        ]
        if not sanctions:
            continue
        prior = [
            f
            for f in ctx.view.of_type("fine")
            if f.article == article and add_months(day_of(f.date), months) >= ctx.as_of
        ]
        offense = "repeat" if prior else "first"
        for parameter, value in sanctions:
            if value.get("offense") != offense or value.get("aggravated", aggravated) != aggravated:
                continue
            if value.get("role", "owner") not in ("owner", "any"):
                continue
            r = statutory_range(ctx, parameter, value, ctx.as_of, count)
            if r is None:
                continue
            reason = f"{offense} offence" + (
                f" (earlier fine on {day_of(prior[-1].date)})" if prior else ""
            )
            found.append(
                {
                    "article": article,
                    "part": value.get("part"),
                    "min_rub": r.low,
                    "max_rub": r.high,
                    "citation": r.citation,
                    "because": [f"{duty} is violated", reason, r.because],
                }
            )
    return Outcome(found, [f"{len(found)} sanction(s) reach {duty}"])
