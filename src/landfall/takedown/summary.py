"""A company's takedown picture for the board, the dashboard and the reports, as plain data.

Per demand: the engine's verdict (the rulebook's per-demand duty, its manifest's
``collectors.takedown``). Per item: the tracker's counts over
the same facts. Both read the one per-item model (:mod:`landfall.takedown.items`), so a
demand the tracker counts late is the demand the engine calls violated. The on-time rate is
the one :func:`~landfall.takedown.items.on_time_rate` defines (per item: on time / decided).

Where no demand is recorded, the fines tell whether that means anything: with takedown fines
(fines under a part whose sanction names the takedown duty) and facts marked incomplete,
the takedown column is ``unknown``; otherwise ``no_demands``, with the number of takedown fines.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from landfall.facts.model import FactsDocument
from landfall.i18n import N_, ngettext, tr
from landfall.i18n import gettext as _
from landfall.labels import status_word
from landfall.rules.model import Rulebook
from landfall.takedown.items import FATES, close_of_day
from landfall.takedown.status import DeadlineFor, RuleOf, TakedownStatus, status_from_events

__all__ = [
    "NO_DEMANDS",
    "column_status",
    "company_takedown",
    "demands_note",
    "headline",
    "period",
    "rate_text",
    "takedown_fines",
]

NO_DEMANDS = "no_demands"
_DEMAND_KEYS = (
    "demand",
    "status",
    "due",
    "met_at",
    "late_hours",
    "items",
    "items_done",
    "violated_from",
    "violated_until",
)
_WORST = ("violated", "unknown", "pending", "met", "not_applicable")


def takedown_fines(rulebook: Rulebook, fines: Iterable[Mapping[str, Any]], obligation: str) -> int:
    """Fines under an article whose sanctions punish the duty (a part the rulebook ties to
    it, or no part under an article all of whose parts are)."""
    parts: dict[str, dict[str, bool]] = {}
    for parameter in rulebook.parameters.values():
        for dated in parameter.values:
            value, citation = dated.value, dated.citation
            if not isinstance(value, Mapping) or citation is None or not citation.article:
                continue
            duty = obligation in (value.get("duties") or ())
            parts.setdefault(citation.article, {})[str(value.get("part"))] = duty
    count = 0
    for fine in fines:
        of_article = parts.get(str(fine.get("article")), {})
        part = fine.get("part")
        if (part is not None and of_article.get(str(part))) or (
            part is None and of_article and all(of_article.values())
        ):
            count += 1
    return count


def column_status(
    obligations: Iterable[Mapping[str, Any]],
    *,
    takedown_fines: int,
    facts_complete: bool,
    obligation: str,
) -> str:
    """The board's cell of a per-demand duty: the worst demand's status, else what no demand
    means."""
    counts = Counter(ob["status"] for ob in obligations if ob["id"] == obligation)
    for status in _WORST:
        if counts.get(status):
            return status
    if counts:
        return "not_applicable"
    return "unknown" if takedown_fines and not facts_complete else NO_DEMANDS


FATE_WORD = {
    "on_time": N_("on time"),
    "late": N_("late"),
    "open": N_("open"),
    "overdue": N_("overdue"),
    "refused": N_("refused"),
}
"""An item's fate (``landfall.takedown.items.FATES``) in words."""


def _fate(fate: str) -> str:
    known = FATE_WORD.get(fate)
    return _(known) if known else fate.replace("_", " ")


def demands_note(demands: int, takedown_fines: int) -> str | None:
    """Words for a company without demands: "no demands recorded (9 takedown fines)", in the
    language in use (the numbers as they are)."""
    if demands:
        return None
    if not takedown_fines:
        return _("no demands recorded")
    return ngettext(
        "no demands recorded ({count} takedown fine)",
        "no demands recorded ({count} takedown fines)",
        takedown_fines,
    ).format(count=f"{takedown_fines:,}")


