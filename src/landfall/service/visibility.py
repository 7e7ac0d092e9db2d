"""What the public role sees of a stored row, and a row as the API shows it.

The public sees public rows only, and of them nothing that tells what else the ledger holds:
no internal id (their gaps would count the private rows appended between two public ones),
no chain field (a public row's ``prev_hash`` is a private row's hash whenever one precedes
it), no salt, and of the author only the role or the landfall command. It numbers public
rows by their public sequence number (``public_seq``, migration 0004): 1, 2, 3, ... over the
public rows alone, whatever was appended between them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from landfall.ledger import StoredEvent
from landfall.ledger.bitemporal import COMPANY, RESOURCE
from landfall.ledger.events import author_text


def public_record(row: StoredEvent, shown: set[str]) -> bool:
    """Whether the public role sees a row: a row marked public (an event, or a company or
    resource record: by the record's own ``public``, else because its document published an
    event about the company), or a record written before records had a visibility of their
    own, of a company with a public event (``shown``). Such a row is told by its missing
    salt: since migration 0003 every private row has one."""
    if row.public:
        return True
    return row.type in (COMPANY, RESOURCE) and row.salt is None and row.company in shown


def public_author(data: dict[str, str] | None) -> dict[str, str] | None:
    """What of an author the public sees: the role, or the landfall command that wrote the row;
    never the token id, the login name, or a file name or path of the operator's."""
    if data is None:
        return None
    via = data.get("via", "")
    shown = {
        "role": data.get("role"),
        "via": via if via.startswith("landfall ") and not any(c in via for c in "/\\") else None,
    }
    return {k: v for k, v in shown.items() if v}


def public_row(row: StoredEvent) -> StoredEvent:
    """A row as the public role's picture reads it: its author reduced (:func:`public_author`),
    and no salt (which no view shows; the public one least of all). Ids stay internal here:
    the picture applies corrections by them, and shows none."""
    reduced = public_author(row.author_data())
    author = None if reduced is None else author_text(**reduced)
    return replace(row, author=author, salt=None)


def public_view(row: StoredEvent, numbers: dict[int, int]) -> StoredEvent:
    """A public row as the public role's event lists show it: :func:`public_row`, numbered by
    its public sequence number, ``refers_to`` by the target's (``numbers``: internal id to
    public number; a target the public cannot see is None), and no chain fields."""
    target = None if row.refers_to is None else numbers.get(row.refers_to)
    if row.public_seq is None:
        raise ValueError(f"event {row.id} is private: the public view has no number for it")
    return replace(public_row(row), id=row.public_seq, refers_to=target, prev_hash="", hash="")


def event_public(row: StoredEvent) -> dict[str, Any]:
    """A stored event as the API shows it: every role sees when it was recorded and who
    asserted it beside its valid time; ``seq`` is its public number (None for a private row).
    A public view (:func:`public_view`) has no chain fields, shown as None."""
    return {
        "id": row.id,
        "seq": row.public_seq,
        "type": row.type,
        "kind": row.kind,
        "company": row.company,
        "subject": row.subject,
        "valid_from": row.valid_from,
        "recorded_at": row.recorded_at,
        "public": bool(row.public),
        "source": row.source,
        "refers_to": row.refers_to,
        "payload": row.data(),
        "author": row.author_data(),
        "prev_hash": row.prev_hash or None,
        "hash": row.hash or None,
    }
