"""Scanning one log with several worker processes, for the multi-gigabyte case.

The parent reads decompressed blocks (cut at line ends), numbers them and deals them to
workers round-robin; each worker runs the serial :class:`Scan` on its blocks and returns its
state at the end. Day counters merge exactly (set union) or as an HLL union when any worker
moved that day to a sketch. Dealing is deterministic, so a run is reproducible.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

import datasketches  # type: ignore[import-untyped]

from landfall.audience.logs import MAX_GZIP_RATIO, BytesRead, JsonFields, iter_blocks
from landfall.audience.scan import DayCounters, MalformedLine, Scan, detect_format
from landfall.errors import input_error

__all__ = ["Counting", "WorkerState", "merge_states", "scan_parallel", "state_of"]

_QUEUE_DEPTH = 3


@dataclass
class WorkerState:
    exact: dict[date, set[int]]
    sketches: dict[date, bytes]
    lines: int
    ru: int
    malformed: int
    examples: list[MalformedLine]
    accesses: dict[date, int]


@dataclass(frozen=True)
class Counting:
    """What every worker counts: whose addresses, and users or accesses."""

    countries: frozenset[str]
    accesses: bool


def _work(
    tasks: Any,
    results: Any,
    exact_limit: int,
    lg_k: int,
    fields: JsonFields,
    examples: int,
    tz: tzinfo,
    counting: Counting,
) -> None:
    scan = Scan(DayCounters(exact_limit, lg_k), examples, tz, counting.countries, counting.accesses)
    try:
        while (task := tasks.get()) is not None:
            name, first, fmt, block = task
            scan.process(name, first, block.split(b"\n"), fmt, fields)
        results.put(state_of(scan))
    except Exception as e:  # a worker must always answer, or the parent would wait forever
        results.put(repr(e))


def state_of(scan: Scan) -> WorkerState:
    """What a worker (a process here, a Spark task there) hands back for the merge."""
    c = scan.counters
    return WorkerState(
        c.exact,
        {d: s.serialize_updatable() for d, s in c.sketches.items()},
        scan.lines,
        scan.ru,
        scan.malformed,
        scan.examples,
        scan.accesses,
    )


def _context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def scan_parallel(
    files: list[Path],
    *,
    workers: int,
    exact_limit: int,
    lg_k: int,
    fields: JsonFields,
    max_examples: int,
    tz: tzinfo,
    max_gzip_ratio: float = MAX_GZIP_RATIO,
    countries: frozenset[str] = frozenset({"RU"}),
    count_accesses: bool = False,
    read: BytesRead | None = None,
) -> Scan:
    ctx = _context()
    counting = Counting(countries, count_accesses)
    results = ctx.Queue()
    inboxes = [ctx.Queue(_QUEUE_DEPTH) for _ in range(workers)]
    procs = [
        ctx.Process(
            target=_work,
            args=(
                inbox,
                results,
                max(1, exact_limit // workers),
                lg_k,
                fields,
                max_examples,
                tz,
                counting,
            ),
            daemon=True,
        )
        for inbox in inboxes
    ]
    for p in procs:
        p.start()
    try:
        dealt = 0
        for path in files:
            name, number, fmt = str(path), 1, ""
            try:
                for block in iter_blocks(path, max_gzip_ratio, read):
                    fmt = fmt or detect_format(block[:65536].split(b"\n"))
                    inboxes[dealt % workers].put((name, number, fmt, block))
                    dealt += 1
                    number += block.count(b"\n") + 1
            except OSError as e:
                raise input_error("audience-log-unreadable", str(e), file=name) from e
        for inbox in inboxes:
            inbox.put(None)
        states = [_collect(results, procs) for _ in procs]
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join()
    return merge_states(states, exact_limit, lg_k, max_examples, tz, counting)


def _collect(results: Any, procs: list[Any]) -> WorkerState:
    while True:
        try:
            state = results.get(timeout=1.0)
        except queue.Empty:
            if not any(p.is_alive() for p in procs):
                raise RuntimeError("audience worker processes exited without a result") from None
            continue
        if isinstance(state, str):
            raise RuntimeError(f"audience worker failed: {state}")
        assert isinstance(state, WorkerState)
        return state


def merge_states(
    states: list[WorkerState],
    exact_limit: int,
    lg_k: int,
    max_examples: int,
    tz: tzinfo,
    counting: Counting,
) -> Scan:
    scan = Scan(
        DayCounters(exact_limit, lg_k), max_examples, tz, counting.countries, counting.accesses
    )
    counters = scan.counters
    days = sorted({d for s in states for d in (*s.exact, *s.sketches)})
    for day in days:
        held = [s.exact[day] for s in states if day in s.exact]
        packed = [s.sketches[day] for s in states if day in s.sketches]
        if not packed:
            counters.exact[day] = set().union(*held)
            continue
        union = datasketches.hll_union(lg_k)
        for data in packed:
            union.update(datasketches.hll_sketch.deserialize(data))
        rest = datasketches.hll_sketch(lg_k, datasketches.tgt_hll_type.HLL_8)
        for hashes in held:
            for h in hashes:
                rest.update(h)
        union.update(rest)
        # Merged once more, a sketch leaves the registers as they are but marks the union out
        # of order, as any union of two or more sketches is: the result's bytes (and so its
        # estimate) then depend on the hashes only, not on how the blocks or splits fell.
        union.update(datasketches.hll_sketch.deserialize(packed[0]))
        counters.sketches[day] = union.get_result(datasketches.tgt_hll_type.HLL_8)
        counters.unioned.add(day)
    counters.enforce_limit()
    for s in states:
        for day, hits in s.accesses.items():
            scan.accesses[day] = scan.accesses.get(day, 0) + hits
        scan.lines += s.lines
        scan.ru += s.ru
        scan.malformed += s.malformed
        scan.examples.extend(s.examples)
    scan.examples.sort(key=lambda m: (m.file, m.line))
    del scan.examples[max_examples:]
    return scan
