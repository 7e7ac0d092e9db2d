"""Whether a fine is lawful: a base rule and the general part's exceptions to it.

The base rule (art. 4.1 part 1 with art. 4.4 part 1) weighs the amount against the statutory
range of the reading (``koap.reading``) on the day art. 1.7 reads the law on. The exceptions,
each naming the article that decides, yield to those listed before them so that at most one
applies: ``time-barred`` (art. 4.5), ``no-sanction`` (art. 1.7 part 1), ``not-a-repeat``
(art. 4.6), ``milder-law`` (art. 1.7 part 2), ``below-minimum`` (art. 4.1 parts 2.2-3.3).
Each sets ``data["verdict"]``: lawful, lawful_if_reduced, undecided, unlawful or time_barred.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import FineEvent
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import KOAP, money
from landfall.rulebooks.ru.rules.koap.dates import (
    code_fines,
    decided_on,
    fine_key,
    revenue_year,
    under_the_code,
)
from landfall.rulebooks.ru.rules.koap.reading import Reading, Readings, readings_of
from landfall.rulebooks.ru.rules.koap.sanctions import (
    GENERAL,
    LAW,
    SANCTIONS,
    Range,
    sanctions_by_article,
    statutory_range,
)
from landfall.rules.model import Citation

BELOW_MINIMUM = "koap.general.below-minimum"
SINGLE_PENALTY = "koap.general.single-penalty"
PARAMS = (*GENERAL, *SANCTIONS)
BASE = "koap.fine.range"


def _where(fine: FineEvent) -> str:
    return f"art. {fine.article}" + (f" part {fine.part}" if fine.part else "")


def _result(value: Any, verdict: str, because: list[str], **data: Any) -> Outcome:
    needs = data.pop("needs", [])
    return Outcome(value, because, needs, {"verdict": verdict, **data})


# -- weighing an amount against a reading -----------------------------------------------------


def _unpaid(ctx: Ctx, fine: FineEvent, multiple: Any) -> tuple[float | None, str | None]:
    """For art. 20.25: the earlier fine whose unpaid amount this fine is a multiple of."""
    for other in code_fines(ctx):
        if other is fine or decided_on(ctx, other) >= decided_on(ctx, fine):
            continue
        if float(Fraction(multiple) * Fraction(other.amount)) == fine.amount:
            return (
                other.amount,
                f"the unpaid fine is {fine_key(ctx, other)} ({money(other.amount)})",
            )
    return None, None


def ranges_of(
    ctx: Ctx, fine: FineEvent, reading: Reading, day: dt.date
) -> tuple[list[Range], list[str]]:
    year, year_because = revenue_year(ctx, fine)
    found: list[Range] = []
    because: list[str] = []
    for s in reading.members:
        band = s.value.get(ctx.view.company.offender) or {}
        unpaid, said = (None, None)
        if "unpaid_multiple" in band:
            unpaid, said = _unpaid(ctx, fine, band["unpaid_multiple"])
            because += [said] if said else []
        r = statutory_range(ctx, s, day, fine.protocols, revenue_year=year, unpaid=unpaid)
        if r is not None:
            found.append(r)
            if "min_fraction" in band or "max_fraction" in band:
                because.append(year_because)
    if fine.protocols > 1 and ctx.param_or_none(SINGLE_PENALTY, on=day):
        because.append(
            "if the offences were found in one control event, art. 4.4 part 5 allows one penalty"
            " only: the facts do not say so"
        )
    return found, sorted(set(because), key=because.index)


def judge(ctx: Ctx, fine: FineEvent, reading: Reading, day: dt.date, *, reduce: bool) -> Outcome:
    """The verdict on one reading: the hull of its parts' ranges (protocols may mix parts)."""
    where = _where(fine)
    data: dict[str, Any] = {
        "offense": reading.offense,
        "range_rub": None,
        "citation": f"{KOAP} {where}",
    }
    ranges, because = ranges_of(ctx, fine, reading, day)
    if not ranges:
        return _result(
            None, "undecided",
            [f"the rulebook has no amounts for a {ctx.view.company.offender} under {where}"],
            needs=[f"the statutory range of KoAP {where}"], **data,
        )  # fmt: skip
    lowest = min(ranges, key=lambda r: r.low)
    low = lowest.low
    highs = [r.high for r in ranges]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    needs = sorted({r.needs for r in ranges if r.needs})
    data.update(range_rub=[low, high], citation=" / ".join(r.citation for r in ranges))
    because += [r.because for r in ranges]
    if len(ranges) > 1:
        because.append(
            "the part is not stated: any of these parts may apply, and protocols may mix them"
        )
    amount = fine.amount
    if high is not None and amount > high:
        return _result(
            False,
            "unlawful",
            [*because, f"{money(amount)} exceeds the maximum {money(high)}"],
            **data,
        )
    if amount >= low and high is not None:
        return _result(
            True,
            "lawful",
            [*because, f"{money(amount)} is within {money(low)} to {money(high)}"],
            **data,
        )
    if amount >= low:
        return _result(
            None, "undecided",
            [*because, f"{money(amount)} is not below {money(low)}; the range needs {', '.join(needs)}"],
            needs=needs, **data,
        )  # fmt: skip
    below = f"{money(amount)} is below the minimum {money(low)}"
    if not reduce:
        return _result(False, "unlawful", [*because, below], below_minimum=True, **data)
    rules = ctx.param_or_none(BELOW_MINIMUM, on=day)
    band = (rules or {}).get(ctx.view.company.offender)
    minimum = min(r.minimum for r in ranges)
    if not band or minimum < band["min_at_least"]:
        return _result(
            False, "unlawful", [*because, below + " (art. 4.1 allows no reduction of it)"], **data
        )
    reduced = low * float(Fraction(band["floor_fraction"]))
    if amount < reduced:
        return _result(
            False,
            "unlawful",
            [*because, below + f" and below {money(reduced)} (art. 4.1 parts 2.2-3.3)"],
            **data,
        )
    if not lowest.exact:
        return _result(
            None, "undecided",
            [*because, below + f"; whether it is within the art. 4.1 reduction (half the real minimum) needs {', '.join(needs)}"],
            needs=needs, reduced=True, **data,
        )  # fmt: skip
    return _result(
        True, "lawful_if_reduced",
        [*because, below + f" but not below {money(reduced)}: lawful only if the court found exceptional circumstances (art. 4.1 parts 2.2-3.3)"],
        reduced=True, **data,
    )  # fmt: skip


