"""facts + rulebook + as-of date -> assessment (docs/facts-format.md), with traces.

Pure: no I/O. The assessment's dictionaries follow the public contract; each conclusion also
carries ``trace`` (rules, parameters with effective dates and status, facts) for ``explain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from landfall.engine.caveats import caveats
from landfall.engine.context import Ctx, Outcome, RunShared, TraceNode, plain
from landfall.engine.trace import Tracer
from landfall.engine.view import views_on_clocks
from landfall.errors import Diagnostic, NotFoundError, Where
from landfall.facts.collector import collector_paused
from landfall.facts.model import FactsDocument, FineEvent, day_of
from landfall.rules.manifest import PerEvent
from landfall.rules.model import Rulebook


@dataclass
class CompanyAssessment:
    company: str
    laws: list[dict[str, Any]] = field(default_factory=list)
    obligations: list[dict[str, Any]] = field(default_factory=list)
    fines: list[dict[str, Any]] = field(default_factory=list)
    exposure: list[dict[str, Any]] = field(default_factory=list)
    measures: dict[str, Any] = field(default_factory=dict)
    # one entry per rulebook with a ladder of measures, each in its own jurisdiction
    ladders: list[dict[str, Any]] = field(default_factory=list)
    # blocks, slowdowns and register entries outside the 236-FZ ladder (never `measures`)
    enforcement_actions: list[dict[str, Any]] = field(default_factory=list)
    traces: dict[str, TraceNode] = field(default_factory=dict, repr=False)

    def to_dict(self, *, with_trace: bool = False) -> dict[str, Any]:
        out = {
            "company": self.company,
            "laws": self.laws,
            "obligations": self.obligations,
            "fines": self.fines,
            "exposure": self.exposure,
            "measures": self.measures,
            "ladders": self.ladders,
            "enforcement_actions": self.enforcement_actions,
        }
        if with_trace:
            out["trace"] = {k: v.to_dict() for k, v in self.traces.items()}
        return out


@dataclass
class Assessment:
    as_of: dt.date
    rulebook: Rulebook  # the first one assessed
    companies: list[CompanyAssessment]
    rulebooks: tuple[Rulebook, ...] = ()

    def to_dict(self, *, with_trace: bool = False) -> dict[str, Any]:
        with collector_paused():
            return self._to_dict(with_trace)

    def _to_dict(self, with_trace: bool) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "rulebook": {"id": self.rulebook.id, "version": self.rulebook.version},
            "rulebooks": [{"id": b.id, "version": b.version} for b in self.rulebooks],
            "companies": [c.to_dict(with_trace=with_trace) for c in self.companies],
        }


def assess(
    rulebooks: Rulebook | Sequence[Rulebook],
    facts: FactsDocument,
    as_of: dt.date,
    company: str | None = None,
    tracer: Tracer | None = None,
) -> Assessment:
    """Assess every company under each rulebook, in order; one rulebook may be passed alone.

    ``tracer`` chooses what is recorded (default: the full trace).
    """
    books = (rulebooks,) if isinstance(rulebooks, Rulebook) else tuple(rulebooks)
    if not books:
        raise ValueError("assess needs at least one rulebook")
    with collector_paused():
        return _assess(books, facts, as_of, company, tracer)


def _assess(
    books: tuple[Rulebook, ...],
    facts: FactsDocument,
    as_of: dt.date,
    company: str | None,
    tracer: Tracer | None,
) -> Assessment:
    # each rulebook reads the facts on its own legal clock
    per_book = views_on_clocks(facts, as_of, [book.clock for book in books], only=company)
    if company is not None and not per_book[0]:
        raise NotFoundError(
            Diagnostic(
                "unknown-company",
                f"company {company!r} is not in the facts",
                Where(field="company"),
                "list the companies with `landfall assess FACTS` without --company",
            )
        )
    # what depends only on a rulebook and the date is computed once for all the companies
    shared = [RunShared(book, as_of) for book in books]
    companies = [
        _merge(
            [
                assess_company(Ctx(book, views[i], tracer, run))
                for book, views, run in zip(books, per_book, shared, strict=True)
            ],
            books,
        )
        for i in range(len(per_book[0]))
    ]
    return Assessment(as_of, books[0], companies, books)


def assess_company(ctx: Ctx) -> CompanyAssessment:
    """One company under one rulebook: the manifest's entries, in the manifest's order."""
    manifest = ctx.rulebook.manifest
    jurisdiction = {law.id: law.jurisdiction for law in ctx.rulebook.laws.values()}
    out = CompanyAssessment(ctx.view.company.id)
    for law in manifest.laws:
        outcome, node = ctx.resolve(f"{law}.applies")
        out.laws.append(
            {
                "law": law,
                "applies": outcome.value,
                "citation": str(ctx.rulebook.laws[law].citation),
                "because": outcome.because,
                "missing_facts": outcome.missing_facts,
                **caveats(ctx, f"{law}.applies", None, None, outcome, node, _applies),
                "jurisdiction": jurisdiction[law],
            }
        )
        out.traces[f"{law}.applies"] = node
    for obligation in manifest.obligations:
        outcome, node = ctx.resolve(obligation)
        out.obligations.append(_obligation(ctx, obligation, outcome, node, None, None))
        out.traces[obligation] = node
    fines: list[tuple[str, FineEvent]] = []
    for entry in manifest.per_event:
        for key, event in _events(ctx, entry):
            if entry.into == "fines":
                outcome, node = ctx.resolve(entry.definition, event, key=f"fine-{key}")
                out.fines.append(
                    _fine(
                        event,
                        outcome,
                        caveats(
                            ctx,
                            entry.definition,
                            event,
                            f"fine-{key}",
                            outcome,
                            node,
                            _fine_result(event),
                        ),
                    )
                )
                out.traces[f"fine:{key}"] = node
                fines.append((key, event))
            else:
                outcome, node = ctx.resolve(entry.definition, event, key=key)
                out.obligations.append(
                    _obligation(ctx, entry.definition, outcome, node, event, key)
                )
                out.traces[f"{entry.definition}:{key}"] = node
    out.exposure = _exposure(ctx, out.obligations, fines)
    if manifest.measures:
        outcome, node = ctx.resolve(manifest.measures)
        out.measures = {**outcome.value, "because": outcome.because}
        out.traces[manifest.measures] = node
    else:  # a rulebook without a ladder of measures: nothing applied, nothing available
        out.measures = {"applied": [], "available": [], "next": None, "because": []}
    out.enforcement_actions = _enforcement_actions(ctx)
    return out


def _events(ctx: Ctx, entry: PerEvent) -> list[tuple[str, Any]]:
    """The events a per-event entry resolves, each with its stable key.

    An event without the key attribute keeps its place among the matching events as key;
    with ``latest``, an event recorded again under the same key replaces the earlier record.
    """
    matching = [
        e
        for e in ctx.view.of_type(entry.event)
        if all(_matches(getattr(e, k, None), v) for k, v in entry.where.items())
    ]
    keyed = [(str(getattr(e, entry.key, None) or i), e) for i, e in enumerate(matching)]
    if entry.latest:
        return list(dict(keyed).items())
    return keyed


def _matches(value: Any, wanted: Any) -> bool:
    """A ``where`` value is the one value the field must have, or a list of the values it may
    have (``null`` among them: the field may be absent)."""
    return value in wanted if isinstance(wanted, list) else value == wanted


def _merge(parts: list[CompanyAssessment], books: Sequence[Rulebook]) -> CompanyAssessment:
    """One company's answers under several rulebooks, each rulebook's after the previous.

    ``measures`` is one mapping in the contract: its lists are joined, and the single values
    (``next``, ``next_from``) are the first rulebook's whose ladder has a next step.
    ``ladders`` keeps each rulebook's ladder apart (one entry per rulebook with a measures
    definition, named by its jurisdiction), and each ``exposure`` entry names the jurisdiction
    of the rulebook that found it, so no reader has to guess whose ladder or whose fine it is.
    """
    for part, book in zip(parts, books, strict=True):
        part.exposure = [{**e, "jurisdiction": book.manifest.jurisdiction} for e in part.exposure]
        if book.manifest.measures:
            part.ladders = [_ladder(book, part.measures)]
    out = parts[0]
    for part in parts[1:]:
        out.laws += part.laws
        out.obligations += part.obligations
        out.fines += part.fines
        out.exposure += part.exposure
        out.ladders += part.ladders
        # the single values (`next`, `next_from`) describe one ladder's next step: they come
        # together from the first rulebook that has one, never one from each
        takes_next = out.measures.get("next") is None and part.measures.get("next") is not None
        for key, value in part.measures.items():
            if isinstance(value, list) and isinstance(out.measures.get(key), list):
                out.measures[key] = [*out.measures[key], *value]
            elif takes_next:
                out.measures[key] = value
        # the same facts' enforcement actions, read again under the next rulebook's clock
        out.enforcement_actions += [
            a for a in part.enforcement_actions if a not in out.enforcement_actions
        ]
        out.traces.update(part.traces)
    return out


def _ladder(book: Rulebook, measures: dict[str, Any]) -> dict[str, Any]:
    """One rulebook's ladder of measures: its measures definition's answer, with the
    jurisdiction and rulebook it belongs to (``next_from``: the day the next step may be taken,
    when the rulebook says)."""
    return {
        "jurisdiction": book.manifest.jurisdiction,
        "rulebook": book.id,
        "available": list(measures.get("available", [])),
        "applied": list(measures.get("applied", [])),
        "next": measures.get("next"),
        "next_from": plain(measures.get("next_from")),
        "because": list(measures.get("because", [])),
    }


def _applies(outcome: Outcome) -> dict[str, Any]:
    return {"applies": outcome.value}


def _status(outcome: Outcome) -> dict[str, Any]:
    return {"status": outcome.value, "due": plain(outcome.data.get("due"))}


def _fine_result(fine: FineEvent) -> Callable[[Outcome], dict[str, Any]]:
    def result(outcome: Outcome) -> dict[str, Any]:
        return {"verdict": _verdict(outcome), "range": _fine_money(fine, outcome)["range"]}

    return result


def _obligation(
    ctx: Ctx, obligation: str, outcome: Outcome, node: TraceNode, item: Any, key: str | None
) -> dict[str, Any]:
    base = ctx.rulebook.rules[obligation][0]
    entry: dict[str, Any] = {
        "id": obligation,
        "law": base.law,
        "jurisdiction": ctx.rulebook.laws[base.law].jurisdiction,
        "status": outcome.value,
        "due": plain(outcome.data.get("due")),
        "citation": str(base.citation),
        "because": outcome.because,
        "missing_facts": outcome.missing_facts,
        "rules": [r.id for r in node.rules],
        **caveats(ctx, obligation, item, key, outcome, node, _status),
    }
    for key in (
        "demand",
        "items",
        "items_done",
        "met_at",
        "late_hours",
        "met_since",
        "enforcement",
        "violated_from",
        "violated_until",
    ):
        if key in outcome.data:
            entry[key] = plain(outcome.data[key])
    return entry


VERDICTS = ("lawful", "lawful_if_reduced", "undecided", "unlawful", "time_barred")
"""A fine's verdict (docs/facts-format.md); ``lawful`` is true for the first two, null for
``undecided`` and false otherwise."""


def _verdict(outcome: Outcome) -> str:
    stated = outcome.data.get("verdict")
    if stated is not None:
        return str(stated)
    if outcome.value is None:
        return "undecided"
    if outcome.value is False:
        return "unlawful"
    return "lawful_if_reduced" if outcome.data.get("reduced_below_minimum") else "lawful"


def _fine(fine: FineEvent, outcome: Outcome, caveat: dict[str, Any]) -> dict[str, Any]:
    verdict = _verdict(outcome)
    dates = ("offense_date", "detected_date", "in_force_date", "paid_date")
    return {
        **({"id": fine.id} if fine.id else {}),
        "date": day_of(fine.date).isoformat(),
        **{d: getattr(fine, d).isoformat() for d in dates if getattr(fine, d) is not None},
        "article": fine.article,
        "part": fine.part,
        **_fine_money(fine, outcome),
        "protocols": fine.protocols,
        "offense": outcome.data.get("offense"),
        "verdict": verdict,
        "lawful": {"lawful": True, "lawful_if_reduced": True, "undecided": None}.get(
            verdict, False
        ),
        "needs": outcome.missing_facts if verdict == "undecided" else [],
        "citation": outcome.data.get("citation"),
        "because": outcome.because,
        "missing_facts": outcome.missing_facts,
        **({"status": fine.status} if fine.status else {}),
        **({"source": fine.source} if fine.source else {}),
        **caveat,
    }


RUBLES = "RUB"
"""The currency the format's `_rub` names stand for (docs/facts-format.md)."""


