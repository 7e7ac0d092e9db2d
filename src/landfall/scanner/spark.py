"""The distributed scan path: the same detectors and reconciliation over Parquet/CSV with Spark.

A file store's tables (one per file, as in the local path) are grouped by format and columns;
each group is one Spark job. Spark reads the files and hands each partition to
:func:`_scan_partition` as Arrow record batches (``mapInArrow``), which runs the very same
:func:`~landfall.scanner.vector.detect_batch` as the local path and emits only small records:
counts per (table, column, signal), counts of Russian-user rows and of deciding signals, up to
three masked samples per signal and split, keyed hashes (keyed SipHash, keys derived from the user's) and
reconciliation tallies. No raw value leaves a worker.

Reconciliation: a Russian primary's hashes stream back to the driver (the
:class:`~landfall.scanner.reconcile.Reconciler`'s sorted hashes, as in the local path); for a store
abroad that set is broadcast to the workers, which match each Russian-user row's hashes
against it and return counts plus their first ten "only abroad" rows (by position in the file).

Each record carries its row's position (table, split start, row within split) so that the
driver picks the same masked samples and the same sample hashes as the local path, which reads
the tables in order. The result is the same :class:`~landfall.scanner.report.StoreResult`.

PySpark is imported here only, and this module only when the Spark engine is chosen.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import numpy as np

from landfall.errors import Diagnostic, StorageError, Where
from landfall.scanner.coverage import READ_FAILED, RelationCoverage
from landfall.scanner.detectors import column_hint
from landfall.scanner.reconcile import SAMPLE_HASHES, Hasher, Reconciler, Tally
from landfall.scanner.report import SAMPLES_PER_TYPE, StoreResult, mask
from landfall.scanner.signals import REASONS, TYPES
from landfall.scanner.sources import TableRef, storage_error
from landfall.scanner.stores import Store
from landfall.scanner.vector import BatchResult

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa  # type: ignore[import-untyped]
    from pyspark.sql import SparkSession

    from landfall.scanner.sources.files import FileSource

__all__ = ["SparkEngine", "spark_error"]

DEFAULT_MASTER = "local[*]"
_FILE = "__landfall_file"
_WORKER_FAILED = re.compile(r"landfall scan worker failed: [A-Za-z_][A-Za-z0-9_.]*")
_BLOCK = "__landfall_block"

# Record kinds emitted by the workers.
COUNT, ROWS, RUSSIAN, DECIDED, SAMPLE, HASH, MATCHED, ONLY, UNMATCHABLE, ABROAD = range(10)


def _group_failed(result: StoreResult, group: list[TableRef], cause: str) -> None:
    for t in group:
        result.covered(RelationCoverage(t.qualified, "read-failed", READ_FAILED, cause))


def spark_error(code: str, message: str, hint: str, field: str = "engine") -> StorageError:
    return StorageError(Diagnostic(code, message, Where(None, None, field), hint))


def _record_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("kind", pa.int32()),
            ("file", pa.int32()),
            ("col", pa.int32()),
            ("type", pa.int32()),
            ("n", pa.int64()),
            ("block", pa.int64()),
            ("seq", pa.int64()),
            ("sub", pa.int64()),
            ("mask", pa.string()),
            ("hash", pa.int64()),
        ]
    )


def _spark_schema() -> str:
    return (
        "kind int, file int, col int, type int, n long, block long, seq long, sub long, "
        "mask string, hash long"
    )


def _check_java() -> None:
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        if not java.exists():
            raise spark_error(
                "spark-java-missing",
                f"JAVA_HOME is set to {home}, which has no bin/java: Spark needs Java 17 or newer",
                hint="point JAVA_HOME at a JDK 17+ (e.g. /usr/lib/jvm/java-17-openjdk-amd64) "
                "or unset it to use the java on PATH",
            )
    elif shutil.which("java") is None:
        raise spark_error(
            "spark-java-missing",
            "no java on PATH and no JAVA_HOME: Spark needs Java 17 or newer",
            hint="install a JDK 17+ (apt-get install openjdk-17-jre-headless) or set JAVA_HOME",
        )


@dataclass
class SparkEngine:
    """A Spark session for scans, started on first use; :meth:`close` stops what it started.

    ``session`` may be given (a cluster's, or a test's shared one): it is then never stopped.
    """

    master: str | None = None
    conf: dict[str, str] = field(default_factory=dict)
    session: SparkSession | None = None
    # The batch detector the workers run; only tests swap it (it is pickled with the task).
    detector: Callable[[list[pl.Series], list[str | None]], BatchResult] | None = None
    _owned: bool = False
    _local_dir: str | None = None

    def start(self) -> SparkSession:
        if self.session is not None:
            return self.session
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise spark_error(
                "spark-missing",
                "the Spark engine needs pyspark, which is not installed",
                hint="pip install 'landfall[spark]' (and Java 17+), or use --engine local",
            ) from None
        _check_java()
        master = self.master or os.environ.get("LANDFALL_SPARK_MASTER", DEFAULT_MASTER)
        if master.startswith("local"):
            # Local workers must run this interpreter (its venv holds landfall); Spark's
            # default, python3 on PATH, may not have it.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        self._local_dir = tempfile.mkdtemp(prefix="landfall-spark-")
        builder = (
            SparkSession.builder.appName("landfall-scan")
            .master(master)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.local.dir", self._local_dir)
        )
        for k, v in self.conf.items():
            builder = builder.config(k, v)
        try:
            with _quiet():
                session = builder.getOrCreate()
        except Exception as e:
            self._cleanup()
            raise spark_error(
                "spark-start-failed",
                f"Spark did not start ({type(e).__name__}: {str(e).splitlines()[0][:300]})",
                hint="check Java 17+ (JAVA_HOME) and LANDFALL_SPARK_MASTER",
            ) from None
        session.sparkContext.setLogLevel("ERROR")
        self.session, self._owned = session, True
        return session

    def close(self) -> None:
        if self.session is not None and self._owned:
            self.session.stop()
            self.session, self._owned = None, False
        self._cleanup()

    def _cleanup(self) -> None:
        if self._local_dir is not None:
            shutil.rmtree(self._local_dir, ignore_errors=True)
            self._local_dir = None

    def scan_files(
        self,
        store: Store,
        source: FileSource,
        tables: list[TableRef],
        result: StoreResult,
        hasher: Hasher | None,
        reconciler: Reconciler,
        tally: Tally | None,
        feeds_russia: bool,
        *,
        batch_size: int,
    ) -> None:
        """Scan ``tables`` of a file store into ``result`` (the local path's numbers)."""
        session = self.start()
        session.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_size))
        paths = {source._name(p): p for p in source.files}
        order = {t.name: i for i, t in enumerate(tables)}
        groups: dict[tuple[str, tuple[str, ...]], list[TableRef]] = {}
        for t in tables:
            kind = "parquet" if paths[t.name].suffix.lower() == ".parquet" else "csv"
            groups.setdefault((kind, t.columns), []).append(t)
        known = None
        if tally is not None and hasher is not None:
            known = session.sparkContext.broadcast(reconciler.known())
        merged = _Merged()
        try:
            for (kind, columns), group in groups.items():
                files = {str(paths[t.name].resolve()): order[t.name] for t in group}
                try:
                    self._scan_group(
                        session, kind, columns, files, tables, merged, reconciler,
                        hasher, known, tally, feeds_russia,
                    )  # fmt: skip
                    result.tables_scanned += len(group)
                    for t in group:
                        result.covered(RelationCoverage(t.qualified, "scanned"))
                except StorageError as e:
                    result.errors.extend(e.diagnostics)
                    _group_failed(result, group, e.code)
                except Exception as e:
                    names = ", ".join(repr(t.qualified) for t in group)
                    # The condition and the type only: a worker's message may quote data.
                    condition = getattr(e, "getCondition", getattr(e, "getErrorClass", None))
                    cond = condition() if callable(condition) else None
                    # Our workers' own failures name the error's type, never its message.
                    ours = _WORKER_FAILED.search(str(e))
                    if ours is not None:
                        cond = f"{cond}: {ours.group(0)}" if cond else ours.group(0)
                    result.errors.extend(
                        storage_error(
                            store,
                            "spark-scan-failed",
                            f"Spark failed on table(s) {names}: {type(e).__name__}"
                            + (f" [{cond}]" if cond else ""),
                            hint="see the Spark logs; retry with --engine local to compare",
                        ).diagnostics
                    )
                    _group_failed(result, group, type(e).__name__)
        finally:
            if known is not None:
                known.unpersist()
        merged.into(result, tables, tally)

    def _scan_group(
        self,
        session: SparkSession,
        kind: str,
        columns: tuple[str, ...],
        files: dict[str, int],
        tables: list[TableRef],
        merged: _Merged,
        reconciler: Reconciler,
        hasher: Hasher | None,
        known: Any,
        tally: Tally | None,
        feeds_russia: bool,
    ) -> None:
        import pyarrow.compute as pc  # type: ignore[import-untyped]

        reader = session.read
        if kind == "parquet":
            df = reader.parquet(*files)
        else:
            # As DuckDB reads them in the local path: a header, every cell as text, RFC 4180.
            df = reader.csv(list(files), header=True, multiLine=True, escape='"')
        df = df.select(
            *(df[c] for c in df.columns),
            df["_metadata.file_path"].alias(_FILE),
            df["_metadata.file_block_start"].alias(_BLOCK),
        )
        work = partial(
            _scan_partition,
            hints=[column_hint(c) for c in columns],
            width=len(columns),
            files=files,
            hasher=hasher,
            known=known,
            emit_hashes=feeds_russia and hasher is not None,
            reconcile=tally is not None and hasher is not None,
            detector=self.detector,
        )
        with _quiet():
            out = df.mapInArrow(work, _spark_schema())
            records = _collect(out)
        is_hash = pc.equal(records.column("kind"), HASH)
        primary = records.filter(is_hash).column("hash").to_numpy()
        if len(primary):
            reconciler.add_primary_many(primary.astype(np.int64).view(np.uint64))
        for rec in records.filter(pc.invert(is_hash)).to_pylist():
            merged.add(rec, columns, tables)


