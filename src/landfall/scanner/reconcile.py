"""Reconciliation on keyed hashes: are the Russian users' records held abroad also in Russia?

Identifiers are normalized (phone E.164, e-mail lower-cased, INN/SNILS/passport digits) and
hashed with keyed SipHash-2-4 (a PRF for short inputs, 64-bit tags) under a key derived from
the one the user holds, so that the hashes in a report cannot be reversed by enumerating the
(small) space of phone numbers without that key. Each kind of identifier has its own derived
key (keyed BLAKE2b of the user's key, personalized by the kind). The batch path hashes a whole
column of values in numpy (:mod:`landfall.scanner.siphash`: a per-value MAC call was most of
a reconciling scan's time). Each record is identified by the set of its identifier hashes; it
is "in Russia" when any of them is among the hashes collected from primary stores located in
Russia.

Memory is bounded by the Russian primary stores' identifiers: 64-bit tags kept in sorted numpy
arrays (collisions are negligible below billions of identifiers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

from landfall.errors import input_error
from landfall.scanner.detectors import Detection
from landfall.scanner.siphash import siphash24
from landfall.scanner.vector import TYPES, BatchResult

__all__ = ["IDENTITY_TYPES", "Hasher", "Reconciler", "Tally", "require_key"]

IDENTITY_TYPES = {
    "phone_ru": "phone",
    "email": "email",
    "inn_person": "inn",
    "snils": "snils",
    "passport_ru": "passport",
    "ogrnip": "ogrnip",
}
MIN_KEY_BYTES = 16
# BLAKE2b takes a key of at most 64 bytes; a longer one is first hashed to 64 (as HMAC does).
MAX_BLAKE2B_KEY = 64
IDENTITY_KINDS = tuple(dict.fromkeys(IDENTITY_TYPES.values()))
KEY_CONTEXT = b"landfall scan reconciliation"
SAMPLE_HASHES = 10


def require_key(key: bytes | None) -> bytes:
    if not key:
        raise input_error(
            "scan-key-missing",
            "reconciliation needs a secret key for the keyed hashes",
            field="LANDFALL_SCAN_KEY",
            hint="export LANDFALL_SCAN_KEY=$(openssl rand -hex 32), kept by you, not by landfall",
        )
    if len(key) < MIN_KEY_BYTES:
        raise input_error(
            "scan-key-weak",
            f"the reconciliation key has {len(key)} bytes; at least {MIN_KEY_BYTES} are needed",
            field="LANDFALL_SCAN_KEY",
            hint="use 32 random bytes, e.g. openssl rand -hex 32",
        )
    return key


class Hasher:
    """Keyed SipHash-2-4 of identifiers, one key per kind of identifier (module docstring)."""

    def __init__(self, key: bytes) -> None:
        key = require_key(key)
        if len(key) > MAX_BLAKE2B_KEY:
            key = hashlib.blake2b(key).digest()
        # Each kind's 128-bit SipHash key is derived from the user's key by keyed BLAKE2b with
        # the kind as its personalization: a phone and an INN with the same digits differ.
        self._keys = np.array(
            [
                np.frombuffer(
                    hashlib.blake2b(
                        KEY_CONTEXT, key=key, person=kind.encode(), digest_size=16
                    ).digest(),
                    dtype="<u8",
                )
                for kind in IDENTITY_KINDS
            ],
            dtype=np.uint64,
        )
        self._kind_of_type = np.array(
            [IDENTITY_KINDS.index(IDENTITY_TYPES[t]) if t in IDENTITY_TYPES else -1 for t in TYPES],
            dtype=np.intp,
        )

    def __repr__(self) -> str:
        return "Hasher(key=***)"

    def digest(self, kind: str, value: str) -> int:
        index = np.array([IDENTITY_KINDS.index(kind)], dtype=np.intp)
        return int(siphash24(self._keys, index, pa.array([value], type=pa.large_string()))[0])

    def row(self, detections: Iterable[Detection]) -> frozenset[int]:
        return frozenset(
            self.digest(IDENTITY_TYPES[d.type], d.value)
            for d in detections
            if d.type in IDENTITY_TYPES and d.russian > 0
        )

    def batch(self, found: BatchResult) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
        """The keyed hashes of the Russian-user rows' identifiers: (row, hash) pairs."""
        kind = self._kind_of_type[found.type]
        pick = np.flatnonzero(found.row_russian[found.row] & (kind >= 0) & (found.russian > 0))
        values = found.values_at(pick).to_arrow()
        return found.row[pick], siphash24(self._keys, kind[pick], values)


