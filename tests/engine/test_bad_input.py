"""Bad facts documents: every error code, with the file, line and field it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from landfall.errors import InputError
from landfall.facts import load_facts, parse_facts

HEAD = "landfall: 1\ncompanies:\n  - {id: acme, country: CY}\n"  # lines 1-3
RES = "resources:\n  - {id: acme.example, company: acme, kind: website}\n"  # +2 lines


def _yaml(events: str) -> str:
    return HEAD + RES + "events:\n" + events  # events start at line 7


_FINE = (  # a fine decided on 2021-07-01: lines 7-11 of the document
    "  - date: 2021-07-01\n    type: fine\n    company: acme\n    article: '13.41'\n"
    "    amount_rub: 1000000\n"
)

# (code, document, line, field)
YAML_CASES = [
    ("malformed-yaml", "landfall: 1\ncompanies: [\n  {id: a\n", 4, None),
    ("not-a-facts-document", "- 1\n- 2\n", 1, None),
    ("unsupported-format-version", "companies: []\nlandfall: 2\n", 2, "landfall"),
    ("unsupported-format-version", "companies: []\n", 1, "landfall"),
    ("missing-field", HEAD + "resources:\n  - {id: r1}\n", 5, "resources[0].company"),
    (
        "unknown-field",
        "landfall: 1\ncompanies:\n  - id: acme\n    colour: red\n",
        4,
        "companies[0].colour",
    ),
    (
        "unknown-event-type",
        _yaml("  - {date: 2021-07-01, type: landing, company: acme}\n"),
        7,
        "events[0]",
    ),
    ("missing-event-type", _yaml("  - {date: 2021-07-01, company: acme}\n"), 7, "events[0]"),
    (
        "invalid-choice",
        _yaml("  - {date: 2021-07-01, type: local_presence, company: acme, form: office}\n"),
        7,
        "events[0].form",
    ),
    ("invalid-id", "landfall: 1\ncompanies:\n  - {id: Acme_Ltd}\n", 3, "companies[0].id"),
    (
        "invalid-id",
        "landfall: 1\ncompanies:\n  - id: acme\n    country: Cyprus\n",
        4,
        "companies[0].country",
    ),
    (
        "wrong-type",
        _yaml(
            "  - date: 2021-07-01\n    type: audience\n    resource: acme.example\n    daily_users_ru: many\n"
        ),
        10,
        "events[0].daily_users_ru",
    ),
    (
        "out-of-range",
        _yaml(
            "  - date: 2021-07-01\n    type: audience\n    resource: acme.example\n    daily_users_ru: -5\n"
        ),
        10,
        "events[0].daily_users_ru",
    ),
    (
        "invalid-date",  # a date string in another form
        _yaml("  - {date: '01.07.2021', type: rkn_account, company: acme}\n"),
        7,
        "events[0].date",
    ),
    (
        "invalid-value",  # a datetime without an offset
        _yaml("  - {date: '2021-07-01T10:00:00', type: rkn_account, company: acme}\n"),
        7,
        "events[0].date",
    ),
    ("duplicate-id", HEAD + "  - {id: acme}\n", 4, "companies[1].id"),
    (
        "duplicate-id",
        _yaml(
            "  - {date: 2021-07-01, type: demand, company: acme, id: d1, kind: takedown}\n"
            "  - {date: 2021-07-02, type: demand, company: acme, id: d1, kind: takedown}\n"
        ),
        8,
        "events[1].id",
    ),
    (
        "unknown-company",
        HEAD + "resources:\n  - {id: r1, company: acne}\n",
        5,
        "resources[0].company",
    ),
    (
        "unknown-company",
        _yaml("  - {date: 2021-07-01, type: rkn_account, company: acne}\n"),
        7,
        "events[0].company",
    ),
    (
        "unknown-resource",
        _yaml("  - date: 2021-07-01\n    type: feedback_form\n    resource: acme.exampel\n"),
        9,
        "events[0].resource",
    ),
    (
        "unknown-demand",
        _yaml("  - {date: 2021-07-01, type: demand_met, company: acme, demand: d9}\n"),
        7,
        "events[0].demand",
    ),
    (
        "date-out-of-range",
        _yaml("  - {date: 1921-07-01, type: rkn_account, company: acme}\n"),
        7,
        "events[0].date",
    ),
    # a fine's lifecycle dates contradicting its decision date (line of the field named)
    ("fine-date-order", _yaml(_FINE + "    paid_date: 2021-06-30\n"), 12, "events[0].paid_date"),
    (
        "fine-date-order",
        _yaml(_FINE + "    in_force_date: 2021-06-30\n"),
        12,
        "events[0].in_force_date",
    ),
    (
        "fine-date-order",
        _yaml(_FINE + "    offense_date: 2021-07-02\n"),
        12,
        "events[0].offense_date",
    ),
    (
        "fine-date-order",
        _yaml(_FINE + "    detected_date: 2021-07-02\n"),
        12,
        "events[0].detected_date",
    ),
    (
        "fine-date-order",
        _yaml(_FINE + "    offense_date: 2021-06-10\n    detected_date: 2021-06-09\n"),
        13,
        "events[0].detected_date",
    ),
    (
        "duplicate-id",
        _yaml(_FINE + "    id: f1\n" + _FINE + "    id: f1\n"),
        18,
        "events[1].id",
    ),
]


@pytest.mark.parametrize(
    ("code", "text", "line", "field"),
    YAML_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(YAML_CASES)],
)
def test_yaml_errors(code: str, text: str, line: int, field: str | None) -> None:
    with pytest.raises(InputError) as e:
        parse_facts(text, name="bad.yaml")
    first = e.value.diagnostics[0]
    assert (first.code, first.where.file, first.where.line, first.where.field) == (
        code,
        "bad.yaml",
        line,
        field,
    ), e.value.diagnostics
    assert first.message and first.hint
    assert e.value.exit_code == 2


def _json(doc: object) -> str:
    return json.dumps(doc, indent=2)


EVENT = {"date": "2021-07-01", "type": "rkn_account", "company": "acme"}
DOC = {"landfall": 1, "companies": [{"id": "acme"}], "events": [EVENT]}

# In _json(DOC) with one event the event's keys sit on lines 10-12.
JSON_CASES = [
    ("malformed-json", '{"landfall": 1,\n "companies": [\n}', 3, None),
    ("unsupported-format-version", _json({**DOC, "landfall": "1"}), 1, "landfall"),
    (
        "missing-field",
        _json({**DOC, "events": [{"date": "2021-07-01", "type": "rkn_account"}]}),
        9,
        "events[0].company",
    ),
    ("unknown-field", _json({**DOC, "events": [{**EVENT, "colour": 1}]}), 13, "events[0].colour"),
    ("unknown-event-type", _json({**DOC, "events": [{**EVENT, "type": "x"}]}), 9, "events[0]"),
    (
        "invalid-date",
        _json({**DOC, "events": [{**EVENT, "date": "01.07.2021"}]}),
        10,
        "events[0].date",
    ),
    (
        "unknown-company",
        _json({**DOC, "events": [{**EVENT, "company": "acne"}]}),
        12,
        "events[0].company",
    ),
    (
        "wrong-type",
        _json({**DOC, "companies": [{"id": "acme", "revenue_rub": {"2021": "lots"}}]}),
        7,
        "companies[0].revenue_rub.2021",
    ),
    (
        "date-out-of-range",
        _json({**DOC, "events": [{**EVENT, "date": "2101-01-01"}]}),
        10,
        "events[0].date",
    ),
]


@pytest.mark.parametrize(
    ("code", "text", "line", "field"),
    JSON_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(JSON_CASES)],
)
def test_json_errors(code: str, text: str, line: int, field: str | None) -> None:
    with pytest.raises(InputError) as e:
        parse_facts(text, name="bad.json")
    first = e.value.diagnostics[0]
    assert (first.code, first.where.file, first.where.line, first.where.field) == (
        code,
        "bad.json",
        line,
        field,
    ), e.value.diagnostics


def test_impossible_yaml_date_is_an_input_error() -> None:
    text = _yaml("  - {date: 2021-13-45, type: rkn_account, company: acme}\n")
    with pytest.raises(InputError) as e:
        parse_facts(text, name="bad.yaml")
    where = e.value.diagnostics[0].where
    assert e.value.code in ("invalid-date", "malformed-yaml") and where.line == 7


def test_every_problem_is_reported_not_only_the_first() -> None:
    text = _yaml(
        "  - {date: 2021-07-01, type: rkn_account, company: x1}\n"
        "  - {date: 2021-07-01, type: rkn_account, company: x2}\n"
    )
    with pytest.raises(InputError) as e:
        parse_facts(text, name="bad.yaml")
    assert [(d.code, d.where.line) for d in e.value.diagnostics] == [
        ("unknown-company", 7),
        ("unknown-company", 8),
    ]


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        load_facts(tmp_path / "missing.yaml")
    assert e.value.code == "file-not-found"
    assert e.value.diagnostics[0].where.file == str(tmp_path / "missing.yaml")
    with pytest.raises(InputError) as e:
        load_facts(tmp_path)
    assert e.value.code == "not-a-file"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("landfall: 1\ncompanies: [{id: a, name: 'caf\xe9'}]\n".encode("latin-1"))
    with pytest.raises(InputError) as e:
        load_facts(latin)
    assert e.value.code == "bad-encoding"


def test_good_documents_load_from_yaml_and_json_alike(tmp_path: Path) -> None:
    doc = {**DOC, "events": [{**EVENT, "date": "2022-02-03T23:30:00+00:00"}]}
    as_json = tmp_path / "f.json"
    as_json.write_text(_json(doc), encoding="utf-8")
    as_yaml = tmp_path / "f.yaml"
    as_yaml.write_text(
        "landfall: 1\ncompanies: [{id: acme}]\nevents:\n"
        "  - {date: '2022-02-03T23:30:00+00:00', type: rkn_account, company: acme}\n",
        encoding="utf-8",
    )
    assert load_facts(as_json) == load_facts(as_yaml)


def test_a_fine_s_consistent_lifecycle_dates_load() -> None:
    """Offence and detection on or before the decision, force and payment on or after it, and
    payment before entry into force (KoAP art. 4.6 part 2) are all consistent."""
    text = _yaml(
        _FINE + "    id: f1\n    offense_date: 2021-06-01\n    detected_date: 2021-07-01\n"
        "    in_force_date: 2021-07-20\n    paid_date: 2021-07-01\n"
    )
    (fine,) = parse_facts(text, name="good.yaml").events
    assert fine.type == "fine" and fine.paid_date is not None
