"""Options shared by the test tree (pytest reads addoption hooks only from the initial conftests)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/engine/golden/*.json from the current engine output",
    )
