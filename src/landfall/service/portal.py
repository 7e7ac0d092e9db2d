"""What each role may see of the ledger, and the read models the API, dashboard and reports share.

:class:`Portal` owns every query the server faces make: it scopes the ledger's picture to a
:class:`~landfall.tokens.Principal` and assesses it. The ``public`` principal sees only events
marked public, plus the company and resource records those events are about; assessments
for it are built from that picture alone. Assessments are cached by the ledger's head hash,
which changes on every append, so a cached answer is never stale.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from landfall.engine.assess import Assessment, CompanyAssessment, assess
from landfall.engine.trace import StatusTracer
from landfall.errors import Diagnostic, ForbiddenError, InputError, NotFoundError, Where
from landfall.facts.model import (
    AudienceEvent,
    AudienceSeriesEvent,
    DataStoreEvent,
    FactsDocument,
    ScanEvent,
    day_of,
)
from landfall.ledger import (
    GENESIS,
    AppendResult,
    LedgerStore,
    StoredEvent,
    VerifyResult,
    document_events,
    evidence_events,
)
from landfall.ledger.bitemporal import COMPANY, RESOURCE, picture
from landfall.ledger.chain import ChainPoint
from landfall.ledger.events import author_text
from landfall.rulebooks import takedown_deadline_of
from landfall.rules.model import Rulebook
from landfall.service.authority import WHO_ASSERTS, may_assert, refused_finding
from landfall.service.board import BoardRow, board, incomplete_companies, listed_on
from landfall.service.evidence import takedown_rules
from landfall.service.visibility import public_record, public_row, public_view
from landfall.takedown.summary import company_takedown
from landfall.tokens import Principal

# Events per timeline page unless the caller asks for fewer (the API caps what it may ask).
TIMELINE_PAGE = 500


def forbidden(what: str, who: Principal) -> ForbiddenError:
    return ForbiddenError(
        Diagnostic(
            "forbidden",
            f"the {who.name} role cannot reach {what}",
            Where(field="authorization"),
            "use a token whose role covers this company (regulator or company:<id>)",
        )
    )


def not_its_act(event_type: str, index: int, who: Principal) -> ForbiddenError:
    return ForbiddenError(
        Diagnostic(
            "forbidden-event-type",
            f"the {who.name} role cannot assert {event_type!r} events: they record the "
            "regulator's acts",
            Where("<request>", None, f"events[{index}].type"),
            "a company asserts its own evidence (see docs/api.md, who may assert what); "
            "lists, measures, fines, cases, demands and enforcement actions come from the "
            "regulator",
        )
    )


def not_its_finding(field: str, value: Any, index: int, who: Principal) -> ForbiddenError:
    return ForbiddenError(
        Diagnostic(
            "forbidden-event-field",
            f"the {who.name} role cannot assert {field}: {value!r}: that the sources establish "
            "an event is the regulator's finding",
            Where("<request>", None, f"events[{index}].{field}"),
            "leave the field out (or say unverified); a company's evidence is stored as its "
            "claim, with its author (see docs/api.md, who may assert what)",
        )
    )


def unknown_company(company: str) -> NotFoundError:
    return NotFoundError(
        Diagnostic(
            "unknown-company",
            f"company {company!r} is not in the ledger visible to you",
            Where(field="company"),
            "list the companies you can see with GET /api/companies",
        )
    )


@dataclass(frozen=True)
class Query:
    as_of: dt.date
    known_at: dt.date | dt.datetime | None = None


class Portal:
    """Role-scoped reads and writes over one open ledger."""

    def __init__(
        self,
        store: LedgerStore,
        rulebook: Rulebook | Sequence[Rulebook],
        cache_size: int = 256,
    ) -> None:
        self.store = store
        # every rulebook assessed, in order; the first one's clock reads the ledger's days
        self.rulebooks = (rulebook,) if isinstance(rulebook, Rulebook) else tuple(rulebook)
        self.rulebook = self.rulebooks[0]
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._verify_lock = threading.Lock()
        self._verified: tuple[str, VerifyResult] | None = None

    # -- scope ---------------------------------------------------------------------------

    def check_company(self, who: Principal, company: str) -> None:
        """Refuse a company-role token any other company (existing or not: nothing leaks)."""
        if who.role == "company" and who.company != company:
            raise forbidden(f"company {company!r}", who)

    def scope(self, who: Principal, company: str | None) -> str | None:
        """The company a read is about: the one asked for (refused to another company's
        token), else a company token's own, else every company (None)."""
        if company is not None:
            self.check_company(who, company)
            return company
        return who.company if who.role == "company" else None

    def _rows(self, who: Principal, company: str | None, known_at: Any) -> list[StoredEvent]:
        rows = self.store.events(company=company, known_at=known_at)
        if who.role != "public":
            return rows
        shown = {r.company for r in rows if r.public and r.type not in (COMPANY, RESOURCE)}
        return [public_row(r) for r in rows if public_record(r, shown)]

    def picture(self, who: Principal, q: Query, company: str | None = None) -> FactsDocument:
        company = self.scope(who, company)
        key = ("picture", who.role == "public", company, q, self.store.head())
        found: FactsDocument = self._cached(key, lambda: self._picture(who, q, company))
        return found

    def _picture(self, who: Principal, q: Query, company: str | None) -> FactsDocument:
        clock = self.rulebook.clock
        if who.role == "public":
            return picture(self._rows(who, company, q.known_at), q.as_of, clock)
        return self.store.facts(q.as_of, known_at=q.known_at, company=company, clock=clock)

    def _cached(self, key: tuple[Any, ...], build: Any) -> Any:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = build()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value

    # -- companies and resources ---------------------------------------------------------

    def companies(self, who: Principal, q: Query) -> list[dict[str, Any]]:
        facts = self.picture(who, q)
        listed = listed_on(facts, q.as_of, self.rulebook.clock)
        return [
            {
                "id": c.id,
                "name": c.name or c.id,
                "country": c.country,
                "listed": c.id in listed,
                "facts_complete": c.facts_complete,
                "note": c.note,
            }
            for c in facts.companies
        ]

    def company(self, who: Principal, company: str, q: Query) -> dict[str, Any]:
        self.check_company(who, company)
        found = [c for c in self.companies(who, q) if c["id"] == company]
        if not found:
            raise unknown_company(company)
        resources = self.resources(who, q, company)
        return {**found[0], "resources": resources}

    def resources(self, who: Principal, q: Query, company: str | None) -> list[dict[str, Any]]:
        facts = self.picture(who, q, company)
        return [r.model_dump(mode="json") for r in facts.resources]

    # -- assessments ---------------------------------------------------------------------

    def assessment(self, who: Principal, company: str, q: Query) -> CompanyAssessment:
        facts = self.picture(who, q, company)
        if not any(c.id == company for c in facts.companies):
            raise unknown_company(company)
        key = ("assess", who.role == "public", company, q, self.store.head())
        result: Assessment = self._cached(
            key, lambda: assess(self.rulebooks, facts, q.as_of, company)
        )
        return result.companies[0]

    def explanation(
        self, who: Principal, company: str, obligation: str, q: Query
    ) -> dict[str, Any]:
        found = self.assessment(who, company, q)
        laws = {law for book in self.rulebooks for law in book.manifest.laws}
        key = f"{obligation}.applies" if obligation in laws else obligation
        if key not in found.traces:
            raise NotFoundError(
                Diagnostic(
                    "unknown-obligation",
                    f"nothing named {obligation!r} was assessed for {company!r}",
                    Where(field="obligation"),
                    "one of: " + ", ".join(sorted(found.traces)),
                )
            )
        return {
            "company": company,
            "as_of": q.as_of.isoformat(),
            "obligation": obligation,
            "explanation": found.traces[key].to_dict(),
        }

    def board(self, who: Principal, q: Query, law: str | None = None) -> list[BoardRow]:
        facts = self.picture(who, q)
        key = ("board", who.role == "public", who.company, q, self.store.head())
        result: Assessment = self._cached(
            key, lambda: assess(self.rulebooks, facts, q.as_of, tracer=StatusTracer())
        )
        names = {c.id: c.name or c.id for c in facts.companies}
        rows = board(
            result,
            names,
            listed_on(facts, q.as_of, self.rulebook.clock),
            incomplete=incomplete_companies(facts),
        )
        if law is not None:
            for row in rows:
                row.statuses = {k: v for k, v in row.statuses.items() if k.startswith(law + ".")}
        return rows

    # -- events --------------------------------------------------------------------------

    def events(
        self,
        who: Principal,
        *,
        company: str | None = None,
        type: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        known_at: dt.date | dt.datetime | None = None,
        limit: int = 100,
        offset: int = 0,
        exclude_types: Sequence[str] = (),
    ) -> list[StoredEvent]:
        company = self.scope(who, company)
        rows = self.store.events(
            company=company,
            type=type,
            since=since,
            valid_until=until,
            known_at=known_at,
            # the page is cut in SQL for every role: the public one reads no private row
            limit=limit,
            offset=offset,
            public_only=who.role == "public",
            exclude_types=exclude_types,
            clock=self.rulebook.clock,
        )
        if who.role != "public":
            return rows
        targets = sorted({r.refers_to for r in rows if r.refers_to is not None})
        # the public numbers of the events the page corrects or retracts (a page's worth)
        found = self.store.events(ids=targets, public_only=True) if targets else []
        numbers = {t.id: t.public_seq for t in found if t.public_seq is not None}
        return [public_view(r, numbers) for r in rows]

    def append(self, who: Principal, events: list[dict[str, Any]]) -> AppendResult:
        """Validate facts-format events, check the role may write each one (its company, its
        event types: :mod:`landfall.service.authority`), append them all with the token as
        their author; one refused event refuses the batch, and nothing is written."""
        if who.role == "public":
            raise forbidden("appending events", who)
        for i, raw in enumerate(events):
            # Refused before validation, so the answer names the type and nothing else
            # (an invalid type is still a 400 from the validation below).
            kind = raw.get("type") if isinstance(raw, dict) else None
            if isinstance(kind, str) and kind in WHO_ASSERTS and not may_assert(who, kind):
                raise not_its_act(kind, i, who)
            field = refused_finding(who, raw) if isinstance(raw, dict) else None
            if field is not None:
                raise not_its_finding(field, raw[field], i, who)
        author = author_text(role=who.name, token=who.token_id)
        try:
            new = evidence_events(self.store, events, origin="<request>", author=author)
        except InputError as e:
            # a company may not learn whether another company's resource exists
            if who.role == "company" and e.code == "unknown-resource":
                raise forbidden(str(e.diagnostics[0].where.field), who) from None
            raise
        for i, event in enumerate(new):
            if not may_assert(who, event.type):  # the validated type, as stored
                raise not_its_act(event.type, i, who)
            field = refused_finding(who, event.payload)  # the validated payload, as stored
            if field is not None:
                raise not_its_finding(field, event.payload[field], i, who)
            if who.role == "company" and not who.may_append(event.company):
                raise forbidden(f"events[{i}]", who)
            if event.public and who.role != "regulator":
                raise forbidden("publishing events (public: true)", who)
        return self.store.append(new)

    def timeline(
        self,
        who: Principal,
        company: str,
        q: Query,
        *,
        limit: int = TIMELINE_PAGE,
        offset: int = 0,
        exclude_types: Sequence[str] = (),
    ) -> list[StoredEvent]:
        """One page of the company's events valid by ``as_of``, in chain order (404 when not
        visible); a page, so a company with 200,000 events is not one 90 MB answer."""
        facts = self.picture(who, q, company)
        if not any(c.id == company for c in facts.companies):
            raise unknown_company(company)
        return self.events(
            who,
            company=company,
            until=q.as_of,
            known_at=q.known_at,
            limit=limit,
            offset=offset,
            exclude_types=exclude_types,
        )

    # -- evidence read models -----------------------------------------------------------

    def audience(self, who: Principal, company: str, q: Query) -> dict[str, Any]:
        facts = self.picture(who, q, company)
        if not any(c.id == company for c in facts.companies):
            raise unknown_company(company)
        # the first rulebook naming an audience threshold, and what that threshold counts
        book = next((b for b in self.rulebooks if b.manifest.audience_threshold), None)
        name = None if book is None else book.manifest.audience_threshold
        counted = (
            None if book is None else (book.manifest.jurisdiction, book.manifest.audience_metric)
        )
        series: dict[str, dict[str, int]] = {}
        for event in facts.events:
            if not isinstance(event, AudienceEvent | AudienceSeriesEvent):
                continue
            if (event.country, event.metric) != counted:
                continue  # the series the threshold below is read against
            if isinstance(event, AudienceEvent):
                series.setdefault(event.resource, {})[day_of(event.date).isoformat()] = event.value
            else:
                start = day_of(event.date)
                points = series.setdefault(event.resource, {})
                for i, value in enumerate(event.value):
                    day = start + dt.timedelta(days=i)
                    if day > q.as_of:
                        break
                    points[day.isoformat()] = value
        threshold = None if book is None or name is None else book.parameter(name).at(q.as_of)
        return {
            "company": company,
            "as_of": q.as_of.isoformat(),
            "threshold": None
            if threshold is None
            else {
                "parameter": name,
                "value": threshold.value,
                "country": None if counted is None else counted[0],
                "metric": None if counted is None else counted[1],
                "effective_from": threshold.start.isoformat(),
                "citation": str(threshold.citation),
            },
            "series": [
                {
                    "resource": resource,
                    "points": [{"date": d, "daily_users_ru": v} for d, v in sorted(points.items())],
                }
                for resource, points in sorted(series.items())
            ],
        }

    def scans(self, who: Principal, company: str, q: Query) -> dict[str, Any]:
        facts = self.picture(who, q, company)
        if not any(c.id == company for c in facts.companies):
            raise unknown_company(company)
        scans = [e for e in facts.events if isinstance(e, ScanEvent) and e.company == company]
        stores = [e for e in facts.events if isinstance(e, DataStoreEvent) and e.company == company]
        return {
            "company": company,
            "as_of": q.as_of.isoformat(),
            "scans": [e.model_dump(mode="json", exclude_none=True) for e in scans],
            "data_stores": [e.model_dump(mode="json", exclude_none=True) for e in stores],
        }

    def takedown(self, who: Principal, company: str, q: Query) -> dict[str, Any]:
        """Takedown demands as the engine judges them, items as the tracker counts them, and
        the per-item on-time rate (landfall.takedown.summary)."""
        found = self.assessment(who, company, q)
        facts = self.picture(who, q, company)
        book = next((b for b in self.rulebooks if b.manifest.takedown), self.rulebook)
        return company_takedown(
            book,
            facts,
            company,
            q.as_of,
            found.obligations,
            found.fines,
            obligation=book.manifest.takedown or "",
            deadline_for=takedown_deadline_of(book),
            # each demand in its own country's hours; an uncovered country's get none
            rule_of=takedown_rules(self.rulebooks, strict=False),
        )

    def measures(self, who: Principal, company: str, q: Query) -> dict[str, Any]:
        """The position on the ladder of measures (the manifests' order): the furthest rung
        applied. Only the ladders of rulebooks with a law that applies (or may) are shown: a
        company with no connection to a country has no rung of its ladder."""
        found = self.assessment(who, company, q)
        m = found.measures
        bound = {law["law"] for law in found.laws if law["applies"] is not False}
        shown = [book for book in self.rulebooks if bound & set(book.laws)]
        ladder = [x for book in shown for x in book.manifest.measure_ids]
        measures = list(dict.fromkeys(ladder))
        applied = [x for x in measures if x in m.get("applied", [])]
        return {
            "ladder": [
                {"measure": x, "applied": x in applied, "available": x in m.get("available", [])}
                for x in measures
            ],
            "position": max((measures.index(x) + 1 for x in applied), default=0),
            "because": m.get("because", []),
            # the definitions that explain the ladders shown (the rulebooks' own, by manifest)
            "explain": [b.manifest.measures for b in shown if b.manifest.measures],
        }

    def verify(self) -> VerifyResult:
        """The chain's verification, paid once per head and only for what was appended.

        Anyone may ask, so a request under an unchanged head answers from the last result,
        and after appends only the new rows are walked, from the last verified position and
        hash (the row there is re-read to check it still carries that hash). Concurrent
        callers wait for the one walk in progress (one lock, held only here). Rows rewritten
        inside the verified prefix are not seen here; ``landfall ledger verify`` always walks
        the whole chain. After a failure the next head is walked in full again.
        """
        head = self.store.head()
        with self._verify_lock:
            cached = self._verified
            if cached is not None and cached[0] == head:
                return cached[1]
            start = None
            if cached is not None and cached[1].ok:
                last = cached[1]
                start = ChainPoint(last.count, last.head, last.recorded_at, last.public_count)
            result = self.store.verify(start=start)
            # keyed by the head walked to (an append during the walk may be in it) when it
            # verified, else by the head read before: a broken chain is re-walked on a new head
            self._verified = (result.head if result.ok else head, result)
            return result


def seed_casebook(store: LedgerStore) -> int:
    """Import the shipped case book into an empty ledger; return how many events were added."""
    if store.head() != GENESIS:
        return 0
    from landfall.casebook import load_casebook

    document, _ = load_casebook()
    author = author_text(via="landfall casebook")
    return store.append(document_events(document, author=author)).added
