"""Reconciliation on keyed hashes: are the Russian users' records held abroad also in Russia?

Identifiers are normalized (phone E.164, e-mail lower-cased, INN/SNILS/passport digits) and
hashed with keyed BLAKE2b (BLAKE2's own MAC mode, 8-byte digests) under a key the user holds,
so that the hashes in a report cannot be reversed by enumerating the (small) space of phone
numbers without that key. Keyed BLAKE2b is one compression per short identifier where
HMAC-SHA256 needs four: the batch path hashes a Polars column of ``kind:value`` bytes. Each record is
identified by the set of its identifier hashes; it is "in Russia" when any of them is among
the hashes collected from primary stores located in Russia.

Memory is bounded by the Russian primary stores' identifiers: 64-bit prefixes kept as ints
(collisions are negligible below billions of identifiers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from operator import methodcaller
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from landfall.errors import input_error
from landfall.scanner.detectors import Detection
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
DIGEST_BYTES = 8
_DIGEST = methodcaller("digest")
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
    def __init__(self, key: bytes) -> None:
        key = require_key(key)
        if len(key) > MAX_BLAKE2B_KEY:
            key = hashlib.blake2b(key).digest()
        self._key = key
        self._mac = partial(hashlib.blake2b, key=key, digest_size=DIGEST_BYTES)

    def __repr__(self) -> str:
        return "Hasher(key=***)"

    def digest(self, kind: str, value: str) -> int:
        return int.from_bytes(self._mac(f"{kind}:{value}".encode()).digest(), "big")

    def row(self, detections: Iterable[Detection]) -> frozenset[int]:
        return frozenset(
            self.digest(IDENTITY_TYPES[d.type], d.value)
            for d in detections
            if d.type in IDENTITY_TYPES and d.russian > 0
        )

    def batch(self, found: BatchResult) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
        """The keyed hashes of the Russian-user rows' identifiers: (row, hash) pairs."""
        kinds = np.array([IDENTITY_TYPES.get(t, "") for t in TYPES])
        kind = kinds[found.type]
        pick = np.flatnonzero(found.row_russian[found.row] & (kind != "") & (found.russian > 0))
        # The messages are built as one Polars column; only the MAC call is made per value.
        messages = (
            (pl.Series(kind[pick], dtype=pl.String) + ":" + found.value.gather(pick))
            .cast(pl.Binary)
            .to_list()
        )
        # map() keeps the loop in C: one MAC object and one digest call per message.
        joined = b"".join(map(_DIGEST, map(self._mac, messages)))
        hashes = np.frombuffer(joined, dtype=">u8").astype(np.uint64)
        return found.row[pick], hashes


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
        self.in_russia: set[int] = set()
        self._sorted: npt.NDArray[np.uint64] | None = None

    def add_primary(self, hashes: frozenset[int]) -> None:
        self.in_russia.update(hashes)
        self._sorted = None

    def add_primary_many(self, hashes: npt.NDArray[np.uint64]) -> None:
        self.in_russia.update(hashes.tolist())
        self._sorted = None

    def known(self) -> npt.NDArray[np.uint64]:
        """The Russian primaries' hashes, sorted (what the Spark engine broadcasts)."""
        return self._known()

    def _known(self) -> npt.NDArray[np.uint64]:
        if self._sorted is None:
            self._sorted = np.array(sorted(self.in_russia), dtype=np.uint64)
        return self._sorted

    def tally_many(
        self,
        tally: Tally,
        russian_rows: npt.NDArray[np.bool_],
        rows: npt.NDArray[np.int64],
        hashes: npt.NDArray[np.uint64],
    ) -> None:
        """:meth:`tally` for every Russian-user row of a batch at once."""
        hit = np.isin(hashes, self._known())
        with_ids = np.unique(rows)
        matched = np.unique(rows[hit])
        only = np.setdiff1d(with_ids, matched)
        tally.matched += len(matched)
        tally.only_abroad += len(only)
        tally.unmatchable += int(russian_rows.sum()) - len(with_ids)
        for r in only[: max(0, SAMPLE_HASHES - len(tally.only_abroad_hashes))].tolist():
            tally.only_abroad_hashes.append(f"{int(hashes[rows == r].min()):016x}")

    def tally(self, tally: Tally, hashes: frozenset[int]) -> None:
        if not hashes:
            # Only weak signals (a name, an address): nothing to match on.
            tally.unmatchable += 1
        elif not self.in_russia.isdisjoint(hashes):
            tally.matched += 1
        else:
            tally.only_abroad += 1
            if len(tally.only_abroad_hashes) < SAMPLE_HASHES:
                tally.only_abroad_hashes.append(f"{min(hashes):016x}")
