"""What a scan covered: each relation of a store, scanned or not, and why not.

A scan that read some relations of a store and not others is ``partial``: its counts are true
for what was read and say nothing of the rest, so a partial scan can show that Russian users'
data is there, never that it is absent. Reasons and errors here are codes and error classes,
never a database's message (which can quote a row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "CATALOG_OMITTED",
    "CONNECTION_LOST",
    "NOT_READ",
    "READ_FAILED",
    "Coverage",
    "RelationCoverage",
    "StoreStatus",
]

RelationStatus = Literal["scanned", "skipped", "read-failed"]
StoreStatus = Literal["ok", "partial", "error"]

# Reason codes of a relation not covered.
CATALOG_OMITTED = "catalog-omitted"
"""Listed among the store's relations, but the column catalog left it out (MariaDB drops a
view that calls a writing function from ``information_schema.columns`` in a read-only
session, with warning 1792): it cannot be read either."""
READ_FAILED = "read-failed"
"""Reading it failed (a view whose query errors, a missing privilege, ...)."""
CONNECTION_LOST = "connection-lost"
"""The connection was lost while it was read."""
NOT_READ = "not-read"
"""Never reached: the connection was lost before it."""


@dataclass(frozen=True)
class RelationCoverage:
    """One relation (table or view) of a store and whether the scan read all of it."""

    relation: str
    status: RelationStatus
    reason: str | None = None
    error: str | None = None  # class and code only, e.g. ``InvalidTextRepresentation 22P02``

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"relation": self.relation, "status": self.status}
        if self.reason is not None:
            out["reason"] = self.reason
        if self.error is not None:
            out["error"] = self.error
        return out


@dataclass
class Coverage:
    """The relations of one store, in the order the scan met them."""

    relations: list[RelationCoverage]

    @property
    def scanned(self) -> int:
        return sum(r.status == "scanned" for r in self.relations)

    @property
    def total(self) -> int:
        return len(self.relations)

    @property
    def not_covered(self) -> list[str]:
        """The names of the relations not read in full, sorted."""
        return sorted(r.relation for r in self.relations if r.status != "scanned")

    def to_event(self) -> dict[str, Any]:
        """The scan event's ``coverage``: counts and the names not covered (no reasons)."""
        return {
            "relations_scanned": self.scanned,
            "relations_total": self.total,
            "not_covered": self.not_covered,
        }

    def summary(self) -> str:
        """``covered 4 of 5 relations; not read: v_write`` (the full list of names)."""
        text = f"covered {self.scanned} of {self.total} relations"
        missing = self.not_covered
        return f"{text}; not read: {', '.join(missing)}" if missing else text
