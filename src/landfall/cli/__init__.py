"""The `landfall` command line: thin commands over the same domain functions as the API."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import typer
from rich.console import Console

from landfall import periods
from landfall.cli._lazy import LazyGroup
from landfall.cli.language import LangOpt as LangOpt
from landfall.cli.language import speaks
from landfall.errors import Diagnostic, InputError, LandfallError, NotFoundError, Where, render

if TYPE_CHECKING:
    from landfall.engine import Assessment
    from landfall.facts.model import FactsDocument

app = typer.Typer(
    cls=LazyGroup,  # the ledger and collector commands load when they run (fast --help)
    name="landfall",
    help="Compliance engine for Russia's landing, localization and takedown laws.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def console(stderr: bool = False) -> Console:
    """A console per command at the width of ``COLUMNS``, else of the terminal; piped without
    ``COLUMNS``, 160 wide, so ids and citations are never folded."""
    import os

    stream = sys.stderr if stderr else sys.stdout
    asked = os.environ.get("COLUMNS", "").strip().isdigit()
    width = None if stream.isatty() or asked else 160
    return Console(file=stream, width=width, soft_wrap=stderr)


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
        from landfall import i18n

        try:
            # the language a command's --lang chose ends with the command
            with i18n.speaking(i18n.current()):
                return fn(*args, **kwargs)
        except LandfallError as e:
            typer.echo(render(e), err=True)
            raise typer.Exit(e.exit_code) from None

    return wrapper  # type: ignore[return-value]


def parse_day(value: str | None, option: str = "--as-of") -> dt.date:
    """The day an ``--as-of`` option names (default today); anything else is bad input (exit 2)."""
    if value is None:
        return dt.date.today()
    try:
        day = periods.parse_day(value)
    except periods.DateTextError:
        pass
    else:
        from landfall.facts.integrity import EARLIEST, LATEST  # the facts loader's range

        if EARLIEST <= day <= LATEST:
            return day
        raise InputError(
            Diagnostic(
                "date-out-of-range",
                f"{option} {day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}",
                Where(field=option),
                f"give a date such as {option} 2022-06-01",
            )
        )
    raise InputError(
        Diagnostic(
            "invalid-date",
            f"{option} {value!r} is not a date in the form YYYY-MM-DD",
            Where(field=option),
            f"give a calendar date such as {option} 2022-06-01",
        )
    )


def choice(
    value: str,
    options: tuple[str, ...],
    option: str,
    code: str = "invalid-option",
    what: str | None = None,
) -> str:
    """``value`` when it is one of ``options``, else bad input (exit 2) with "did you mean"
    (``what`` names the kind of value in the message: ``an event type``)."""
    if value in options:
        return value
    from landfall.facts.wording import did_you_mean

    listed = f"{', '.join(options[:-1])} or {options[-1]}" if len(options) > 1 else options[0]
    raise InputError(
        Diagnostic(
            code,
            f"{option} {value!r} is not {what or listed}",
            Where(field=option),
            did_you_mean(value, options) or "one of: " + ", ".join(options),
        )
    )


def event_type(value: str | None, option: str = "--type") -> str | None:
    """An event type filter, checked against the facts format's types (exit 2, with "did you
    mean"), so a typo is named instead of answering with nothing."""
    from landfall.facts.model import EVENT_TYPES

    if value is None:
        return None
    return choice(value, EVENT_TYPES, option, "unknown-event-type", "an event type")


def read_picture(
    facts: Path | None,
    db: str | None,
    day: dt.date,
    known_at: str | None,
    company: str | None,
    series: bool = False,
) -> FactsDocument:
    """The picture a command assesses (a facts document, else an existing ledger); a
    ``--company`` it does not hold is an unknown name (exit 4) with the nearest ids.
    ``series``: a ledger's daily figures as one series a resource (for assessing only)."""
    from landfall.service.evidence import load_picture
    from landfall.service.listings import read_facts

    picture = load_picture(facts, db, day, known_at, company, series=series)
    if company is not None and not any(c.id == company for c in picture.companies):
        read_facts(facts, db, day, known_at, company)  # raises, naming the nearest ids
    return picture


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
RulebookOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rulebook",
        help="A rulebook id to assess (repeatable; default: every installed one, "
        "see `landfall rulebooks`).",
    ),
]


def use_language(lang: str | None) -> None:
    """Speak the language asked for (``--lang``, else ``LANDFALL_LANG``) for this command."""
    from landfall import i18n

    i18n.activate(i18n.choose(lang))


