"""The alternative reading of 236-FZ kept as a parameter: duties owed only from listing.

The default reading (art. 5: owed once the criteria are met) is tested as legal cases in
tests/cases/landing.yaml; here a copy of the Russian rulebook with the parameter switched
shows that the other reading is really available and changes the answer.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

from landfall.engine import assess
from landfall.facts import parse_facts
from landfall.rulebooks.ru import HERE
from landfall.rulebooks.ru.rules import RULES
from landfall.rules.loader import load_rulebook

FACTS = """
landfall: 1
companies: [{id: acme, country: CY}]
resources: [{id: acme.example, company: acme, kind: website, russian_language: true}]
events:
  - {date: 2021-07-01, type: audience, resource: acme.example, daily_users_ru: 900000}
"""
LISTED = "  - {date: 2021-11-22, type: list_inclusion, company: acme}\n"


def _feedback_form(directory: Path, facts: str, as_of: dt.date) -> dict[str, Any]:
    result = assess(load_rulebook(directory, RULES), parse_facts(facts, name="t"), as_of)
    obligations = result.to_dict()["companies"][0]["obligations"]
    return next(o for o in obligations if o["id"] == "ru-236-fz.feedback-form")


def _listing_reading(tmp_path: Path) -> Path:
    copy = tmp_path / "ru"
    shutil.copytree(HERE, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = copy / "parameters" / "ru-236-fz" / "duties-from-listing.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for value in raw["values"].values():
        value["value"] = True
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return copy


def test_default_reading_owes_the_duty_before_listing() -> None:
    entry = _feedback_form(HERE, FACTS, dt.date(2021, 9, 1))
    assert (entry["status"], entry["due"], entry["enforcement"]) == (
        "violated",
        "2021-07-01",
        "not_listed",
    )


def test_listing_reading_leaves_an_unlisted_company_pending(tmp_path: Path) -> None:
    entry = _feedback_form(_listing_reading(tmp_path), FACTS, dt.date(2021, 9, 1))
    assert (entry["status"], entry["due"], entry["enforcement"]) == (
        "pending",
        None,
        "not_listed",
    )
    assert any("listing reading is chosen" in line for line in entry["because"])


def test_listing_reading_counts_from_the_listing_date(tmp_path: Path) -> None:
    entry = _feedback_form(_listing_reading(tmp_path), FACTS + LISTED, dt.date(2021, 12, 1))
    assert (entry["status"], entry["due"], entry["enforcement"]) == (
        "violated",
        "2021-11-22",
        "listed",
    )
    assert entry["violated_from"] == "2021-11-22"
