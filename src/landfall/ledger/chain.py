"""Walking the hash chain: what ``verify`` proves about the rows, and about earlier anchors.

The walk is pure (rows in, result out) so the SQL store only reads. An *anchor* is a head
published earlier, with its position when known (a signed checkpoint) or without it (a bare
``--head``); the chain must still contain it, and anything after it is an extension that no
anchor covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from landfall.ledger.events import GENESIS, StoredEvent, event_key
from landfall.ledger.store import VerifyResult


@dataclass(frozen=True)
class Anchor:
    """A head published earlier: ``count`` events ending in ``head`` (``count`` None: unknown)."""

    head: str
    count: int | None
    label: str


@dataclass(frozen=True)
class ChainPoint:
    """A prefix of the chain already verified: ``count`` events (ids 1..count, as a verified
    chain has no gaps), the last one's ``hash`` and record time, and how many of them are
    public (the last public number)."""

    count: int
    head: str
    recorded_at: str
    public: int = 0


START = ChainPoint(0, GENESIS, "")


def walk(
    rows: Sequence[StoredEvent], anchors: Sequence[Anchor] = (), start: ChainPoint = START
) -> VerifyResult:
    """Recompute every row's key, hash and link in id order, then check each anchor.

    ``rows`` are the events after ``start`` (by default, all of them): a caller that verified
    a prefix earlier walks only what was appended since. Anchors need the whole chain.
    """
    if anchors and start != START:
        raise ValueError("anchors are checked against the whole chain: walk from the start")
    by_hash = {r.hash: i for i, r in enumerate(rows)}
    prev, expected_id, last_recorded = start.head, start.count + 1, start.recorded_at
    public = start.public
    count = start.count + len(rows)
    for row in rows:
        if row.computed_hash() != row.hash:
            return VerifyResult(
                count, prev, row.id, "changed", f"event {row.id} was changed after it was recorded"
            )
        if event_key(row.type, row.subject, row.kind, row.refers_to, row.payload) != row.event_key:
            return VerifyResult(
                count,
                prev,
                row.id,
                "rekeyed",
                f"event {row.id}'s event_key is not the key of its content: "
                "the row was forged with its hash recomputed",
            )
        if row.id != expected_id:
            return VerifyResult(
                count,
                prev,
                row.id,
                "deleted",
                f"events {expected_id}..{row.id - 1} before event {row.id} were deleted",
            )
        if row.prev_hash != prev:
            moved = row.prev_hash in by_hash
            return VerifyResult(
                count,
                prev,
                row.id,
                "reordered" if moved else "deleted",
                f"event {row.id} was moved: it was recorded after another event"
                if moved
                else f"the event recorded before event {row.id} was deleted or rewritten",
            )
        if row.recorded_at < last_recorded:
            # Fixed-width UTC text: string order is time order.
            return VerifyResult(
                count,
                prev,
                row.id,
                "backdated",
                f"event {row.id} was recorded at {row.recorded_at}, before the event ahead of "
                f"it ({last_recorded}): record time was rewritten",
            )
        # The public number is not hashed: the chain fixes it, the n-th public row is n.
        expected_seq = public + 1 if row.public else None
        if row.public_seq != expected_seq:
            return VerifyResult(
                count,
                prev,
                row.id,
                "renumbered",
                f"event {row.id} has public number {row.public_seq}, not {expected_seq}: "
                "the public sequence was rewritten",
                public_count=public,
            )
        public += 1 if row.public else 0
        prev, expected_id, last_recorded = row.hash, expected_id + 1, row.recorded_at
    if rows:
        last_recorded = rows[-1].recorded_at
    notes: list[str] = []
    for anchor in anchors:
        broken = _check_anchor(rows, by_hash, anchor, prev)
        if isinstance(broken, VerifyResult):
            return broken
        notes.append(broken)
    return VerifyResult(
        count, prev, anchors=tuple(notes), recorded_at=last_recorded, public_count=public
    )


def _check_anchor(
    rows: Sequence[StoredEvent], by_hash: dict[str, int], anchor: Anchor, head: str
) -> VerifyResult | str:
    count = len(rows)
    if anchor.count is None:
        # A bare head: it must be some row's hash (or the empty chain's); its position is
        # wherever it is found, which a rewrite that kept the old row cannot fake.
        if anchor.head == GENESIS:
            return f"{anchor.label}: the empty ledger; {count} events appended after it"
        if anchor.head not in by_hash:
            return VerifyResult(
                count,
                head,
                rows[-1].id if rows else None,
                "truncated",
                f"{anchor.label}: the published head is not in the chain: the events up to "
                "it were deleted or rewritten",
            )
        position = by_hash[anchor.head] + 1
        return _extension(anchor.label, position, count)
    if count < anchor.count:
        return VerifyResult(
            count,
            head,
            rows[-1].id if rows else None,
            "truncated",
            f"{anchor.label}: it covers {anchor.count} events and the ledger holds {count}: "
            f"events {count + 1}..{anchor.count} were deleted",
        )
    at = rows[anchor.count - 1].hash if anchor.count else GENESIS
    if at != anchor.head:
        return VerifyResult(
            count,
            head,
            anchor.count or None,
            "rewritten",
            f"{anchor.label}: event {anchor.count} is not the one it signed: the history up "
            "to it was rewritten and rehashed",
        )
    return _extension(anchor.label, anchor.count, count)


def _extension(label: str, position: int, count: int) -> str:
    after = count - position
    if after == 0:
        return f"{label}: holds at event {position}, the current head"
    return (
        f"{label}: holds at event {position}; {after} events appended after it "
        "(covered by no checkpoint)"
    )
