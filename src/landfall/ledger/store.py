"""The storage contract every ledger backend keeps, and the values it returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from landfall.errors import Diagnostic, IntegrityError, Where
from landfall.facts.model import FactsDocument
from landfall.ledger.events import NewEvent, StoredEvent
from landfall.periods import LegalClock

if TYPE_CHECKING:
    from landfall.ledger.chain import Anchor, ChainPoint

Problem = Literal[
    "changed",  # a row's hash is not the hash of its content
    "rekeyed",  # a row's event_key is not the key of its content
    "deleted",  # a gap in the ids, or a link to no row
    "reordered",  # a link to another row than the previous one
    "backdated",  # record time decreases along the chain
    "renumbered",  # a public row's public number is not the next one (or a private row has one)
    "truncated",  # fewer events than a checkpoint covers, or a published head not in the chain
    "rewritten",  # the event at a checkpoint's position is not the one it signed
]


@dataclass(frozen=True)
class AppendResult:
    added: int
    skipped: int
    head: str


@dataclass(frozen=True)
class VerifyResult:
    count: int
    head: str
    broken_id: int | None = None
    problem: Problem | None = None
    message: str = "the chain verifies"
    # What each checkpoint or published head proved, one line each (extensions after it).
    anchors: tuple[str, ...] = ()
    # The record time of the last event verified ("" for an empty or broken chain).
    recorded_at: str = ""
    # How many public rows the verified chain holds (up to the break, for a broken one).
    public_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None

    def raise_if_broken(self, ledger: str = "ledger") -> None:
        if self.problem is None:
            return
        raise IntegrityError(
            Diagnostic(
                f"ledger-event-{self.problem}",
                self.message,
                Where(
                    ledger, None, None if self.broken_id is None else f"events[{self.broken_id}]"
                ),
                "restore the ledger from a trusted copy; the events before this one verify",
            )
        )


class LedgerStore(Protocol):
    """An append-only, hash-chained, bitemporal event store.

    ``append`` is one transaction: every new event is written, or none is. Events whose
    ``event_key`` is already stored (or repeated in the batch) are skipped, not errors.
    """

    def append(self, events: Sequence[NewEvent]) -> AppendResult: ...

    def events(
        self,
        company: str | None = None,
        type: str | None = None,
        since: dt.date | None = None,
        known_at: dt.date | dt.datetime | None = None,
        valid_until: dt.date | None = None,
        limit: int | None = None,
        clock: LegalClock | None = None,
        *,
        offset: int = 0,
        public_only: bool = False,
        exclude_types: Sequence[str] = (),
        ids: Sequence[int] | None = None,
    ) -> list[StoredEvent]: ...

    def verify(
        self,
        expected_head: str | None = None,
        anchors: Sequence[Anchor] = (),
        *,
        start: ChainPoint | None = None,
    ) -> VerifyResult: ...

    def head(self) -> str: ...

    def facts(
        self,
        as_of: dt.date,
        known_at: dt.date | dt.datetime | None = None,
        company: str | None = None,
        *,
        clock: LegalClock,
        series: bool = False,
    ) -> FactsDocument: ...

    def close(self) -> None: ...
