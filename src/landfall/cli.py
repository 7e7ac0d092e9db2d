"""The `landfall` command line: thin commands over the same domain functions as the API."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from landfall import periods
from landfall.errors import Diagnostic, InputError, LandfallError, NotFoundError, Where

if TYPE_CHECKING:  # for annotations only; commands import the ledger where they use it
    from landfall.ledger import AppendResult
    from landfall.periods import LegalClock

app = typer.Typer(
    name="landfall",
    help="Compliance engine for Russia's landing, localization and takedown laws.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def console(stderr: bool = False) -> Console:
    """A console per command: wide when piped, so ids and citations are never folded."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, width=None if stream.isatty() else 160, soft_wrap=stderr)


F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class SchemaName(StrEnum):
    facts = "facts"
    assessment = "assessment"


def diagnostics(fn: F) -> F:
    """Print landfall errors as diagnostics (never a stack trace) and exit with their code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LandfallError as e:
            err = console(stderr=True)
            for d in e.diagnostics:
                text = escape(f"[{d.code}] {d.where}: {d.message}")
                err.print(f"[bold red]error[/] {text}", highlight=False)
                if d.hint:
                    err.print(escape(f"  hint: {d.hint}"), highlight=False)
            raise typer.Exit(e.exit_code) from None

    return wrapper  # type: ignore[return-value]


def parse_day(value: str | None, option: str = "--as-of") -> dt.date:
    """The day an ``--as-of`` option names (default today); anything else is bad input (exit 2)."""
    if value is None:
        return dt.date.today()
    try:
        return periods.parse_day(value)
    except periods.DateTextError:
        pass
    raise InputError(
        Diagnostic(
            "invalid-date",
            f"{option} {value!r} is not a date in the form YYYY-MM-DD",
            Where(field=option),
            f"give a calendar date such as {option} 2022-06-01",
        )
    )


EXIT_CODES = """Exit codes:

0  done
1  a violation, with --fail-on-violation
2  bad input (facts, options such as --as-of, files)
3  rulebook error
4  unknown company, obligation or other name
5  ledger or storage error
6  the ledger's hash chain does not verify
"""


AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Date to assess, YYYY-MM-DD (default: today).")
]
CompanyOpt = Annotated[str | None, typer.Option("--company", help="Only this company id.")]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="LANDFALL_DB", help="Ledger URL (sqlite:///path.db or postgresql://...)."
    ),
]
KnownAt = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        help="With the ledger: the picture as landfall knew it then (date or datetime).",
    ),
]
FactsArg = Annotated[
    Path | None,
    typer.Argument(help="Facts document (YAML or JSON); omit it to read the ledger (--db)."),
]


def load_picture(
    facts: Path | None, db: str | None, day: dt.date, known_at: str | None, company: str | None
) -> Any:
    """The facts to assess: a document, or the ledger's bitemporal picture."""
    if facts is not None:
        if known_at is not None:
            raise InputError(
                Diagnostic(
                    "known-at-needs-ledger",
                    "--known-at reads the ledger; a facts document has no record time",
                    Where(field="--known-at"),
                    "omit FACTS (and give --db) to assess from the ledger",
                )
            )
        from landfall.facts import load_facts

        return load_facts(facts)
    from landfall.ledger import open_ledger
    from landfall.ledger.cli import parse_when
    from landfall.rulebooks.ru import rulebook

    with open_ledger(db) as store:
        # the legal day on the rulebook's clock, as a facts document is read
        return store.facts(
            day,
            known_at=parse_when(known_at, "--known-at"),
            company=company,
            clock=rulebook().clock,
        )


@app.command(epilog=EXIT_CODES)
@diagnostics
def assess(
    facts: FactsArg = None,
    as_of: AsOf = None,
    company: CompanyOpt = None,
    db: DbOpt = None,
    known_at: KnownAt = None,
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    fail_on_violation: Annotated[
        bool, typer.Option("--fail-on-violation", help="Exit 1 when any obligation is violated.")
    ] = False,
) -> None:
    """Which laws apply, which obligations are met or violated, fines, exposure and measures."""
    from landfall.engine import assess as run
    from landfall.render import assessment_markdown, assessment_tables
    from landfall.rulebooks.ru import rulebook

    day = parse_day(as_of)
    result = run(
        rulebook(), load_picture(facts, db, day, known_at, company), day, company
    ).to_dict()
    if format is Format.json:
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    elif format is Format.markdown:
        sys.stdout.write(assessment_markdown(result) + "\n")
    else:
        assessment_tables(console(), result)
    if fail_on_violation and any(
        ob["status"] == "violated" for c in result["companies"] for ob in c["obligations"]
    ):
        raise typer.Exit(1)