FactsArg = Annotated[
    Path | None,
    typer.Argument(help="Facts document (YAML or JSON); omit it to read the ledger (--db)."),
]


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
    rulebook: RulebookOpt = None,
    lang: LangOpt = None,
) -> None:
    """Which laws apply, which obligations are met or violated, fines, exposure and measures."""
    import gc

    from landfall.cli.market import is_market, market_markdown, market_table
    from landfall.engine import StatusTracer
    from landfall.engine import assess as run
    from landfall.facts.collector import collector_paused
    from landfall.labels import readable
    from landfall.render import assessment_markdown, assessment_tables
    from landfall.rulebooks import load_many

    use_language(lang)
    day = parse_day(as_of)
    books = load_many(rulebook)
    # the collector stays off from the load to the answer: all they build is kept until
    # the process ends (facts.collector); frozen at the end, the heap is not scanned once
    # more on the way out (0.4 s for 2,000 companies)
    with collector_paused():
        picture = read_picture(facts, db, day, known_at, company, series=True)
        # the light tracer: the answer shows no trace (`landfall explain` records the full one)
        assessed = run(books, picture, day, company, tracer=StatusTracer())
        del picture  # the answer holds what it needs of the facts
        if format is Format.json:
            write_assessment_json(assessed, sys.stdout)
        else:
            result = readable(assessed.to_dict())  # the because lines in the language asked
            if format is Format.markdown:
                preface = market_markdown(result) if is_market(result) else []
                sys.stdout.write(assessment_markdown(result, preface) + "\n")
            elif is_market(result):
                market_table(console(), result)
            else:
                assessment_tables(console(), result)
        gc.freeze()
    if fail_on_violation and any(
        ob["status"] == "violated" for c in assessed.companies for ob in c.obligations
    ):
        raise typer.Exit(1)


