"""``landfall ledger ...``: thin commands over the ledger's domain functions."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.console import Console

from landfall import periods
from landfall.cli.language import LangOpt, speaks
from landfall.errors import Diagnostic, InputError, LandfallError, Where, render
from landfall.i18n import N_, tr
from landfall.i18n import gettext as _
from landfall.ledger.chain import Anchor
from landfall.ledger.checkpoint import keygen, load_checkpoint, sign
from landfall.ledger.connect import DEFAULT_URL, ENV_VAR, redact
from landfall.ledger.events import author_label
from landfall.ledger.existing import require_existing
from landfall.ledger.importer import export_facts, import_facts
from landfall.ledger.sql import SqlLedger, open_ledger
from landfall.periods import LegalClock

app = typer.Typer(help="The tamper-evident, bitemporal ledger of regulatory events.")

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar=ENV_VAR,
        help="Ledger database: sqlite:///path.db or postgresql://user@host/db.",
        show_default=True,
    ),
]


def _fail(error: LandfallError) -> typer.Exit:
    typer.echo(render(error), err=True)
    return typer.Exit(error.exit_code)


def open_existing(db: str | None) -> SqlLedger:
    """The ledger at ``db`` if it exists (see :func:`~landfall.ledger.existing.require_existing`)."""
    return open_ledger(require_existing(db))


def parse_when(text: str | None, option: str) -> dt.date | dt.datetime | None:
    """A CLI date or datetime; a datetime without an offset is read as UTC."""
    if text is None:
        return None
    try:
        return periods.parse_when(text, naive=dt.UTC)
    except periods.DateTextError as e:
        raise InputError(
            Diagnostic(
                "invalid-date",
                f"{text!r} is not an ISO date",
                Where(None, None, option),
                "use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+03:00",
            )
        ) from e


def _day(text: str | None, option: str) -> dt.date | None:
    when = parse_when(text, option)
    return when.date() if isinstance(when, dt.datetime) else when


@app.command("import")
@speaks
def import_command(
    files: Annotated[list[Path], typer.Argument(help="Facts documents (YAML or JSON).")],
    db: DbOption = DEFAULT_URL,
    lang: LangOpt = None,
) -> None:
    """Import facts documents, one transaction per file; importing again adds nothing.

    A bad file adds nothing and is reported; the other files still import (each file is all
    or nothing, not the whole call), and the exit code is non-zero."""
    failed: list[tuple[Path, LandfallError]] = []
    out = Console(highlight=False, soft_wrap=True)
    from landfall.cli.progress import progress  # a bar on a terminal, silent in a pipe

    try:
        # events as each file's one transaction ends (the append has no finer step); the
        # description says which file of how many
        bar = progress(_("importing"), None, _("events"))
        with open_ledger(db) as store, bar as advance:
            for done, file in enumerate(files, 1):
                events = 0
                try:
                    try:
                        result = import_facts(store, file)
                    except LandfallError as e:
                        failed.append((file, e))
                        _fail(e)
                        continue
                    except (ValueError, RecursionError, OverflowError, MemoryError) as e:
                        # Not one of ours: still this file's failure, not the run's. The text of a
                        # foreign exception may quote the file's content, so only its kind is shown.
                        error = InputError(
                            Diagnostic(
                                "import-failed",
                                f"the file could not be read ({type(e).__name__})",
                                Where(str(file), None, None),
                                "check the file; nothing from it was imported",
                            )
                        )
                        failed.append((file, error))
                        _fail(error)
                        continue
                    events = result.added + result.skipped
                    out.print(
                        tr(
                            "{file}: {added} added, {skipped} already in the ledger",
                            file=file,
                            added=result.added,
                            skipped=result.skipped,
                        )
                    )
                finally:  # a failed file is done with too
                    files_done = tr("{done} of {count} files", done=done, count=len(files))
                    advance(events, description=f"{file.name} ({files_done})")
    except LandfallError as e:
        raise _fail(e) from e
    if failed:
        names = ", ".join(str(f) for f, _ in failed)
        out.print(
            tr(
                "{done} of {count} files imported; not imported: {names}",
                done=len(files) - len(failed),
                count=len(files),
                names=names,
            )
        )
        raise typer.Exit(max(e.exit_code for _, e in failed))


@app.command("init")
@speaks
def init_command(
    db: DbOption = DEFAULT_URL,
    casebook: Annotated[
        bool, typer.Option("--casebook", help="Import the shipped case book into it.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Create a ledger (the commands that read one never do); an existing one is kept."""
    try:
        with open_ledger(db) as store:
            added = 0
            if casebook:
                from landfall.service.portal import seed_casebook

                added = seed_casebook(store)
            _, count, _, _ = store.position()
    except LandfallError as e:
        raise _fail(e) from e
    text = (
        tr(
            "ledger {url}: {count} events, {added} case-book events imported",
            url=redact(store.url),
            count=count,
            added=added,
        )
        if casebook
        else tr("ledger {url}: {count} events", url=redact(store.url), count=count)
    )
    Console(highlight=False, soft_wrap=True).print(text)


