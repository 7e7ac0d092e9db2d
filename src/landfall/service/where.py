"""Where must we land? One row per company and jurisdiction, read from the assessment.

The engine answers per rulebook; this module regroups one assessment by the jurisdiction each
answer names (``laws[].jurisdiction``, ``obligations[].jurisdiction``,
``exposure[].jurisdiction``, ``ladders[].jurisdiction``) and nothing else: no law, threshold or
deadline is read or recomputed here. Every face (``landfall where``, ``GET /api/where``, the
dashboard's where page) shows these rows, so two faces cannot disagree on a jurisdiction.

A row says whether the jurisdiction's law applies and why, the obligations due (owed, not yet
due: ``pending``) and overdue (``violated``, with the day the violation began), those met and
those the facts cannot decide, the exposure summed per currency, and the next step of each
ladder of measures with the day it may be taken (``next_from``) when the law fixes one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from landfall.engine.assess import Assessment, CompanyAssessment
from landfall.i18n import Nn_, because, current, plural, tr
from landfall.i18n import gettext as _
from landfall.labels import applies_label, obligation_label
from landfall.rules.model import Rulebook

if TYPE_CHECKING:  # the portal opens the ledger; the command line's rows never need it
    from landfall.service.portal import Portal
    from landfall.service.portal import Query as PortalQuery
    from landfall.tokens import Principal

STATUS_GROUPS = {"pending": "due", "violated": "overdue", "met": "met", "unknown": "unknown"}
"""Which list of a row an obligation joins, by its status; ``not_applicable`` joins none (it is
counted)."""

CSV_COLUMNS = (
    "company",
    "name",
    "jurisdiction",
    "rulebooks",
    "applies",
    "because",
    "due",
    "overdue",
    "met",
    "unknown",
    "exposure",
    "next_step",
    "citations",
)
"""The columns of ``landfall where --format csv``, one line per company and jurisdiction."""


def where(assessment: Assessment, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The rows of every assessed company: ``{as_of, rulebooks, companies: [{company, name,
    jurisdictions: [row, ...]}]}``, jurisdictions in the order the rulebooks are assessed.

    ``names`` gives a company's display name (its id when absent).
    """
    books = assessment.rulebooks or (assessment.rulebook,)
    return answer(assessment.as_of, books, assessment.companies, names)


