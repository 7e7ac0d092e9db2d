"""The audience meter on Spark: the same scan, one task per split of the logs, merged on the driver.

The driver cuts the logs into splits: a plain log into byte ranges of ``split_bytes`` (a split
owns the lines that start inside it, as Hadoop's text input does), a gzip log into one split
(a gzip stream cannot be entered in the middle). Each Spark task reads its split and runs the
very :class:`~landfall.audience.scan.Scan` of the local path, with its share of the exact
limit, and returns its day counters: exact arrays of user ids, and a DataSketches HLL for each day it
had to estimate. The driver merges them as the local worker processes are merged
(:func:`~landfall.audience.parallel.merge_states`): exact days by union, estimated days by
an HLL union; so an estimated day's sketch has the bytes of the local multi-process merge.
Malformed lines keep their file and line number: each task also returns how many lines its
split held, and the driver adds those of the splits before it.

The tasks open the logs by path: every executor must see them at the same path (a shared
mount, or local mode). PySpark is imported only when this engine is chosen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from landfall.audience.logs import CHUNK_BYTES, JsonFields, iter_blocks
from landfall.audience.parallel import Counting, WorkerState, merge_states, state_of
from landfall.audience.scan import DayCounters, Scan, detect_format
from landfall.errors import Diagnostic, InputError, LandfallError, input_error

if TYPE_CHECKING:
    from landfall.scanner.spark import SparkEngine

__all__ = ["DEFAULT_SPLIT_BYTES", "Split", "plan_splits", "scan_spark", "split_blocks"]

# Hadoop's usual block size: a split big enough that a task's start-up is noise.
DEFAULT_SPLIT_BYTES = 128 << 20


@dataclass(frozen=True)
class Split:
    """Bytes ``start``..``end`` of a plain log, or (``end`` None) a whole gzip log."""

    path: str
    fmt: str
    start: int
    end: int | None


def _first_format(path: Path, max_gzip_ratio: float) -> str:
    blocks = iter_blocks(path, max_gzip_ratio)
    try:
        first = next(blocks, b"")
    finally:
        blocks.close()  # stops a gzip child after the first block
    return detect_format(first)


def plan_splits(files: list[Path], split_bytes: int, max_gzip_ratio: float) -> list[Split]:
    """The splits of ``files``, in file and byte order; each file's format read on the
    driver from its first non-blank line (a split in the middle cannot tell)."""
    splits = []
    for path in files:
        name = str(path)
        try:
            fmt = _first_format(path, max_gzip_ratio)
            with path.open("rb") as f:
                gz = f.read(2) == b"\x1f\x8b"
            size = path.stat().st_size
        except OSError as e:
            raise input_error("audience-log-unreadable", str(e), file=name) from e
        if gz:
            splits.append(Split(name, fmt, 0, None))
            continue
        starts = range(0, max(size, 1), max(1, split_bytes))
        splits.extend(Split(name, fmt, s, min(s + split_bytes, size)) for s in starts)
    return splits


def split_blocks(path: Path, start: int, end: int) -> Iterator[bytes]:
    """Blocks of the lines that start in bytes ``start``..``end`` of a plain file, each
    ending at a line end (newline dropped), as :func:`~landfall.audience.logs.iter_blocks`."""
    with path.open("rb") as f:
        if start:
            f.seek(start - 1)
            f.readline()  # the line holding byte start-1 is the previous split's
        pos = f.tell()
        pending = b""
        while pos < end:
            data = f.read(min(CHUNK_BYTES, end - pos))
            if not data:
                break
            pos += len(data)
            if pos >= end and not data.endswith(b"\n"):
                data += f.readline()  # the last line that starts here ends past the split
            block = pending + data if pending else data
            cut = block.rfind(b"\n")
            if cut < 0:
                pending = block
                continue
            yield block[:cut]
            pending = block[cut + 1 :]
        if pending:
            yield pending


@dataclass(frozen=True)
class _Task:
    """What a task needs besides its split (pickled with the function)."""

    exact_limit: int
    lg_k: int
    fields: JsonFields
    max_examples: int
    tz: tzinfo
    counting: Counting
    max_gzip_ratio: float


def _run(split: Split, task: _Task) -> tuple[int, WorkerState] | Diagnostic:
    """One split: the local scan over its lines; (lines in the split, state), or the
    diagnostic that stopped it."""
    scan = Scan(
        DayCounters(task.exact_limit, task.lg_k),
        task.max_examples,
        task.tz,
        task.counting.countries,
        task.counting.accesses,
    )
    path = Path(split.path)
    number = 1
    try:
        blocks = (
            iter_blocks(path, task.max_gzip_ratio)
            if split.end is None
            else split_blocks(path, split.start, split.end)
        )
        for block in blocks:
            number += scan.process(split.path, number, block, split.fmt, task.fields)
    except LandfallError as e:
        return e.diagnostics[0]
    except OSError as e:
        return input_error("audience-log-unreadable", str(e), file=split.path).diagnostics[0]
    return number - 1, state_of(scan)


def scan_spark(
    files: list[Path],
    *,
    engine: SparkEngine,
    exact_limit: int,
    lg_k: int,
    fields: JsonFields,
    max_examples: int,
    tz: tzinfo,
    max_gzip_ratio: float,
    countries: frozenset[str],
    count_accesses: bool,
    split_bytes: int | None = None,
) -> Scan:
    """The logs scanned by Spark tasks, one per split (``split_bytes`` of a plain log,
    default ``DEFAULT_SPLIT_BYTES``), merged as the local workers are."""
    splits = plan_splits(files, split_bytes or DEFAULT_SPLIT_BYTES, max_gzip_ratio)
    counting = Counting(countries, count_accesses)
    task = _Task(
        max(1, exact_limit // max(1, len(splits))),
        lg_k,
        fields,
        max_examples,
        tz,
        counting,
        max_gzip_ratio,
    )
    session = engine.start()
    results = (
        session.sparkContext.parallelize(splits, max(1, len(splits)))
        .map(partial(_run, task=task))
        .collect()
    )
    states = []
    before: dict[str, int] = {}  # lines in the file's splits already seen (they are in order)
    for split, result in zip(splits, results, strict=True):
        if isinstance(result, Diagnostic):
            raise InputError(result)
        count, state = result
        offset = before.get(split.path, 0)
        before[split.path] = offset + count
        state.examples = [replace(m, line=m.line + offset) for m in state.examples]
        states.append(state)
    return merge_states(states, exact_limit, lg_k, max_examples, tz, counting)
