"""Hypothesis fuzz of the facts loader and the takedown importers: whatever the bytes, only
diagnostics come out (bounded: few examples, a deadline per example)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from landfall.errors import LandfallError
from landfall.facts import load_facts
from landfall.takedown.parse import read_takedown_file

FUZZ = settings(
    max_examples=60,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)

# Fragments the probe's crash sites were made of, mixed with arbitrary text.
_HOSTILE = st.sampled_from(
    [
        "&a [x,x]",
        "*a",
        "[" * 200,
        "]" * 200,
        "9" * 5000,
        "\\ud800",
        '"\\udfff"',
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00",
        "!!python/object/apply:os.system ['true']",
        "<<: *a",
        "\x00",
        "\ufeff",
        "1e400",
        "NaN",
        "{",
        "}",
        ":",
        "- ",
        "\n",
        "  ",
        '"',
    ]
)
_TEXT = st.lists(st.one_of(_HOSTILE, st.text(max_size=20)), max_size=30).map("".join)
# The same fragments in a slot of a document that is otherwise well formed, so they reach the
# parser's value paths and the model instead of stopping at a syntax error.
_SLOTTED = st.tuples(
    st.sampled_from(
        [
            '{{"landfall": 1, "note": {}}}',
            '{{"landfall": 1, "companies": [{{"id": "acme", "name": "{}"}}]}}',
            "landfall: 1\nnote: {}\n",
            "landfall: 1\ncompanies: [{{id: acme}}]\nevents:\n  - {{date: {}, type: rkn_account, company: acme}}\n",
            "landfall: 1\ncompanies: [{{id: acme}}]\nevents:\n  - {{date: 2022-01-01, type: fine, company: acme, article: '13.41', amount_rub: {}}}\n",
        ]
    ),
    st.lists(
        st.one_of(_HOSTILE, st.sampled_from(["[", "]", "1", '"x"', ","])), min_size=1, max_size=8
    ).map("".join),
).map(lambda t: t[0].format(t[1]))


def _json_value(depth: int = 3) -> st.SearchStrategy[object]:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=12),
        st.sampled_from(["2022-01-01", "0001-01-01T00:00:00+14:00", "13.41", "acme", "fine"]),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=12,
    )


_FACTS_LIKE = st.fixed_dictionaries(
    {"landfall": st.sampled_from([1, 1, "1", True])},
    optional={
        "companies": st.lists(
            st.fixed_dictionaries(
                {"id": st.sampled_from(["acme", "Bad Id", ""])}, optional={"country": _json_value()}
            ),
            max_size=3,
        ),
        "events": st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.sampled_from(["fine", "rkn_account", "audience", "demand", "x"]),
                    "date": _json_value(),
                },
                optional={"company": st.just("acme"), "amount_rub": _json_value()},
            ),
            max_size=3,
        ),
    },
)


def _only_diagnostics(path: Path, read: object) -> None:
    try:
        read(path)  # type: ignore[operator]
    except LandfallError as e:
        assert e.diagnostics, "an error without a diagnostic"
        for d in e.diagnostics:
            assert d.code and d.code == d.code.lower() and " " not in d.code


@FUZZ
@given(text=st.one_of(_TEXT, _SLOTTED), suffix=st.sampled_from([".yaml", ".json"]))
# The probe's crash sites always run, whatever the draw.
@example('{"landfall": 1, "note": ' + "9" * 5000 + "}", ".json")
@example('{"landfall": 1, "note": ' + "[" * 3000 + "]" * 3000 + "}", ".json")
@example('{"landfall": 1, "companies": [{"id": "acme", "name": "\\ud800"}]}', ".json")
@example("landfall: 1\nnote: " + "9" * 5000 + "\n", ".yaml")
def test_facts_loader_text(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        _only_diagnostics(path, load_facts)


@FUZZ
@given(doc=_FACTS_LIKE, as_yaml=st.booleans())
def test_facts_loader_documents(doc: dict[str, object], as_yaml: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("f.yaml" if as_yaml else "f.json")
        path.write_text(json.dumps(doc), encoding="utf-8")  # JSON is YAML too
        _only_diagnostics(path, load_facts)


@FUZZ
@given(records=st.lists(_json_value(), max_size=4), wrap=st.booleans())
@example(
    [
        {
            "received_at": "0001-01-01T00:00:00+14:00",
            "demand_id": "d",
            "company": "a",
            "basis": "b",
            "item": "i",
        }
    ],
    True,
)
def test_takedown_json(records: list[object], wrap: bool) -> None:
    doc: object = {"demands": records, "actions": records} if wrap else records
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        _only_diagnostics(path, read_takedown_file)


_DEMAND_HEADER = "demand_id,company,received_at,basis,item"
_DSA_HEADER = "uuid,decision_ground,platform_name,application_date,decision_visibility,source_type"


@FUZZ
@given(
    header=st.sampled_from([_DEMAND_HEADER, _DSA_HEADER, "demand_id,item,action,at", ""]),
    cells=st.lists(st.lists(st.one_of(_HOSTILE, st.text(max_size=15)), max_size=6), max_size=4),
    raw=st.binary(max_size=40),
)
def test_takedown_csv(header: str, cells: list[list[str]], raw: bytes) -> None:
    rows = [",".join(json.dumps(c) for c in row) for row in cells]
    body = "\n".join([header, *rows]).encode("utf-8", "surrogatepass") + raw
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(body)
        _only_diagnostics(path, read_takedown_file)
