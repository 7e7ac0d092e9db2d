"""Which sanction a fine is read under: the stated part or offence, or repetition inferred.

A stated ``offense`` or a part that exists only for repeat offences is the court's finding
and decides the reading, unless every earlier decision the facts hold under the parts the
repeat names provably fails art. 4.6 (in force only after the new offence, or its year run
out): then ``contradiction`` names the facts. Without a stated offence a repeat is read only
when an earlier decision in the facts qualifies; otherwise the first-offence reading is
tested, and the explanation says what would make it a repeat (an earlier decision that may
count once a missing date is known, or one under the parts the repeat names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import FineEvent
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import KOAP
from landfall.rulebooks.ru.rules.koap.dates import OffenceDay, decided_on, fine_key, offence_day
from landfall.rulebooks.ru.rules.koap.repeat import Test, repeat_test
from landfall.rulebooks.ru.rules.koap.sanctions import (
    GENERAL,
    LAW,
    SANCTIONS,
    Sanction,
    sanctions_on,
)
from landfall.rules.model import Citation


@dataclass(frozen=True)
class Reading:
    offense: str | None
    members: list[Sanction]


@dataclass
class Readings:
    day: OffenceDay
    reading: Reading
    because: list[str] = field(default_factory=list)
    contradiction: str | None = None


def readings_of(ctx: Ctx, fine: FineEvent) -> Readings:
    """The memoized reading of a fine (definition ``koap.reading``)."""
    outcome = ctx.ask("koap.reading", fine, key=fine_key(ctx, fine))
    found: Readings = outcome.data["readings"]
    return found


def _fits(s: Sanction, fine: FineEvent, offense: str | None) -> bool:
    return s.offense in (offense, "*") and (
        fine.aggravated is None or s.value.get("aggravated", fine.aggravated) == fine.aggravated
    )


@RULES.rule(
    "koap.reading",
    id="koap.reading.arts-4-3-4-6",
    law=LAW,
    citation=Citation(KOAP, "4.3", "1", note="item 2, with art. 4.6"),
    params=(*GENERAL, *SANCTIONS),  # weighs the sanctions in force on the offence day
)
def reading(ctx: Ctx) -> Outcome:
    """A fine is read as a first or a repeat offence: the court's finding, or an earlier fine that qualifies."""
    fine: FineEvent = ctx.item
    day = offence_day(ctx, fine)
    candidates = sanctions_on(ctx, fine.article, day.day)
    found = Readings(day, Reading(fine.offense, []), [day.because])
    if fine.part not in (None, "*"):
        members = [s for s in candidates if s.part in (fine.part, "*")]
        offense = members[0].offense if members else fine.offense
        offense = fine.offense if offense == "*" else offense
        if fine.offense and members and offense != fine.offense:
            found.because.append(
                f"the facts call it a {fine.offense} offence; part {fine.part} is for a {offense} offence"
            )
        found.reading = Reading(offense, members)
        if offense == "repeat":
            found.because.append(
                f"part {fine.part} exists only for repeat offences: the court's finding decides the reading"
            )
            _check_finding(ctx, fine, members, found)
    elif fine.offense is not None:
        members = [s for s in candidates if _fits(s, fine, fine.offense)]
        found.reading = Reading(fine.offense, members)
        found.because.append(
            f"the facts state a {fine.offense} offence: the court's finding decides the reading"
        )
        if fine.offense == "repeat":
            _check_finding(ctx, fine, members, found)
    else:
        _infer(ctx, fine, candidates, found)
    return Outcome(found.reading.offense, found.because, data={"readings": found})


def _test(ctx: Ctx, fine: FineEvent, s: Sanction, day: OffenceDay) -> Test:
    return repeat_test(
        ctx, s, day, article=fine.article, decided=decided_on(ctx, fine), name=fine_key(ctx, fine),
        new=fine,
    )  # fmt: skip


def _check_finding(ctx: Ctx, fine: FineEvent, members: list[Sanction], found: Readings) -> None:
    tests = [_test(ctx, fine, s, found.day) for s in members if s.offense == "repeat"]
    earlier = sum(t.earlier for t in tests)
    for t in tests:
        found.because += t.because
    if earlier == 0:
        found.because.append("no earlier decision under the parts it repeats is in the facts")
    elif all(t.status == "no" for t in tests):
        found.contradiction = "; ".join(a for t in tests for a in t.against)


def _infer(ctx: Ctx, fine: FineEvent, candidates: Sequence[Sanction], found: Readings) -> None:
    first = [s for s in candidates if _fits(s, fine, "first")]
    repeat = [s for s in candidates if s.offense == "repeat" and _fits(s, fine, "repeat")]
    if not repeat:
        found.reading = Reading("first", first)
        return
    tests = [(s, _test(ctx, fine, s, found.day)) for s in repeat]
    shown = [s for s, t in tests if t.status == "yes"]
    for _, t in tests:
        found.because += t.because
    if shown:
        found.reading = Reading("repeat", shown)
        found.because.append(
            "an earlier decision qualifies: read as a repeat offence (art. 4.3 part 1 item 2)"
        )
        return
    found.reading = Reading("first", first)
    found.because += [a for _, t in tests for a in t.against]
    needs = sorted({n for _, t in tests for n in t.needs})
    if needs:
        found.because.append(
            f"whether an earlier decision counts depends on {', '.join(needs)}: without it the"
            " first-offence reading is tested; it is a repeat if the offence came on or after"
            " that decision's entry into force and within a year of its execution (art. 4.6)"
        )
        return
    parts = sorted({p for s in repeat for p in s.repeats}, key=lambda p: (len(p), p))
    under = f"KoAP {fine.article} part {', '.join(parts)}" if parts else "the parts it repeats"
    found.because.append(
        "no earlier decision in the facts makes it a repeat: read as a first offence; a decision"
        f" under {under} in force on the offence date, within a year of its execution, would"
        " (art. 4.3 part 1 item 2, art. 4.6)"
    )
