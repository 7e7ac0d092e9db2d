"""The ladder that enforces the representative duty, with the intervals the law fixes.

The authority's notice (a ``demand`` with ``kind: landing`` and ``country: TR``) starts it: a
first fine when no representative is appointed within the days given after the notice, a second
within the days after the first fine's notification, the advertising ban within the days after
the second's, throttling by half within the months after the ban's decision, and throttling up
to 90% within the days after the first throttling was implemented. A period of N days after a
day D ends on D + N: the next step may be taken from the day after. Each step's date is the
recorded one (a ``fine`` with ``law: tr-5651`` and ``part: representative``; a
``measure_applied`` with ``country: TR``), else the earliest the law allows, and the
explanation says which. On compliance the ban and the throttling end and the fines already
imposed are reduced (``tr-5651.fine-payable``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import FineEvent
from landfall.periods import add_months
from landfall.rulebooks.tr.rules import RULES
from landfall.rulebooks.tr.rules.common import (
    APPLIES,
    ARTICLE,
    COUNTRY,
    IN_FORCE,
    LAW,
    REPRESENTATIVE,
    cite,
    money,
)

LADDER = "tr-5651.ladder"
MEASURES = "tr-5651.measures"
STEPS = ("fine-1", "fine-2", "advertising-ban", "bandwidth-50", "bandwidth-90")
STEP_PARAMS = tuple(f"{LADDER}.{s}" for s in STEPS)
FINE_PART = "representative"  # the `part` of a fine that is a step of this ladder
AFTER = {
    "fine-1": "the authority's notice",
    "fine-2": "the first fine's notification",
    "advertising-ban": "the second fine's notification",
    "bandwidth-50": "the advertising-ban decision",
    "bandwidth-90": "the first throttling's implementation",
}


@dataclass
class Step:
    id: str
    taken: dt.date | None  # recorded in the facts
    earliest: dt.date | None  # the first day the law allows it (None: no notice recorded)
    amount: float | None  # a fine's amount; None for a measure
    because: str


def notice_day(ctx: Ctx, violated_from: dt.date | None) -> dt.date | None:
    """The notice that starts the intervals: the first on or after the current violation began,
    else the latest before it."""
    days = sorted(
        ctx.view.clock.day(d.date)
        for d in ctx.view.of_type("demand")
        if d.kind == "landing" and d.country == COUNTRY
    )
    if not days:
        return None
    if violated_from is None:
        return days[-1]
    after = [d for d in days if d >= violated_from]
    return after[0] if after else max(d for d in days if d < violated_from)


def ladder_fines(ctx: Ctx) -> list[FineEvent]:
    """The fines of this ladder in the facts, in date order."""
    return sorted(
        (f for f in ctx.view.of_type("fine") if f.law == LAW and f.part == FINE_PART),
        key=lambda f: ctx.view.clock.start(f.date),
    )


def measure_events(ctx: Ctx) -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """Each measure's first application, and the measures applied and not lifted since."""
    first: dict[str, dt.date] = {}
    current: dict[str, dt.date] = {}
    for event in ctx.view.of_type("measure_applied", "measure_lifted"):
        if event.country != COUNTRY:  # another state's ladder
            continue
        day = ctx.view.clock.day(event.date)
        if event.type == "measure_applied":
            first.setdefault(event.measure, day)
            current[event.measure] = day
            ctx.fact(f"{event.measure} applied on {day}")
        elif current.pop(event.measure, None) is not None:
            ctx.fact(f"{event.measure} lifted on {day}")
    return first, current


def _after(step: str, value: dict[str, Any], base: dt.date) -> dt.date:
    """The first day the step may be taken when its interval starts on ``base``."""
    if "months" in value:
        return add_months(base, value["months"]) + dt.timedelta(days=1)
    return base + dt.timedelta(days=value["days"] + 1)


@RULES.rule(
    LADDER,
    id="tr-5651.ladder.intervals",
    law=LAW,
    citation=cite("the fines, advertising ban and throttling if no representative is appointed"),
    params=(IN_FORCE, *STEP_PARAMS),
)
def intervals(ctx: Ctx) -> Outcome:
    """Each step of the ladder: when it was taken, and the first day the law allows it."""
    duty = ctx.ask(REPRESENTATIVE)
    violated_from = duty.data.get("violated_from")
    if duty.value not in ("violated", "met") or violated_from is None:
        return Outcome(
            {"notice": None, "complied": None, "steps": []},
            ["the representative duty is not violated"],
        )
    notice = notice_day(ctx, violated_from)
    complied = duty.data.get("violated_until") if duty.value == "met" else None
    fines = [f for f in ladder_fines(ctx) if notice is None or ctx.view.clock.day(f.date) >= notice]
    first, _ = measure_events(ctx)
    because = (
        [ctx.fact(f"the authority's notice to appoint a representative on {notice}")]
        if notice
        else [
            "no notice of the authority (a demand of kind landing) is recorded: the ladder has not started"
        ]
    )
    steps: list[Step] = []
    base = notice
    for index, step in enumerate(STEPS):
        value = ctx.param(f"{LADDER}.{step}")
        earliest = _after(step, value, base) if base is not None else None
        if step.startswith("fine-"):
            position = int(step.removeprefix("fine-")) - 1
            taken = ctx.view.clock.day(fines[position].date) if position < len(fines) else None
        else:
            taken = first.get(step)
            if taken is not None and notice is not None and taken < notice:
                taken = None  # applied under an earlier notice: not a step of this one
        if taken is not None:
            text = f"{step} taken on {taken}"
        elif earliest is not None:
            previous = steps[index - 1] if index else None
            assumed = (
                ""
                if previous is None or previous.taken
                else f", if {STEPS[index - 1]} is taken on its first day"
            )
            text = f"{step} may be taken from {earliest}, after {AFTER[step]}{assumed}"
        else:
            text = f"{step} cannot be dated: it runs from {AFTER[step]}"
        amount = value.get("amount")
        steps.append(Step(step, taken, earliest, amount, text))
        because.append(text)
        base = taken or earliest
    if complied is not None:
        because.append(f"the representative was appointed on {complied}")
    return Outcome(
        {
            "notice": notice,
            "complied": complied,
            "steps": [
                {
                    "id": s.id,
                    "taken": s.taken,
                    "earliest": s.earliest,
                    "amount": s.amount,
                    "because": s.because,
                }
                for s in steps
            ],
        },
        because,
    )


