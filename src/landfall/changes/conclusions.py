"""Each assessed conclusion under a stable key, with the fields a change is read on.

A conclusion is a law's applicability, an obligation (a per-event one keyed by its event),
a fine's verdict, an exposure entry or the ladder of measures. Two assessments of the same
company (two dates, or two rulebooks) are compared key by key on these fields only: status,
range, exposure and deadline, not the wording of ``because``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from landfall.engine.assess import CompanyAssessment
from landfall.engine.context import TraceNode
from landfall.rules.model import Rulebook

COMPARED: dict[str, tuple[str, ...]] = {
    "law": ("applies",),
    "obligation": ("status", "due", "violated_from", "violated_until", "enforcement"),
    "fine": ("verdict", "range", "offense"),
    "exposure": ("min", "max", "currency", "from", "until"),
    "measures": ("applied", "available", "next", "next_from"),
}
"""Per kind of conclusion, the fields whose difference is a change."""


@dataclass(frozen=True)
class Conclusion:
    company: str
    key: str  # stable within a company: "obligation:<id>", "fine:<id>", ...
    kind: str  # a key of COMPARED
    subject: str  # the law, obligation, fine or exposure it concludes on
    jurisdiction: str
    entry: dict[str, Any]  # the assessment's entry, as the contract gives it
    trace: TraceNode | None  # its explanation (exposure entries have none of their own)
    rulebook: Rulebook

    def fields(self) -> dict[str, Any]:
        return {name: self.entry.get(name) for name in COMPARED[self.kind]}


def conclusions(company: CompanyAssessment, book: Rulebook) -> dict[str, Conclusion]:
    """Every conclusion of one company assessed under one rulebook, by key."""
    found: dict[str, Conclusion] = {}
    jurisdiction = book.manifest.jurisdiction

    def add(key: str, kind: str, subject: str, entry: dict[str, Any], trace: str | None) -> None:
        unique, n = key, 1
        while unique in found:  # two entries under one key keep their order
            n += 1
            unique = f"{key}#{n}"
        node = company.traces.get(trace) if trace else None
        where = entry.get("jurisdiction") or jurisdiction
        found[unique] = Conclusion(company.company, unique, kind, subject, where, entry, node, book)

    for law in company.laws:
        add(f"law:{law['law']}", "law", law["law"], law, f"{law['law']}.applies")
    for ob in company.obligations:
        name = f"{ob['id']}:{ob['demand']}" if ob.get("demand") else ob["id"]
        add(f"obligation:{name}", "obligation", name, ob, name)
    for place, fine in enumerate(company.fines):
        name = f"fine:{fine.get('id') or place}"
        add(name, "fine", name, fine, name)
    for item in company.exposure:
        subject = item.get("obligation", "")
        part = f" part {item['part']}" if item.get("part") else ""
        name = f"{subject} -> {item.get('article', '')}{part}"
        add(f"exposure:{name}", "exposure", subject, item, None)
    if book.manifest.measures:
        add(
            "measures", "measures", book.manifest.measures, company.measures, book.manifest.measures
        )
    return found


def subtree(node: TraceNode | None) -> list[TraceNode]:
    """The node and every node it asked, each once."""
    if node is None:
        return []
    seen: dict[int, TraceNode] = {}
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen[id(current)] = current
        stack.extend(current.children)
    return list(seen.values())


def exposure_parameters(book: Rulebook) -> set[str]:
    """The parameters the rules of the manifest's exposure definitions declare: an exposure
    entry has no explanation of its own, so these are what may explain its change."""
    manifest = book.manifest
    found: set[str] = set()
    for definition in (manifest.exposure, manifest.unpaid_fines):
        for rule in book.rules.get(definition or "", ()):
            for p in rule.params:
                if p.endswith("*"):
                    found |= {n for n in book.parameters if n.startswith(p[:-1])}
                else:
                    found.add(p)
    return found