def weigh(
    ctx: Ctx, fine: FineEvent, found: Readings, reading: Reading, day: dt.date, *, reduce: bool
) -> Outcome:
    """The verdict on the reading, with the reasons for the reading first."""
    one = judge(ctx, fine, reading, day, reduce=reduce)
    return Outcome(one.value, [*found.because, *one.because], one.missing_facts, one.data)


# -- the rules ---------------------------------------------------------------------------------


def _barred(ctx: Ctx, fine: FineEvent) -> Outcome:
    return ctx.ask("koap.limitation", fine, key=fine_key(ctx, fine))


def _open_reading(ctx: Ctx, fine: FineEvent) -> Readings | None:
    """The readings of a fine the exceptions after ``time-barred`` weigh: None for a fine this
    rulebook's Code does not govern, or one the limitation already decides."""
    if not under_the_code(fine) or _barred(ctx, fine).value is True:
        return None
    return readings_of(ctx, fine)


def _no_sanction(found: Readings) -> bool:
    return not found.reading.members


def _encoded(ctx: Ctx, fine: FineEvent) -> bool:
    """Whether the rulebook holds a sanction for the fine's article (and part) on any date.

    Only then can "no sanction in force on the day" be read as the law's answer (art. 1.7);
    an article or part the rulebook does not encode leaves the amount undecided.
    """
    names = sanctions_by_article(ctx).get(fine.article, [])
    if fine.part is None:
        return bool(names)
    return any(
        isinstance(dated.value, dict) and dated.value.get("part") in (fine.part, "*")
        for name in names
        for dated in ctx.history(name)
    )


@RULES.rule(
    "koap.fine",
    id=BASE,
    law=LAW,
    citation=Citation(KOAP, "4.1", "1", note="with art. 4.4 part 1"),
    params=PARAMS,
)
def fine_range(ctx: Ctx) -> Outcome:
    """A fine is lawful when it lies in the statutory range of its reading, per protocol."""
    fine: FineEvent = ctx.item
    if not under_the_code(fine):
        return _result(
            None, "undecided",
            [f"the fine is under {fine.law or 'the Code'} in {fine.currency}: this rulebook weighs KoAP fines in rubles only"],
            needs=["the rulebook of the fine's law"], offense=fine.offense, range_rub=None,
            citation=None,
        )  # fmt: skip
    found = readings_of(ctx, fine)
    limitation = _barred(ctx, fine)
    if _no_sanction(found):
        if not _encoded(ctx, fine):
            return _result(
                None,
                "undecided",
                [*found.because, f"the rulebook encodes no sanction of KoAP {_where(fine)}"],
                needs=[f"the statutory range of KoAP {_where(fine)} (not in the rulebook)"],
                offense=fine.offense,
                range_rub=None,
                citation=f"{KOAP} {_where(fine)}",
            )
        return _result(
            False,
            "unlawful",
            [*found.because, f"KoAP {_where(fine)} has no sanction to weigh the amount against"],
            offense=fine.offense,
            range_rub=None,
            citation=f"{KOAP} {_where(fine)}",
        )
    out = weigh(ctx, fine, found, found.reading, found.day.day, reduce=False)
    out.because += limitation.because
    return out


@RULES.rule(
    "koap.fine",
    id="koap.fine.time-barred",
    law=LAW,
    citation=Citation(KOAP, "4.5", "1-2", note="with art. 24.5 part 1 item 6"),
    params=PARAMS,
    exception_to=BASE,
)
def time_barred(ctx: Ctx) -> Outcome | None:
    """A fine imposed after the limitation period of art. 4.5 is time-barred, whatever its amount."""
    fine: FineEvent = ctx.item
    if not under_the_code(fine):
        return None
    limitation = _barred(ctx, fine)
    if limitation.value is not True:
        return None
    return _result(
        False, "time_barred", [*limitation.because, "proceedings could not go on (art. 24.5 part 1 item 6)"],
        offense=fine.offense, range_rub=None, citation=f"{KOAP} art. 4.5",
    )  # fmt: skip


