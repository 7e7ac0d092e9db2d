"""The Indian rulebook: the IT Rules 2021 (significant social media intermediaries, takedown).

The folder is ``in_`` because ``in`` is a Python keyword; the rulebook's id is ``in``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from landfall.rules.loader import load_rulebook
from landfall.rules.model import Rulebook

HERE = Path(__file__).parent


@cache
def rulebook() -> Rulebook:
    from landfall.rulebooks.in_.rules import RULES

    return load_rulebook(HERE, RULES)