def steps_of(ctx: Ctx) -> tuple[dict[str, Any], list[Step]]:
    value = ctx.ask(LADDER).value
    return value, [
        Step(s["id"], s["taken"], s["earliest"], s["amount"], s["because"]) for s in value["steps"]
    ]


@RULES.rule(
    MEASURES,
    id="tr-5651.measures.ladder",
    law=LAW,
    citation=cite("advertising ban, then throttling by 50% and up to 90%"),
    params=(IN_FORCE, MEASURES),
)
def measures(ctx: Ctx) -> Outcome:
    """The next measure is available once its interval has run and the step before was taken;
    on compliance none is, and those applied are to be lifted."""
    # the law's order on the day; before the article, the order it first gave
    listed = ctx.param_or_none(MEASURES) or ctx.history(MEASURES)[0].value
    order = [m["id"] for m in listed]
    _, current = measure_events(ctx)
    applied = [m for m in order if m in current]
    none: dict[str, Any] = {"applied": applied, "available": [], "next": None, "next_from": None}
    because = [f"{m} applied on {current[m]}" for m in applied]
    if ctx.param_or_none(IN_FORCE) is None or ctx.ask(APPLIES).value is not True:
        return Outcome(
            none,
            [*because, "the article does not bind the company (or cannot be decided): no measure"],
        )
    ladder, steps = steps_of(ctx)
    if ladder["complied"] is not None:
        because.append(
            f"the representative was appointed on {ladder['complied']}: the advertising ban and the throttling end"
        )
        if applied:
            because.append("still recorded as applied, to be lifted: " + ", ".join(applied))
        return Outcome(none, because)
    if not steps:
        return Outcome(none, [*because, "the representative duty is not violated: no measure"])
    pending = [s for s in steps if s.id in order and s.taken is None]
    if not pending:
        return Outcome(none, [*because, "every measure of the ladder has been taken"])
    step = pending[0]
    previous = steps[steps.index(step) - 1]
    because.append(step.because)
    available: list[str] = []
    if step.earliest is None:
        because.append(
            "the intervals run from the authority's notice, which the facts do not record"
        )
    elif previous.taken is None:
        because.append(f"{step.id} follows {previous.id}, which the facts do not record")
    elif step.earliest <= ctx.as_of:
        available = [step.id]
    else:
        because.append(f"not before {step.earliest}")
    return Outcome(
        {
            "applied": applied,
            "available": available,
            "next": step.id,
            "next_from": step.earliest.isoformat() if step.earliest else None,
        },
        because,
    )


@RULES.rule(
    "tr-5651.exposure",
    id="tr-5651.exposure.ladder-fines",
    law=LAW,
    citation=cite("the ladder's fines; the fixed fines for reports and answers"),
    params=(IN_FORCE, "tr-5651.fine-no-answer", "tr-5651.fine-no-report"),
)
def exposure(ctx: Ctx) -> Outcome:
    """For a violated duty: the fines the law fixes, each ladder fine from the day it may be
    imposed."""
    duty: str = ctx.item["obligation"]
    currency = ctx.rulebook.manifest.currency
    if duty == REPRESENTATIVE:
        _, steps = steps_of(ctx)
        found = []
        for step in steps:
            if step.amount is None or step.taken is not None:
                continue
            entry: dict[str, Any] = {
                "article": ARTICLE,
                "min": step.amount,
                "max": step.amount,
                "currency": currency,
                "citation": str(cite(f"ladder {step.id}")),
                "because": [step.because, f"a fine of {money(step.amount)}"],
            }
            if step.earliest is not None:
                entry["from"] = step.earliest.isoformat()
            found.append(entry)
        return Outcome(found, [f"{len(found)} fine(s) of the ladder not yet imposed"])
    fixed = {
        "tr-5651.user-applications": ("tr-5651.fine-no-answer", "not answering user applications"),
        "tr-5651.transparency-report": (
            "tr-5651.fine-no-report",
            "not publishing the six-monthly report",
        ),
    }
    if duty not in fixed:
        return Outcome([], [f"the sources fix no fine for {duty}"])
    name, what = fixed[duty]
    amount = ctx.param(name)
    count = ctx.item.get("count", 1)
    because = [f"the fine for {what} is {money(amount)}"]
    if count > 1:
        because.append(
            f"{count} violated; the sources do not say whether the fine is per application"
        )
    return Outcome(
        [{"article": ARTICLE, "min": amount, "max": amount, "currency": currency,
          "citation": str(cite(f"fine for {what}")), "because": because}],
        because,
    )  # fmt: skip
