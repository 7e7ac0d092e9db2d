"""The scan report: per store, counts, masked samples and reconciliation; never raw values.

Everything here is derived from counts, masks and keyed hashes. ``mask`` is the only place a
detected value is turned into text, and it keeps at most the last two digits.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from landfall.errors import Diagnostic, input_error
from landfall.scanner.coverage import Coverage, RelationCoverage, StoreStatus
from landfall.scanner.detectors import Detection
from landfall.scanner.vector import TYPES, BatchResult

if TYPE_CHECKING:
    from landfall.scanner.sampling import SampleAnswer

__all__ = ["ScanReport", "StoreResult", "mask"]

SAMPLES_PER_TYPE = 3


def mask(d: Detection) -> str:
    v = d.value
    if d.type in ("phone_ru", "phone_foreign"):
        return f"+7 {v[2]}** *** **{v[-2:]}"
    if d.type == "email":
        local, _, domain = v.partition("@")
        tld = domain.rsplit(".", 1)[-1]
        return f"{local[:1]}***@***.{tld}"
    if d.type == "name_ru":
        return " ".join(f"{part[:1]}." for part in v.split())
    if d.type == "address_ru":
        return "<address>"
    digits = "".join(c for c in v if c.isdigit())
    return "*" * (len(digits) - 2) + digits[-2:]


@dataclass
class StoreResult:
    id: str
    company: str
    role: str
    url: str  # masked
    country: str | None
    located_by: str | None
    location_reason: str
    rows_scanned: int = 0
    russian_user_rows: int = 0
    tables_scanned: int = 0
    signals: Counter[str] = field(default_factory=Counter)
    columns: dict[str, Counter[str]] = field(default_factory=dict)
    samples: dict[str, list[str]] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    decided_by: Counter[str] = field(default_factory=Counter)
    reconciliation: dict[str, Any] | None = None
    errors: list[Diagnostic] = field(default_factory=list)
    coverage: Coverage = field(default_factory=lambda: Coverage([]))

    def covered(self, relation: RelationCoverage) -> None:
        self.coverage.relations.append(relation)

    def record(self, column: str, det: Detection) -> None:
        self.signals[det.type] += 1
        self.columns.setdefault(column, Counter())[det.type] += 1
        kept = self.samples.setdefault(det.type, [])
        if len(kept) < SAMPLES_PER_TYPE:
            masked = mask(det)
            if masked not in kept:
                kept.append(masked)
        self.reasons.setdefault(det.type, det.reason)

    def record_batch(self, columns: list[str], found: BatchResult) -> None:
        """Count a batch's detections, keep a few masked samples, count deciding signals."""
        if len(found.type):
            nt = len(TYPES)
            per = np.bincount(found.col * nt + found.type, minlength=len(columns) * nt)
            for key in np.flatnonzero(per).tolist():
                column, kind = columns[key // nt], TYPES[key % nt]
                self.signals[kind] += int(per[key])
                self.columns.setdefault(column, Counter())[kind] += int(per[key])
            for t in np.unique(found.type).tolist():
                kept = self.samples.setdefault(TYPES[t], [])
                if len(kept) >= SAMPLES_PER_TYPE:
                    continue
                for i in np.flatnonzero(found.type == t)[:50].tolist():
                    det = found.detection(i)
                    self.reasons.setdefault(det.type, det.reason)
                    masked = mask(det)
                    if masked not in kept:
                        kept.append(masked)
                    if len(kept) >= SAMPLES_PER_TYPE:
                        break
        russian = found.row_russian
        self.russian_user_rows += int(russian.sum())
        if russian.any():
            decided = np.bincount(found.decided[russian], minlength=len(TYPES))
            for t in np.flatnonzero(decided).tolist():
                self.decided_by[TYPES[t]] += int(decided[t])

    @property
    def status(self) -> StoreStatus:
        """``ok``: every relation read; ``partial``: some read, some not (the counts hold for
        what was read); ``error``: nothing could be read."""
        if not self.errors and not self.coverage.not_covered:
            return "ok"
        return "partial" if self.coverage.scanned else "error"

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def has_evidence(self) -> bool:
        """Whether a scan event may be recorded: something was read (all of it, or part)."""
        return self.status != "error"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "company": self.company,
            "role": self.role,
            "url": self.url,
            "country": self.country,
            "located_by": self.located_by,
            "location_reason": self.location_reason,
            "rows_scanned": self.rows_scanned,
            "russian_user_rows": self.russian_user_rows,
            "tables_scanned": self.tables_scanned,
            "signals": dict(sorted(self.signals.items())),
            "decided_by": dict(sorted(self.decided_by.items())),
            "columns": {c: dict(sorted(v.items())) for c, v in sorted(self.columns.items())},
            "samples": dict(sorted(self.samples.items())),
            "reasons": dict(sorted(self.reasons.items())),
            "reconciliation": self.reconciliation,
            "status": self.status,
            "coverage": {
                **self.coverage.to_event(),
                "relations": [
                    r.to_dict() for r in sorted(self.coverage.relations, key=lambda r: r.relation)
                ],
            },
            "errors": [e.to_dict() for e in self.errors],
        }

    def to_event(self, date: str) -> dict[str, Any]:
        rec = self.reconciliation
        return {
            "date": date,
            "type": "scan",
            "company": self.company,
            "store": self.id,
            "country": self.country,
            "role": self.role,
            "rows_scanned": self.rows_scanned,
            "russian_user_rows": self.russian_user_rows,
            "signals": dict(sorted(self.signals.items())),
            "reconciliation": (
                {
                    k: rec[k]
                    for k in ("matched", "only_abroad", "share_in_russia", "primaries_not_covered")
                    if k in rec
                }
                if rec is not None
                else None
            ),
            "located_by": self.located_by,
            "coverage": self.coverage.to_event(),
            "source": "landfall scan",
        }


@dataclass
class ScanReport:
    stores: list[StoreResult]
    reconciled: bool
    # The sampled answers read before the full scan (``--sample``), else None.
    sample: list[SampleAnswer] | None = None

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.stores)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "reconciled": self.reconciled,
            "stores": [s.to_dict() for s in self.stores],
        }
        if self.sample is not None:
            out["sample"] = [a.to_dict() for a in self.sample]
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_events(self, scanned_at: datetime) -> list[dict[str, Any]]:
        """One ``scan`` event per store scanned in full or in part, dated with an offset."""
        if scanned_at.tzinfo is None or scanned_at.utcoffset() is None:
            raise input_error(
                "scan-date-naive",
                "the scan time needs a UTC offset",
                field="scanned_at",
                hint="datetime.now(UTC)",
            )
        date = scanned_at.isoformat()
        # A store where nothing could be read has not been scanned: recording zero rows would
        # read as "no Russian data here", which is a claim the scan cannot make. A partial
        # scan is recorded for what it read, its coverage naming the relations it did not.
        return [s.to_event(date) for s in self.stores if s.has_evidence]
