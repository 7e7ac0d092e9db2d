"""The audience meter on generated logs whose ground truth is known."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from landfall.audience import JsonFields, hll_relative_error, measure_audience
from landfall.errors import InputError
from landfall.periods import LegalClock
from log_samples import LogSpec, SampleTruth, combined_lines, json_lines

CLOCK = LegalClock(timedelta(hours=3), "MSK")  # the Russian rulebook's

SPEC = LogSpec(days=3, ru_users_per_day=400, requests_per_user=3, seed=11)


def write(path: Path, lines: list[str], *, gz: bool = False) -> Path:
    data = "\n".join(lines) + "\n"
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_combined_counts_are_exact(tmp_path: Path, gz: bool) -> None:
    truth = SampleTruth()
    log = write(
        tmp_path / ("a.log.gz" if gz else "a.log"), list(combined_lines(SPEC, truth)), gz=gz
    )
    report = measure_audience([log], resource="acme.social", clock=CLOCK)
    assert {d.date: d.daily_users_ru for d in report.days} == truth.counts()
    assert all(d.method == "exact" for d in report.days)
    assert report.lines_read == truth.lines
    assert report.malformed == truth.malformed > 0
    assert [m.line for m in report.malformed_examples] == truth.malformed_lines[:10]


def test_json_lines_counts_are_exact(tmp_path: Path) -> None:
    truth = SampleTruth()
    log = write(tmp_path / "a.jsonl", list(json_lines(SPEC, truth)))
    report = measure_audience([log], resource="acme.social", clock=CLOCK)
    assert {d.date: d.daily_users_ru for d in report.days} == truth.counts()
    assert report.malformed == truth.malformed
    assert [m.line for m in report.malformed_examples] == truth.malformed_lines[:10]


def test_json_field_names_are_configurable(tmp_path: Path) -> None:
    log = write(
        tmp_path / "a.jsonl",
        [
            json.dumps({"remote": "77.88.55.1", "ts": "2024-03-01T10:00:00+00:00", "ua": "A"}),
            json.dumps({"remote": "77.88.55.1", "ts": "2024-03-01T11:00:00+00:00", "ua": "B"}),
            json.dumps({"remote": "8.8.8.8", "ts": "2024-03-01T11:00:00+00:00", "ua": "B"}),
        ],
    )
    fields = JsonFields(ip="remote", time="ts", user_agent="ua")
    report = measure_audience([log], resource="r", clock=CLOCK, json_fields=fields)
    assert [(d.date, d.daily_users_ru) for d in report.days] == [(date(2024, 3, 1), 2)]


def clf(ip: str, stamp: str, agent: str = "UA/1") -> str:
    return f'{ip} - - [{stamp}] "GET / HTTP/1.1" 200 10 "-" "{agent}"'


def test_moscow_day_boundary_and_zones(tmp_path: Path) -> None:
    log = write(
        tmp_path / "z.log",
        [
            # 20:59 UTC is 23:59 in Moscow; 21:00 UTC is already the next Moscow day.
            clf("77.88.55.1", "01/Mar/2024:20:59:59 +0000", "a"),
            clf("77.88.55.1", "01/Mar/2024:21:00:00 +0000", "b"),
            clf("2a02:6b8::1", "01/Mar/2024:16:00:00 -0500", "c"),
            clf("2a02:6b8::1", "02/Mar/2024:02:29:00 +0530", "d"),
        ],
    )
    report = measure_audience([log], resource="r", clock=CLOCK)
    assert [(d.date, d.daily_users_ru) for d in report.days] == [
        (date(2024, 3, 1), 2),
        (date(2024, 3, 2), 2),
    ]
    # the days are the clock's: on a UTC clock all four fall on 1 March (the last, 02:29 at
    # +05:30, is 20:59 UTC)
    utc = measure_audience([log], resource="r", clock=LegalClock(timedelta(0), "UTC"))
    assert [(d.date, d.daily_users_ru) for d in utc.days] == [(date(2024, 3, 1), 4)]


def test_private_reserved_foreign_and_invalid_are_not_russian(tmp_path: Path) -> None:
    stamp = "01/Mar/2024:12:00:00 +0300"
    log = write(
        tmp_path / "p.log",
        [
            clf("8.8.8.8", stamp),
            clf("10.1.2.3", stamp),
            clf("192.168.0.1", stamp),
            clf("127.0.0.1", stamp),
            clf("fd00::1", stamp),
            clf("::1", stamp),
            clf("100.64.0.1", stamp),
            clf("not-an-ip", stamp),
            clf("::ffff:77.88.55.1", stamp),
            clf("[2a02:6b8::1]", stamp),
            clf("77.88.55.1", stamp),
            clf("77.88.55.1", stamp),
            "",
        ],
    )
    report = measure_audience([log], resource="r", clock=CLOCK)
    # Users are keyed by the address as written: the IPv4-mapped form, the plain form and
    # the bracketed IPv6 are three users.
    assert [d.daily_users_ru for d in report.days] == [3]
    assert report.lines_ru == 4
    assert report.malformed == 1
    assert report.malformed_examples[0].line == 8
    assert report.lines_read == 12


def test_hll_estimate_within_stated_error(tmp_path: Path) -> None:
    spec = LogSpec(days=2, ru_users_per_day=20_000, requests_per_user=1, malformed_share=0)
    truth = SampleTruth()
    log = write(tmp_path / "big.log.gz", list(combined_lines(spec, truth)), gz=True)
    report = measure_audience([log], resource="r", clock=CLOCK, exact_limit=5_000, lg_k=12)
    rse = hll_relative_error(12)
    assert 0.005 < rse < 0.03
    for day in report.days:
        true = truth.counts()[day.date]
        assert day.method == "hll"
        assert day.relative_error == rse
        # Hashing is deterministic, so this is one fixed draw: within three standard errors.
        assert abs(day.daily_users_ru - true) <= 3 * rse * true
        assert day.lower_bound < day.daily_users_ru < day.upper_bound


def test_only_the_largest_days_go_to_the_sketch(tmp_path: Path) -> None:
    stamp = "{:02d}/Mar/2024:12:00:00 +0300"
    lines = [clf("77.88.55.1", stamp.format(1), f"a{i}") for i in range(300)]
    lines += [clf("77.88.55.1", stamp.format(2), f"b{i}") for i in range(50)]
    report = measure_audience(
        [write(tmp_path / "m.log", lines)], resource="r", clock=CLOCK, exact_limit=100
    )
    assert [(d.method, d.daily_users_ru) for d in report.days][1] == ("exact", 50)
    assert report.days[0].method == "hll"


def test_concatenated_gzip_members(tmp_path: Path) -> None:
    stamp = "01/Mar/2024:12:00:00 +0300"
    path = tmp_path / "rot.log.gz"
    path.write_bytes(
        gzip.compress(clf("77.88.55.1", stamp, "a").encode() + b"\n")
        + gzip.compress(clf("77.88.55.1", stamp, "b").encode() + b"\n")
    )
    report = measure_audience([path], resource="r", clock=CLOCK)
    assert report.days[0].daily_users_ru == 2


def test_events_follow_the_facts_format(tmp_path: Path) -> None:
    log = write(tmp_path / "e.log", [clf("77.88.55.1", "01/Mar/2024:12:00:00 +0300")])
    report = measure_audience([log], resource="acme.social", clock=CLOCK)
    assert report.to_events() == [
        {
            "date": "2024-03-01",
            "type": "audience",
            "resource": "acme.social",
            "daily_users_ru": 1,
            "method": "exact",
            "source": "landfall audience",
        }
    ]
    json.dumps(report.to_dict())


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        measure_audience([tmp_path / "nope.log"], resource="r", clock=CLOCK)
    assert e.value.code == "audience-log-missing"
    assert "nope.log" in str(e.value)


def test_truncated_gzip_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "cut.log.gz"
    whole = gzip.compress("\n".join(combined_lines(SPEC)).encode())
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError) as e:
        measure_audience([path], resource="r", clock=CLOCK)
    assert e.value.code == "audience-log-unreadable"


def test_estimates_do_not_depend_on_the_process_hash_seed(tmp_path: Path) -> None:
    spec = LogSpec(days=1, ru_users_per_day=3_000, requests_per_user=1, malformed_share=0)
    log = write(tmp_path / "s.log", list(combined_lines(spec)))
    code = (
        "import sys, datetime as d; from landfall.audience import measure_audience as m; "
        "from landfall.periods import LegalClock as C; c = C(d.timedelta(hours=3), 'MSK'); "
        "print(m([sys.argv[1]], resource='r', clock=c, exact_limit=100, lg_k=10)"
        ".days[0].daily_users_ru)"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(log)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_worker_processes_give_the_serial_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small blocks, so that several workers each get some of the file.
    monkeypatch.setattr("landfall.audience.logs.CHUNK_BYTES", 64 * 1024)
    truth = SampleTruth()
    spec = LogSpec(days=2, ru_users_per_day=2_000, requests_per_user=2, seed=5)
    log = write(tmp_path / "w.log.gz", list(combined_lines(spec, truth)), gz=True)
    serial = measure_audience([log], resource="r", clock=CLOCK)
    parallel = measure_audience([log], resource="r", clock=CLOCK, workers=3)
    assert {d.date: d.daily_users_ru for d in parallel.days} == truth.counts()
    assert parallel.days == serial.days
    assert (parallel.lines_read, parallel.malformed) == (serial.lines_read, serial.malformed)
    assert parallel.malformed_examples == serial.malformed_examples
    sketched = measure_audience(
        [log], resource="r", clock=CLOCK, workers=3, exact_limit=300, lg_k=12
    )
    for day in sketched.days:
        true = truth.counts()[day.date]
        assert day.method == "hll"
        assert day.relative_error == hll_relative_error(12, unioned=True)
        assert abs(day.daily_users_ru - true) <= 3 * day.relative_error * true
