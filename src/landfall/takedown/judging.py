"""A demand's handling read through a rule's context, and its status from its items' fates.

Every rulebook with a per-demand takedown duty reads the same facts the same way: the
``demand_met`` and ``takedown_action`` events naming the demand, on the rulebook's legal clock
(each a fact the conclusion rests on), then :func:`~landfall.takedown.items.demand_fate`. This
module is that shared reading, so a demand's status is worded and dated once; what differs by
law (the deadline, a law without fixed hours) stays in the rulebook.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import DemandEvent
from landfall.takedown.items import DemandFate, Step, is_tracker_summary


def handling_steps(ctx: Ctx, demand: DemandEvent) -> list[Step[dt.datetime]]:
    """The demand's handling events, each a fact the conclusion rests on."""
    steps: list[Step[dt.datetime]] = []
    for event in ctx.view.of_type("demand_met", "takedown_action"):
        if event.demand != demand.id:
            continue
        at = ctx.rulebook.clock.start(event.date)
        if event.type == "demand_met":
            if is_tracker_summary(event):
                continue  # the takedown_action events it summarises are read instead
            what = "all remaining items" if event.items is None else f"{event.items} item(s)"
            ctx.fact(f"demand_met for {demand.id} at {at.isoformat()}: {what}")
            steps.append(Step(at, "demand_met", count=event.items))
        else:
            ctx.fact(
                f"takedown_action for {demand.id} at {at.isoformat()}: {event.action} {event.item}"
            )
            steps.append(Step(at, event.action, item=event.item))
    return steps


def judged_by_deadline(
    fate: DemandFate[dt.datetime], because: list[str], due: dt.datetime, demand_id: str
) -> Outcome:
    """The status of a demand with a deadline from its items' fates, with the hours late and
    the violation period (from the deadline until the last item was handled, or open while it
    lasts)."""
    count, done, last = len(fate.items), fate.handled, fate.last_handled
    extra: dict[str, Any] = {"demand": demand_id, "items": count, "items_done": done}
    if fate.status == "met":
        assert last is not None
        return _status(
            "met", [*because, f"all items done at {last.isoformat()}"], due, met_at=last, **extra
        )
    if fate.status == "pending":
        return _status(
            "pending", [*because, f"{done} of {count} item(s) done so far"], due, **extra
        )
    late = [i for i in fate.items if i.fate == "late"]
    if done == count and last is not None:
        hours_late = (last - due).total_seconds() / 3600
        because.append(
            f"all items done at {last.isoformat()}, {hours_late:.1f} hours late"
            + (f" ({len(late)} of {count} item(s) after the deadline)" if count > 1 else "")
        )
        return _status(
            "violated",
            because,
            due,
            met_at=last,
            late_hours=round(hours_late, 1),
            violated_from=due,
            violated_until=last,
            **extra,
        )
    because.append(f"only {done - len(late)} of {count} item(s) done by the deadline")
    if late and last is not None:
        because.append(f"{len(late)} more done after it, the last at {last.isoformat()}")
    return _status("violated", because, due, violated_from=due, **extra)


def _status(value: str, because: list[str], due: dt.datetime, **data: Any) -> Outcome:
    return Outcome(value, because, [], {"due": due, **data})
