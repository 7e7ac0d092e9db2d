"""``scan_stores``: locate, read, detect and reconcile every store of a stores file.

One store's failure is that store's outcome (its diagnostics in the report) and the scan goes
on. Stores that are primary and in Russia are scanned first, so that every store abroad can
be reconciled as it streams, without keeping its rows.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from landfall.errors import Diagnostic, LandfallError, Where
from landfall.scanner.coverage import (
    CATALOG_OMITTED,
    CONNECTION_LOST,
    NOT_READ,
    READ_FAILED,
    RelationCoverage,
)
from landfall.scanner.detectors import column_hint
from landfall.scanner.locator import Location, locate
from landfall.scanner.reconcile import Hasher, Reconciler, Tally
from landfall.scanner.report import ScanReport, StoreResult
from landfall.scanner.sampling import SampleAnswer, answer_of
from landfall.scanner.sources import (
    Source,
    TableRef,
    cause_of,
    column_batches,
    open_source,
    select_tables,
)
from landfall.scanner.stores import Engine, Store, is_file_url, load_stores, mask_url
from landfall.scanner.vector import BatchResult, detect_batch

if TYPE_CHECKING:
    from landfall.scanner.spark import SparkEngine

__all__ = ["Progress", "scan_store", "scan_stores"]

Progress = Callable[[str, str, int], None]
"""Called as ``progress(store_id, table, rows_done)``: counts only, never values."""

OnSample = Callable[[list[SampleAnswer]], None]
"""Called once with the sampled answers, before the full scan starts."""

BATCH_SIZE = 1 << 16
# Batches detected at once: one per core (Polars' string kernels run one column on one core).
DETECT_WORKERS = max(1, min(4, os.cpu_count() or 1))


def scan_stores(
    stores_path: Path | str,
    *,
    key: bytes | None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    engine: Engine | None = None,
    spark: SparkEngine | None = None,
    sample: int | None = None,
    on_sample: OnSample | None = None,
) -> ScanReport:
    """Scan every store; reconcile stores abroad when ``key`` is given (else none are).

    ``engine`` overrides each store's own ``engine`` for file stores (database stores are
    always read here). ``spark`` is a Spark engine to use (and leave running); without it one
    is started on the first Spark store and stopped at the end.

    With ``sample``, every store is first read in its first ``sample`` rows per relation
    (locally, without reconciliation) for a quick answer, handed to ``on_sample`` and kept in
    the report; the full scan follows.
    """
    stores = load_stores(stores_path)
    hasher = Hasher(key) if key is not None else None
    located = [(s, locate(s)) for s in stores]
    answers: list[SampleAnswer] | None = None
    if sample is not None:
        answers = sample_stores(located, sample, progress=progress, batch_size=batch_size)
        if on_sample is not None:
            on_sample(answers)
    reconciler = Reconciler()
    results: dict[str, StoreResult] = {}
    ordered = sorted(located, key=lambda sl: not _russian_primary(sl[0], sl[1]))
    own = None
    if spark is None and any(_on_spark(s, engine) for s in stores):
        from landfall.scanner.spark import SparkEngine

        spark = own = SparkEngine()
    try:
        for store, location in ordered:
            try:
                results[store.id] = scan_store(
                    store, location, hasher, reconciler, progress=progress,
                    batch_size=batch_size, spark=spark if _on_spark(store, engine) else None,
                )  # fmt: skip
            except Exception as e:
                # A driver's own failure (not mapped at the boundary) fails this store, not
                # the scan; its text may quote row values, so only its kind is kept.
                results[store.id] = _failed_store(store, location, e)
    finally:
        if own is not None:
            own.close()
    _mark_unread_primaries(located, results)
    return ScanReport(
        [results[s.id] for s in stores], reconciled=hasher is not None, sample=answers
    )


def sample_stores(
    located: list[tuple[Store, Location]],
    rows_per_relation: int,
    *,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[SampleAnswer]:
    """Each store's sampled answer: its first ``rows_per_relation`` rows of every relation."""
    if rows_per_relation <= 0:
        raise ValueError("a sample needs at least one row per relation")
    answers = []
    for store, location in located:
        limit = min(rows_per_relation, store.sample or rows_per_relation)
        sampled = store.model_copy(update={"sample": limit})
        try:
            result = scan_store(
                sampled, location, None, Reconciler(), progress=progress,
                batch_size=min(batch_size, limit),
            )  # fmt: skip
        except Exception as e:  # as in the full scan: this store's outcome, not the scan's
            result = _failed_store(store, location, e)
        answers.append(answer_of(result, limit))
    return answers


def _mark_unread_primaries(
    located: list[tuple[Store, Location]], results: dict[str, StoreResult]
) -> None:
    """A record abroad matched against Russian primaries read only in part (or not at all) is
    ``only_abroad`` for want of evidence: the unread relations may hold it. Each store
    reconciled then names those primaries, so that ``only_abroad`` is not read as proof."""
    unread = sorted(
        store.id
        for store, location in located
        if _russian_primary(store, location) and not results[store.id].ok
    )
    if not unread:
        return
    for result in results.values():
        if result.reconciliation is not None:
            result.reconciliation["primaries_not_covered"] = unread


def _result_of(store: Store, location: Location) -> StoreResult:
    """A store's result before anything is read: where it is and how that was decided."""
    return StoreResult(
        id=store.id,
        company=store.company,
        role=store.role,
        url=mask_url(store.url),
        country=location.country,
        located_by=location.method,
        location_reason=location.reason,
    )