LOG_HEADERS = (
    "id",
    N_("recorded"),
    N_("valid"),
    N_("kind"),
    N_("type"),
    N_("company"),
    N_("subject"),
    N_("refers"),
    N_("author"),
    N_("hash"),
)
"""The log's columns (message ids); the values (ids, times, hashes) are never translated."""


@app.command("log")
@speaks
def log_command(
    company: Annotated[str | None, typer.Option(help="Only this company's events.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Only events of this type.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only events valid on or after DATE (the legal day).")
    ] = None,
    known_at: Annotated[
        str | None, typer.Option(help="Only events recorded by DATE (or datetime).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most N events.")] = None,
    db: DbOption = DEFAULT_URL,
    lang: LangOpt = None,
) -> None:
    """List ledger events in the order they were recorded."""
    try:
        from landfall.cli import event_type

        with open_existing(db) as store:
            rows = store.events(
                company=company,
                type=event_type(type),
                since=_day(since, "--since"),
                known_at=parse_when(known_at, "--known-at"),
                limit=limit,
                clock=_legal_clock(),
            )
    except LandfallError as e:
        raise _fail(e) from e
    from rich.markup import escape

    from landfall.render import TEXT, WHOLE, WORDS, fitted

    shown = [
        [
            str(row.id),
            row.recorded_at[:19].replace("T", " "),
            row.valid_from or "",
            row.kind,
            row.type,
            row.company,
            row.subject,
            "" if row.refers_to is None else str(row.refers_to),
            author_label(row.author_data()),
            row.hash[:12],
        ]
        for row in rows
    ]
    # the id, the times, the kind, the type, the reference and the hash are never cut
    layout = (WHOLE, WHOLE, WHOLE, WORDS, WORDS, WORDS, TEXT, WHOLE, TEXT, WHOLE)
    columns = list(zip((_(h) for h in LOG_HEADERS), layout, strict=True))
    out = Console()
    out.print(fitted(columns, [[escape(c) for c in row] for row in shown], out.width))


@app.command("verify")
@speaks
def verify_command(
    head: Annotated[
        str | None,
        typer.Option(help="A head hash published earlier: it must still be in the chain."),
    ] = None,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            help="A signed checkpoint (repeatable): the ledger must still hold its head at "
            "its position."
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(help="The public key (or the private key) the checkpoints were signed with."),
    ] = None,
    db: DbOption = DEFAULT_URL,
    lang: LangOpt = None,
) -> None:
    """Recompute the hash chain, event keys and record-time order; check published heads and
    signed checkpoints; exit non-zero naming the first broken event."""
    out = Console(highlight=False, soft_wrap=True)
    try:
        anchors = _checkpoint_anchors(checkpoint or [], key)
        with open_existing(db) as store:
            result = store.verify(expected_head=head, anchors=anchors)
            result.raise_if_broken(_ledger_name(store))
    except LandfallError as e:
        raise _fail(e) from e
    out.print(tr("ok: {count} events, head {head}", count=result.count, head=result.head))
    for line in result.anchors:
        out.print(f"  {line}")