@app.command(epilog=EXIT_CODES)
@diagnostics
def explain(
    facts: Annotated[
        Path | None,
        typer.Argument(help="Facts document (YAML or JSON), or '-' to read the ledger (--db)."),
    ],
    obligation: Annotated[
        str,
        typer.Argument(
            help="An obligation id (ru-236-fz.local-presence), ru-149-fz.takedown:DEMAND, "
            "a law id (ru-236-fz), fine:ID (the fine's id, else its place from 0) or "
            "ru-236-fz.measures."
        ),
    ],
    as_of: AsOf = None,
    company: CompanyOpt = None,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    db: DbOpt = None,
    known_at: KnownAt = None,
) -> None:
    """The whole chain behind one conclusion: rules, articles, parameters with dates, facts."""
    from landfall.engine import assess as run
    from landfall.labels import fine_answer
    from landfall.render import trace_tree
    from landfall.rulebooks.ru import rulebook

    day = parse_day(as_of)
    source = None if facts is None or str(facts) == "-" else facts
    result = run(rulebook(), load_picture(source, db, day, known_at, company), day, company)
    key = (
        f"{obligation}.applies"
        if obligation.count(".") == 0 and ":" not in obligation
        else obligation
    )
    found = [(c, c.traces[key]) for c in result.companies if key in c.traces]
    if not found:
        known = sorted({k for c in result.companies for k in c.traces})
        raise NotFoundError(
            Diagnostic(
                "unknown-obligation",
                f"nothing named {obligation!r} was assessed",
                Where(field="OBLIGATION_ID"),
                "one of: " + ", ".join(known),
            )
        )
    if format == "json":
        payload = {
            "as_of": result.as_of.isoformat(),
            "explanations": [{"company": c.company, **node.to_dict()} for c, node in found],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    for assessed, node in found:
        title = f"{assessed.company}: {obligation} as of {result.as_of}"
        answer = fine_answer(assessed.fines, key)
        console().print(trace_tree(node.to_dict(), title, answer))


@app.command(epilog=EXIT_CODES)
@diagnostics
def rules(
    as_of: AsOf = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Every law, rule and parameter in force on a date, with citations and status."""
    from landfall.render import rules_dict, rules_table
    from landfall.rulebooks.ru import rulebook

    day = parse_day(as_of)
    if format == "json":
        sys.stdout.write(
            json.dumps(rules_dict(rulebook(), day), indent=2, ensure_ascii=False) + "\n"
        )
    else:
        rules_table(console(), rulebook(), day)


@app.command()
def schema(name: Annotated[SchemaName, typer.Argument(help="facts or assessment.")]) -> None:
    """Print the JSON Schema of the facts document or of the assessment.

    `landfall docs facts` describes the same fields in words, with examples.
    """
    if name is SchemaName.facts:
        from landfall.facts import FactsDocument

        data = FactsDocument.model_json_schema()
    else:
        from landfall.engine.schema import assessment_schema

        data = assessment_schema()
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


class DocName(StrEnum):
    facts = "facts"


@app.command("docs")
@diagnostics
def docs_command(
    name: Annotated[
        DocName, typer.Argument(help="facts: the facts document and the assessment.")
    ] = DocName.facts,
) -> None:
    """Print the user documentation: the facts document and the assessment, field by field."""
    sys.stdout.write(user_doc(f"{name.value}-format.md"))


def user_doc(filename: str) -> str:
    """A user document: shipped inside the package, or read from a source checkout's docs/."""
    from importlib.resources import files

    shipped = files("landfall").joinpath("docs", filename)
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "docs" / filename
    if checkout.is_file():
        return checkout.read_text(encoding="utf-8")
    raise LandfallError(
        Diagnostic(
            "docs-missing",
            f"{filename} is not in this installation",
            Where(field="NAME"),
            "reinstall landfall, or read docs/ in the source repository",
        )
    )


@app.command(epilog=EXIT_CODES)
@diagnostics
def demo(
    as_of: AsOf = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the demo ledger and the HTML report.")
    ] = Path("landfall-demo"),
    all_companies: Annotated[
        bool, typer.Option("--all", help="Every company of the case book, not only the listed.")
    ] = False,
) -> None:
    """First run: a fresh embedded ledger with the real case book, the board and a report."""
    from landfall.demo import run_demo
    from landfall.render import board_table

    result = run_demo(out_dir, parse_day(as_of), listed_only=not all_companies)
    con = console()
    board_table(con, result.rows, result.as_of)
    con.print(
        f"ledger {result.ledger}: {result.events} events, hash chain "
        f"{'verified' if result.verified else 'NOT VERIFIED'}, "
        f"head {result.head[:16]}"
    )
    con.print(f"report: {result.report}")


@app.command()
@diagnostics
def scan(
    stores_file: Annotated[Path, typer.Argument(help="YAML file naming the stores to scan.")],
    db: Annotated[
        str | None,
        typer.Option("--db", help="Ledger URL to append the scan events to (default: print only)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    key_env: Annotated[
        str, typer.Option("--key-env", help="Environment variable holding the HMAC key.")
    ] = "LANDFALL_SCAN_KEY",
    no_reconcile: Annotated[
        bool, typer.Option("--no-reconcile", help="Scan without matching stores abroad.")
    ] = False,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine",
            help="local or spark: where Parquet/CSV stores are scanned (default: each store's "
            "'engine', else local). Spark needs the 'spark' extra and Java 17+.",
        ),
    ] = None,
) -> None:
    """Find Russian users' personal data in real stores, locate them, append scan events."""
    from landfall.scanner.cli import scan_command

    scan_command(
        stores_file,
        db=db,
        format=format,
        key_env=key_env,
        no_reconcile=no_reconcile,
        engine=engine,
        append_events=ledger_sink(db, str(stores_file)) if db else None,
    )


