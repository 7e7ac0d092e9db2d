"""What the facts say of a company's data stores: declarations, overridden by scans.

A scan event's ``coverage`` says which relations it read; a partial scan (relations
``not_covered``) shows data that it found, never that data is absent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landfall.engine.context import Ctx
from landfall.facts.model import day_of

__all__ = ["Store", "stores_of", "unconfirmed_notes", "unread", "unread_notes"]


@dataclass
class Store:
    id: str
    country: str | None
    role: str
    holds: bool | None
    evidence: str
    only_abroad: int | None = None
    not_covered: tuple[str, ...] = ()  # relations its latest scan did not read
    # Records not found in Russian primaries that were themselves read only in part: the
    # unread relations may hold them, so they are no proof of records held only abroad.
    only_abroad_unconfirmed: int | None = None
    primaries_not_covered: tuple[str, ...] = ()


def unread(stores: list[Store], *, abroad_only: bool = False) -> list[Store]:
    """Stores whose latest scan was partial: it shows what it found, never that data is absent.

    ``abroad_only``: those outside Russia or not located, where unread data could breach the
    duty (relations left unread in a Russian store can hold nothing that breaches it).
    """
    return [s for s in stores if s.not_covered and not (abroad_only and s.country == "RU")]


def unread_notes(stores: list[Store]) -> tuple[list[str], list[str]]:
    """What ``because`` and ``missing`` say of partial scans."""
    because = [
        f"the scan of {s.id} did not read {', '.join(s.not_covered)}: a partial scan cannot "
        "show that Russian users' data is absent there"
        for s in stores
    ]
    return because, [f"a complete scan of store {s.id}" for s in stores]


def unconfirmed_notes(stores: list[Store]) -> tuple[list[str], list[str]]:
    """What ``because`` and ``missing`` say of records matched against partial primaries."""
    doubtful = [s for s in stores if s.only_abroad_unconfirmed]
    because = [
        f"{s.only_abroad_unconfirmed:,} records of {s.id} were not found in the Russian primary "
        f"stores, but {', '.join(s.primaries_not_covered)} was not read in full: they may be there"
        for s in doubtful
    ]
    unread = sorted({p for s in doubtful for p in s.primaries_not_covered})
    return because, [f"a complete scan of store {p}" for p in unread]


def _names(value: object) -> tuple[str, ...]:
    """A list of store ids from a free-form reconciliation (a single id is one name)."""
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),) if value else ()


def stores_of(ctx: Ctx, until: dt.date | None = None) -> list[Store]:
    """Each store's latest declaration, overridden by its latest scan where there is one."""
    stores: dict[str, Store] = {}
    for event in ctx.view.of_type("data_store", "scan"):
        when = day_of(event.date)
        if until is not None and when > until:
            continue
        if event.type == "data_store":
            if event.retired:
                stores.pop(event.store, None)
                continue
            stores[event.store] = Store(
                event.store,
                event.country,
                event.role,
                event.holds_russian_personal_data,
                f"store {event.store} ({event.role}, {event.country}) declared on {when}",
            )
        else:
            known = stores.get(event.store)
            recon = event.reconciliation or {}
            only_abroad = recon.get("only_abroad")
            only = int(only_abroad) if only_abroad is not None else None
            primaries = _names(recon.get("primaries_not_covered"))
            cover = event.coverage
            not_covered = tuple(cover.not_covered) if cover is not None else ()
            found = event.russian_user_rows > 0
            stores[event.store] = Store(
                event.store,
                event.country or (known.country if known else None),
                event.role,
                # A partial scan that found nothing does not show the store holds nothing.
                True if found else (None if not_covered else False),
                f"scan of {event.store} on {when}: {event.russian_user_rows:,} of "
                f"{event.rows_scanned:,} rows are Russian users' data"
                + (f", located {event.country} by {event.located_by}" if event.country else "")
                + (
                    f" (partial: {cover.relations_scanned} of {cover.relations_total} "
                    f"relations read)"
                    if cover is not None and not_covered
                    else ""
                ),
                None if primaries and only else only,
                not_covered,
                only if primaries and only else None,
                primaries,
            )
    return list(stores.values())
