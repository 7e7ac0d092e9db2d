"""Parsing as strict as the docs: the probe's lenient readings are diagnostics with a line.

``landfall: true`` / ``1.0`` were read as format 1, duplicate keys kept the last value,
``daily_users_ru: true`` became 1, resource ids took newlines and HTML, a takedown CSV's
``company`` was not checked, and a 5,001-digit integer key was "not a real date" with no line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from landfall.errors import InputError
from landfall.facts import parse_facts
from landfall.takedown.parse import read_takedown_file

HEAD = "landfall: 1\ncompanies: [{id: acme, name: A, country: CY}]\n"
RESOURCE = "resources: [{id: acme.social, company: acme, kind: website}]\n"


def refused(text: str, name: str = "f.yaml") -> tuple[str, str, int | None, str | None]:
    with pytest.raises(InputError) as caught:
        parse_facts(text, name=name)
    d = caught.value.diagnostics[0]
    return d.code, d.where.file or "", d.where.line, d.where.field


@pytest.mark.parametrize("value", ["true", "1.0", "'1'"])
def test_the_format_version_is_the_integer_1(value: str) -> None:
    code, _, line, field = refused(f"landfall: {value}\n")
    assert (line, field) == (1, "landfall")
    assert code in ("invalid-value", "unsupported-format-version"), code
    parse_facts("landfall: 1\n", name="f.yaml")


@pytest.mark.parametrize("value", ["true", "false", "1.0", "650000.0"])
def test_an_audience_figure_is_an_integer(value: str) -> None:
    event = f"events:\n- {{date: 2021-01-01, type: audience, resource: acme.social, daily_users_ru: {value}}}\n"
    assert refused(HEAD + RESOURCE + event)[2:] == (5, "events[0].daily_users_ru")
    ok = "events:\n- {date: 2021-01-01, type: audience, resource: acme.social, daily_users_ru: 5}\n"
    assert parse_facts(HEAD + RESOURCE + ok, name="f.yaml").events[0].value == 5  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["0", "1", "0.0", "'true'", "'yes'", "[true]"])
def test_a_yes_no_fact_is_true_or_false(value: str) -> None:
    # lax parsing read `functioning: 0.0` as false: a fact nobody asserted
    event = (
        "events:\n- {date: 2021-01-01, type: local_presence, company: acme, form: branch,"
        f" functioning: {value}}}\n"
    )
    code, _, line, field = refused(HEAD + event)
    assert (code, line, field) == ("wrong-type", 4, "events[0].functioning")
    flag = (
        f"landfall: 1\ncompanies: [{{id: acme, name: A, country: CY, facts_complete: {value}}}]\n"
    )
    assert refused(flag)[::3] == ("wrong-type", "companies[0].facts_complete")
    ok = event.replace(f"functioning: {value}", "functioning: false")
    assert parse_facts(HEAD + ok, name="f.yaml").events[0].functioning is False  # type: ignore[union-attr]


def test_a_duplicate_yaml_key_names_file_line_and_key() -> None:
    text = "landfall: 1\ncompanies:\n- id: acme\n  name: A\n  country: CY\n  name: B\n"
    assert refused(text) == ("duplicate-key", "f.yaml", 6, "companies[0].name")


def test_a_duplicate_json_key_names_file_line_and_key() -> None:
    text = '{"landfall": 1,\n "companies": [{"id": "acme",\n  "id": "beta"}]}'
    assert refused(text, "f.json") == ("duplicate-key", "f.json", 3, "companies[0].id")


def test_yaml_merge_keys_are_not_duplicates() -> None:
    text = "landfall: 1\nbase: &b {name: A, country: CY}\ncompanies:\n- <<: *b\n  id: acme\n"
    # the merge itself is fine; the leftover anchor holder is the only complaint
    assert refused(text)[0] == "unknown-field"


@pytest.mark.parametrize("rid", ['"acme\\nsocial"', '"<b>acme</b>"', '"acme\\u0000"', '"a>"'])
def test_a_resource_id_takes_no_newline_or_html(rid: str) -> None:
    text = HEAD + f"resources: [{{id: {rid}, company: acme, kind: website}}]\n"
    assert refused(text)[2:] == (3, "resources[0].id")


def test_a_5001_digit_integer_key_reports_the_integer_limit_with_its_line() -> None:
    text = HEAD.replace(", country: CY}", ", country: CY, revenue_rub: {2021: 1}}")
    text += "x:\n  ? " + "1" * 5001 + "\n  : 5\n"
    code, _, line, _ = refused(text)
    assert (code, line) == ("number-too-large", 4)


@pytest.mark.parametrize("company", ["ac\0me", "Acme", "acme corp", "<b>", "-acme"])
def test_a_takedown_csv_company_is_a_company_id(tmp_path: Path, company: str) -> None:
    csv = tmp_path / "demands.csv"
    csv.write_text(
        "demand_id,company,received_at,basis,item\n"
        f"rkn-1,{company},2021-03-01T10:00:00+03:00,149-FZ 15.3,post:1\n"
    )
    with pytest.raises(InputError) as caught:
        read_takedown_file(csv)
    d = caught.value.diagnostics[0]
    assert (d.code, d.where.line, d.where.field) == ("takedown-bad-company", 2, "company")


# A valid document with every integer and number field the format has; each case below puts
# the text "5" (or "2021") where one of them belongs.
def numbers_document() -> dict[str, Any]:
    return {
        "landfall": 1,
        "companies": [
            {
                "id": "acme",
                "country": "CY",
                "revenue_rub": {"2021": 5.0},
                "revenue": [{"year": 2021, "amount": 5, "currency": "EUR", "scope": "world"}],
                "localization_exceptions": [2],
            }
        ],
        "resources": [{"id": "acme.social", "company": "acme", "kind": "website"}],
        "events": [
            {
                "date": "2021-01-01",
                "type": "audience",
                "resource": "acme.social",
                "daily_users_ru": 5,
            },
            {
                "date": "2021-01-01",
                "type": "audience_series",
                "resource": "acme.social",
                "daily_users_ru": [5, 6],
            },
            {
                "date": "2021-02-01",
                "type": "fine",
                "company": "acme",
                "article": "13.41",
                "amount_rub": 3000,
                "protocols": 2,
            },
            {
                "date": "2021-02-01",
                "type": "demand",
                "company": "acme",
                "id": "d-1",
                "kind": "takedown",
                "items": 3,
            },
            {
                "date": "2021-02-01",
                "type": "data_store",
                "company": "acme",
                "store": "db",
                "country": "RU",
                "holds_russian_personal_data": True,
                "role": "primary",
            },
            {
                "date": "2021-02-02",
                "type": "scan",
                "company": "acme",
                "store": "db",
                "role": "primary",
                "rows_scanned": 10,
                "russian_user_rows": 4,
                "signals": {"phone": 3},
            },
        ],
    }


NUMERIC_TEXT = [
    (("companies", 0, "revenue_rub", "2021"), "5", "companies[0].revenue_rub.2021"),
    (("companies", 0, "revenue", 0, "year"), "2021", "companies[0].revenue[0].year"),
    (("companies", 0, "revenue", 0, "amount"), "5", "companies[0].revenue[0].amount"),
    (
        ("companies", 0, "localization_exceptions", 0),
        "2",
        "companies[0].localization_exceptions[0]",
    ),
    (("events", 0, "daily_users_ru"), "5", "events[0].daily_users_ru"),
    (("events", 1, "daily_users_ru", 1), "6", "events[1].daily_users_ru[1]"),
    (("events", 2, "amount_rub"), "3000", "events[2].amount_rub"),
    (("events", 2, "protocols"), "2", "events[2].protocols"),
    (("events", 3, "items"), "3", "events[3].items"),
    (("events", 5, "rows_scanned"), "10", "events[5].rows_scanned"),
    (("events", 5, "russian_user_rows"), "4", "events[5].russian_user_rows"),
    (("events", 5, "signals", "phone"), "3", "events[5].signals.phone"),
]


def test_the_numbers_document_is_valid() -> None:
    doc = parse_facts(json.dumps(numbers_document()), name="f.json")
    assert len(doc.events) == 6


@pytest.mark.parametrize(("path", "text", "field"), NUMERIC_TEXT, ids=[c[2] for c in NUMERIC_TEXT])
def test_a_number_given_as_text_is_refused_naming_the_field(
    path: tuple[str | int, ...], text: str, field: str
) -> None:
    data = numbers_document()
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = text
    source = json.dumps(data, indent=1)
    with pytest.raises(InputError) as caught:
        parse_facts(source, name="f.json")
    d = caught.value.diagnostics[0]
    assert (d.code, d.where.field) == ("wrong-type", field)
    assert repr(text) in d.message
    assert d.where.line is not None and f'"{text}"' in source.splitlines()[d.where.line - 1]


def test_a_count_given_as_text_in_yaml_is_refused() -> None:
    event = "events:\n- {date: 2021-01-01, type: audience, resource: acme.social, daily_users_ru: '5'}\n"
    assert refused(HEAD + RESOURCE + event) == (
        "wrong-type",
        "f.yaml",
        5,
        "events[0].daily_users_ru",
    )


@pytest.mark.parametrize("company", ["''", "Acme", "'ac me'"])
def test_an_event_names_its_company_by_id(company: str) -> None:
    event = f"events:\n- {{date: 2021-01-01, type: rkn_account, company: {company}}}\n"
    assert refused(HEAD + event) == ("invalid-id", "f.yaml", 4, "events[0].company")
