"""The Union's rulebook as data: every value dated, cited, marked and (unless verified) explained;
one base rule per definition; every rule citing the Regulation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from landfall.rulebooks.eu import HERE, rulebook

PARAMETERS = HERE / "parameters"
FILES = sorted(PARAMETERS.rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PARAMETERS)))
def test_each_value_is_dated_cited_marked_and_explained(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    starts = list(raw["values"])
    assert starts and starts == sorted(starts)
    assert all(isinstance(s, dt.date) for s in starts)
    for start, value in raw["values"].items():
        assert value["status"] in ("verified", "conflicting", "unverified"), start
        assert value["citation"]["act"].strip(), start
        if value["status"] == "verified":
            assert value.get("sources"), f"{start}: a verified value names its sources"
        else:
            assert value.get("note"), f"{start}: a value that is not verified says why"


def test_the_rulebook_loads_with_its_manifest() -> None:
    book = rulebook()
    assert book.id == "eu" and len(book.parameters) == len(FILES)
    assert (book.manifest.jurisdiction, book.manifest.currency) == ("EU", "EUR")
    assert book.manifest.columns == (
        "eu-dsa.legal-representative",
        "eu-dsa.transparency-report",
        "eu-dsa.takedown",
    )
    assert book.manifest.measure_ids == ("temporary-access-restriction",)
    assert set(book.manifest.lists) == {"vlop", "vlose"}


def test_each_definition_has_one_base_rule_and_every_rule_cites_the_regulation() -> None:
    book = rulebook()
    for definition, rules in book.rules.items():
        assert [r.exception_to for r in rules].count(None) == 1, definition
        assert rules[0].exception_to is None, definition
        for rule in rules:
            assert rule.law == "eu-dsa" and rule.citation.act.startswith(
                "Regulation (EU) 2022/2065"
            )
            assert rule.summary and "  " not in rule.summary, rule.id