def ledger_sink(db: str | None, origin: str) -> Callable[[list[dict[str, Any]]], None]:
    """Append collector events to the ledger in one transaction, and say how many were new."""

    def append(events: list[dict[str, Any]]) -> None:
        result = append_to_ledger(db, events, origin)
        console(stderr=True).print(
            f"ledger: {result.added} event(s) added, {result.skipped} already there"
        )

    return append


@app.command()
@diagnostics
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """The HTTP API and the dashboard; an empty ledger gets the case book first."""
    import uvicorn

    from landfall.api import create_app
    from landfall.settings import get_settings

    settings = get_settings()
    if db is not None:
        settings = settings.model_copy(update={"db": db})
    console(stderr=True).print(f"landfall on http://{host}:{port}/ (API docs at /docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


token_app = typer.Typer(help="API tokens: create, revoke, list.", no_args_is_help=True)


@token_app.command("create")
@diagnostics
def token_create(
    role: Annotated[str, typer.Argument(help="regulator or company:<company-id>.")],
    label: Annotated[
        str | None, typer.Option("--label", help="A note on whose token it is.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Create a token; it is printed once and only its hash is stored."""
    from landfall.ledger import open_ledger
    from landfall.tokens import TokenStore

    with open_ledger(db) as store, TokenStore(store.url) as tokens:
        info, plain = tokens.create(role, label)
    console(stderr=True).print(f"token {info.id} for {info.role} (shown once):")
    sys.stdout.write(plain + "\n")


@token_app.command("revoke")
@diagnostics
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (see `landfall token list`).")],
    db: DbOpt = None,
) -> None:
    """Revoke a token at once."""
    from landfall.ledger import open_ledger
    from landfall.tokens import TokenStore

    with open_ledger(db) as store, TokenStore(store.url) as tokens:
        info = tokens.revoke(token_id)
    console().print(f"revoked {info.id} ({info.role}) at {info.revoked_at}")


@token_app.command("list")
@diagnostics
def token_list(db: DbOpt = None) -> None:
    """Every token: id, role, label, when created and revoked (never the secret)."""
    from rich.table import Table

    from landfall.ledger import open_ledger
    from landfall.tokens import TokenStore

    with open_ledger(db) as store, TokenStore(store.url) as tokens:
        found = tokens.list()
    table = Table("id", "role", "label", "created", "revoked", title="API tokens")
    for t in found:
        table.add_row(t.id, t.role, t.label or "", t.created_at, t.revoked_at or "")
    console().print(table)


app.add_typer(token_app, name="token")


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    md = "md"


@app.command(epilog=EXIT_CODES)
@diagnostics
def report(
    company: Annotated[str, typer.Argument(help="Company id.")],
    as_of: AsOf = None,
    format: Annotated[ReportFormat, typer.Option("--format", help="html, pdf or md.")] = (
        ReportFormat.html
    ),
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: COMPANY-DATE.FORMAT).")
    ] = None,
    db: DbOpt = None,
) -> None:
    """A self-contained compliance report on one company, from the ledger."""
    from landfall.report import write_report

    day = parse_day(as_of)
    target = out or Path(f"{company}-{day.isoformat()}.{format.value}")
    write_report(db, company, day, format.value, target)
    console(stderr=True).print(f"report: {target}")


def _ledger_events(db: str | None) -> list[dict[str, Any]]:
    from landfall.ledger import open_ledger

    # the current picture, corrections and retractions applied, every valid time included
    with open_ledger(db) as store:
        picture = store.facts(dt.date.max, clock=_clock())
    return [e.model_dump(mode="json", exclude_none=True) for e in picture.events]


def append_to_ledger(db: str | None, events: list[dict[str, Any]], origin: str) -> AppendResult:
    """Collector events into the ledger: validated, one transaction, idempotent."""
    from landfall.ledger import append_evidence, open_ledger

    with open_ledger(db) as store:
        return append_evidence(store, events, origin=origin)


def _append(db: str | None, events: list[dict[str, Any]]) -> int:
    return append_to_ledger(db, events, "collector").added


def _deadline(basis: str, received: dt.datetime) -> dt.timedelta | None:
    from landfall.rulebooks.ru import rulebook
    from landfall.rulebooks.ru.rules.takedown import takedown_deadline

    return takedown_deadline(rulebook(), basis, received)


def _clock() -> LegalClock:
    """The rulebook's legal clock, for the collectors' legal days."""
    from landfall.rulebooks.ru import rulebook

    return rulebook().clock


def _threshold() -> int:
    from landfall.rulebooks.ru import rulebook

    dated = rulebook().parameter("ru-236-fz.audience-threshold").at(dt.date.today())
    if dated is None:
        raise LandfallError(Diagnostic("parameter-not-in-force", "no audience threshold today"))
    return int(dated.value)


def _audience_verdict(db: str | None, resource: str, report: Any) -> dict[str, Any] | None:
    """What the recorded daily figures mean under 236-FZ, as of the report's last day."""
    from landfall.engine import assess as run
    from landfall.ledger import open_ledger
    from landfall.rulebooks.ru import rulebook

    as_of = report.days[-1].date
    book = rulebook()
    with open_ledger(db) as store:
        facts = store.facts(as_of, clock=book.clock)
    owner = next((r.company for r in facts.resources if r.id == resource), None)
    if owner is None:
        return None
    dated = book.parameter("ru-236-fz.audience-threshold").at(as_of)
    law = run(book, facts, as_of, owner).companies[0].laws[0]
    first = None
    if dated is not None:
        # the law's comparator is "more than": the first day strictly above the threshold
        first = next(
            (d.date.isoformat() for d in report.days if d.daily_users_ru > dated.value), None
        )
    return {
        "law": law["law"],
        "as_of": as_of.isoformat(),
        "company": owner,
        "applies": law["applies"],
        "because": law["because"],
        "first_day_over": first,
    }


def _takedown_exposure(
    db: str | None, company: str | None, moment: dt.datetime
) -> list[dict[str, Any]]:
    """The engine's 13.41 exposure for the demands not met in time (one repeat model: the engine's)."""
    from landfall.engine import assess as run
    from landfall.ledger import open_ledger
    from landfall.rulebooks.ru import rulebook

    book = rulebook()
    day = book.clock.day(moment)
    with open_ledger(db) as store:
        facts = store.facts(day, company=company, clock=book.clock)
    out = []
    for assessed in run(book, facts, day, company).companies:
        data = assessed.to_dict()
        violated = [
            o
            for o in data["obligations"]
            if o["id"] == "ru-149-fz.takedown" and o["status"] == "violated"
        ]
        if not violated:
            continue
        because = [f"{len(violated)} demand(s) not met by their deadline"]
        fines = [e for e in data["exposure"] if e["obligation"] == "ru-149-fz.takedown"]
        for entry in fines:
            because += entry["because"]
        low = sum(e["min_rub"] or 0 for e in fines)
        highs = [e["max_rub"] for e in fines]
        high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
        summary = f"13.41 exposure RUB {low:,.0f} to " + (
            "unknown" if high is None else f"RUB {high:,.0f}"
        )
        out.append(
            {
                "company": assessed.company,
                "summary": summary,
                "min_rub": low,
                "max_rub": high,
                "exposure": fines,
                "because": because,
            }
        )
    return out


def _mount() -> None:
    from landfall.audience.cli import make_audience_command
    from landfall.ledger.cli import app as ledger_app
    from landfall.takedown.cli import make_takedown_app

    app.add_typer(ledger_app, name="ledger")
    app.command("audience")(
        make_audience_command(
            _append, threshold=_threshold, verdict=_audience_verdict, clock=_clock
        )
    )
    app.add_typer(
        make_takedown_app(_ledger_events, _append, _deadline, _takedown_exposure, clock=_clock),
        name="takedown",
    )


_mount()


def main() -> None:
    app()
