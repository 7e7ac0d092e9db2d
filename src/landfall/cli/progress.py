"""Progress bars for long work (rows, lines, events, files): on a terminal only.

A bar goes to stderr, so stdout stays the command's answer; when stderr is not a terminal (a
pipe, a CI log, a file) nothing is drawn, because redrawn bars would be noise there. Rich's
``TTY_COMPATIBLE=1`` (or ``FORCE_COLOR``) makes any stream count as a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """How many units a second, in the work's own unit (``1,204 lines/s``)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text(f"- {self.unit}/s", style="progress.data.speed")
        return Text(f"{speed:,.0f} {self.unit}/s", style="progress.data.speed")


class Advance(Protocol):
    def __call__(
        self, n: float = 1, *, description: str | None = None, total: float | None = None
    ) -> None:
        """``n`` more units done; a new description or total when given."""


BYTES = "bytes"
"""The unit that is shown as sizes and a transfer rate (``12.3/45.6 MB 8.1 MB/s``)."""


@contextmanager
def progress(
    description: str, total: float | None, unit: str, console: Console | None = None
) -> Iterator[Advance]:
    """A bar of ``total`` ``unit`` (None: unknown, a count without a bar) while the block
    runs; yields ``advance(n, description=..., total=...)``. Silent unless stderr (or
    ``console``) is a terminal. ``unit`` is a word for people, or :data:`BYTES`."""
    out = console or Console(file=sys.stderr)
    counted: tuple[ProgressColumn, ...] = (
        (DownloadColumn(), TransferSpeedColumn())
        if unit == BYTES
        else (MofNCompleteColumn(), TextColumn(unit), RateColumn(unit))
    )
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        *counted,
        TimeRemainingColumn(),
        console=out,
        disable=not out.is_terminal,
        transient=False,
    )
    with bar:
        task = bar.add_task(description, total=total)

        def advance(
            n: float = 1, *, description: str | None = None, total: float | None = None
        ) -> None:
            bar.update(task, advance=n, description=description, total=total)

        yield advance
