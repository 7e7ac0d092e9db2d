"""The measures listing: ladder measures and enforcement actions, applied and lifted."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from landfall.facts.model import (
    EnforcementActionEvent,
    FactsDocument,
    MeasureAppliedEvent,
    MeasureLiftedEvent,
)
from landfall.i18n import N_, Nn_, current, plural, tr
from landfall.periods import parse_day
from landfall.rules.manifest import Manifest
from landfall.rules.model import Rulebook
from landfall.service.listings.model import (
    PROVENANCE,
    WHO,
    Column,
    Filters,
    Listing,
    check_company,
    names_of,
    sources_of,
)

MEASURE_COLUMNS = (
    Column("applied", N_("applied"), "date"),
    Column("lifted", N_("lifted"), "date"),
    *WHO,
    Column("measure_text", N_("measure"), "status"),
    Column("resource", N_("resource")),
    *PROVENANCE,
)


def measures(
    facts: FactsDocument, rulebooks: Sequence[Rulebook], as_of: dt.date, filters: Filters
) -> Listing:
    """Each measure of a landing law's ladder and each enforcement action (block, slowdown,
    register entry) applied, with the day it was applied and, when a later event lifted it, the
    day it was lifted; the sources of both. ``--from``/``--to`` bound the day applied."""
    check_company(facts, filters)
    names = names_of(facts)
    labels = {b.manifest.jurisdiction: b.manifest for b in rulebooks}
    clock = rulebooks[0].clock
    rows: list[dict[str, Any]] = []
    open_rows: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    dated = [(clock.day(e.date), e) for e in facts.events if isinstance(e, _MEASURE_EVENTS)]
    for day, event in sorted(((d, e) for d, e in dated if d <= as_of), key=lambda x: x[0]):
        if isinstance(event, EnforcementActionEvent):
            key: tuple[Any, ...] = ("action", event.company, event.country, event.action)
            ends = event.lifted
            what: str = event.action
        else:
            key = ("measure", event.company, event.country, event.measure)
            ends = isinstance(event, MeasureLiftedEvent)
            what = event.measure
        key = (*key, event.resource)
        if ends and open_rows.get(key):
            row = open_rows[key].pop(0)
            row["lifted"] = day.isoformat()
            row["sources"] += [s for s in sources_of(event.source) if s not in row["sources"]]
            row["lift_note"] = event.note
            continue
        manifest = labels.get(event.country)
        row = {
            "company": event.company,
            "company_name": names.get(event.company, event.company),
            "jurisdiction": event.country,
            "kind": key[0],
            "measure": what,
            "measure_text": _measure_text(key[0], what, manifest),
            "basis": getattr(event, "basis", None),
            "resource": event.resource,
            "applied": None if ends else day.isoformat(),
            "lifted": day.isoformat() if ends else None,
            "status": event.status,
            "sources": sources_of(event.source),
            "note": event.note,
            "lift_note": None,
        }
        rows.append(row)
        if not ends:
            open_rows.setdefault(key, []).append(row)
    kept = [
        r
        for r in rows
        if filters.keeps(r["company"], r["jurisdiction"])
        and filters.keeps_day(parse_day(r["applied"] or r["lifted"]))
    ]
    return Listing("measures", as_of, filters, MEASURE_COLUMNS, kept, measures_total(kept))


_MEASURE_EVENTS = (MeasureAppliedEvent, MeasureLiftedEvent, EnforcementActionEvent)


def _measure_text(kind: str, what: str, manifest: Manifest | None) -> str:
    """A ladder measure by its rulebook's label; an action (``register_of_violators``) in
    words."""
    if kind == "action":
        return what.replace("_", " ")
    return what if manifest is None else manifest.label(what, current())


def measures_total(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    listed = list(rows)
    companies = {r["company"] for r in listed}
    lifted = sum(1 for r in listed if r["lifted"] is not None)
    by_kind = Counter(r["kind"] for r in listed)
    text = tr(
        "{measures} on {companies}, {lifted} lifted ({ladder} of the ladder, {actions})",
        measures=plural(*MEASURES, len(listed)),
        companies=plural(*COMPANIES, len(companies)),
        lifted=lifted,
        ladder=by_kind["measure"],
        actions=plural(*ACTIONS, by_kind["action"]),
    )
    return {
        "count": len(listed),
        "companies": len(companies),
        "lifted": lifted,
        "kinds": dict(sorted(by_kind.items())),
        "text": text,
    }


MEASURES = Nn_("{n} measure", "{n} measures")
COMPANIES = Nn_("{n} company", "{n} companies")
ACTIONS = Nn_("{n} enforcement action", "{n} enforcement actions")
