"""Rules of the Russian rulebook, one module per law, registered on one rule set."""

from landfall.rules.registry import RuleSet

RULES = RuleSet()

# Importing the modules registers their rules on RULES.
from landfall.rulebooks.ru.rules import (  # noqa: E402
    koap,
    landing,
    landing_duties,
    localization,
    measures,
    takedown,
)

__all__ = ["RULES", "koap", "landing", "landing_duties", "localization", "measures", "takedown"]
