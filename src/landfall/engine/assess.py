"""facts + rulebook + as-of date -> assessment (docs/facts-format.md), with traces.

Pure: no I/O. The assessment's dictionaries follow the public contract; each conclusion also
carries ``trace`` (rules, parameters with effective dates and status, facts) for ``explain``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from landfall.engine.context import Ctx, Outcome, TraceNode, plain
from landfall.engine.trace import Tracer
from landfall.engine.view import company_views
from landfall.errors import Diagnostic, NotFoundError, Where
from landfall.facts.model import FactsDocument, FineEvent, day_of
from landfall.rules.model import Rulebook

LAWS = ("ru-236-fz", "ru-152-fz", "ru-149-fz")
COMPANY_OBLIGATIONS = (
    "ru-236-fz.feedback-form",
    "ru-236-fz.rkn-account",
    "ru-236-fz.local-presence",
    "ru-236-fz.audience-counter",
    "ru-152-fz.localization",
)
TAKEDOWN = "ru-149-fz.takedown"


@dataclass
class CompanyAssessment:
    company: str
    laws: list[dict[str, Any]] = field(default_factory=list)
    obligations: list[dict[str, Any]] = field(default_factory=list)
    fines: list[dict[str, Any]] = field(default_factory=list)
    exposure: list[dict[str, Any]] = field(default_factory=list)
    measures: dict[str, Any] = field(default_factory=dict)
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
            "enforcement_actions": self.enforcement_actions,
        }
        if with_trace:
            out["trace"] = {k: v.to_dict() for k, v in self.traces.items()}
        return out


@dataclass
class Assessment:
    as_of: dt.date
    rulebook: Rulebook
    companies: list[CompanyAssessment]

    def to_dict(self, *, with_trace: bool = False) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "rulebook": {"id": self.rulebook.id, "version": self.rulebook.version},
            "companies": [c.to_dict(with_trace=with_trace) for c in self.companies],
        }


def assess(
    rulebook: Rulebook,
    facts: FactsDocument,
    as_of: dt.date,
    company: str | None = None,
    tracer: Tracer | None = None,
) -> Assessment:
    """Assess every company (or one); ``tracer`` chooses what is recorded (default: full)."""
    views = company_views(facts, as_of, rulebook.clock, only=company)
    if company is not None and not views:
        raise NotFoundError(
            Diagnostic(
                "unknown-company",
                f"company {company!r} is not in the facts",
                Where(field="company"),
                "list the companies with `landfall assess FACTS` without --company",
            )
        )
    return Assessment(as_of, rulebook, [assess_company(Ctx(rulebook, v, tracer)) for v in views])


def assess_company(ctx: Ctx) -> CompanyAssessment:
    out = CompanyAssessment(ctx.view.company.id)
    for law in LAWS:
        outcome, node = ctx.resolve(f"{law}.applies")
        out.laws.append(
            {
                "law": law,
                "applies": outcome.value,
                "citation": str(ctx.rulebook.laws[law].citation),
                "because": outcome.because,
                "missing_facts": outcome.missing_facts,
                **_unverified(node),
            }
        )
        out.traces[f"{law}.applies"] = node
    for obligation in COMPANY_OBLIGATIONS:
        outcome, node = ctx.resolve(obligation)
        out.obligations.append(_obligation(ctx, obligation, outcome, node))
        out.traces[obligation] = node
    # a demand recorded again (more items) supersedes its earlier record
    latest = {d.id: d for d in ctx.view.of_type("demand") if d.kind == "takedown"}
    for demand in latest.values():
        outcome, node = ctx.resolve(TAKEDOWN, demand, key=demand.id)
        out.obligations.append(_obligation(ctx, TAKEDOWN, outcome, node))
        out.traces[f"{TAKEDOWN}:{demand.id}"] = node
    for i, fine in enumerate(ctx.view.of_type("fine")):
        key = fine.id or str(i)
        outcome, node = ctx.resolve("koap.fine", fine, key=f"fine-{key}")
        out.fines.append(_fine(fine, outcome, node))
        out.traces[f"fine:{key}"] = node
    out.exposure = _exposure(ctx, out.obligations, ctx.view.of_type("fine"))
    outcome, node = ctx.resolve("ru-236-fz.measures")
    out.measures = {**outcome.value, "because": outcome.because}
    out.traces["ru-236-fz.measures"] = node
    out.enforcement_actions = _enforcement_actions(ctx)
    return out


def _obligation(ctx: Ctx, obligation: str, outcome: Outcome, node: TraceNode) -> dict[str, Any]:
    base = ctx.rulebook.rules[obligation][0]
    entry: dict[str, Any] = {
        "id": obligation,
        "law": base.law,
        "status": outcome.value,
        "due": plain(outcome.data.get("due")),
        "citation": str(base.citation),
        "because": outcome.because,
        "missing_facts": outcome.missing_facts,
        "rules": [r.id for r in node.rules],
        **_unverified(node),
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


def _fine(fine: FineEvent, outcome: Outcome, node: TraceNode) -> dict[str, Any]:
    verdict = _verdict(outcome)
    dates = ("offense_date", "detected_date", "in_force_date", "paid_date")
    return {
        **({"id": fine.id} if fine.id else {}),
        "date": day_of(fine.date).isoformat(),
        **{d: getattr(fine, d).isoformat() for d in dates if getattr(fine, d) is not None},
        "article": fine.article,
        "part": fine.part,
        "amount_rub": int(fine.amount_rub) if fine.amount_rub.is_integer() else fine.amount_rub,
        "protocols": fine.protocols,
        "offense": outcome.data.get("offense"),
        "range_rub": outcome.data.get("range_rub"),
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
        **_unverified(node),
    }


def _exposure(
    ctx: Ctx, obligations: list[dict[str, Any]], fines: list[FineEvent]
) -> list[dict[str, Any]]:
    """The next fine for each violated duty, then art. 20.25 for each fine left unpaid."""
    violated: dict[str, int] = {}
    for entry in obligations:
        if entry["status"] == "violated":
            violated[entry["id"]] = violated.get(entry["id"], 0) + 1
    found: list[dict[str, Any]] = []
    for obligation, count in violated.items():
        outcome, _ = ctx.resolve(
            "koap.exposure", {"obligation": obligation, "count": count}, key=f"{obligation}x{count}"
        )
        found += [{"obligation": obligation, **item} for item in outcome.value]
    for i, fine in enumerate(fines):
        outcome, _ = ctx.resolve("koap.non-payment", fine, key=f"fine-{fine.id or i}")
        found += outcome.value
    return found


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


def _unverified(node: TraceNode) -> dict[str, Any]:
    seen: dict[str, dict[str, Any]] = {}
    for use in node.unverified():
        seen.setdefault(use.id, {"id": use.id, "status": use.status, "note": use.note})
    return {"unverified_parameters": list(seen.values())} if seen else {}