def answer(
    as_of: dt.date,
    books: Sequence[Rulebook],
    companies: Iterable[CompanyAssessment],
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """:func:`where` from companies assessed one by one (the portal's cached assessments)."""
    shown = names or {}
    return {
        "as_of": as_of.isoformat(),
        "rulebooks": [
            {
                "id": b.id,
                "version": b.version,
                "jurisdiction": b.manifest.jurisdiction,
                "currency": b.manifest.currency,
            }
            for b in books
        ],
        "companies": [
            {
                "company": c.company,
                "name": shown.get(c.company) or c.company,
                "jurisdictions": company_rows(c.to_dict(), books),
            }
            for c in companies
        ],
    }


def visible(
    portal: Portal, who: Principal, q: PortalQuery, company: str | None = None
) -> dict[str, Any]:
    """The rows of every company the role may see (or of one), as of ``q``: the API's and the
    dashboard's where view, from the portal's assessments."""
    from landfall.service.portal import unknown_company  # the portal loads the ledger

    listed = portal.companies(who, q)
    if company is not None:
        portal.check_company(who, company)
        listed = [c for c in listed if c["id"] == company]
        if not listed:
            raise unknown_company(company)
    names = {c["id"]: c["name"] for c in listed}
    assessed = [portal.assessment(who, c["id"], q) for c in listed]
    found = answer(q.as_of, portal.rulebooks, assessed, names)
    found["known_at"] = None if q.known_at is None else q.known_at.isoformat()
    return found


def company_rows(company: Mapping[str, Any], books: Sequence[Rulebook]) -> list[dict[str, Any]]:
    """One company's assessment (``CompanyAssessment.to_dict()``) as one row per jurisdiction."""
    order = _jurisdictions(company, books)
    return [_row(company, jurisdiction, books) for jurisdiction in order]


def _jurisdictions(company: Mapping[str, Any], books: Sequence[Rulebook]) -> list[str]:
    """The jurisdictions answered for, in the rulebooks' order, then any other named."""
    found = [b.manifest.jurisdiction for b in books]
    for key in ("laws", "obligations", "exposure", "ladders"):
        found += [str(e["jurisdiction"]) for e in company.get(key, []) if e.get("jurisdiction")]
    return list(dict.fromkeys(found))


def _of(items: Iterable[Mapping[str, Any]], jurisdiction: str) -> list[Mapping[str, Any]]:
    return [e for e in items if e.get("jurisdiction") == jurisdiction]


def _row(
    company: Mapping[str, Any], jurisdiction: str, books: Sequence[Rulebook]
) -> dict[str, Any]:
    own = [b for b in books if b.manifest.jurisdiction == jurisdiction]
    laws = [
        {
            "law": law["law"],
            "label": _label(own, str(law["law"])),
            "applies": law["applies"],
            "citation": law["citation"],
            "because": list(law["because"]),
            "missing_facts": list(law.get("missing_facts", [])),
        }
        for law in _of(company.get("laws", []), jurisdiction)
    ]
    applies = _applies([law["applies"] for law in laws])
    groups: dict[str, list[dict[str, Any]]] = {g: [] for g in STATUS_GROUPS.values()}
    not_applicable = 0
    for obligation in _of(company.get("obligations", []), jurisdiction):
        group = STATUS_GROUPS.get(str(obligation["status"]))
        if group is None:
            not_applicable += 1
            continue
        groups[group].append(_duty(own, obligation))
    exposure = [dict(e) for e in _of(company.get("exposure", []), jurisdiction)]
    ladders = [
        {
            "rulebook": ladder["rulebook"],
            "next": ladder.get("next"),
            "next_label": None if ladder.get("next") is None else _label(own, ladder["next"]),
            "next_from": ladder.get("next_from"),
            "applied": list(ladder.get("applied", [])),
            "available": list(ladder.get("available", [])),
            "because": list(ladder.get("because", [])),
        }
        for ladder in _of(company.get("ladders", []), jurisdiction)
    ]
    totals = exposure_totals(exposure)
    return {
        "jurisdiction": jurisdiction,
        "rulebooks": [b.id for b in own],
        "currency": own[0].manifest.currency if own else None,
        "applies": applies,
        "applies_label": applies_label(applies),
        "because": _because(laws, applies),
        "laws": laws,
        **groups,
        "not_applicable": not_applicable,
        "exposure": {"totals": totals, "entries": exposure},
        "exposure_label": exposure_label(totals, exposure_consequences(exposure)),
        "ladders": ladders,
        "next_step_label": next_step_label(ladders),
        "unverified_parameters": _unverified(company, jurisdiction),
    }


def _applies(values: Sequence[Any]) -> bool | None:
    """The jurisdiction's law applies when any of its laws does; unknown when none does and one
    cannot be decided; else it does not."""
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def _because(laws: Sequence[Mapping[str, Any]], applies: bool | None) -> list[str]:
    """Why: the reasons of the laws that decide the row (those applying, when one does)."""
    deciding = [law for law in laws if law["applies"] is applies] or list(laws)
    # the reasons in the language in use (the rulebooks' because catalogues)
    return [f"{law['label']}: {because(reason)}" for law in deciding for reason in law["because"]]


def _label(books: Sequence[Rulebook], name: str) -> str:
    """The display name the jurisdiction's rulebook gives an id (the id when unlabelled), in
    the language in use when the rulebook names it in that language."""
    for book in books:
        found = book.manifest.label(name, current())
        if found != name:
            return found
    return name


def _duty(books: Sequence[Rulebook], obligation: Mapping[str, Any]) -> dict[str, Any]:
    duty = {
        "id": obligation["id"],
        "label": _label(books, str(obligation["id"])),
        "status": obligation["status"],
        "status_label": obligation_label(obligation),
        "due": obligation.get("due"),
        "citation": obligation["citation"],
        "because": list(obligation.get("because", [])),
    }
    for key in ("demand", "violated_from", "violated_until", "enforcement", "missing_facts"):
        if obligation.get(key):
            duty[key] = obligation[key]
    duty["text"] = duty_label(duty)  # the words every face shows
    return duty


def exposure_totals(entries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Exposure summed per currency, in the order the currencies first appear: ``min`` sums the
    least fines (an unknown least counts nothing), ``max`` is ``None`` when any greatest fine
    needs a fact."""
    totals: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if _consequence_only(entry):
            continue  # a sanction without money (a safe harbour lost) adds nothing to a sum
        currency = str(entry.get("currency") or "")
        total = totals.setdefault(currency, {"currency": currency, "min": 0, "max": 0, "count": 0})
        total["count"] += 1
        total["min"] += entry.get("min") or 0
        high = entry.get("max")
        total["max"] = None if high is None or total["max"] is None else total["max"] + high
    return list(totals.values())


def _consequence_only(entry: Mapping[str, Any]) -> bool:
    return bool(entry.get("consequence")) and entry.get("min") is None and entry.get("max") is None


def exposure_consequences(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    """The sanctions without money a rulebook names (``consequence``), each once, with how many
    violated duties lead to it: ``loss of safe harbour (2 duties)``."""
    counts: dict[str, int] = {}
    for entry in entries:
        if _consequence_only(entry):
            counts[str(entry["consequence"])] = counts.get(str(entry["consequence"]), 0) + 1
    return [f"{c} ({plural(*DUTIES, n)})" for c, n in counts.items()]


DUTIES = Nn_("{n} duty", "{n} duties")


def _amount(value: float | None) -> str:
    return _("unknown") if value is None else f"{value:,.0f}"


def exposure_label(totals: Sequence[Mapping[str, Any]], consequences: Sequence[str] = ()) -> str:
    """``CUR MIN to MAX; CUR2 0 to unknown`` (amounts with thousands separators), then the
    sanctions without money, or ``none``."""
    money = [
        tr(
            "{currency} {least} to {most}",
            currency=t["currency"],
            least=_amount(t["min"]),
            most=_amount(t["max"]),
        )
        for t in totals
    ]
    return "; ".join([*money, *consequences]) or _("none")


def next_step_label(ladders: Sequence[Mapping[str, Any]]) -> str:
    """``MEASURE from DATE``, ``MEASURE (no date fixed)`` (each ladder's), or ``none``."""
    steps = []
    for ladder in ladders:
        if ladder.get("next") is None:
            continue
        step = ladder["next_label"]
        steps.append(
            tr("{step} from {date}", step=step, date=ladder["next_from"])
            if ladder.get("next_from")
            else tr("{step} (no date fixed)", step=step)
        )
    return "; ".join(steps) or _("none")


def duty_label(duty: Mapping[str, Any]) -> str:
    """``DUTY (demand D) due DATE``; an overdue one says since when, an undecided one what it
    needs."""
    name = str(duty["label"]) + (f" ({duty['demand']})" if duty.get("demand") else "")
    if duty["status"] == "violated":
        since = duty.get("violated_from") or duty.get("due")
        if since:
            return tr("{duty} overdue since {date}", duty=name, date=since)
        return tr("{duty} overdue", duty=name)
    if duty["status"] == "pending":
        if duty.get("due"):
            return tr("{duty} due {date}", duty=name, date=duty["due"])
        return tr("{duty} due", duty=name)
    if duty["status"] == "unknown":
        missing = ", ".join(duty.get("missing_facts", []))
        if missing:
            return tr("{duty}: needs {facts}", duty=name, facts=missing)
        return tr("{duty}: unknown", duty=name)
    return f"{name}: {duty['status_label']}"


def _unverified(company: Mapping[str, Any], jurisdiction: str) -> list[dict[str, Any]]:
    """The unverified or conflicting parameters the row's laws and obligations rest on, once."""
    seen: dict[str, dict[str, Any]] = {}
    for key in ("laws", "obligations"):
        for entry in _of(company.get(key, []), jurisdiction):
            for use in entry.get("unverified_parameters", []):
                seen.setdefault(str(use["id"]), dict(use))
    return list(seen.values())


def csv_rows(answer: Mapping[str, Any]) -> list[dict[str, str]]:
    """The answer flattened to text cells, one per company and jurisdiction (CSV_COLUMNS)."""
    out = []
    for company in answer["companies"]:
        for row in company["jurisdictions"]:
            out.append(
                {
                    "company": company["company"],
                    "name": company["name"],
                    "jurisdiction": row["jurisdiction"],
                    "rulebooks": " ".join(row["rulebooks"]),
                    "applies": row["applies_label"],
                    "because": "; ".join(row["because"]),
                    "due": "; ".join(duty_label(d) for d in row["due"]),
                    "overdue": "; ".join(duty_label(d) for d in row["overdue"]),
                    "met": "; ".join(duty_label(d) for d in row["met"]),
                    "unknown": "; ".join(duty_label(d) for d in row["unknown"]),
                    "exposure": row["exposure_label"],
                    "next_step": row["next_step_label"],
                    "citations": "; ".join(law["citation"] for law in row["laws"]),
                }
            )
    return out
