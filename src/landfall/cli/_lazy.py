"""The collector and ledger commands, mounted lazily.

``landfall --help`` lists every command, but the ledger (SQLAlchemy), the audience counter
(numpy, DataSketches) and the takedown tracker (numpy) are imported only when one of their
commands runs or its own help is asked for. The listing shows the short help kept here;
``tests/cli/test_lazy_help.py`` checks it against the real commands so the two cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches

import typer
from typer import _click as click  # typer ships its own click; its types are these
from typer._click.exceptions import BadParameter, UsageError
from typer.core import TyperCommand, TyperGroup


def _ledger() -> click.Command:
    from landfall.ledger.cli import app as ledger_app

    return typer.main.get_group(ledger_app)


def _audience() -> click.Command:
    from landfall.audience.chart import Threshold
    from landfall.audience.cli import make_audience_command
    from landfall.errors import RulebookError
    from landfall.service import evidence

    def threshold(country: str) -> Threshold | None:
        """The chart's line: the threshold of the country's rulebook and the metric it counts,
        None when it has none (the chart is drawn without the line: a rulebook may name none)."""
        try:
            value = evidence.audience_threshold(country)
        except RulebookError as e:
            if e.code == "audience-no-threshold":
                return None
            raise
        metric = evidence.rulebook_for_country(country).manifest.audience_metric
        return Threshold(value, metric) if metric else None

    single = typer.Typer()
    single.command("audience")(
        make_audience_command(
            evidence.collector_sink("landfall audience"),
            threshold=threshold,
            verdict=evidence.audience_verdict,
            clock=evidence.legal_clock_of,
            default_country=evidence.primary_jurisdiction,
        )
    )
    return typer.main.get_command(single)


def _takedown() -> click.Command:
    import datetime as dt
    from typing import Any

    from landfall.errors import NotFoundError
    from landfall.ledger.existing import require_existing
    from landfall.service import evidence

    def exposure(db: str | None, company: str | None, moment: dt.datetime) -> list[dict[str, Any]]:
        """The engine's exposure; a --company the ledger does not hold is named with the
        nearest recorded ids, as the other commands name it."""
        try:
            return evidence.takedown_exposure(db, company, moment)
        except NotFoundError as e:
            if e.code != "unknown-company" or company is None:
                raise
            from landfall.service.listings import read_facts

            read_facts(None, db, evidence.legal_clock().day(moment), None, company)
            raise

    from landfall.takedown.cli import make_takedown_app

    return typer.main.get_group(
        make_takedown_app(
            evidence.ledger_events,
            evidence.collector_sink("landfall takedown import"),
            evidence.takedown_deadline_for,
            exposure,
            clock=evidence.legal_clock,
            rule_of=evidence.takedown_rule_of,
            require_ledger=require_existing,
        )
    )


def _changes() -> click.Command:
    from landfall.cli.changes import command

    return command()


def _calendar() -> click.Command:
    from landfall.cli.calendar import command

    return command()


def _where() -> click.Command:
    from landfall.cli.where import make_where_command

    return typer.main.get_command(make_where_command())


@dataclass(frozen=True)
class Lazy:
    help: str
    load: Callable[[], click.Command]


LAZY: dict[str, Lazy] = {
    "ledger": Lazy("The tamper-evident, bitemporal ledger of regulatory events.", _ledger),
    "audience": Lazy(
        "Count a country's daily users or accesses from access logs and record them.",
        _audience,
    ),
    "takedown": Lazy("Takedown demands: import them and follow their deadlines.", _takedown),
    "changes": Lazy(
        "What changes in the law between two days or two rulebook versions, and for whom.",
        _changes,
    ),
    "calendar": Lazy(
        "Upcoming due dates, deadlines, ladder steps and law changes, also as iCalendar.",
        _calendar,
    ),
    "where": Lazy(
        "Where each company must land, per jurisdiction: duties due, overdue, exposure, measures.",
        _where,
    ),
}


class LazyGroup(TyperGroup):
    """The top-level group: the lazy commands are loaded when resolved, listed from ``LAZY``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        return names + [name for name in LAZY if name not in names]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in LAZY:
            return found
        # a stand-in for the listing; running the command goes through resolve_command
        return TyperCommand(cmd_name, help=LAZY[cmd_name].help, callback=None)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in LAZY and args[0] not in self.commands:
            self.commands[args[0]] = self.load(args[0])
        try:
            return super().resolve_command(ctx, args)
        except UsageError as e:
            # typer suggests among the loaded commands only; the lazy names count too
            matches = get_close_matches(args[0], list(LAZY)) if args else []
            if matches and "Did you mean" not in e.message:
                e.message = e.message.rstrip(".") + f". Did you mean {matches[0]!r}?"
            raise

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BadParameter as e:
            e.message = with_suggestion(e.message)
            raise

    @staticmethod
    def load(name: str) -> click.Command:
        """The real command behind a lazy name, named as mounted."""
        command = LAZY[name].load()
        command.name = name
        return command


_NOT_ONE_OF = re.compile(r"'(?P<value>[^']*)' is not one of (?P<options>'[^.]*')")


def with_suggestion(message: str) -> str:
    """A choice's error (``'jsn' is not one of 'table', 'json'``, as Typer words it for an
    option such as ``--format``) with the nearest choice: ``Did you mean 'json'?``."""
    found = _NOT_ONE_OF.search(message)
    if found is None or "Did you mean" in message:
        return message
    options = re.findall(r"'([^']*)'", found["options"])
    near = get_close_matches(found["value"], options, n=1, cutoff=0.5)
    return message.rstrip(".") + f". Did you mean {near[0]!r}?" if near else message
