"""``landfall --help`` stays light: no numpy, SQLAlchemy, DataSketches or data-frame engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import typer
from typer import _click as click  # typer ships its own click; its types are these
from typer.testing import CliRunner

from landfall.cli import app
from landfall.cli._lazy import LAZY, LazyGroup

HEAVY = ("numpy", "sqlalchemy", "datasketches", "polars", "duckdb", "matplotlib")

# a real interpreter: import the CLI app, render its help, report what got imported
PROBE = """
import json, sys
from typer.testing import CliRunner
from landfall.cli import app
result = CliRunner().invoke(app, ["--help"])
assert result.exit_code == 0, result.output
print(json.dumps({"help": result.stdout, "modules": sorted(sys.modules)}))
"""


def _probe() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=os.environ, check=True
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_help_imports_none_of_the_heavy_libraries() -> None:
    found = _probe()
    modules = found["modules"]
    assert isinstance(modules, list)
    loaded = sorted({m.split(".")[0] for m in modules} & set(HEAVY))
    assert loaded == [], f"landfall --help imported {loaded}"
    # and the lazy commands are still listed
    assert all(name in str(found["help"]) for name in LAZY)


def test_the_probe_sees_a_heavy_import_when_a_lazy_command_loads() -> None:
    # the check above is not vacuous: loading a lazy command does import them
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from landfall.cli._lazy import LazyGroup; LazyGroup.load('ledger');"
            "print('sqlalchemy' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "True"


@pytest.mark.parametrize("name", sorted(LAZY))
def test_the_listed_help_is_the_real_commands_help(name: str) -> None:
    real = LazyGroup.load(name)
    assert real.name == name
    assert LAZY[name].help == (real.help or "").strip().splitlines()[0]


@pytest.mark.parametrize("name", sorted(LAZY))
def test_a_lazy_command_runs_its_own_help(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"landfall {name}" in result.stdout or f"Usage: landfall {name}" in result.stdout


def test_the_app_group_is_the_lazy_one() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    ctx = click.Context(group)
    assert set(LAZY) <= set(group.list_commands(ctx))


def test_a_mistyped_lazy_command_is_suggested() -> None:
    result = CliRunner().invoke(app, ["ledgr"])
    assert result.exit_code == 2
    assert "Did you mean 'ledger'?" in result.output
