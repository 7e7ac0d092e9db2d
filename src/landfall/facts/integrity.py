"""Cross-reference checks a schema cannot express: unique ids, known ids, date ranges."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from landfall.facts.model import AudienceSeriesEvent, Event, FactsDocument, FineEvent, day_of

EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    path: Path
    hint: str


def out_of_range(event: Event) -> dt.date | None:
    """The day of ``event`` outside EARLIEST-LATEST, or None: its date, or the last day of an
    audience series (one figure a day from its date), which must stay in the range too."""
    first = day_of(event.date)
    days = len(event.value) if isinstance(event, AudienceSeriesEvent) else 1
    if not EARLIEST <= first <= LATEST:
        return first
    if (LATEST - first).days < days - 1:
        return LATEST + dt.timedelta(days=1)  # the first day past the range it reaches
    return None


def check_references(doc: FactsDocument) -> list[Problem]:
    problems: list[Problem] = []
    companies: set[str] = set()
    for i, company in enumerate(doc.companies):
        if company.id in companies:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"company id {company.id!r} is used twice",
                    ("companies", i, "id"),
                    "each company id must be unique in the document",
                )
            )
        companies.add(company.id)
    resources: dict[str, str] = {}
    for i, resource in enumerate(doc.resources):
        if resource.id in resources:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"resource id {resource.id!r} is used twice",
                    ("resources", i, "id"),
                    "each resource id must be unique in the document",
                )
            )
        resources[resource.id] = resource.company
        if resource.company not in companies:
            problems.append(
                _unknown("company", resource.company, ("resources", i, "company"), companies)
            )
    demand_ids: set[tuple[str, str]] = set()
    fine_ids: set[tuple[str, str]] = set()
    for i, event in enumerate(doc.events):
        day = out_of_range(event)
        if day is not None:
            problems.append(
                Problem(
                    "date-out-of-range",
                    f"date {day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}",
                    ("events", i, "date"),
                    "check the year",
                )
            )
        company_id = getattr(event, "company", None)
        if company_id is not None and company_id not in companies:
            problems.append(_unknown("company", company_id, ("events", i, "company"), companies))
        resource_id = getattr(event, "resource", None)
        if resource_id is not None and resource_id not in resources:
            problems.append(_unknown("resource", resource_id, ("events", i, "resource"), resources))
        if event.type == "demand":
            key = (event.company, event.id)
            if key in demand_ids:
                problems.append(
                    Problem(
                        "duplicate-id",
                        f"demand id {event.id!r} is used twice for company {event.company!r}",
                        ("events", i, "id"),
                        "give each demand of a company its own id",
                    )
                )
            demand_ids.add(key)
        if event.type == "fine":
            problems += _fine_dates(event, i)
            if event.id is not None:
                if (event.company, event.id) in fine_ids:
                    problems.append(
                        Problem(
                            "duplicate-id",
                            f"fine id {event.id!r} is used twice for company {event.company!r}",
                            ("events", i, "id"),
                            "give each fine of a company its own id",
                        )
                    )
                fine_ids.add((event.company, event.id))
    for i, event in enumerate(doc.events):
        if event.type in ("demand_met", "takedown_action") and (
            (event.company, event.demand) not in demand_ids
        ):
            problems.append(
                _unknown(
                    "demand",
                    event.demand,
                    ("events", i, "demand"),
                    (d for c, d in demand_ids if c == event.company),
                )
            )
    return problems


def _fine_dates(fine: FineEvent, i: int) -> list[Problem]:
    """A fine's lifecycle dates must follow the decision: offence, detection, decision, force."""
    decided = day_of(fine.date)
    order = (
        (
            "in_force_date",
            fine.in_force_date,
            "before",
            "a decision enters into force after it is made",
        ),
        ("paid_date", fine.paid_date, "before", "a fine is paid after the decision imposing it"),
        ("offense_date", fine.offense_date, "after", "the offence comes before the decision"),
        (
            "detected_date",
            fine.detected_date,
            "after",
            "the offence is detected before the decision",
        ),
    )
    found = [
        Problem(
            "fine-date-order",
            f"{name} {day.isoformat()} is {side} the decision date {decided.isoformat()}",
            ("events", i, name),
            hint,
        )
        for name, day, side, hint in order
        if day is not None and (day < decided if side == "before" else day > decided)
    ]
    if fine.offense_date and fine.detected_date and fine.detected_date < fine.offense_date:
        found.append(
            Problem(
                "fine-date-order",
                f"detected_date {fine.detected_date.isoformat()} is before offense_date"
                f" {fine.offense_date.isoformat()}",
                ("events", i, "detected_date"),
                "an offence is detected on or after the day it was committed",
            )
        )
    return found


# Where a document defines each kind of id a field may name.
_DEFINED_IN = {
    "company": "add it under `companies:`",
    "resource": "add it under `resources:`",
    "demand": "record the demand as a `demand` event with this `id`",
}


def _unknown(kind: str, value: str, path: Path, known: Iterable[str] = ()) -> Problem:
    close = difflib.get_close_matches(value, sorted(set(known)), n=3)
    return Problem(
        f"unknown-{kind}",
        f"{kind} {value!r} is not defined in this document",
        path,
        f"did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else f"{_DEFINED_IN[kind]}, or fix the spelling",
    )