@contextmanager
def _quiet() -> Iterator[None]:
    """PySpark's notice that it has not been certified with pandas 3 (it is not used here)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", "PySpark does not yet fully support pandas", FutureWarning
        )
        yield


def _collect(out: Any) -> pa.Table:
    """The workers' records on the driver, as one Arrow table."""
    import pyarrow as pa

    if hasattr(out, "toArrow"):  # Spark 4
        table: pa.Table = out.toArrow()
        return table
    return pa.Table.from_pylist([r.asDict() for r in out.collect()], schema=_record_schema())


@dataclass
class _Merged:
    """The driver's side: worker records summed into one store's numbers."""

    rows: int = 0
    russian: int = 0
    counts: Counter[tuple[int, int, int]] = field(default_factory=Counter)
    labels: dict[tuple[int, int], str] = field(default_factory=dict)
    decided: Counter[int] = field(default_factory=Counter)
    samples: list[tuple[int, int, int, int, int, str]] = field(default_factory=list)
    matched: int = 0
    only: int = 0
    unmatchable: int = 0
    abroad: list[tuple[int, int, int, int]] = field(default_factory=list)

    def add(self, rec: dict[str, Any], columns: tuple[str, ...], tables: list[TableRef]) -> None:
        row = _Rec(**rec)
        k = row.kind
        if k == COUNT:
            self.counts[(row.file, row.col, row.type)] += row.n
            self.labels[(row.file, row.col)] = f"{tables[row.file].qualified}.{columns[row.col]}"
        elif k == ROWS:
            self.rows += row.n
        elif k == RUSSIAN:
            self.russian += row.n
        elif k == DECIDED:
            self.decided[row.type] += row.n
        elif k == SAMPLE:
            self.samples.append((row.type, row.file, row.block, row.seq, row.sub, row.mask))
        elif k == MATCHED:
            self.matched += row.n
        elif k == ONLY:
            self.only += row.n
        elif k == UNMATCHABLE:
            self.unmatchable += row.n
        elif k == ABROAD:
            self.abroad.append((row.file, row.block, row.seq, row.hash))

    def into(self, result: StoreResult, tables: list[TableRef], tally: Tally | None) -> None:
        result.rows_scanned += self.rows
        result.russian_user_rows += self.russian
        for (_, _, t), n in sorted(self.counts.items()):
            result.signals[TYPES[t]] += n
        for (f, c, t), n in sorted(self.counts.items()):
            result.columns.setdefault(self.labels[(f, c)], Counter())[TYPES[t]] += n
            result.reasons.setdefault(TYPES[t], REASONS[TYPES[t]])
        for t, n in sorted(self.decided.items()):
            result.decided_by[TYPES[t]] += n
        # The first distinct masks in the local path's reading order.
        for t, *_, masked in sorted(self.samples):
            kept = result.samples.setdefault(TYPES[t], [])
            if len(kept) < SAMPLES_PER_TYPE and masked not in kept:
                kept.append(masked)
        if tally is not None:
            tally.matched += self.matched
            tally.only_abroad += self.only
            tally.unmatchable += self.unmatchable
            for *_, h in sorted(self.abroad)[
                : max(0, SAMPLE_HASHES - len(tally.only_abroad_hashes))
            ]:
                tally.only_abroad_hashes.append(f"{int(np.int64(h).view(np.uint64)):016x}")


