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


# -- the commands' bars: on a terminal only ----------------------------------------------------

BAR_CHARACTERS = ("━", "\x1b[")


def landfall(*args: str, cwd: Path, terminal: bool) -> subprocess.CompletedProcess[str]:
    """The installed CLI in a child process: stdout and stderr are pipes; ``terminal`` makes
    Rich take them for a terminal (``TTY_COMPATIBLE=1``), as a person's shell would be."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "100"}
    env.pop("TTY_COMPATIBLE", None)
    env.pop("FORCE_COLOR", None)
    if terminal:
        env["TTY_COMPATIBLE"] = "1"
    command = [sys.executable, "-c", "from landfall.cli import app; app()", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def drawn(stderr: str) -> bool:
    return any(c in stderr for c in BAR_CHARACTERS)


def audience_log(tmp_path: Path) -> Path:
    from log_samples import LogSpec, combined_lines

    log = tmp_path / "access.log"
    log.write_text("\n".join(combined_lines(LogSpec(days=2, ru_users_per_day=40))) + "\n")
    return log


def takedown_demands(tmp_path: Path) -> Path:
    demands = tmp_path / "demands.csv"
    demands.write_text(
        "demand_id,company,received_at,basis,item\n"
        + "".join(
            f"d-{i},kestrel,2021-11-01T10:00:00+03:00,149-FZ 15.3,https://kestrel.video/v/{i}\n"
            for i in range(2500)
        ),
        encoding="utf-8",
    )
    return demands


def scan_stores_file(tmp_path: Path) -> Path:
    import sqlite3

    db = tmp_path / "users.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE users (id, phone, email)")
        conn.executemany(
            "INSERT INTO users VALUES (?, ?, ?)",
            [(i, f"+7 916 555-{i // 100:02d}-{i % 100:02d}", f"u{i}@mail.ru") for i in range(300)],
        )
    stores = tmp_path / "stores.yaml"
    stores.write_text(
        f"stores:\n- id: main\n  company: acme\n  role: primary\n  country: NL\n"
        f"  url: sqlite:///{db}\n",
        encoding="utf-8",
    )
    return stores


def ledger_of_kestrel(tmp_path: Path) -> str:
    """A ledger holding the example's company (kestrel) and its resource (kestrel.video)."""
    from landfall.ledger import open_ledger
    from landfall.ledger.importer import import_facts

    db = f"sqlite:///{tmp_path / 'l.db'}"
    with open_ledger(db) as store:
        import_facts(store, EXAMPLES / "midsize-platform.yaml")
    return db


def long_commands(tmp_path: Path) -> dict[str, list[str]]:
    db = ledger_of_kestrel(tmp_path)
    return {
        "audience": ["audience", str(audience_log(tmp_path)), "--resource", "kestrel.video",
                     "--country", "RU", "--db", db],
        "takedown import": ["takedown", "import", str(takedown_demands(tmp_path)), "--db", db],
        "scan": ["scan", str(scan_stores_file(tmp_path)), "--no-reconcile"],
        "ledger import": ["ledger", "import", str(EXAMPLES / "june-2021.yaml"), "--db", db],
    }  # fmt: skip


def test_long_commands_draw_a_bar_on_a_terminal_and_nothing_in_a_pipe(tmp_path: Path) -> None:
    """Each long command draws its bar on stderr when that is a terminal, and prints nothing of
    it into a pipe; its answer still goes to stdout."""
    for name, args in long_commands(tmp_path).items():
        piped = landfall(*args, cwd=tmp_path, terminal=False)
        assert piped.returncode == 0, (name, piped.stderr)
        assert not drawn(piped.stderr) and "\r" not in piped.stderr, name
        shown = landfall(*args, cwd=tmp_path, terminal=True)
        assert shown.returncode == 0, (name, shown.stderr)
        assert drawn(shown.stderr), name
        assert shown.stdout.replace("\x1b[", "") and piped.stdout, name  # the answer stays


def test_the_audience_bar_counts_bytes_against_the_logs_size(tmp_path: Path) -> None:
    log = audience_log(tmp_path)
    db = ledger_of_kestrel(tmp_path)
    done = landfall(
        "audience", str(log), "--resource", "kestrel.video", "--db", db,
        cwd=tmp_path, terminal=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    size = log.stat().st_size
    assert f"{size / 1000:.1f}/{size / 1000:.1f} kB" in done.stderr  # all of it read, of all


def test_the_takedown_bar_counts_the_rows_read(tmp_path: Path) -> None:
    db = ledger_of_kestrel(tmp_path)
    done = landfall(
        "takedown", "import", str(takedown_demands(tmp_path)), "--db", db,
        cwd=tmp_path, terminal=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2,500" in done.stderr or "2500" in done.stderr  # every row, the last batch too
