"""The first-run job: a fresh embedded ledger, the real case book, a board and a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from landfall import labels
from landfall.casebook import load_casebook
from landfall.engine import StatusTracer, assess
from landfall.i18n import tr
from landfall.ledger import document_events, open_ledger
from landfall.ledger.events import author_text
from landfall.ledger.importer import local_user
from landfall.report.html import render
from landfall.rulebooks.ru import rulebook
from landfall.service.board import (
    BoardRow,
    board,
    column_labels,
    incomplete_companies,
    listed_on,
)


@dataclass
class DemoResult:
    rows: list[BoardRow]
    as_of: dt.date
    events: int
    head: str
    verified: bool
    ledger: str
    report: Path
    columns: dict[str, str]  # the board's obligation columns and their display names

    def summary(self) -> list[str]:
        """What was built, in the language in use: the ledger and its chain, the report."""
        about = {"url": self.ledger, "n": self.events, "head": self.head[:16]}
        if self.verified:
            ledger = tr("ledger {url}: {n} events, hash chain verified, head {head}", **about)
        else:
            ledger = tr("ledger {url}: {n} events, hash chain NOT VERIFIED, head {head}", **about)
        return [ledger, tr("report: {path}", path=str(self.report))]


def run_demo(directory: Path, as_of: dt.date, *, listed_only: bool = True) -> DemoResult:
    """Build ``directory/demo.db`` anew from the case book and write ``directory/report.html``."""
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "demo.db"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    store = open_ledger(url)
    try:
        document, _ = load_casebook()
        # every row says who built it and with what: the local user, by `landfall demo`
        author = author_text(user=local_user(), via="landfall demo")
        added = store.append(document_events(document, author=author)).added
        check = store.verify()
        verified = check.ok
        problem = labels.chain_problem(check.problem, check.broken_id, check.message)
        head = store.head()
        facts = store.facts(as_of, clock=rulebook().clock)
    finally:
        store.close()
    listed = listed_on(facts, as_of, rulebook().clock)
    names = {c.id: c.name or c.id for c in facts.companies}
    rows = board(
        assess(rulebook(), facts, as_of, tracer=StatusTracer()),
        names,
        listed,
        incomplete=incomplete_companies(facts),
    )
    if listed_only:
        rows = [r for r in rows if r.listed]
    report = directory / "report.html"
    book = rulebook()
    report.write_text(
        render(
            rows,
            as_of,
            {
                "rulebook": f"{book.id} {book.version}",
                "ledger": db.name,
                "head": head,
                "verified": verified,
                "problem": problem,
            },
            column_labels([book]),
        ),
        encoding="utf-8",
    )
    return DemoResult(rows, as_of, added, head, verified, url, report, column_labels([book]))
