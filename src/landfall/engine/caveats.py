"""Which caveats a conclusion keeps: ``unverified_parameters`` where the doubt can matter.

A conclusion (a law's applicability, an obligation's status, a fine's verdict) lists every
parameter it read whose value the sources do not verify. A conflicting value whose other
readings are known (``alternatives`` in the rulebook) is different: the conclusion is decided
again with the value read each other way (:meth:`Ctx.reading`), and the caveat is kept only if
some reading changes the result (status, due date, verdict, amount range, applicability), with
what that reading would give (``other_readings``). A value without known alternatives, and an
unverified one, is kept as it is: there is nothing to compare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from landfall.engine.context import Ctx, Outcome, ParamUse, TraceNode, plain
from landfall.errors import RulebookError

Result = Callable[[Outcome], dict[str, Any]]
"""What of an outcome the faces show as the conclusion: the fields compared across readings."""


def caveats(
    ctx: Ctx,
    definition: str,
    item: Any,
    key: str | None,
    outcome: Outcome,
    node: TraceNode,
    result: Result,
) -> dict[str, Any]:
    """``unverified_parameters`` of one conclusion (absent when none is left)."""
    uses: dict[str, dict[dt.date, ParamUse]] = {}
    entries: dict[str, dict[str, Any]] = {}
    for use in node.unverified():
        entries.setdefault(use.id, {"id": use.id, "status": use.status, "note": use.note})
        uses.setdefault(use.id, {}).setdefault(use.effective_from, use)
    if not entries:
        return {}
    decided = result(outcome)
    kept: list[dict[str, Any]] = []
    for pid, entry in entries.items():
        plain_doubt = False
        readings: list[dict[str, Any]] = []
        for start, use in uses[pid].items():
            if use.status != "conflicting" or not use.alternatives:
                plain_doubt = True
                continue
            for index, other in enumerate(use.alternatives):
                gives = _redecide(ctx.reading(pid, start, index), definition, item, key, result)
                if gives is None:  # the rules cannot decide it that way: the doubt stands
                    plain_doubt = True
                    continue
                changed = {k: v for k, v in gives.items() if decided.get(k) != v}
                if changed:
                    readings.append(
                        {
                            "value": plain(other.value),
                            "from": plain(other.start),
                            "note": other.note,
                            "sources": list(other.sources),
                            "gives": changed,
                        }
                    )
        if readings:
            kept.append({**entry, "other_readings": readings})
        elif plain_doubt:
            kept.append(entry)
    return {"unverified_parameters": kept} if kept else {}


def _redecide(
    other: Ctx, definition: str, item: Any, key: str | None, result: Result
) -> dict[str, Any] | None:
    try:
        found, _ = other.resolve(definition, item, key)
    except RulebookError:
        return None
    return result(found)
