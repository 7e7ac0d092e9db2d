"""The sampled answer: is Russian users' personal data here, from the first rows of each relation.

A sample reads the first ``N`` rows of every relation of a store (the read stops there: a
reservoir over the whole relation would cost the full read the sample is meant to spare) and
runs the same detectors and row rule on them, without reconciliation. It can show that a
store holds Russian users' personal data; it never shows that a store holds none, since the
rows past the sample are unread. The full scan, with reconciliation, always follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from landfall.scanner.report import StoreResult

__all__ = ["SAMPLE_METHOD", "SampleAnswer", "answer_of"]

SAMPLE_METHOD = "first-n-per-relation"

Answer = Literal["found", "not-found-in-sample", "not-read"]


@dataclass(frozen=True)
class SampleAnswer:
    """One store's sampled answer: counts only, never values."""

    store: str
    rows_per_relation: int
    relations_sampled: int
    rows_sampled: int
    russian_user_rows: int
    read_errors: int

    @property
    def answer(self) -> Answer:
        if self.russian_user_rows:
            return "found"
        return "not-read" if self.relations_sampled == 0 else "not-found-in-sample"

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "method": SAMPLE_METHOD,
            "rows_per_relation": self.rows_per_relation,
            "relations_sampled": self.relations_sampled,
            "rows_sampled": self.rows_sampled,
            "russian_user_rows": self.russian_user_rows,
            "read_errors": self.read_errors,
            "answer": self.answer,
            # A sample is evidence of presence only: the unread rows may hold what it missed.
            "shows_absence": False,
        }

    def line(self) -> str:
        head = (
            f"{self.store}: sampled {self.rows_sampled:,} rows "
            f"(first {self.rows_per_relation:,} of each of {self.relations_sampled} relations)"
        )
        if self.answer == "found":
            return f"{head}: Russian users' personal data found in {self.russian_user_rows:,}"
        if self.answer == "not-read":
            return f"{head}: nothing could be read"
        return f"{head}: none found in the sample, which never shows that none is held"


def answer_of(result: StoreResult, rows_per_relation: int) -> SampleAnswer:
    """The sampled answer read off a store's scan limited to ``rows_per_relation`` rows."""
    return SampleAnswer(
        store=result.id,
        rows_per_relation=rows_per_relation,
        relations_sampled=result.tables_scanned,
        rows_sampled=result.rows_scanned,
        russian_user_rows=result.russian_user_rows,
        read_errors=len(result.errors),
    )
