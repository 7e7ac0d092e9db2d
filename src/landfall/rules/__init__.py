"""The rulebook model: dated parameters with citations, rules with exceptions, a loader."""

from landfall.rules.model import Citation, DatedValue, Law, Parameter, Rule, Rulebook
from landfall.rules.registry import RuleSet

__all__ = ["Citation", "DatedValue", "Law", "Parameter", "Rule", "RuleSet", "Rulebook"]