def rate_text(rate: float | None, items: Mapping[str, int]) -> str:
    """ "25% on time (1 of 4 decided items; late 1, overdue 2)", or why there is no rate."""
    decided = sum(items.get(k, 0) for k in ("on_time", "late", "overdue", "refused"))
    if rate is None:
        waiting = items.get("open", 0)
        if waiting:
            return tr("no decided items ({count} open)", count=f"{waiting:,}")
        return _("no decided items")
    rest = ", ".join(f"{_fate(k)} {items[k]:,}" for k in FATES if k != "on_time" and items.get(k))
    values = {
        "rate": f"{rate:.0%}",
        "on_time": f"{items.get('on_time', 0):,}",
        "decided": f"{decided:,}",
    }
    if rest:
        return tr(
            "{rate} on time ({on_time} of {decided} decided items; {rest})", rest=rest, **values
        )
    return tr("{rate} on time ({on_time} of {decided} decided items)", **values)


def headline(counts: Mapping[str, int], rate: str, note: str | None) -> str:
    """One line for every surface: "2 takedown demands (violated 1, met 1); items: 25% on
    time (...)", or the note of a company without demands. The words are the language in use
    when it is built; the numbers never change."""
    if note is not None:
        return note
    total = sum(counts.values())
    parts = ", ".join(f"{status_word(k)} {v:,}" for k, v in sorted(counts.items()) if v)
    return ngettext(
        "{count} takedown demand ({parts}); items: {rate}",
        "{count} takedown demands ({parts}); items: {rate}",
        total,
    ).format(count=f"{total:,}", parts=parts, rate=rate)


def period(demand: Mapping[str, Any]) -> str | None:
    """A demand's violation period: "violated 2024-03-02T10:00 → 2024-03-02T16:00" (met late),
    or "violated since ..." while it lasts."""
    start, end = demand.get("violated_from"), demand.get("violated_until")
    if not start:
        return None
    if end:
        return tr("violated {start} → {end}", start=start, end=end)
    return tr("violated since {start}", start=start)


def company_takedown(
    rulebook: Rulebook,
    facts: FactsDocument,
    company: str,
    as_of: dt.date,
    obligations: Iterable[Mapping[str, Any]],
    fines: Iterable[Mapping[str, Any]],
    *,
    obligation: str,
    deadline_for: DeadlineFor,
    rule_of: RuleOf | None = None,
) -> dict[str, Any]:
    """Demands as the engine judges them (``obligation``: the rulebook's per-demand duty),
    items as the tracker counts them (``deadline_for``: the rulebook's deadline rule, or with
    ``rule_of`` the rule of each demand's country), and the rate."""
    demands = [ob for ob in obligations if ob["id"] == obligation]
    clock = rulebook.clock
    events = [
        e.model_dump(mode="json", exclude_none=True)
        for e in facts.events
        if e.type in ("demand", "demand_met", "takedown_action")
        and getattr(e, "company", None) == company
    ]
    status: TakedownStatus = status_from_events(
        events,
        as_of=close_of_day(clock, as_of),
        deadline_for=deadline_for,
        clock=clock,
        company=company,
        rule_of=rule_of,
    )
    items: dict[str, int] = {k: getattr(status, k) for k in FATES}
    fined = takedown_fines(rulebook, fines, obligation)
    record = next((c for c in facts.companies if c.id == company), None)
    complete = True if record is None else record.facts_complete
    counts = dict(Counter(ob["status"] for ob in demands))
    rate = rate_text(status.on_time_rate, items)
    note = demands_note(len(demands), fined)
    rows = []
    for ob in demands:
        row = {k: ob.get(k) for k in _DEMAND_KEYS}
        row["period"] = period(ob)
        rows.append(row)
    return {
        "company": company,
        "as_of": as_of.isoformat(),
        "demands": rows,
        "counts": counts,
        "items": items,
        "on_time_rate": status.on_time_rate,
        "rate_text": rate,
        "takedown_fines": fined,
        "column": column_status(
            demands, takedown_fines=fined, facts_complete=complete, obligation=obligation
        ),
        "note": note,
        "headline": headline(counts, rate, note),
    }
