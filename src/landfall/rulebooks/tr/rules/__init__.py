"""Rules of the Turkish rulebook, one module per duty, registered on one rule set."""

from landfall.rules.registry import RuleSet

RULES = RuleSet()

# Importing the modules registers their rules on RULES.
from landfall.rulebooks.tr.rules import (  # noqa: E402
    applications,
    duties,
    fines,
    ladder,
    representative,
    scope,
)

__all__ = ["RULES", "applications", "duties", "fines", "ladder", "representative", "scope"]