@RULES.rule(
    "koap.fine",
    id="koap.fine.no-sanction",
    law=LAW,
    citation=Citation(KOAP, "1.7", "1"),
    params=PARAMS,
    exception_to=BASE,
)
def no_sanction(ctx: Ctx) -> Outcome | None:
    """No sanction for the offence was in force when it was committed: no fine is lawful (art. 1.7)."""
    fine: FineEvent = ctx.item
    found = _open_reading(ctx, fine)
    if found is None:
        return None
    if not _no_sanction(found) or not _encoded(ctx, fine):
        return None
    return _result(
        False, "unlawful",
        [*found.because, f"KoAP {_where(fine)} had no sanction in force on {found.day.day} (art. 1.7: the law in force when the offence was committed applies)"],
        offense=fine.offense, range_rub=None, citation=f"{KOAP} {_where(fine)}",
    )  # fmt: skip


@RULES.rule(
    "koap.fine",
    id="koap.fine.not-a-repeat",
    law=LAW,
    citation=Citation(KOAP, "4.6", "1", note="with art. 4.3 part 1 item 2"),
    params=PARAMS,
    exception_to=BASE,
)
def not_a_repeat(ctx: Ctx) -> Outcome | None:
    """A repeat-offence fine is unlawful when the facts show no earlier penalty still counting (art. 4.6)."""
    fine: FineEvent = ctx.item
    found = _open_reading(ctx, fine)
    if found is None:
        return None
    if _no_sanction(found) or found.contradiction is None:
        return None
    return _result(
        False, "unlawful",
        [*found.because, f"the facts contradict the repeat offence: {found.contradiction} (art. 4.6)"],
        offense="repeat", range_rub=None, citation=f"{KOAP} {_where(fine)}; art. 4.6",
    )  # fmt: skip


def _later(ctx: Ctx, found: Readings, decided: dt.date) -> Reading | None:
    """The reading under the law of the decision date; None where the sanction was repealed."""
    members = [m for s in found.reading.members if (m := s.at(ctx, decided)) is not None]
    return Reading(found.reading.offense, members) if members else None


def _unchanged(then: Reading, now: Reading) -> bool:
    return [s.value for s in then.members] == [s.value for s in now.members]


def _hull(outcome: Outcome) -> tuple[float, float] | None:
    rng = outcome.data.get("range_rub")
    if not rng:
        return None
    return rng[0], float("inf") if rng[1] is None else rng[1]


@RULES.rule(
    "koap.fine",
    id="koap.fine.milder-law",
    law=LAW,
    citation=Citation(KOAP, "1.7", "2"),
    params=PARAMS,
    exception_to=BASE,
)
def milder_law(ctx: Ctx) -> Outcome | None:
    """A law that softens or abolishes the sanction after the offence applies to the decision (art. 1.7 part 2)."""
    fine: FineEvent = ctx.item
    found = _open_reading(ctx, fine)
    if found is None:
        return None
    decided = decided_on(ctx, fine)
    if _no_sanction(found) or found.contradiction or found.day.day >= decided:
        return None
    later = _later(ctx, found, decided)
    if later is None:
        return _result(
            False, "unlawful",
            [*found.because, f"the sanction of KoAP {_where(fine)} in force on {found.day.day} was repealed by the decision of {decided}: liability abolished (art. 1.7 part 2, art. 24.5 part 1 item 5)"],
            offense=fine.offense, range_rub=None, citation=f"{KOAP} art. 1.7 part 2",
        )  # fmt: skip
    if _unchanged(found.reading, later):
        return None
    a = _hull(judge(ctx, fine, found.reading, found.day.day, reduce=True))
    b = _hull(judge(ctx, fine, later, decided, reduce=True))
    milder = a is not None and b is not None and b[0] <= a[0] and b[1] <= a[1] and b != a
    if not milder:
        return None
    out = weigh(ctx, fine, found, later, decided, reduce=True)
    out.because.append(
        f"the law in force on the decision date {decided} is milder than on {found.day.day}: it applies (art. 1.7 part 2)"
    )
    return out


@RULES.rule(
    "koap.fine",
    id="koap.fine.below-minimum",
    law=LAW,
    citation=Citation(KOAP, "4.1", "2.2-3.3"),
    params=PARAMS,
    exception_to=BASE,
)
def below_minimum(ctx: Ctx) -> Outcome | None:
    """A fine below the minimum, down to half of it, is lawful only with a court's finding of exceptional circumstances."""
    fine: FineEvent = ctx.item
    found = _open_reading(ctx, fine)
    if found is None:
        return None
    if _no_sanction(found) or found.contradiction or milder_law(ctx) is not None:
        return None
    reduced = weigh(ctx, fine, found, found.reading, found.day.day, reduce=True)
    if not reduced.data.get("reduced"):
        return None
    reduced.because += _barred(ctx, fine).because
    return reduced
