"""Parsing as strict as the docs: the probe's lenient readings are diagnostics with a line.

``landfall: true`` / ``1.0`` were read as format 1, duplicate keys kept the last value,
``daily_users_ru: true`` became 1, resource ids took newlines and HTML, a takedown CSV's
``company`` was not checked, and a 5,001-digit integer key was "not a real date" with no line.
"""

from __future__ import annotations

from pathlib import Path

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