@dataclass
class _Rec:
    kind: int
    file: int
    col: int
    type: int
    n: int
    block: int
    seq: int
    sub: int
    mask: str
    hash: int


class WorkerError(RuntimeError):
    """A worker failure, named by type only: the original message may quote a cell."""


def _scan_partition(
    batches: Iterator[pa.RecordBatch],
    *,
    hints: list[str | None],
    width: int,
    files: dict[str, int],
    hasher: Hasher | None,
    known: Any,
    emit_hashes: bool,
    reconcile: bool,
    detector: Callable[[list[pl.Series], list[str | None]], BatchResult] | None,
) -> Iterator[pa.RecordBatch]:
    """One partition: detect per Arrow batch, emit counts, masks and hashes only."""
    try:
        yield from _partition(
            batches, hints, width, files, hasher, known, emit_hashes, reconcile, detector
        )
    except Exception as e:
        raise WorkerError(f"landfall scan worker failed: {type(e).__name__}") from None


def _file_ids(uris: list[str], files: dict[str, int]) -> dict[str, int]:
    out = {}
    for uri in uris:
        path = unquote(urlparse(uri).path) if "://" in uri or uri.startswith("file:") else uri
        out[uri] = files[str(Path(path).resolve())]
    return out


def _partition(
    batches: Iterator[pa.RecordBatch],
    hints: list[str | None],
    width: int,
    files: dict[str, int],
    hasher: Hasher | None,
    known_b: Any,
    emit_hashes: bool,
    reconcile: bool,
    detector: Callable[[list[pl.Series], list[str | None]], BatchResult] | None,
) -> Iterator[pa.RecordBatch]:
    import polars as pl
    import pyarrow as pa

    from landfall.scanner.vector import column_texts, detect_batch

    schema = _record_schema()
    nt = len(TYPES)
    known = known_b.value if known_b is not None else None
    ids: dict[str, int] = {}
    next_seq: dict[tuple[int, int], int] = {}
    counts: Counter[tuple[int, int, int]] = Counter()
    decided = np.zeros(nt, dtype=np.int64)
    rows_total = russian_total = matched = only = unmatchable = 0
    # Per (file, split, type): the first distinct masks, with their positions.
    samples: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    abroad: list[tuple[int, int, int, int]] = []

    for batch in batches:
        if not batch.num_rows:
            continue
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        uris = frame[_FILE]
        new = [u for u in uris.unique().to_list() if u not in ids]
        ids.update(_file_ids(new, files))
        fi = uris.replace_strict(ids, return_dtype=pl.Int64).to_numpy()
        blk = frame[_BLOCK].to_numpy().astype(np.int64)
        # Row number within its (file, split): splits are read in order, one task each.
        seq = np.empty(len(fi), dtype=np.int64)
        change = np.flatnonzero((fi[1:] != fi[:-1]) | (blk[1:] != blk[:-1])) + 1
        for start, end in zip([0, *change.tolist()], [*change.tolist(), len(fi)], strict=True):
            key = (int(fi[start]), int(blk[start]))
            base = next_seq.get(key, 0)
            seq[start:end] = np.arange(base, base + end - start)
            next_seq[key] = base + end - start
        data = frame.drop(_FILE, _BLOCK)
        found = (detector or detect_batch)([column_texts(s) for s in data.get_columns()], hints)
        rows_total += found.n_rows
        russian_total += int(found.row_russian.sum())
        if len(found.type):
            dfile = fi[found.row]
            keys, n = np.unique((dfile * width + found.col) * nt + found.type, return_counts=True)
            for key, c in zip(keys.tolist(), n.tolist(), strict=True):
                counts[(key // (width * nt), key // nt % width, key % nt)] += c
            dblk = blk[found.row]
            for t in np.unique(found.type).tolist():
                idx = np.flatnonzero(found.type == t)
                segs = np.unique(np.stack([dfile[idx], dblk[idx]], axis=1), axis=0)
                for f, b in segs.tolist():
                    kept = samples.setdefault((f, b, t), [])
                    if len(kept) >= SAMPLES_PER_TYPE:
                        continue
                    seen = {m for *_, m in kept}
                    for i in idx[(dfile[idx] == f) & (dblk[idx] == b)].tolist():
                        masked = mask(found.detection(i))
                        if masked not in seen:
                            seen.add(masked)
                            kept.append((int(seq[found.row[i]]), i, masked))
                            if len(kept) >= SAMPLES_PER_TYPE:
                                break
        if found.row_russian.any():
            decided += np.bincount(found.decided[found.row_russian], minlength=nt)
            if hasher is not None and (emit_hashes or reconcile):
                rows, hashes = hasher.batch(found)
                if emit_hashes and len(hashes):
                    uniq = np.unique(hashes).view(np.int64)
                    blank = pa.nulls(len(uniq))
                    cols = dict.fromkeys(schema.names, blank) | {
                        "kind": pa.array(np.full(len(uniq), HASH, dtype=np.int32)),
                        "hash": pa.array(uniq),
                    }
                    yield pa.RecordBatch.from_pydict(cols, schema=schema)
                if reconcile:
                    hit = np.isin(hashes, known if known is not None else [])
                    with_ids = np.unique(rows)
                    only_rows = np.setdiff1d(with_ids, np.unique(rows[hit]))
                    matched += len(with_ids) - len(only_rows)
                    only += len(only_rows)
                    unmatchable += int(found.row_russian.sum()) - len(with_ids)
                    # Keep this partition's first rows only abroad, by position.
                    pos = sorted(
                        (int(fi[r]), int(blk[r]), int(seq[r]), r) for r in only_rows.tolist()
                    )[:SAMPLE_HASHES]
                    for f, b, s, r in pos:
                        h = int(hashes[rows == r].min())
                        abroad.append((f, b, s, int(np.uint64(h).view(np.int64))))
                    abroad = sorted(abroad)[:SAMPLE_HASHES]

    out: dict[str, list[Any]] = {name: [] for name in schema.names}

    def put(kind: int, **values: Any) -> None:
        for name in schema.names:
            out[name].append(kind if name == "kind" else values.get(name))

    put(ROWS, n=rows_total)
    put(RUSSIAN, n=russian_total)
    for (f, c, t), n in counts.items():
        put(COUNT, file=f, col=c, type=t, n=n)
    for t in np.flatnonzero(decided).tolist():
        put(DECIDED, type=t, n=int(decided[t]))
    for (f, b, t), kept in samples.items():
        for s, i, masked in kept:
            put(SAMPLE, file=f, block=b, type=t, seq=s, sub=i, mask=masked)
    if reconcile:
        put(MATCHED, n=matched)
        put(ONLY, n=only)
        put(UNMATCHABLE, n=unmatchable)
        for f, b, s, h in abroad:
            put(ABROAD, file=f, block=b, seq=s, hash=h)
    yield pa.RecordBatch.from_pydict(out, schema=schema)
