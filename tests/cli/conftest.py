"""The CLI's tests start without ``COLUMNS``: the commands take their width from it, and
some runners (pytest-xdist's workers) export one, so a test that wants a width sets it."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_inherited_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
