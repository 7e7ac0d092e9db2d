"""Repetition, KoAP arts. 4.3 and 4.6, as written.

A person counts as punished from the day the earlier decision entered into force until one
year after its execution ended: payment, or, unpaid, the art. 31.9 lapse two years after
entry into force; from 22 June 2021 a fine paid before entry into force counts from entry into
force until one year after payment (art. 4.6 part 2). An offence is a repeat one when it is
committed inside that period and the earlier penalty was for a part the repeat part names
(``repeat_of``). Where a decision's entry into force is not stated, the earliest day it can be
is assumed (the day after the appeal term) and the explanation says so; since an appeal can
only put it later, that assumption proves an offence committed before it is not a repeat, but
never proves one committed after it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from landfall.engine.context import Ctx
from landfall.facts.model import FineEvent
from landfall.periods import add_months
from landfall.rulebooks.ru.rules.koap.dates import OffenceDay, code_fines, decided_on, fine_key
from landfall.rulebooks.ru.rules.koap.sanctions import Sanction

PUNISHED = "koap.general.punished-period"
EXECUTION = "koap.general.execution-limitation"
APPEAL = "koap.general.appeal-term"

Status = Literal["yes", "no", "possible"]


@dataclass(frozen=True)
class Window:
    """The period during which ``prior`` makes a homogeneous offence a repeat one."""

    prior: FineEvent
    name: str
    start: dt.date  # entry into force; its earliest possible day when not ``start_exact``
    start_exact: bool
    end: dt.date  # the last day; a lower bound of it when not ``end_exact``
    end_exact: bool
    because: str


def in_force_on(ctx: Ctx, fine: FineEvent) -> tuple[dt.date, bool, str]:
    """The day a decision entered into force; stated, or the earliest it can be."""
    if fine.in_force_date:
        return fine.in_force_date, True, f"in force from {fine.in_force_date}"
    decided = decided_on(ctx, fine)
    days: int = ctx.param(APPEAL, on=decided)
    earliest = decided + dt.timedelta(days=days + 1)
    return (
        earliest,
        False,
        f"in force from {earliest} at the earliest (in_force_date not stated: the day after the"
        f" {days}-day appeal term, arts. 30.3, 31.1)",
    )


def window(ctx: Ctx, prior: FineEvent, on: dt.date) -> Window:
    start, start_exact, because = in_force_on(ctx, prior)
    period = ctx.param(PUNISHED, on=on)
    years: int = period["years_after_execution"]
    paid = prior.paid_date
    if paid is not None:
        early = paid < start
        if early and period["paid_early_counts_from_payment"]:
            base, end_exact = paid, True
            how = f"paid on {paid}, before entry into force (art. 4.6 part 2)"
        else:
            base, end_exact = max(paid, start), start_exact or not early
            how = f"paid on {paid}"
    else:
        lapse_years: int = ctx.param(EXECUTION, on=start)
        base, end_exact = add_months(start, 12 * lapse_years), start_exact
        how = f"not paid in the facts: execution lapses on {base} (art. 31.9, {lapse_years} years)"
    end = add_months(base, 12 * years)
    name = fine_key(ctx, prior)
    text = (
        f"{name} (KoAP {prior.article} part {prior.part}, {decided_on(ctx, prior)}): {because};"
        f" {how}; counts as punished until {end} (art. 4.6)"
    )
    return Window(prior, name, start, start_exact, end, end_exact, ctx.fact(text))


@dataclass
class Test:
    """Whether earlier fines in the facts make an offence on a day a repeat one."""

    status: Status
    because: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)  # why each earlier fine does not count
    earlier: int = 0
    # "on <date>, fine:<id>" for each earlier fine that counts or may count
    counting: list[str] = field(default_factory=list)


def covers(w: Window, day: OffenceDay, fine_name: str) -> tuple[Status, str | None, str | None]:
    """(status, why not, what is needed) for an offence on ``day`` against one window."""
    if day.day < w.start:
        when = "the offence" if day.stated else "this decision"
        return "no", f"{w.name} entered into force on {w.start}, after {when} of {day.day}", None
    if not day.stated:
        return "possible", None, f"the offence date (offense_date) of {fine_name}"
    if day.day > w.end and w.end_exact:
        return (
            "no",
            f"the year of {w.name} ran out on {w.end}, before the offence of {day.day}",
            None,
        )
    if w.start_exact and day.day <= w.end:
        return "yes", None, None
    return "possible", None, f"the entry into force (in_force_date) of {w.name}"


def repeat_test(
    ctx: Ctx,
    sanction: Sanction,
    day: OffenceDay,
    *,
    article: str,
    decided: dt.date,
    name: str,
    new: FineEvent | None = None,
) -> Test:
    """Test an offence on ``day`` against the earlier fines under the parts ``sanction`` names.

    ``new`` is the fine being assessed (decided on ``decided``); None tests the next offence.
    """
    parts = sanction.repeats
    earlier = [
        f
        for f in code_fines(ctx)
        if f is not new and f.article == article and decided_on(ctx, f) <= decided
    ]
    test = Test("no")
    needs: list[str] = []
    for prior in earlier:
        if prior.part not in parts:
            if prior.part is None:
                test.because.append(
                    f"{fine_key(ctx, prior)} (KoAP {prior.article}, {decided_on(ctx, prior)}) states"
                    f" no part: it would count if it was under part {_parts(parts)}"
                )
            continue
        test.earlier += 1
        w = window(ctx, prior, day.day)
        status, why_not, need = covers(w, day, name)
        if status != "no":
            test.counting.append(f"on {decided_on(ctx, prior)}, {w.name}")
        if status == "yes":
            test.status = "yes"
            test.because.append(f"{w.because}: the offence of {day.day} falls within it")
        elif status == "possible":
            test.status = "possible" if test.status == "no" else test.status
            test.because.append(w.because)
            needs += [need] if need else []
        else:
            test.against.append(str(why_not))
    test.needs = [] if test.status == "yes" else sorted(set(needs))
    return test


def _parts(parts: frozenset[str]) -> str:
    ordered = sorted(parts, key=lambda p: (len(p), p))
    return ", ".join(ordered[:-1]) + " or " + ordered[-1] if len(ordered) > 1 else ordered[0]
