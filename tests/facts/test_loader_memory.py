"""The facts loader holds about the memory of the models it builds, not the text, the tree and
the models at once (it was about 15 MB of peak memory per MB of JSON)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from landfall.errors import InputError
from landfall.facts import load_facts, parse_facts


def audience_events(n: int) -> list[dict[str, object]]:
    return [
        {
            "date": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "type": "audience",
            "resource": "bulk.example",
            "daily_users_ru": 1000 + i,
            "public": True,
            "source": "generated",
        }
        for i in range(n)
    ]


def document(events: list[dict[str, object]]) -> dict[str, object]:
    return {
        "landfall": 1,
        "companies": [{"id": "bulk", "name": "Bulk Ltd", "country": "CY"}],
        "resources": [{"id": "bulk.example", "company": "bulk", "kind": "social_network"}],
        "events": events,
    }


def test_peak_memory_is_a_few_times_the_json(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps(document(audience_events(120_000))))
    mb = big.stat().st_size / 2**20
    assert mb > 15
    script = textwrap.dedent(
        f"""
        import resource
        from landfall.facts import load_facts
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        doc = load_facts({str(big)!r})
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(len(doc.events), (after - before) / 1024)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    events, grown_mb = done.stdout.split()
    assert int(events) == 120_000
    assert float(grown_mb) < 6 * mb, f"{float(grown_mb):.0f} MB for {mb:.1f} MB of JSON"


def test_an_error_in_a_file_names_its_line_after_the_text_is_let_go(tmp_path: Path) -> None:
    events = audience_events(300)
    events[250] = {**events[250], "daily_users_ru": -1}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document(events), indent=1))
    lines = bad.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if '"daily_users_ru": -1' in text)
    with pytest.raises(InputError) as e:
        load_facts(bad)
    where = e.value.diagnostics[0].where
    assert (where.file, where.line, where.field) == (
        str(bad),
        line,
        "events[250].daily_users_ru",
    )


def test_every_bad_event_is_named_up_to_the_bound() -> None:
    events = audience_events(80)
    for i in (3, 40, 79):
        events[i] = {**events[i], "type": "nonsense"}
    events[41] = {k: v for k, v in events[41].items() if k != "resource"}
    with pytest.raises(InputError) as e:
        parse_facts(json.dumps({**document(events), "companies": [{"id": "Not A Slug"}]}))
    fields = [d.where.field for d in e.value.diagnostics]
    assert [d.code for d in e.value.diagnostics].count("unknown-event-type") == 3
    assert fields == [
        "companies[0].id",
        "events[3]",
        "events[40]",
        "events[41].resource",
        "events[79]",
    ]


def test_no_more_than_fifty_diagnostics_for_a_file_of_bad_events() -> None:
    events = [{**e, "daily_users_ru": -1} for e in audience_events(500)]
    with pytest.raises(InputError) as e:
        parse_facts(json.dumps(document(events)))
    assert len(e.value.diagnostics) == 50
    assert e.value.diagnostics[-1].where.field == "events[49].daily_users_ru"


def test_models_sharing_their_set_fields_still_serialise_what_each_set() -> None:
    events = audience_events(3)
    events[1] = {**events[1], "note": "only this one"}
    doc = parse_facts(json.dumps(document(events)))
    dumped = [e.model_dump(mode="json", exclude_unset=True) for e in doc.events]
    assert "note" not in dumped[0] and "note" not in dumped[2]
    assert dumped[1]["note"] == "only this one"
    assert doc.events[0].model_fields_set == doc.events[2].model_fields_set
    copied = doc.events[0].model_copy(update={"note": "copied"})
    assert "note" in copied.model_fields_set
    assert "note" not in doc.events[2].model_fields_set
