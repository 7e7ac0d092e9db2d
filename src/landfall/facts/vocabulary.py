"""Open vocabularies checked against the rulebooks loaded: measures and lists by country.

The facts model takes any measure or list id (Turkey's ladder is not Russia's); a rulebook
says which ids its country has. An id unknown to the rulebook of the event's country is a
diagnostic with the closest known ids. Events of a country no loaded rulebook covers are
left alone: nothing is known to check them against.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from landfall.facts.integrity import Problem
from landfall.facts.model import FactsDocument


@dataclass(frozen=True)
class Vocabulary:
    """The ids one rulebook gives its country's measures and lists."""

    country: str
    measures: frozenset[str]
    lists: frozenset[str]


_FIELDS = {
    "measure_applied": ("measure", "measures"),
    "measure_lifted": ("measure", "measures"),
    "list_inclusion": ("list", "lists"),
}


def unknown_ids(doc: FactsDocument, vocabularies: Iterable[Vocabulary]) -> list[Problem]:
    """Each measure or list id the rulebook of the event's country does not name."""
    by_country = {v.country: v for v in vocabularies}
    found: list[Problem] = []
    for i, event in enumerate(doc.events):
        spec = _FIELDS.get(event.type)
        vocabulary = by_country.get(getattr(event, "country", ""))
        if spec is None or vocabulary is None:
            continue
        name, kind = spec
        value = getattr(event, name)
        known: frozenset[str] = getattr(vocabulary, kind)
        if value in known:
            continue
        close = difflib.get_close_matches(value, sorted(known), n=3)
        hint = (
            f"did you mean {' or '.join(repr(c) for c in close)}?"
            if close
            else f"use one of: {', '.join(sorted(known))}"
        )
        found.append(
            Problem(
                "invalid-choice",
                f"{value!r} is not one of the {kind} of the {vocabulary.country} rulebook",
                ("events", i, name),
                hint,
            )
        )
    return found
