"""An error in a JSON facts document names its line from the JSON text itself, fast.

Before, the line was found by parsing the whole document again as YAML (42 s for 31 MB).
"""

from __future__ import annotations

import json
import time

import pytest

from landfall.errors import InputError
from landfall.facts.loader import parse_facts


def document(events: int, bad_at: int) -> str:
    rows = [
        {"date": "2022-01-10", "type": "rkn_account", "company": "acme", "note": f"n{i}"}
        for i in range(events)
    ]
    rows[bad_at]["date"] = "2022-13-45"
    body = {
        "landfall": 1,
        "companies": [{"id": "acme", "name": "Acme", "country": "CY"}],
        "events": rows,
    }
    return json.dumps(body, indent=1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def failure(text: str) -> InputError:
    with pytest.raises(InputError) as e:
        parse_facts(text, name="facts.json")
    return e.value


def test_the_line_is_the_bad_fields() -> None:
    text = document(20, 13)
    where = failure(text).diagnostics[0].where
    assert where.field == "events[13].date"
    assert where.line == line_of(text, '"2022-13-45"')


def test_a_key_with_escapes_and_nesting_is_found() -> None:
    text = (
        '{"landfall": 1,\n "companies": [{"id": "acme", "name": "A\\"c\\u006de",\n'
        ' "country": "CY"}],\n "events": [\n  {"date": "2022-01-10", "type": "rkn_account",'
        ' "company": "acme"},\n  {"date": "2022-01-10",\n   "type": "rkn_account",\n'
        '   "company": "nobody"}]}'
    )
    diagnostic = failure(text).diagnostics[0]
    assert diagnostic.where.field == "events[1].company"
    assert diagnostic.where.line == line_of(text, '"nobody"')


def test_a_large_document_finds_its_line_in_seconds() -> None:
    text = document(150_000, 149_990)  # about 20 MB
    started = time.monotonic()
    where = failure(text).diagnostics[0].where
    elapsed = time.monotonic() - started
    assert where.field == "events[149990].date"
    assert where.line == line_of(text, '"2022-13-45"')
    assert elapsed < 20  # the YAML re-parse took minutes at this size (and was skipped)
