"""The Turkish rulebook: Law No. 5651, Additional Article 4 (social network providers)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from landfall.rules.loader import load_rulebook
from landfall.rules.model import Rulebook

HERE = Path(__file__).parent


@cache
def rulebook() -> Rulebook:
    from landfall.rulebooks.tr.rules import RULES

    return load_rulebook(HERE, RULES)