@dataclass
class Tally:
    matched: int = 0
    only_abroad: int = 0
    unmatchable: int = 0
    only_abroad_hashes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        total = self.matched + self.only_abroad
        return {
            "matched": self.matched,
            "only_abroad": self.only_abroad,
            "share_in_russia": round(self.matched / total, 6) if total else 1.0,
            "unmatchable": self.unmatchable,
            "only_abroad_hashes": list(self.only_abroad_hashes),
        }


class Reconciler:
    """Collects Russian primaries' hashes first, then tallies stores abroad against them."""

    def __init__(self) -> None:
        self._parts: list[npt.NDArray[np.uint64]] = []
        self._sorted: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)

    def add_primary(self, hashes: frozenset[int]) -> None:
        self.add_primary_many(np.array(sorted(hashes), dtype=np.uint64))

    def add_primary_many(self, hashes: npt.NDArray[np.uint64]) -> None:
        self._parts.append(np.asarray(hashes, dtype=np.uint64))

    def known(self) -> npt.NDArray[np.uint64]:
        """The Russian primaries' hashes, sorted and unique (what the Spark engine broadcasts)."""
        if self._parts:
            self._sorted = np.unique(np.concatenate([self._sorted, *self._parts]))
            self._parts = []
        return self._sorted

    def _hit(self, hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
        """Which hashes a Russian primary holds (a binary search in the sorted hashes)."""
        known = self.known()
        if not len(known):
            return np.zeros(len(hashes), dtype=bool)
        at = np.minimum(np.searchsorted(known, hashes), len(known) - 1)
        return known[at] == hashes  # type: ignore[no-any-return]

    def tally_many(
        self,
        tally: Tally,
        russian_rows: npt.NDArray[np.bool_],
        rows: npt.NDArray[np.int64],
        hashes: npt.NDArray[np.uint64],
    ) -> None:
        """:meth:`tally` for every Russian-user row of a batch at once."""
        if len(rows) > 1 and (np.diff(rows) < 0).any():
            order = np.argsort(rows, kind="stable")
            rows, hashes = rows[order], hashes[order]
        # Each row's hashes are one run of the sorted rows: its first index starts the run.
        starts = np.flatnonzero(np.diff(rows, prepend=-1)) if len(rows) else rows
        in_russia = np.logical_or.reduceat(self._hit(hashes), starts) if len(rows) else rows
        only = np.flatnonzero(~in_russia)
        tally.matched += len(starts) - len(only)
        tally.only_abroad += len(only)
        tally.unmatchable += int(russian_rows.sum()) - len(starts)
        room = max(0, SAMPLE_HASHES - len(tally.only_abroad_hashes))
        if room and len(only):
            smallest = np.minimum.reduceat(hashes, starts)[only[:room]]
            tally.only_abroad_hashes.extend(f"{int(h):016x}" for h in smallest.tolist())

    def tally(self, tally: Tally, hashes: frozenset[int]) -> None:
        if not hashes:
            # Only weak signals (a name, an address): nothing to match on.
            tally.unmatchable += 1
        elif self._hit(np.array(sorted(hashes), dtype=np.uint64)).any():
            tally.matched += 1
        else:
            tally.only_abroad += 1
            if len(tally.only_abroad_hashes) < SAMPLE_HASHES:
                tally.only_abroad_hashes.append(f"{min(hashes):016x}")
