"""Rules of the Union's rulebook, one module per part of the Regulation, on one rule set."""

from landfall.rules.registry import RuleSet

RULES = RuleSet()

# Importing the modules registers their rules on RULES.
from landfall.rulebooks.eu.rules import (  # noqa: E402
    penalties,
    representative,
    scope,
    takedown,
    transparency,
)

__all__ = ["RULES", "penalties", "representative", "scope", "takedown", "transparency"]
