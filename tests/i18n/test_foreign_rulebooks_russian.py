"""The Turkish, Indian and EU rulebooks speak Russian: every ``because`` line (and need and
fact) their golden assessments record, and every citation of their rules and parameters, reads
in Russian from the rulebook's own because.po; none is left English or half translated."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall import i18n
from landfall.engine import assess
from landfall.facts import load_facts, parse_facts
from landfall.labels import citation
from landfall.rulebooks import load_many

ROOT = Path(__file__).parents[2]

DOCUMENTS = [
    ("tr", "tests/cases/tr/golden-facts.json", (dt.date(2021, 3, 5), dt.date(2021, 5, 1))),
    ("in", "tests/cases/in/golden-facts.json", (dt.date(2021, 5, 25), dt.date(2026, 3, 1))),
    ("eu", "tests/engine/golden/eu-facts.yaml", (dt.date(2024, 2, 17), dt.date(2025, 6, 1))),
]

LEFT_ENGLISH = re.compile(
    r"the worldwide turnover of \d{4} in EUR is not in the facts \(only .* from "
)
"""Turnovers in other currencies and scopes listed as recorded ("USD from world, EUR from DE"):
the line stays whole in English rather than half translated (docs/i18n.md)."""

URL = re.compile(r"\S+://\S+")

MIXED = re.compile(r"\b[A-Za-z]{3,} [a-z]{3,}\b")
"""Two English words in a row left in a Russian line."""


def recorded_lines(node: Any, key: str | None = None) -> set[str]:
    if isinstance(node, dict):
        return {line for k, v in node.items() for line in recorded_lines(v, k)}
    if isinstance(node, list):
        return {line for v in node for line in recorded_lines(v, key)}
    if isinstance(node, str) and key in ("because", "needs", "facts"):
        return {node}
    return set()


@pytest.mark.parametrize(("code", "document", "days"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_because_line_of_the_rulebook_reads_in_russian(
    code: str, document: str, days: tuple[dt.date, ...]
) -> None:
    books = load_many((code,))
    facts = load_facts(ROOT / document)
    lines: set[str] = set()
    for day in days:
        lines |= recorded_lines(assess(books, facts, day).to_dict(with_trace=True))
    assert len(lines) > 30
    shown = {line: i18n.because(line, "ru") for line in lines}
    english = sorted(line for line, ru in shown.items() if ru == line)
    mixed = sorted(ru for ru in shown.values() if MIXED.search(ru))
    assert english == [], english
    assert mixed == [], mixed
    assert all(i18n.because(line, "en") == line for line in lines)  # the record is unchanged


@pytest.mark.parametrize("code", ["tr", "in", "eu"])
def test_every_citation_of_the_rulebook_reads_in_russian(code: str) -> None:
    (book,) = load_many((code,))
    cited = {str(r.citation) for group in book.rules.values() for r in group}
    cited |= {str(d.citation) for p in book.parameters.values() for d in p.values}
    with i18n.speaking("ru"):
        shown = {c: citation(c) for c in cited}
    assert len(cited) > 20
    english = sorted(c for c, ru in shown.items() if ru == c)
    mixed = sorted(ru for ru in shown.values() if MIXED.search(ru))
    assert english == [], english
    assert mixed == [], mixed


@pytest.mark.parametrize("code", ["tr", "in", "eu"])
def test_the_case_book_of_the_rulebook_reads_in_russian(code: str) -> None:
    """Every line the rulebook writes over its own case book (tests/cases/<code>), assessed by
    it alone, reads in Russian: the cases reach the branches the golden files do not."""
    books = load_many((code,))
    lines: set[str] = set()
    for path in sorted((ROOT / "tests" / "cases" / code).glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            if tuple(case.get("rulebooks", ["ru"])) != (code,):
                continue
            text = json.dumps(case["facts"], default=lambda v: v.isoformat())
            as_of = case["as_of"]
            as_of = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
            result = assess(books, parse_facts(text, name=case["name"]), as_of)
            lines |= recorded_lines(result.to_dict(with_trace=True))
    assert len(lines) > 100
    shown = {line: i18n.because(line, "ru") for line in lines if not LEFT_ENGLISH.match(line)}
    english = sorted(line for line, ru in shown.items() if ru == line)
    # an item is its address and an action its code ("refused https://host.example/a")
    mixed = sorted(ru for ru in shown.values() if MIXED.search(URL.sub("", ru)))
    assert english == [], english
    assert mixed == [], mixed


PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("package", ["tr", "in_", "eu"])
def test_every_pattern_is_translated_with_the_same_placeholders(package: str) -> None:
    po = ROOT / "src" / "landfall" / "rulebooks" / package / "locale" / "ru" / "LC_MESSAGES"
    catalog = i18n.read_catalogue(po / "because.po", "ru", i18n.BECAUSE_DOMAIN)
    entries = [m for m in catalog if m.id]
    assert len(entries) > 50
    wrong = [
        str(m.id)
        for m in entries
        if not m.string
        or m.fuzzy
        or sorted(PLACEHOLDER.findall(str(m.string))) != sorted(PLACEHOLDER.findall(str(m.id)))
    ]
    assert wrong == [], wrong
