"""Sources as numbered footnotes, numbered once for every face of a report.

The numbers are given while the report's data is built (fines, then measures and enforcement
actions, then demands: the order the report shows them), so the HTML, the PDF printed from
it and the Markdown cite the same source by the same number. Two entries resting on the same
sources and note (a court's one decision recorded as two fines) share one footnote.

Unverified or conflicting law keeps its own marks, lettered (:class:`LetteredCaveats`), so a
reader never takes a caveat for a source.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from landfall import labels


@dataclass(frozen=True)
class Footnote:
    number: int
    label: str
    """What it is the source of (``fine ru-069, 2021-12-24``), in the report's language."""
    sources: tuple[str, ...]
    note: str | None

    def links(self) -> list[dict[str, Any]]:
        """Each source with whether it is a web address (shown as a link)."""
        return [{"text": s, "url": s.startswith(("http://", "https://"))} for s in self.sources]


@dataclass
class Footnotes:
    items: list[Footnote] = field(default_factory=list)
    _seen: dict[tuple[tuple[str, ...], str | None], int] = field(default_factory=dict)

    def cite(self, label: str, sources: Iterable[str], note: str | None) -> int | None:
        """The footnote number for an entry's sources and note (``None``: nothing to cite)."""
        kept = tuple(s for s in sources if s)
        if not kept and not note:
            return None
        key = (kept, note or None)
        if key not in self._seen:
            self._seen[key] = len(self.items) + 1
            self.items.append(Footnote(len(self.items) + 1, label, kept, note or None))
        return self._seen[key]


def sources_of(source: str | list[str] | None) -> list[str]:
    if source is None:
        return []
    return [source] if isinstance(source, str) else [str(s) for s in source]


def fine_event(
    fine: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], used: set[int]
) -> Mapping[str, Any] | None:
    """The recorded fine event (an events-listing row) an assessed fine answers for: the one
    with its id, else the first unmatched one with its day, article and amount."""
    for i, row in enumerate(rows):
        if i in used:
            continue
        fields = row.get("fields") or {}
        if fine.get("id") is not None:
            same = fields.get("id") == fine["id"]
        else:
            same = fields.get("id") is None and (
                row.get("day"),
                str(fields.get("article")),
                float(fields.get("amount") or fields.get("amount_rub") or 0),
            ) == (fine.get("date"), str(fine.get("article")), float(fine.get("amount") or 0))
        if same:
            used.add(i)
            return row
    return None


class LetteredCaveats(labels.Caveats):
    """The caveats of unverified or conflicting law, marked ``[a, c]`` (sources are numbered)."""

    def mark(self, entry: Mapping[str, Any]) -> str:
        numbered = super().mark(entry)
        return re.sub(r"\d+", lambda m: letter(int(m.group())), numbered)

    def lettered(self) -> list[tuple[str, str]]:
        """(letter, ``id (status): note``), in the order the marks were given."""
        return [(letter(i), note) for i, note in enumerate(self.items(), 1)]


def letter(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = string.ascii_lowercase[rest] + out
    return out
