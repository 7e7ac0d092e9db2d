"""Benchmark: `landfall assess` over 10,000 companies with a year of daily audience.

Three figures, each beside its floor or peer measured in the same run:

- end to end: `landfall assess FILE --as-of D --format json` as a process of its own, with
  the rulebooks it loads by default, beside a process that only parses the same JSON; and
  the peak memory of each, per company over a process that only loaded the rulebooks;
- in process: `load_facts` and `assess` (Russia's rulebook) separately, beside the floor, a
  plain-Python loop applying the same core rules hard-coded (236-FZ threshold comparison on
  the as-of day, duties owed by statute from the day the criteria were met or the listing,
  the counter and the local presence not before their own dates);
- the named peer: the same rules as an OpenFisca model (bench/engine_openfisca.py), when
  openfisca-core is installed (`pip install -e .[bench]`) or given an interpreter that has it
  (`--openfisca-python`).

Engine, floor and peer must agree on every company's four 236-FZ duties. A cProfile of the
engine's top functions follows, to show where it falls behind and why.

    .venv/bin/python bench/engine.py [--companies N] [--days D] [--no-profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from landfall.engine import FullTracer, StatusTracer, assess
from landfall.facts import load_facts
from landfall.rulebooks.ru import rulebook

START = dt.date(2021, 1, 1)
AS_OF = dt.date(2022, 1, 15)


def generate(n: int, days: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    companies, resources, events = [], [], []
    for i in range(n):
        cid, rid = f"c{i}", f"r{i}.example"
        companies.append({"id": cid, "country": "CY"})
        resources.append(
            {
                "id": rid,
                "company": cid,
                "kind": "social_network",
                "russian_language": i % 3 != 0,
                "ads_targeting_russia": False,
                "processes_russian_users_data": False,
                "payments_from_russia": False,
            }
        )
        level = rng.randint(300_000, 700_000)
        series = []
        for _ in range(days):
            level = max(0, level + rng.randint(-5_000, 5_000))
            series.append(level)
        events.append(
            {
                "date": START.isoformat(),
                "type": "audience_series",
                "resource": rid,
                "daily_users_ru": series,
            }
        )
        if i % 2:
            events.append({"date": "2021-08-01", "type": "feedback_form", "resource": rid})
            events.append({"date": "2021-08-01", "type": "rkn_account", "company": cid})
        if i % 5:
            events.append({"date": "2021-11-22", "type": "list_inclusion", "company": cid})
        if i % 4 == 1:
            events.append(
                {"date": "2021-12-01", "type": "local_presence", "company": cid, "form": "branch"}
            )
    return {"landfall": 1, "companies": companies, "resources": resources, "events": events}


TRACERS = {"status": StatusTracer, "full": FullTracer}


def engine(path: Path, tracer: str = "status") -> tuple[dict[str, dict[str, str]], float, float]:
    t0 = time.perf_counter()
    doc = load_facts(path)
    t1 = time.perf_counter()
    result = assess(rulebook(), doc, AS_OF, tracer=TRACERS[tracer]()).to_dict()
    t2 = time.perf_counter()
    out = {
        c["company"]: {
            o["id"]: o["status"] for o in c["obligations"] if o["id"].startswith("ru-236")
        }
        for c in result["companies"]
    }
    return out, t1 - t0, t2 - t1


def floor(path: Path) -> tuple[dict[str, dict[str, str]], float, float]:
    """The same core rules, hard-coded, one pass per company.

    The statute's reading (236-FZ art. 5, the rulebook's default): the duties are owed from
    the day the company met the criteria (the first day above the threshold, not before the
    law's entry into force) or was listed, whichever is first; the counter not before the
    regulator's methodology applied, the local presence not before its own due date.
    """
    t0 = time.perf_counter()
    data = json.loads(path.read_text(encoding="utf-8"))
    t1 = time.perf_counter()
    owner = {r["id"]: r["company"] for r in data["resources"]}
    series: dict[str, tuple[dt.date, list[int]]] = {}
    acts: dict[str, set[str]] = {}
    listed_on: dict[str, dt.date] = {}
    for e in data["events"]:
        if e["type"] == "list_inclusion" and dt.date.fromisoformat(e["date"]) <= AS_OF:
            listed_on[e["company"]] = dt.date.fromisoformat(e["date"])
        elif e["type"] == "audience_series":
            series[e["resource"]] = (dt.date.fromisoformat(e["date"]), e["daily_users_ru"])
        elif dt.date.fromisoformat(e["date"]) <= AS_OF:
            company = e.get("company") or owner[e["resource"]]
            acts.setdefault(company, set()).add(e["type"])
    out: dict[str, dict[str, str]] = {}
    for c, r in zip(data["companies"], data["resources"], strict=True):
        start, values = series[r["id"]]
        shown = values[: (AS_OF - start).days + 1]
        since = listed_on.get(c["id"])
        if shown[-1] > THRESHOLD and r.get("russian_language"):
            first = start + dt.timedelta(days=next(i for i, v in enumerate(shown) if v > THRESHOLD))
            met_criteria = max(first, IN_FORCE)
            since = met_criteria if since is None else min(since, met_criteria)
        if since is None:
            out[c["id"]] = dict.fromkeys(DUTIES, "not_applicable")
            continue
        done = acts.get(c["id"], set())
        out[c["id"]] = {
            duty: "met"
            if event in done
            else ("violated" if max(since, NOT_BEFORE.get(duty, since)) <= AS_OF else "pending")
            for duty, event in DUTY_EVENTS.items()
        }
    t2 = time.perf_counter()
    return out, t1 - t0, t2 - t1


THRESHOLD, IN_FORCE = 500_000, dt.date(2021, 7, 1)
NOT_BEFORE = {
    "ru-236-fz.local-presence": dt.date(2022, 1, 1),
    "ru-236-fz.audience-counter": dt.date(2021, 8, 2),
}
DUTY_EVENTS = {
    "ru-236-fz.feedback-form": "feedback_form",
    "ru-236-fz.rkn-account": "rkn_account",
    "ru-236-fz.local-presence": "local_presence",
    "ru-236-fz.audience-counter": "audience_counter",
}
DUTIES = tuple(DUTY_EVENTS)

WHY = """
== why the engine falls behind the floor
- Each of ~10 definitions per company and rulebook goes through Ctx.resolve -> default logic
  -> the rule, with a trace node, a memo key and a declared-parameter check on every read,
  and builds its explanation in words; the floor does one comparison per duty and explains
  nothing. The bulk run records the light StatusTracer (no facts, only unverified
  parameters); `landfall explain` records the full trace of the one answer it shows.
- What depends only on the rulebook and the date (KoAP sanctions by article and day) is
  computed once per run (ctx.once); the cyclic collector is off while the document loads and
  the assessment runs (it only re-scanned survivors: about half the assessment's time).
- Loading: a series of daily figures is checked whole (types, least and greatest value) and
  never validated figure by figure; pydantic still builds one model per event.
- End to end, the process also loads four rulebooks (about 0.5 s), assesses every company
  under each (Turkey, India and the Union mostly answer "not applicable", but each answer is
  still a traced, explained conclusion) and writes about 19 KB of JSON per company. The
  table format (rich) costs about 60 ms a company and is not for a whole market.
"""

# Each child reports its peak resident memory as the kernel counts it for the program it runs
# (VmHWM): ru_maxrss would survive the exec and count the pages of the bench that forked it.
# It reports its processor seconds beside them: on a shared machine they move less than the
# wall clock does.
PEAK = (
    "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]),"
    " sum(__import__('os').times()[:2])"
)
CLI_CHILD = f"""
import sys
from landfall.cli import main
try:
    main()
finally:
    print({PEAK}, file=sys.stderr)
"""
FLOOR_CHILD = f"""
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    json.load(f)
print({PEAK}, file=sys.stderr)
"""
BASELINE_CHILD = f"""
import sys
from landfall.cli import main
from landfall.rulebooks import load_many
load_many(None)
print({PEAK}, file=sys.stderr)
"""


def child(code: str, *args: str) -> tuple[float, float, int]:
    """Wall and processor seconds and peak resident memory (KB) of a Python process."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
        check=False,
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak, cpu = done.stderr.strip().splitlines()[-1].split()
    return seconds, float(cpu), int(peak)


def end_to_end(path: Path, n: int) -> None:
    cli_s, cli_cpu, cli_kb = child(
        CLI_CHILD, "assess", str(path), "--as-of", str(AS_OF), "--format", "json"
    )
    parse_s, parse_cpu, parse_kb = child(FLOOR_CHILD, str(path))
    _, _, base_kb = child(BASELINE_CHILD)
    print(
        f"end to end: `landfall assess --format json` {cli_s:6.2f} s ({cli_cpu:.2f} s cpu),"
        f" peak {cli_kb / 1024:,.0f} MB | floor, a process parsing the JSON: {parse_s:5.2f} s"
        f" ({parse_cpu:.2f} s cpu), {parse_kb / 1024:,.0f} MB -> {cli_s / parse_s:.1f}x"
    )
    print(
        f"memory: {(cli_kb - base_kb) / n:,.1f} KB per company over a process with the"
        f" rulebooks loaded ({base_kb / 1024:,.0f} MB); the parse alone holds"
        f" {parse_kb / n:,.1f} KB per company"
    )


def openfisca(
    path: Path, python: str | None
) -> tuple[dict[str, dict[str, str]], float, float, float] | None:
    """The peer's statuses and its seconds (parse, inputs as arrays, compute), or None when
    it cannot run here."""
    try:
        import engine_openfisca  # optional: the bench extra
    except ImportError:
        if python is None:
            print("OpenFisca not installed: pip install -e .[bench]")
            return None
        script = Path(__file__).with_name("engine_openfisca.py")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "statuses.json"
            done = subprocess.run(
                [python, str(script), str(path), str(AS_OF), str(out)],
                capture_output=True,
                text=True,
                check=True,
            )
            parse_s, inputs_s, compute_s = map(float, done.stdout.split())
            return json.loads(out.read_text(encoding="utf-8")), parse_s, inputs_s, compute_s
    t0 = time.perf_counter()
    data = json.loads(path.read_text(encoding="utf-8"))
    t1 = time.perf_counter()
    found, compute_s = engine_openfisca.assess(data, AS_OF)
    return found, t1 - t0, time.perf_counter() - t1 - compute_s, compute_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-cli", action="store_true", help="skip the end-to-end process")
    parser.add_argument(
        "--openfisca-python",
        help="an interpreter with openfisca-core, to run the peer in when this one lacks it",
    )
    parser.add_argument(
        "--tracer",
        choices=sorted(TRACERS),
        default="status",
        help="status: the light tracer boards use (default); full: the explain trace",
    )
    args = parser.parse_args()
    n = args.companies
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "facts.json"
        path.write_text(json.dumps(generate(n, args.days)), encoding="utf-8")
        size = path.stat().st_size / 1e6
        print(
            f"{n:,} companies x {args.days} days of audience ({size:.0f} MB JSON), as of {AS_OF};"
            f" {args.tracer} tracer in process"
        )
        if not args.no_cli:
            end_to_end(path, n)
        rulebook()  # loading the rulebook is a one-off, not per document
        got, e_load, e_assess = engine(path, args.tracer)
        want, f_load, f_rules = floor(path)
        agree = sum(got[c] == want[c] for c in want)
        for c in [c for c in want if got[c] != want[c]][:3]:
            print(f"  disagree on {c}: engine {got[c]} floor {want[c]}")
        subject = sum(any(s != "not_applicable" for s in v.values()) for v in want.values())
        print(
            f"subject to 236-FZ: {subject:,}; engine and floor agree on {agree:,}/{n:,} companies"
        )
        e_total, f_total = e_load + e_assess, f_load + f_rules
        print(
            f"engine: load {e_load:6.2f} s  assess {e_assess:6.2f} s  total {e_total:6.2f} s"
            f"  -> {n / e_total:9,.0f} companies/s ({n / e_assess:,.0f}/s assess only)"
        )
        print(
            f"floor:  load {f_load:6.2f} s  rules  {f_rules:6.2f} s  total {f_total:6.2f} s"
            f"  -> {n / f_total:9,.0f} companies/s ({n / f_rules:,.0f}/s rules only)"
        )
        print(
            f"ratio floor/engine: {e_total / f_total:.1f}x end to end, "
            f"{e_load / f_load:.1f}x loading, {e_assess / f_rules:.0f}x rules"
        )
        peer = openfisca(path, args.openfisca_python)
        if peer is not None:
            found, p_load, p_inputs, p_rules = peer
            same = sum(found[c] == got[c] for c in got)
            print(
                f"OpenFisca: parse {p_load:6.2f} s  inputs as arrays {p_inputs:6.2f} s  compute"
                f" {p_rules:6.2f} s  -> the engine's assess is {e_assess / p_rules:.0f}x its"
                f" compute, {e_total / (p_load + p_inputs + p_rules):.1f}x its total; agrees"
                f" with the engine on {same:,}/{n:,} companies"
            )
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} after the run")
        if args.no_profile:
            return
        doc = load_facts(path)
        for label, call, arg in (
            ("load_facts", load_facts, path),
            (
                "assess",
                lambda d: assess(rulebook(), d, AS_OF, tracer=TRACERS[args.tracer]()).to_dict(),
                doc,
            ),
        ):
            profiler = cProfile.Profile()
            profiler.runcall(call, arg)
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(12)
            print(f"\n== where the engine's time goes: {label} (top functions by own time)")
            lines = text.getvalue().splitlines()
            start = next(i for i, line in enumerate(lines) if "ncalls" in line)
            print("\n".join(line[:150] for line in lines[start : start + 13]))
        print(WHY)


if __name__ == "__main__":
    main()