def _number(value: float) -> float:
    return int(value) if value.is_integer() else value


def _fine_money(fine: FineEvent, outcome: Outcome) -> dict[str, Any]:
    """`amount`, `currency` and `range` (in that currency); the `_rub` names for rubles.

    A rule states the range in the fine's currency as `range`, or in rubles as `range_rub`.
    """
    amount = _number(fine.amount)
    stated = outcome.data.get("range")
    if stated is None and fine.currency == RUBLES:
        stated = outcome.data.get("range_rub")
    rubles = fine.currency == RUBLES
    return {
        "amount": amount,
        "currency": fine.currency,
        "range": stated,
        "amount_rub": amount if rubles else None,
        "range_rub": stated if rubles else None,
    }


def _exposure_money(item: dict[str, Any]) -> dict[str, Any]:
    """`currency`, `min` and `max` beside the `_rub` names, whichever a rule stated."""
    if "currency" not in item and ("min_rub" in item or "max_rub" in item):
        item = {**item, "currency": RUBLES, "min": item.get("min_rub"), "max": item.get("max_rub")}
    if item.get("currency") == RUBLES:
        item = {**item, "min_rub": item.get("min"), "max_rub": item.get("max")}
    else:  # the format's `_rub` names are always present, null for another currency
        item = {**item, "min_rub": None, "max_rub": None}
    return item


