"""The Russian rulebook: 236-FZ, 152-FZ art. 18(5), 149-FZ and the KoAP fines."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from landfall.rules.loader import load_rulebook
from landfall.rules.model import Rulebook

HERE = Path(__file__).parent


@cache
def rulebook() -> Rulebook:
    from landfall.rulebooks.ru.rules import RULES

    return load_rulebook(HERE, RULES)
