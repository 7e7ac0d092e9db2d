"""Rules of the Indian rulebook, registered on one rule set."""

from landfall.rules.registry import RuleSet

RULES = RuleSet()

# Importing the modules registers their rules on RULES.
from landfall.rulebooks.in_.rules import demands, duties, exposure, scope  # noqa: E402

__all__ = ["RULES", "demands", "duties", "exposure", "scope"]
