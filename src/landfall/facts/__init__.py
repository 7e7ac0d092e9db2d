"""The facts document: landfall's public input contract (docs/facts-format.md)."""

from landfall.facts.loader import load_facts, parse_facts
from landfall.facts.model import (
    Company,
    Event,
    FactsDocument,
    Resource,
)
from landfall.facts.vocabulary import Vocabulary

__all__ = [
    "Company",
    "Event",
    "FactsDocument",
    "Resource",
    "Vocabulary",
    "load_facts",
    "parse_facts",
]
