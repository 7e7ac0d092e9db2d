"""Progress bars: drawn on a terminal, silent in a pipe."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from landfall.cli.progress import progress

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_on_a_terminal_the_bar_counts_with_its_unit_and_rate() -> None:
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=120)
    with progress("importing", 3, "files", console=terminal) as advance:
        advance(1)
        advance(2)
    drawn = screen.getvalue()
    assert "importing" in drawn and "3/3" in drawn and "files/s" in drawn


def test_not_on_a_terminal_nothing_is_drawn() -> None:
    pipe = io.StringIO()
    with progress("importing", 3, "files", console=Console(file=pipe)) as advance:
        advance(3)
    assert pipe.getvalue() == ""


def test_piped_ledger_import_has_no_progress_text(tmp_path: Path) -> None:
    files = [str(EXAMPLES / "midsize-platform.yaml"), str(EXAMPLES / "june-2021.yaml")]
    command = [sys.executable, "-c", "from landfall.cli import app; app()", "ledger", "import"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    db = ["--db", f"sqlite:///{tmp_path / 'l.db'}"]
    done = subprocess.run(
        [*command, *files, *db], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "added" in done.stdout  # the answer is there
    for progress_text in ("importing", "files/s", "\x1b[", "\r"):
        assert progress_text not in done.stderr + done.stdout
