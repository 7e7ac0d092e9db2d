"""Hostile facts and takedown files are diagnostics naming file, line and field: never a
traceback, never unbounded memory (the probe's cases, each at its edge)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from landfall.errors import InputError
from landfall.facts import parse_facts
from landfall.facts.loader import MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_INT_DIGITS
from landfall.takedown.parse import read_takedown_file


def laughs(levels: int) -> str:
    """The classic alias bomb: each level is ten aliases of the one before (10**levels)."""
    names = "abcdefghijk"
    lines = ["landfall: 1", "a: &a [x,x,x,x,x,x,x,x,x,x]"]
    for n in range(1, levels + 1):
        prev, name = names[n - 1], names[n]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def code_of(text: str, name: str = "bad.yaml") -> InputError:
    with pytest.raises(InputError) as e:
        parse_facts(text, name=name)
    return e.value


def test_alias_bomb_is_refused_within_a_memory_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "laughs.yaml"
    bomb.write_text(laughs(9))  # 10**9 expansions in under 500 bytes
    assert bomb.stat().st_size < 450
    script = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({768 << 20}, {768 << 20}))
        from landfall.errors import InputError
        from landfall.facts import load_facts
        try:
            load_facts({str(bomb)!r})
        except InputError as e:
            print(e.code)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "yaml-aliases-too-large"


def test_a_few_shared_blocks_still_load() -> None:
    doc = parse_facts(
        "landfall: 1\n"
        "companies:\n  - &base {id: acme, country: CY}\n"
        "resources:\n  - {id: acme.social, company: acme, kind: social_network}\n",
        name="ok.yaml",
    )
    assert doc.companies[0].id == "acme"
    # under the bound (10**3 values expanded), the document is read whole, then judged
    assert MAX_ALIAS_EXPANSION > 2 * 10**3
    error = code_of(laughs(3).replace("landfall: 1\n", "landfall: 2\n"))
    assert error.code == "unsupported-format-version"  # read whole, then judged


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_nesting_depth(kind: str) -> None:
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    shallow = "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    if kind == "json":
        bad, ok = (f'{{"landfall": 1, "note": {v}}}' for v in (deep, shallow))
    else:
        bad, ok = (f"landfall: 1\nnote: {v}\n" for v in (deep, shallow))
    assert code_of(bad).code == "too-deeply-nested"
    assert code_of(ok).code != "too-deeply-nested"  # unknown field, judged by the model
    assert code_of('{"landfall": 1, "x": ' + "[" * 3000 + "]" * 3000 + "}").code == (
        "too-deeply-nested"
    )


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_integer_size(kind: str) -> None:
    def doc(digits: int) -> str:
        n = "9" * digits
        if kind == "json":
            return (
                '{"landfall": 1, "companies": [{"id": "a"}], "events": [{"date": "2022-01-01", '
                f'"type": "fine", "company": "a", "article": "13.41", "amount_rub": {n}}}]}}'
            )
        return (
            "landfall: 1\ncompanies: [{id: a}]\nevents:\n"
            f"  - {{date: 2022-01-01, type: fine, company: a, article: '13.41', amount_rub: {n}}}\n"
        )

    assert parse_facts(doc(MAX_INT_DIGITS), name="ok").events[0]
    error = code_of(doc(MAX_INT_DIGITS + 1))
    assert error.code == "number-too-large"
    error = code_of(doc(5000))
    assert error.code == "number-too-large" and "5000 digits" in str(error)
    if kind == "yaml":
        assert error.diagnostics[0].where.line == 4


def test_lone_surrogate_names_the_field() -> None:
    text = '{"landfall": 1,\n "companies": [{"id": "a", "name": "x\\ud800"}]}'
    error = code_of(text, "s.json")
    assert error.code == "invalid-text"
    assert error.diagnostics[0].where.field == "companies[0].name"
    # a valid pair is one character, and loads
    ok = parse_facts(text.replace("\\ud800", "\\ud83d\\ude00"), name="s.json")
    assert ok.companies[0].name == "x\U0001f600"


@pytest.mark.parametrize("stamp", ['"0001-01-01T00:00:00+14:00"', "0001-01-01T00:00:00+14:00"])
def test_year_one_at_plus_fourteen(stamp: str) -> None:
    text = f"landfall: 1\ncompanies: [{{id: a}}]\nevents:\n  - {{date: {stamp}, type: rkn_account, company: a}}\n"
    error = code_of(text)
    assert error.code == "date-out-of-range"
    assert (error.diagnostics[0].where.line, error.diagnostics[0].where.field) == (
        4,
        "events[0].date",
    )


def demands_json(tmp_path: Path, received_at: str) -> Path:
    path = tmp_path / "d.json"
    record = {
        "demand_id": "d1",
        "company": "acme",
        "received_at": received_at,
        "basis": "149-FZ",
        "item": "https://acme.social/p/1",
    }
    path.write_text(json.dumps({"demands": [record]}))
    return path


def test_takedown_year_one_at_plus_fourteen(tmp_path: Path) -> None:
    assert read_takedown_file(demands_json(tmp_path, "2022-01-01T00:00:00+14:00")).demands
    with pytest.raises(InputError) as e:
        read_takedown_file(demands_json(tmp_path, "0001-01-01T00:00:00+14:00"))
    assert e.value.code == "takedown-bad-time"
    assert e.value.diagnostics[0].where.field == "demands[0].received_at"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"demands": ' + "[" * 3000 + "]" * 3000 + "}", "too-deeply-nested"),
        ('{"demands": [{"demand_id": ' + "7" * 5000 + "}]}", "number-too-large"),
        ('{"demands": [{"demand_id": "\\udc00"}]}', "invalid-text"),
    ],
)
def test_takedown_json_bounds(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(text)
    with pytest.raises(InputError) as e:
        read_takedown_file(path)
    assert e.value.code == code
    assert "t.json" in str(e.value)


def test_dsa_cell_that_is_hostile_json_is_no_value(tmp_path: Path) -> None:
    path = tmp_path / "dsa.csv"
    cell = "[" * 3000 + "]" * 3000
    path.write_text(
        "uuid,decision_ground,platform_name,application_date,decision_visibility\n"
        f'u1,DECISION_GROUND_ILLEGAL_CONTENT,Acme,2024-01-02,"{cell}"\n'
        f"u2,DECISION_GROUND_ILLEGAL_CONTENT,Acme,2024-01-02,[{'9' * 5000}]\n"
    )
    result = read_takedown_file(path)
    assert len(result.demands) == 2
