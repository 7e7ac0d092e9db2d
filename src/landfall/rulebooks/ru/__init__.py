"""The Russian rulebook: 236-FZ, 152-FZ art. 18(5), 149-FZ and the KoAP fines."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from landfall.facts.vocabulary import Vocabulary
from landfall.rules.loader import load_rulebook
from landfall.rules.model import Rulebook

HERE = Path(__file__).parent
MEASURES = "ru-236-fz.measures"
LISTS = frozenset({"landing", "social_networks"})  # the regulator's lists facts may name


@cache
def rulebook() -> Rulebook:
    from landfall.rulebooks.ru.rules import RULES

    return load_rulebook(HERE, RULES)


@cache
def vocabulary() -> Vocabulary:
    """The measure and list ids facts about Russia may name (checked as facts are read)."""
    measures = {m["id"] for dated in rulebook().parameter(MEASURES).values for m in dated.value}
    return Vocabulary("RU", frozenset(measures), LISTS)
