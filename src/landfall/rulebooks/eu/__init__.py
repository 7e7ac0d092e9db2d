"""The Union's rulebook: the Digital Services Act (arts. 9, 13, 15, 16, 33, 42, 52, 74, 76, 82)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from landfall.rules.loader import load_rulebook
from landfall.rules.model import Rulebook

HERE = Path(__file__).parent


@cache
def rulebook() -> Rulebook:
    from landfall.rulebooks.eu.rules import RULES

    return load_rulebook(HERE, RULES)
