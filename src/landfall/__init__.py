"""landfall: compliance engine for internet 'landing' laws.

The public API: read a facts document, load a rulebook, assess it as of a date.

    from landfall import assess, load_facts, russian_rulebook
    assessment = assess(russian_rulebook(), load_facts("facts.yaml"), date(2022, 1, 1))
"""

from landfall.engine import Assessment, assess
from landfall.errors import Diagnostic, LandfallError
from landfall.facts import FactsDocument, load_facts, parse_facts
from landfall.rulebooks.ru import rulebook as russian_rulebook

__all__ = [
    "Assessment",
    "Diagnostic",
    "FactsDocument",
    "LandfallError",
    "__version__",
    "assess",
    "load_facts",
    "parse_facts",
    "russian_rulebook",
]

__version__ = "0.1.0"
