"""Facts documents in and out of the ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landfall.facts import load_facts
from landfall.facts.model import FactsDocument
from landfall.ledger.bitemporal import COMPANY, RESOURCE
from landfall.ledger.events import NewEvent, canonical_json
from landfall.ledger.store import LedgerStore

# Event types whose subject is a resource (docs/facts-format.md); the rest are about a company.
RESOURCE_SUBJECT = frozenset({"audience", "audience_series", "feedback_form", "audience_counter"})


@dataclass(frozen=True)
class ImportResult:
    file: str
    added: int
    skipped: int
    head: str


def document_events(doc: FactsDocument) -> list[NewEvent]:
    """Companies, resources and events of a document as ledger assertions, in document order.

    Payloads drop fields equal to their defaults, so the same fact spelled with or without
    ``removed: false`` has one key and imports once.
    """
    out: list[NewEvent] = []
    owner: dict[str, str] = {}
    for company in doc.companies:
        out.append(
            NewEvent(
                type=COMPANY,
                company=company.id,
                subject=company.id,
                payload=company.model_dump(mode="json", exclude_defaults=True),
                source=company.source,
            )
        )
    for resource in doc.resources:
        owner[resource.id] = resource.company
        out.append(
            NewEvent(
                type=RESOURCE,
                company=resource.company,
                subject=resource.id,
                payload=resource.model_dump(mode="json", exclude_defaults=True),
                source=resource.source,
            )
        )
    for event in doc.events:
        payload: dict[str, Any] = event.model_dump(mode="json", exclude_defaults=True)
        payload["type"] = event.type
        resource_id: str | None = getattr(event, "resource", None)
        company_id: str = getattr(event, "company", None) or owner[resource_id or ""]
        subject = resource_id if resource_id and event.type in RESOURCE_SUBJECT else company_id
        out.append(
            NewEvent(
                type=event.type,
                company=company_id,
                subject=subject,
                payload=payload,
                valid_from=payload["date"],
                source=_source(event.source),
                public=bool(event.public),
            )
        )
    return out


def _source(source: str | list[str] | None) -> str | None:
    if source is None or isinstance(source, str):
        return source
    return canonical_json(source)


def import_facts(store: LedgerStore, path: str | Path) -> ImportResult:
    """Append one facts document in one transaction: all of it, or (on any error) none."""
    doc = load_facts(path)
    result = store.append(document_events(doc))
    return ImportResult(str(path), result.added, result.skipped, result.head)


def export_facts(
    store: LedgerStore,
    as_of: dt.date,
    known_at: dt.date | dt.datetime | None = None,
    company: str | None = None,
) -> dict[str, Any]:
    """The facts document of :meth:`LedgerStore.facts` as plain data, ready for YAML or JSON."""
    doc = store.facts(as_of, known_at=known_at, company=company)
    data: dict[str, Any] = doc.model_dump(mode="json", exclude_defaults=True)
    data["landfall"] = 1
    return data
