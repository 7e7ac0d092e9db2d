"""`landfall assess --format json` writes one company at a time; the text is exactly what
``json.dumps(indent=2)`` of the whole answer writes, in either language."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from landfall.engine import StatusTracer, assess
from landfall.facts import load_facts
from landfall.i18n import speaking
from landfall.labels import readable
from landfall.rulebooks import load_many

ROOT = Path(__file__).parents[2]
CASES = [
    (ROOT / "examples" / "midsize-platform.yaml", "2022-02-06"),
    (ROOT / "examples" / "june-2021.yaml", "2021-07-01"),
]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(("path", "as_of"), CASES)
def test_the_streamed_answer_is_the_whole_answer(path: Path, as_of: str, lang: str) -> None:
    done = CliRunner().invoke(
        app, ["assess", str(path), "--as-of", as_of, "--format", "json", "--lang", lang]
    )
    assert done.exit_code == 0, done.stderr
    day = dt.date.fromisoformat(as_of)
    with speaking(lang):
        whole = readable(
            assess(load_many(None), load_facts(path), day, tracer=StatusTracer()).to_dict()
        )
    expected = json.dumps(whole, indent=2, ensure_ascii=False, default=str) + "\n"
    assert len(whole["companies"]) >= 1
    assert done.stdout == expected


def test_no_company_is_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"landfall": 1}', encoding="utf-8")
    done = CliRunner().invoke(
        app, ["assess", str(path), "--as-of", "2022-01-01", "--format", "json"]
    )
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["companies"] == []
    assert done.stdout.endswith('  "companies": []\n}\n')