def write_assessment_json(assessed: Assessment, out: TextIO) -> None:
    """The assessment as ``json.dumps(readable(assessed.to_dict()), indent=2)`` writes it,
    one company at a time: a whole market's answer is never one string, nor one tree of
    dictionaries. Each part is pydantic's encoder (no pure-Python indenting loop: 4.6 s of
    14 for 2,000 companies), its lines indented to the depth the company sits at."""
    import dataclasses

    import pydantic_core

    from landfall.labels import readable

    def encoded(value: Any) -> bytes:
        return pydantic_core.to_json(readable(value), indent=2, fallback=str)

    head = encoded(dataclasses.replace(assessed, companies=[]).to_dict())
    empty = b'  "companies": []\n}'
    assert head.endswith(empty), "companies is the assessment's last member"
    out.flush()
    sink = out.buffer
    if not assessed.companies:
        sink.write(head + b"\n")
    else:
        sink.write(head[: -len(empty)] + b'  "companies": [\n')
        for i, company in enumerate(assessed.companies):
            if i:
                sink.write(b",\n")
            sink.write(b"    " + encoded(company.to_dict()).replace(b"\n", b"\n    "))
        sink.write(b"\n  ]\n}\n")
    sink.flush()


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
            help="What to explain: a law id, an obligation id, a per-event duty as "
            "OBLIGATION:EVENT_ID, fine:ID (the fine's id, else its place from 0) or the "
            "measures definition (`landfall rules` lists the ids)."
        ),
    ],
    as_of: AsOf = None,
    company: CompanyOpt = None,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    db: DbOpt = None,
    known_at: KnownAt = None,
    rulebook: RulebookOpt = None,
    lang: LangOpt = None,
) -> None:
    """The whole chain behind one conclusion: rules, articles, parameters with dates, facts."""
    from landfall.engine import assess as run
    from landfall.i18n import tr
    from landfall.labels import fine_answer, readable
    from landfall.render import trace_tree
    from landfall.rulebooks import load_many

    use_language(lang)
    choice(format, ("text", "json"), "--format")
    day = parse_day(as_of)
    source = None if facts is None or str(facts) == "-" else facts
    books = load_many(rulebook)
    result = run(books, read_picture(source, db, day, known_at, company), day, company)
    key = (
        f"{obligation}.applies"
        if obligation.count(".") == 0 and ":" not in obligation
        else obligation
    )
    found = [(c, c.traces[key]) for c in result.companies if key in c.traces]
    if not found:
        from landfall.facts.wording import did_you_mean

        known = sorted({k for c in result.companies for k in c.traces})
        # the law ids are asked for bare (`ru-236-fz` explains `ru-236-fz.applies`)
        names = [k.removesuffix(".applies") for k in known]
        raise NotFoundError(
            Diagnostic(
                "unknown-obligation",
                f"nothing named {obligation!r} was assessed",
                Where(field="OBLIGATION_ID"),
                did_you_mean(obligation, names) or "one of: " + ", ".join(names),
            )
        )
    if format == "json":
        payload = {
            "as_of": result.as_of.isoformat(),
            "explanations": [
                {"company": c.company, **readable(node.to_dict())} for c, node in found
            ],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    for assessed, node in found:
        title = f"{assessed.company}: " + tr(
            "{what} as of {date}", what=obligation, date=result.as_of
        )
        answer = fine_answer(assessed.fines, key)
        console().print(trace_tree(node.to_dict(), title, answer))


@app.command(epilog=EXIT_CODES)
@diagnostics
def rules(
    as_of: AsOf = None,
    format: Annotated[
        str,
        typer.Option(
            "--format", help="table or json (one rulebook: an object; several: a list of them)."
        ),
    ] = "table",
    rulebook: RulebookOpt = None,
    lang: LangOpt = None,
) -> None:
    """Every law, rule and parameter in force on a date, with citations and status."""
    from landfall.render import rules_table
    from landfall.rulebooks import load_many
    from landfall.service.listing import rules_dict

    use_language(lang)
    choice(format, ("table", "json"), "--format")
    day = parse_day(as_of)
    books = load_many(rulebook)
    if format == "json":
        listed = [rules_dict(book, day) for book in books]
        data: Any = listed[0] if len(listed) == 1 else listed
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        for book in books:
            rules_table(console(), book, day)


@app.command("rulebooks", epilog=EXIT_CODES)
@diagnostics
def rulebooks_command(
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    lang: LangOpt = None,
) -> None:
    """The installed rulebooks: id, jurisdiction, version and the laws each assesses."""
    from rich.markup import escape

    from landfall.i18n import gettext as _
    from landfall.rulebooks import available, load

    use_language(lang)
    choice(format, ("table", "json"), "--format")

    found: list[dict[str, Any]] = []
    for rulebook_id, source in available().items():
        book = load(rulebook_id)
        found.append(
            {
                "id": book.id,
                "jurisdiction": book.manifest.jurisdiction,
                "version": book.version,
                "title": book.title,
                "laws": list(book.manifest.laws),
                "builtin": source.builtin,
                "source": source.target,
            }
        )
    if format == "json":
        sys.stdout.write(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
        return
    from landfall.render import TEXT, WORDS, fitted

    columns = [
        ("id", WORDS),
        (_("jurisdiction"), WORDS),
        (_("version"), WORDS),
        (_("laws"), TEXT),
        (_("source"), WORDS),
    ]
    rows = [
        [
            row["id"],
            row["jurisdiction"],
            row["version"],
            ", ".join(row["laws"]),
            _("built in") if row["builtin"] else row["source"],
        ]
        for row in found
    ]
    con = console()
    con.print(fitted(columns, [[escape(c) for c in r] for r in rows], con.width,
                     title=_("Installed rulebooks")))  # fmt: skip


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
    checkout = Path(__file__).resolve().parents[3] / "docs" / filename
    if checkout.is_file():
        return checkout.read_text(encoding="utf-8")
    raise NotFoundError(
        Diagnostic(
            "docs-missing",
            f"{filename} is not in this installation",
            Where(field="NAME"),
            "reinstall landfall, or read docs/ in the source repository",
        )
    )


@app.command("init", epilog=EXIT_CODES)
@diagnostics
@speaks
def init_command(
    company: Annotated[
        str, typer.Option("--company", help="The company's id in the template (a slug).")
    ] = "my-company",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="File to write (default: print the template)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
    lang: LangOpt = None,
) -> None:
    """Start a facts document: a commented template, valid as written, to fill in."""
    from landfall.cli.init import render_template, write_new

    name = str(out) if out is not None else "facts.yaml"
    from landfall.i18n import current

    text = render_template(company, name, dt.date.today(), current())
    if out is None:
        sys.stdout.write(text)
        return
    write_new(out, text, force=force)
    from landfall.i18n import tr

    console(stderr=True).print(tr("wrote {file}; next: landfall assess {file}", file=out))


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
    lang: LangOpt = None,
) -> None:
    """First run: a fresh embedded ledger with the real case book, the board and a report."""
    from landfall.cli.demo import run_demo
    from landfall.render import board_table

    use_language(lang)  # the board and the report speak it
    result = run_demo(out_dir, parse_day(as_of), listed_only=not all_companies)
    con = console()
    board_table(con, result.rows, result.as_of, result.columns)
    for line in result.summary():
        con.print(line, highlight=False)


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
        str, typer.Option("--key-env", help="Environment variable holding the hashing key.")
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
    sample: Annotated[
        int | None,
        typer.Option(
            "--sample",
            min=1,
            help="First answer whether Russian users' personal data is held, from the first N "
            "rows of each relation (a sample never shows absence), then run the full scan.",
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Find Russian users' personal data in real stores, locate them, append scan events.

    On a terminal a bar on stderr counts the rows scanned, with their rate."""
    from landfall.scanner.cli import scan_command
    from landfall.service.evidence import ledger_sink

    use_language(lang)

    def said(text: str) -> None:
        console(stderr=True).print(text)

    scan_command(
        stores_file,
        db=db,
        format=format,
        key_env=key_env,
        no_reconcile=no_reconcile,
        engine=engine,
        sample=sample,
        append_events=ledger_sink(db, str(stores_file), said) if db else None,
    )


@app.command()
@diagnostics
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    rulebook: RulebookOpt = None,
    request_timeout: Annotated[
        float,
        typer.Option(
            "--request-timeout",
            min=0.1,
            help="Seconds a client has to send a request's headers and body; slower ones are "
            "disconnected.",
        ),
    ] = 10.0,
    keep_alive: Annotated[
        int, typer.Option("--keep-alive", min=1, help="Seconds an idle connection is kept.")
    ] = 5,
    max_connections: Annotated[
        int,
        typer.Option("--max-connections", min=1, help="Open connections at most; more get 503."),
    ] = 256,
    seed_casebook: Annotated[
        bool,
        typer.Option(
            "--seed-casebook",
            help="Create the ledger if it is missing and import the case book into it when "
            "empty (without it, the ledger must exist: `landfall ledger init`).",
        ),
    ] = False,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Proxy addresses whose X-Forwarded-Proto/-For are believed (comma-separated); "
            "behind a TLS proxy this makes the dashboard's cookies Secure.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Server processes sharing the port, each with its own caches (default: one "
            "per core).",
        ),
    ] = None,
) -> None:
    """The HTTP API and the dashboard over an existing ledger (--seed-casebook: created if
    missing, and an empty one gets the case book first)."""
    from landfall.api.server import default_workers, run
    from landfall.ledger.existing import require_existing
    from landfall.rulebooks import load_many
    from landfall.settings import get_settings

    settings = get_settings()
    if db is not None:
        settings = settings.model_copy(update={"db": db})
    if not seed_casebook:
        require_existing(settings.db)  # before the server starts, as a diagnostic
    settings = settings.model_copy(update={"import_casebook": seed_casebook})
    if rulebook:
        load_many(rulebook)  # an unknown id is bad input (exit 2), before the server starts
        settings = settings.model_copy(update={"rulebooks": list(rulebook)})
    count = workers or default_workers()
    console(stderr=True).print(
        f"landfall on http://{host}:{port}/ (API docs at /docs), {count} worker(s)"
    )
    run(
        settings,
        count,
        host=host,
        port=port,
        request_timeout=request_timeout,
        keep_alive=keep_alive,
        max_connections=max_connections,
        forwarded_allow_ips=forwarded_allow_ips,
    )


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
    from landfall.ledger.existing import require_existing
    from landfall.tokens import TokenStore

    with open_ledger(require_existing(db)) as store, TokenStore(store.url) as tokens:
        info = tokens.revoke(token_id)
    console().print(f"revoked {info.id} ({info.role}) at {info.revoked_at}")


@token_app.command("list")
@diagnostics
def token_list(db: DbOpt = None) -> None:
    """Every token: id, role, label, when created and revoked (never the secret)."""
    from rich.table import Table

    from landfall.ledger import open_ledger
    from landfall.ledger.existing import require_existing
    from landfall.tokens import TokenStore

    with open_ledger(require_existing(db)) as store, TokenStore(store.url) as tokens:
        found = tokens.list()
    table = Table("id", "role", "label", "created", "revoked", title="API tokens")
    for t in found:
        table.add_row(t.id, t.role, t.label or "", t.created_at, t.revoked_at or "")
    console().print(table)


app.add_typer(token_app, name="token")


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    markdown = "markdown"  # as every other command names it
    md = "md"  # the file's extension, accepted as well


@app.command(epilog=EXIT_CODES)
@diagnostics
def report(
    company: Annotated[str, typer.Argument(help="Company id.")],
    as_of: AsOf = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="html, pdf or markdown (md).")
    ] = (ReportFormat.html),
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: COMPANY-DATE.FORMAT).")
    ] = None,
    db: DbOpt = None,
    rulebook: RulebookOpt = None,
    lang: LangOpt = None,
    known_at: KnownAt = None,
) -> None:
    """A self-contained compliance report on one company, from the ledger, in the language
    asked for (--lang): headline, obligations, fines, measures and demands with their sources
    as numbered footnotes."""
    from landfall.ledger.cli import parse_when
    from landfall.report import write_report
    from landfall.rulebooks import load_many

    use_language(lang)
    day = parse_day(as_of)
    known = parse_when(known_at, "--known-at")
    kind = "md" if format is ReportFormat.markdown else format.value
    target = out or Path(f"{company}-{day.isoformat()}.{kind}")
    write_report(db, company, day, kind, target, load_many(rulebook), known)
    console(stderr=True).print(f"report: {target}")


from landfall.cli.listings import register as _register_listings  # noqa: E402 (needs app)

_register_listings(app)  # fines, measures, events


def main() -> None:
    app()