def _exposure(
    ctx: Ctx, obligations: list[dict[str, Any]], fines: list[tuple[str, FineEvent]]
) -> list[dict[str, Any]]:
    """The next fine for each violated duty, then what each fine left unpaid costs."""
    manifest = ctx.rulebook.manifest
    violated: dict[str, int] = {}
    for entry in obligations:
        if entry["status"] == "violated":
            violated[entry["id"]] = violated.get(entry["id"], 0) + 1
    found: list[dict[str, Any]] = []
    if manifest.exposure:
        for obligation, count in violated.items():
            outcome, _ = ctx.resolve(
                manifest.exposure,
                {"obligation": obligation, "count": count},
                key=f"{obligation}x{count}",
            )
            found += [{"obligation": obligation, **item} for item in outcome.value]
    if manifest.unpaid_fines:
        for key, fine in fines:
            outcome, _ = ctx.resolve(manifest.unpaid_fines, fine, key=f"fine-{key}")
            found += outcome.value
    return [_exposure_money(item) for item in found]


def _enforcement_actions(ctx: Ctx) -> list[dict[str, Any]]:
    """Blocks, slowdowns and register entries outside a landing law's ladder, in date order."""
    return [
        {
            "date": day_of(e.date).isoformat(),
            "action": e.action,
            "basis": e.basis,
            "country": e.country,
            "resource": e.resource,
            "lifted": e.lifted,
            "source": e.source,
        }
        for e in ctx.view.of_type("enforcement_action")
    ]
