"""The ledger: an append-only, hash-chained, bitemporal store of regulatory events."""

from landfall.ledger.connect import default_url
from landfall.ledger.events import GENESIS, NewEvent, StoredEvent
from landfall.ledger.importer import (
    ImportResult,
    append_evidence,
    document_events,
    evidence_events,
    export_facts,
    import_facts,
)
from landfall.ledger.sql import SqlLedger, open_ledger
from landfall.ledger.store import AppendResult, LedgerStore, VerifyResult

__all__ = [
    "GENESIS",
    "AppendResult",
    "ImportResult",
    "LedgerStore",
    "NewEvent",
    "SqlLedger",
    "StoredEvent",
    "VerifyResult",
    "append_evidence",
    "default_url",
    "document_events",
    "evidence_events",
    "export_facts",
    "import_facts",
    "open_ledger",
]