def _checkpoint_anchors(files: list[Path], key: Path | None) -> list[Anchor]:
    if not files:
        return []
    if key is None:
        raise InputError(
            Diagnostic(
                "checkpoint-key-missing",
                "--checkpoint needs the key the checkpoints were signed with",
                Where(None, None, "--key"),
                "pass --key KEYFILE.pub (the public key written by `landfall ledger keygen`)",
            )
        )
    return [load_checkpoint(f, key).anchor(f"checkpoint {f.name}") for f in files]


@app.command("keygen")
def keygen_command(
    key: Annotated[Path, typer.Argument(help="Where to write the private key (PEM).")],
) -> None:
    """Make an Ed25519 key pair for checkpoints: KEY (private, mode 600) and KEY.pub.

    Keep the private key away from the database's host and its administrators: a checkpoint
    proves nothing against whoever holds both."""
    try:
        public = keygen(key)
    except LandfallError as e:
        raise _fail(e) from e
    Console(highlight=False, soft_wrap=True).print(f"private key {key}, public key {public}")


@app.command("checkpoint")
@speaks
def checkpoint_command(
    key: Annotated[Path, typer.Option(help="The Ed25519 private key (from ledger keygen).")],
    out: Annotated[Path, typer.Option(help="Where to write the signed checkpoint (JSON).")],
    db: DbOption = DEFAULT_URL,
    lang: LangOpt = None,
) -> None:
    """Sign the current head, event count, last id and record time; publish the file."""
    try:
        with open_existing(db) as store:
            head, count, last_id, recorded_at = store.position()
        signed = sign(key, head, count, last_id, recorded_at, dt.datetime.now(dt.UTC))
        out.write_text(signed.to_json(), encoding="utf-8")
    except LandfallError as e:
        raise _fail(e) from e
    except OSError as e:
        raise _fail(
            InputError(
                Diagnostic(
                    "checkpoint-unwritable",
                    f"cannot write {out.name}: {e.strerror}",
                    Where(str(out), None, "--out"),
                )
            )
        ) from e
    Console(highlight=False, soft_wrap=True).print(
        tr("checkpoint {file}: {count} events, head {head}", file=out, count=count, head=head)
    )


@app.command("export")
def export_command(
    as_of: Annotated[str | None, typer.Option(help="Valid date (default: today).")] = None,
    known_at: Annotated[
        str | None, typer.Option(help="As recorded by DATE (default: everything).")
    ] = None,
    company: Annotated[str | None, typer.Option(help="Only this company.")] = None,
    format: Annotated[
        str | None, typer.Option("--format", help="yaml or json (default: from --out, else yaml).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Write the facts document as of a date, as known at a date."""
    try:
        day = _day(as_of, "--as-of") or dt.datetime.now(dt.UTC).date()
        known = parse_when(known_at, "--known-at")
        with open_existing(db) as store:
            data = export_facts(store, day, known_at=known, company=company, clock=_legal_clock())
    except LandfallError as e:
        raise _fail(e) from e
    kind = format or ("json" if out is not None and out.suffix == ".json" else "yaml")
    if kind not in ("yaml", "json"):
        raise _fail(
            InputError(
                Diagnostic(
                    "invalid-choice",
                    f"unknown format {kind!r}",
                    Where(None, None, "--format"),
                    "use yaml or json",
                )
            )
        )
    if kind == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


class _PlainDumper(yaml.SafeDumper):
    """Writes shared values out in full: the facts loader bounds YAML aliases, so an export
    never relies on them."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _legal_clock() -> LegalClock:
    """The rulebook's clock: valid days are legal days, as for a facts document."""
    from landfall.rulebooks import primary

    return primary().clock


def _ledger_name(store: SqlLedger) -> str:
    return repr(store)