def _failed_store(store: Store, location: Location, error: Exception) -> StoreResult:
    result = _result_of(store, location)
    result.errors.append(
        Diagnostic(
            "store-failed",
            f"store {store.id!r}: the scan failed ({type(error).__name__})",
            Where(store.source_file, store.source_line, "url"),
            "the other stores were scanned; scan this one again",
        )
    )
    return result


def _on_spark(store: Store, engine: Engine | None) -> bool:
    """Spark for file stores when asked (a sample of a few rows per table stays local)."""
    chosen = engine or store.engine
    return chosen == "spark" and is_file_url(store.url) and store.sample is None


def _russian_primary(store: Store, location: Location) -> bool:
    return store.role == "primary" and location.country == "RU"


def scan_store(
    store: Store,
    location: Location,
    hasher: Hasher | None,
    reconciler: Reconciler,
    *,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    spark: SparkEngine | None = None,
) -> StoreResult:
    result = _result_of(store, location)
    abroad = location.country is not None and location.country != "RU"
    tally = Tally() if hasher is not None and abroad else None
    feeds_russia = hasher is not None and _russian_primary(store, location)
    try:
        source = open_source(store)
    except LandfallError as e:
        result.errors.extend(e.diagnostics)
        return result
    try:
        try:
            found = source.tables()  # omitted() is known once the catalog has been read
            tables, omitted = select_tables(store, found, source.omitted())
        except LandfallError as e:
            result.errors.extend(e.diagnostics)
            return result
        _record_omitted(store, result, omitted)
        if spark is not None:
            from landfall.scanner.sources.files import FileSource

            assert isinstance(source, FileSource)
            try:
                spark.scan_files(
                    store, source, tables, result, hasher, reconciler, tally, feeds_russia,
                    batch_size=batch_size,
                )  # fmt: skip
            except LandfallError as e:  # Spark did not start: none of the files was read
                result.errors.extend(e.diagnostics)
                for t in tables:
                    result.covered(
                        RelationCoverage(t.qualified, "read-failed", READ_FAILED, e.code)
                    )
            if progress is not None:
                progress(store.id, "*", result.rows_scanned)
            tables = []
        for index, table in enumerate(tables):
            try:
                _scan_table(
                    source, table, store, result, hasher, reconciler, tally, feeds_russia,
                    progress, batch_size,
                )  # fmt: skip
                result.tables_scanned += 1
                result.covered(RelationCoverage(table.qualified, "scanned"))
            except LandfallError as e:
                result.errors.extend(e.diagnostics)
                lost = e.code == "store-connection-lost"
                cause = cause_of(e)
                reason = CONNECTION_LOST if lost else READ_FAILED
                result.covered(RelationCoverage(table.qualified, "read-failed", reason, cause))
                if lost:
                    # The store's other relations cannot be read either.
                    for rest in tables[index + 1 :]:
                        result.covered(RelationCoverage(rest.qualified, "skipped", NOT_READ))
                    break
    finally:
        source.close()
    if tally is not None and result.russian_user_rows:
        result.reconciliation = tally.to_dict()
    return result


def _record_omitted(store: Store, result: StoreResult, omitted: list[RelationCoverage]) -> None:
    """Relations the store lists but its catalog could not describe: named, never dropped."""
    if not omitted:
        return
    for relation in omitted:
        result.covered(relation)
    names = ", ".join(repr(o.relation) for o in omitted)
    causes = sorted({o.error for o in omitted if o.error})
    result.errors.append(
        Diagnostic(
            f"store-{CATALOG_OMITTED}",
            f"store {store.id!r}: the catalog lists {names} but gives no columns"
            + (f" ({'; '.join(causes)})" if causes else "")
            + ": not scanned",
            Where(store.source_file, store.source_line, "url"),
            "a view that calls a function writing data cannot be read in a read-only session;"
            " scan the tables it reads from",
        )
    )


def _scan_table(
    source: Source,
    table: TableRef,
    store: Store,
    result: StoreResult,
    hasher: Hasher | None,
    reconciler: Reconciler,
    tally: Tally | None,
    feeds_russia: bool,
    progress: Progress | None,
    batch_size: int,
) -> None:
    hints = [column_hint(c) for c in table.columns]
    labels = [f"{table.qualified}.{c}" for c in table.columns]
    done = 0

    def take(found: BatchResult) -> None:
        nonlocal done
        result.record_batch(labels, found)
        if hasher is not None and found.row_russian.any():
            rows, hashes = hasher.batch(found)
            if feeds_russia:
                reconciler.add_primary_many(hashes)
            elif tally is not None:
                reconciler.tally_many(tally, found.row_russian, rows, hashes)
        done += found.n_rows
        result.rows_scanned += found.n_rows
        if progress is not None:
            progress(store.id, table.qualified, done)

    # Detection runs in Polars and numpy, which release the GIL: batches are detected in worker
    # threads (one per core) while the one before them is hashed and counted here and the next
    # is read, so every core is busy. Batches are still taken in the order they were read.
    pending: deque[Future[BatchResult]] = deque()
    with ThreadPoolExecutor(
        max_workers=DETECT_WORKERS, thread_name_prefix="landfall-detect"
    ) as pool:
        batches = column_batches(source, table, batch_size=batch_size, limit=store.sample)
        try:
            for columns in batches:
                pending.append(pool.submit(detect_batch, columns, hints))
                if len(pending) > DETECT_WORKERS:
                    take(pending.popleft().result())
        except LandfallError:
            # A read failed: the batches read before it still count, as in a serial scan.
            while pending and pending[0].exception() is None:
                take(pending.popleft().result())
            raise
        while pending:
            take(pending.popleft().result())
