"""Measure and list ids are an open vocabulary, checked against the rulebook of each country."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from landfall.errors import InputError
from landfall.facts import Vocabulary, parse_facts
from landfall.rulebooks import vocabulary_of
from landfall.rulebooks.ru import rulebook

HEAD = "landfall: 1\ncompanies: [{id: acme, country: CY}]\nevents:\n"  # lines 1-3


def _doc(*events: str) -> str:
    return HEAD + "".join(f"  - {{date: 2022-03-01, company: acme, {e}}}\n" for e in events)


def test_the_russian_vocabulary_is_the_rulebooks_measures_and_lists() -> None:
    ladder = [m["id"] for m in rulebook().parameter("ru-236-fz.measures").values[-1].value]
    ru = vocabulary_of(rulebook())
    assert ru.country == "RU"
    assert set(ladder) <= ru.measures and "advertising-ban" in ru.measures
    assert ru.lists == {"landing", "social_networks"}


@pytest.mark.parametrize(
    ("event", "field", "hint"),
    [
        ("type: measure_applied, measure: advertisng-ban", "events[1].measure", "'advertising-ban'"),
        ("type: measure_lifted, country: RU, measure: full-block", "events[1].measure", "'full-blocking'"),
        ("type: list_inclusion, list: landin", "events[1].list", "'landing'"),
    ],
)  # fmt: skip
def test_an_unknown_id_names_file_line_and_field_and_the_closest_ids(
    event: str, field: str, hint: str
) -> None:
    text = _doc("type: rkn_account", event)
    with pytest.raises(InputError) as e:
        parse_facts(text, name="f.yaml", vocabularies=[vocabulary_of(rulebook())])
    (first,) = e.value.diagnostics
    assert (first.code, first.where.file, first.where.line, first.where.field) == (
        "invalid-choice",
        "f.yaml",
        5,
        field,
    )
    assert "RU rulebook" in first.message
    assert first.hint.startswith("did you mean") and hint in first.hint
    assert e.value.exit_code == 2


def test_an_id_nothing_resembles_lists_the_known_ones() -> None:
    with pytest.raises(InputError) as e:
        parse_facts(
            _doc("type: list_inclusion, list: zzz"), vocabularies=[vocabulary_of(rulebook())]
        )
    assert e.value.diagnostics[0].hint == "use one of: landing, social_networks"


def test_known_ids_and_other_countries_pass() -> None:
    text = _doc(
        "type: measure_applied, measure: advertising-ban",
        "type: list_inclusion, list: social_networks",
        "type: measure_applied, country: TR, measure: bandwidth-50",  # no TR rulebook loaded
    )
    assert len(parse_facts(text, vocabularies=[vocabulary_of(rulebook())]).events) == 3


def test_each_country_is_checked_against_its_own_rulebook() -> None:
    turkey = Vocabulary(
        "TR", frozenset({"advertising-ban", "bandwidth-50", "bandwidth-90"}), frozenset()
    )
    text = _doc("type: measure_applied, country: TR, measure: full-blocking")
    parse_facts(
        text, vocabularies=[vocabulary_of(rulebook())]
    )  # Russia's id, but not checked as Russia's
    with pytest.raises(InputError) as e:
        parse_facts(text, vocabularies=[vocabulary_of(rulebook()), turkey])
    assert "TR rulebook" in e.value.diagnostics[0].message


def test_without_a_rulebook_ids_are_not_checked() -> None:
    assert parse_facts(_doc("type: measure_applied, measure: advertisng-ban")).events


def test_assess_checks_measure_ids(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(_doc("type: measure_applied, measure: advertisng-ban"), encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", str(bad), "--as-of", "2022-04-01"])
    assert result.exit_code == 2
    assert f"{bad}:4" in result.stderr and "events[0].measure" in result.stderr
    assert "[invalid-choice]" in result.stderr and "did you mean 'advertising-ban'" in result.stderr
