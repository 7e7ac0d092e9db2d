"""Facts documents in and out of the ledger."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from landfall.errors import Diagnostic, InputError, Where
from landfall.facts import load_facts
from landfall.facts.integrity import EARLIEST, LATEST, out_of_range
from landfall.facts.model import Event, FactsDocument
from landfall.ledger.bitemporal import COMPANY, RESOURCE
from landfall.ledger.events import NewEvent, author_text, canonical_json
from landfall.ledger.store import AppendResult, LedgerStore
from landfall.periods import LegalClock

# Event types whose subject is a resource (docs/facts-format.md); the rest are about a company.
RESOURCE_SUBJECT = frozenset({"audience", "audience_series", "feedback_form", "audience_counter"})


@dataclass(frozen=True)
class ImportResult:
    file: str
    added: int
    skipped: int
    head: str


def local_user() -> str:
    """The operating-system user running the command (the author of what a file imports)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the user database
        return "unknown"


def local_author(file: str | Path | None, via: str) -> str:
    """The author of events a command appends: the local user, the file's name, the command."""
    return author_text(user=local_user(), file=None if file is None else Path(file).name, via=via)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (a log may be larger than memory)."""
    with Path(path).open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def files_source(via: str, files: Sequence[str | Path]) -> str:
    """The ``source`` of events a command read from files: the command, then each file's name
    and SHA-256 (``landfall audience access.log (sha256 3f2a...)``); never a path or a byte of
    the contents, so the source tells which file it was and shows nothing in it."""
    read = "; ".join(f"{Path(f).name} (sha256 {file_sha256(f)})" for f in files)
    return f"{via} {read}" if read else via


def document_events(
    doc: FactsDocument, origin: str | None = None, author: str | None = None
) -> list[NewEvent]:
    """Companies, resources and events of a document as ledger assertions, in document order.

    Payloads drop fields equal to their defaults, so the same fact spelled with or without
    ``removed: false`` has one key and imports once. A record's ``source`` is its own (the
    public source it cites), else ``origin``, the file it was imported from; the source is
    not part of the key, so the same fact from a second file is still one event. ``author``
    (:func:`~landfall.ledger.events.author_text`) is recorded on every event; it is not part of
    the key either, so a repeat by another author is skipped and the first author stays. A
    company or resource record is public as its own ``public`` says; without it, when the
    document publishes an event about its company.
    """
    owner = {resource.id: resource.company for resource in doc.resources}
    # One serializer call for every event (the same bytes as each event's model_dump): the
    # per-call overhead of model_dump was most of an import's own time.
    payloads = _EVENTS.dump_python(doc.events, mode="json", exclude_defaults=True)
    events = [
        _event_from(payload, event.type, owner, origin, author)
        for event, payload in zip(doc.events, payloads, strict=True)
    ]
    # A record is public when its document publishes an event about the company: the
    # document that only holds private facts (a regulator's notes) keeps its records private.
    published = {e.company for e in events if e.public}
    out: list[NewEvent] = []
    for company in doc.companies:
        out.append(
            NewEvent(
                type=COMPANY,
                company=company.id,
                subject=company.id,
                payload=company.model_dump(mode="json", exclude_defaults=True),
                source=company.source or origin,
                public=company.id in published if company.public is None else company.public,
                author=author,
            )
        )
    for resource in doc.resources:
        out.append(
            NewEvent(
                type=RESOURCE,
                company=resource.company,
                subject=resource.id,
                payload=resource.model_dump(mode="json", exclude_defaults=True),
                source=resource.source or origin,
                public=resource.company in published
                if resource.public is None
                else resource.public,
                author=author,
            )
        )
    out += events
    return out


_EVENTS: TypeAdapter[list[Any]] = TypeAdapter(list[Event])


def _new_event(
    event: Any, owner: dict[str, str], origin: str | None = None, author: str | None = None
) -> NewEvent:
    payload: dict[str, Any] = event.model_dump(mode="json", exclude_defaults=True)
    return _event_from(payload, event.type, owner, origin, author)


def _event_from(
    payload: dict[str, Any],
    type_: str,
    owner: dict[str, str],
    origin: str | None = None,
    author: str | None = None,
) -> NewEvent:
    """The assertion of an event of type ``type_`` serialised as ``model_dump(mode="json",
    exclude_defaults=True)``: its fields read from the payload, where a field left at its
    default (None) is absent."""
    payload["type"] = type_  # even where a type's discriminator has a default
    resource_id: str | None = payload.get("resource")
    company_id: str = payload.get("company") or owner[resource_id or ""]
    subject = resource_id if resource_id and type_ in RESOURCE_SUBJECT else company_id
    return NewEvent(
        type=type_,
        company=company_id,
        subject=subject,
        payload=payload,
        valid_from=payload["date"],
        source=_source(payload.get("source")) or origin,
        public=bool(payload.get("public")),
        author=author,
    )


def evidence_events(
    store: LedgerStore,
    events: list[dict[str, Any]],
    *,
    origin: str,
    author: str | None = None,
    source: str | None = None,
) -> list[NewEvent]:
    """Validate facts-format events from a collector or a client, ready to append.

    Each event is validated against the facts model; a resource-subject event needs its
    resource already in the ledger (to know its company). Errors name ``origin`` and the
    event's index and field. ``source`` (a collector's :func:`files_source`) is the row's
    source whatever the payload says; like every source it is not part of the event's key,
    so the same figures read again from a renamed file stay one event.
    """
    owner = {e.subject: e.company for e in store.events(type=RESOURCE)}
    adapter: TypeAdapter[Any] = TypeAdapter(Event)
    new = []
    for i, raw in enumerate(events):
        try:
            event = adapter.validate_python(raw)
        except ValidationError as e:
            first = e.errors()[0]
            raise InputError(
                Diagnostic(
                    "invalid-event",
                    first["msg"],
                    Where(origin, None, f"events[{i}]." + ".".join(str(p) for p in first["loc"])),
                    "see docs/facts-format.md for the fields of each event type",
                )
            ) from e
        day = out_of_range(event)
        if day is not None:
            # as the facts loader refuses it: past the range a date has no instant left
            raise InputError(
                Diagnostic(
                    "date-out-of-range",
                    f"date {day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}",
                    Where(origin, None, f"events[{i}].date"),
                    "check the year",
                )
            )
        resource_id = getattr(event, "resource", None)
        if (
            resource_id is not None
            and getattr(event, "company", None) is None
            and resource_id not in owner
        ):
            raise InputError(
                Diagnostic(
                    "unknown-resource",
                    f"resource {resource_id!r} is not in the ledger",
                    Where(origin, None, f"events[{i}].resource"),
                    "import a facts document that defines the resource first",
                )
            )
        found = _new_event(event, owner, author=author)
        new.append(found if source is None else replace(found, source=source))
    return new


def append_evidence(
    store: LedgerStore,
    events: list[dict[str, Any]],
    *,
    origin: str,
    author: str | None = None,
    files: Sequence[str | Path] = (),
) -> AppendResult:
    """Append facts-format events from an evidence collector (scan, audience, takedown), in one
    transaction; content already in the ledger is skipped. The author defaults to the local
    user running the collector (``origin`` names the command). With ``files``, the files the
    events were read from, each row's source is their names and SHA-256 (:func:`files_source`)
    and the author names them too."""
    names = ", ".join(Path(f).name for f in files) or None
    who = author or author_text(user=local_user(), file=names, via=origin)
    source = files_source(origin, files) if files else None
    return store.append(evidence_events(store, events, origin=origin, author=who, source=source))


def _source(source: str | list[str] | None) -> str | None:
    if source is None or isinstance(source, str):
        return source
    return canonical_json(source)


def import_facts(store: LedgerStore, path: str | Path) -> ImportResult:
    """Append one facts document in one transaction: all of it, or (on any error) none."""
    doc = load_facts(path)
    author = local_author(path, "landfall ledger import")
    result = store.append(
        document_events(doc, origin=f"landfall ledger import {Path(path).name}", author=author)
    )
    return ImportResult(str(path), result.added, result.skipped, result.head)


def export_facts(
    store: LedgerStore,
    as_of: dt.date,
    known_at: dt.date | dt.datetime | None = None,
    company: str | None = None,
    *,
    clock: LegalClock,
) -> dict[str, Any]:
    """The facts document of :meth:`LedgerStore.facts` as plain data, ready for YAML or JSON."""
    doc = store.facts(as_of, known_at=known_at, company=company, clock=clock)
    data: dict[str, Any] = doc.model_dump(mode="json", exclude_defaults=True)
    data["landfall"] = 1
    return data
