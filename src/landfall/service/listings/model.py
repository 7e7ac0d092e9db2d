"""What every listing is: its columns, its filters, its rows and total; shared helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from landfall.errors import Diagnostic, NotFoundError, Where
from landfall.facts.model import FactsDocument
from landfall.i18n import N_
from landfall.rulebooks.outcomes import amount_text

Kind = Literal["date", "number", "status", "text", "long"]
"""How a table may lay a column out: dates, numbers and statuses are never cut or folded
inside a word; text columns wrap; long text (sources, a note, what an event says) wraps too,
and a layout too narrow for a table puts it under its row."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "text"


DATE = Column("date", N_("date"), "date")
WHO = (Column("company_name", N_("company")), Column("jurisdiction", N_("in"), "status"))
"""The company a row is about and the jurisdiction it is in: every listing's columns."""
PROVENANCE = (Column("sources", N_("sources"), "long"), Column("note", N_("note"), "long"))
"""Where a row is reported and the note on it: every listing's last columns."""


@dataclass(frozen=True)
class Filters:
    """What a listing keeps; every filter left ``None`` keeps everything."""

    company: str | None = None
    jurisdiction: str | None = None
    article: str | None = None
    type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def keeps_day(self, day: dt.date | None) -> bool:
        """Whether ``day`` is inside ``date_from``..``date_to`` (both inclusive)."""
        if day is None:
            return self.date_from is None and self.date_to is None
        if self.date_from is not None and day < self.date_from:
            return False
        return self.date_to is None or day <= self.date_to

    def keeps(self, company: str, jurisdiction: str | None) -> bool:
        if self.company is not None and company != self.company:
            return False
        wanted = self.jurisdiction
        return wanted is None or (jurisdiction or "").upper() == wanted.upper()

    @classmethod
    def given(
        cls,
        *,
        company: str | None = None,
        jurisdiction: str | None = None,
        article: str | None = None,
        type: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> Filters:
        """The filters a face's query asks for: an empty text (a form's blank field) keeps
        everything, as a missing one does."""
        return cls(
            company=company or None,
            jurisdiction=jurisdiction or None,
            article=article or None,
            type=type or None,
            date_from=date_from,
            date_to=date_to,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "jurisdiction": self.jurisdiction,
            "article": self.article,
            "type": self.type,
            "from": None if self.date_from is None else self.date_from.isoformat(),
            "to": None if self.date_to is None else self.date_to.isoformat(),
        }


@dataclass
class Listing:
    """Rows of one kind, the columns every format shows, and the total line."""

    kind: str
    as_of: dt.date
    filters: Filters
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "listing": self.kind,
            "as_of": self.as_of.isoformat(),
            "filters": {k: v for k, v in self.filters.to_dict().items() if v is not None},
            "columns": [{"key": c.key, "header": c.header} for c in self.columns],
            "rows": self.rows,
            "total": self.total,
        }


def sources_of(source: str | list[str] | None) -> list[str]:
    """An event's ``source`` as a list (format 1 allows one text or a list)."""
    if source is None:
        return []
    return [source] if isinstance(source, str) else list(source)


def per_currency(fines: Iterable[Mapping[str, Any]]) -> dict[str, tuple[int, float]]:
    """Fines by currency, in the order first met: how many and their sum. Sums are never
    added across currencies; every face that totals fines reads them from here."""
    found: dict[str, tuple[int, float]] = {}
    for fine in fines:
        currency = str(fine.get("currency") or "")
        count, amount = found.get(currency, (0, 0.0))
        found[currency] = (count + 1, amount + float(fine.get("amount") or 0))
    return found


def money(amount: float, currency: str) -> str:
    """``RUB 6,000,000``; kopecks and cents only when there are some (as the explanations
    write an amount)."""
    return amount_text(currency, amount)


def names_of(facts: FactsDocument) -> dict[str, str]:
    return {c.id: c.name or c.id for c in facts.companies}


def check_company(facts: FactsDocument, filters: Filters) -> None:
    """A ``--company`` the picture does not hold is an unknown name (exit 4, HTTP 404), with the
    nearest recorded ids as the hint, rather than an empty listing that looks like an answer."""
    from difflib import get_close_matches

    if filters.company is None or any(c.id == filters.company for c in facts.companies):
        return
    known = sorted(c.id for c in facts.companies)
    near = get_close_matches(filters.company, known, n=3)
    raise NotFoundError(
        Diagnostic(
            "unknown-company",
            f"company {filters.company!r} is not in the facts read",
            Where(field="company"),
            f"did you mean {' or '.join(repr(n) for n in near)}?"
            if near
            else "omit the company filter to list every company",
        )
    )
