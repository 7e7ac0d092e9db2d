"""Distinct daily users (or daily accesses) located in a country, measured from access logs.

The country is Russia unless the caller names another (ISO 3166-1 alpha-2, or a union such as
`EU`, counted over its members): format 1's `daily_users_ru` is the figure for Russia. The
metric is `daily_users` (distinct users a day) or `daily_access` (requests a day, every line
from the country counted, exact at any size).

A *user* is the pair (client address, user agent): an approximation. Carrier-grade NAT puts
many people behind one address (undercount), and mobile clients change address during a day
(overcount); there is no better key in a plain access log.

Days are legal days on the clock the caller passes (the rulebook's),
because the law counts Russian users per day on that clock. Users are held exactly, as a set of 64-bit hashes, while the total across all
days stays within ``exact_limit``; beyond it, the largest days move to HyperLogLog sketches
(Apache DataSketches), so memory stays flat however many users there are.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import datasketches  # type: ignore[import-untyped]

from landfall.audience.logs import MAX_GZIP_RATIO, JsonFields, Read, iter_blocks
from landfall.audience.scan import DayCounters, MalformedLine, Scan, detect_format
from landfall.errors import input_error
from landfall.geoip import countries_in
from landfall.i18n import N_, tr
from landfall.i18n import gettext as _
from landfall.periods import LegalClock, clock_text

if TYPE_CHECKING:
    from landfall.scanner.spark import SparkEngine

__all__ = [
    "DEFAULT_COUNTRY",
    "DEFAULT_EXACT_LIMIT",
    "DEFAULT_LG_K",
    "METRICS",
    "AudienceReport",
    "DailyAudience",
    "MalformedLine",
    "Progress",
    "auto_workers",
    "figure_words",
    "hll_relative_error",
    "measure_audience",
]

# A worker process costs about a quarter of a second to start and merge, which one process
# scanning at about 50 MB/s of log text earns back past some tens of megabytes.
BYTES_PER_WORKER = 32 << 20
# A gzip log's text is guessed from its compressed size (access logs compress 5 to 30 times).
GZIP_GUESS_RATIO = 8

# 8 bytes per user id held exactly: one million is 8 MB (the block's own ids come on top).
DEFAULT_EXACT_LIMIT = 1_000_000
DEFAULT_LG_K = 14
SOURCE = "landfall audience"

Method = Literal["exact", "hll"]
Engine = Literal["local", "spark"]
Metric = Literal["daily_users", "daily_access"]
METRICS: tuple[Metric, ...] = ("daily_users", "daily_access")
DEFAULT_METRIC: Metric = "daily_users"
DEFAULT_COUNTRY = "RU"
"""The country of format 1's short form ``daily_users_ru``: the meter's default."""


METRIC_WORDS = {"daily_users": N_("distinct daily users"), "daily_access": N_("daily accesses")}


def figure_words(report: AudienceReport) -> str:
    """``distinct daily users in RU``: what a report's figures count, for tables and charts."""
    return tr("{what} in {country}", what=_(METRIC_WORDS[report.metric]), country=report.country)


def hll_relative_error(lg_k: int, *, unioned: bool = False) -> float:
    """A-priori relative standard error (one sigma) of an HLL sketch with 2**lg_k buckets.

    A sketch fed directly uses the HIP estimator; one merged from several (``unioned``, as the
    worker processes produce) cannot, and its error is larger (0.81 % against 0.65 % at 14).
    """
    return abs(float(datasketches.hll_sketch.get_rel_err(True, unioned, lg_k, 1)))


@dataclass(frozen=True)
class DailyAudience:
    date: date
    value: int  # the day's figure in the report's metric, for the report's country
    method: Method
    relative_error: float  # one standard error; 0.0 when exact
    lower_bound: int  # two standard errors (about 95 %) below; equal to the count when exact
    upper_bound: int
    short_form: bool = True  # Russia's daily users: written as format 1's `daily_users_ru`

    @property
    def daily_users_ru(self) -> int:
        """The figure under format 1's name (meaningful for Russia's daily users)."""
        return self.value

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            ("daily_users_ru" if self.short_form else "value"): self.value,
            "method": self.method,
            "relative_error": self.relative_error,
            "lower_bound": self.lower_bound,
            "upper_bound": self.upper_bound,
        }


@dataclass
class AudienceReport:
    resource: str
    days: list[DailyAudience]
    lines_read: int
    lines_ru: int
    malformed: int
    malformed_examples: list[MalformedLine]
    lg_k: int
    exact_limit: int
    day_clock: str = ""  # the legal clock the days are counted on, e.g. 'MSK, UTC+03:00'
    country: str = DEFAULT_COUNTRY
    metric: Metric = DEFAULT_METRIC

    @property
    def short_form(self) -> bool:
        """Whether the figures are format 1's `daily_users_ru` (Russia's daily users)."""
        return (self.country, self.metric) == (DEFAULT_COUNTRY, DEFAULT_METRIC)

    def to_events(self) -> list[dict[str, Any]]:
        """`audience` events: `daily_users_ru: N` for Russia's daily users, else `country`,
        `metric` and `value` (docs/facts-format.md)."""
        return [
            {
                "date": d.date.isoformat(),
                "type": "audience",
                "resource": self.resource,
                **(
                    {"daily_users_ru": d.value}
                    if self.short_form
                    else {"country": self.country, "metric": self.metric, "value": d.value}
                ),
                "method": d.method,
                "source": SOURCE,
            }
            for d in self.days
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "resource": self.resource,
            "country": self.country,
            "metric": self.metric,
            "days": [d.to_dict() for d in self.days],
            "lines_read": self.lines_read,
            "lines_ru": self.lines_ru,
            "malformed": self.malformed,
            "malformed_examples": [m.to_dict() for m in self.malformed_examples],
            "hll": {"lg_k": self.lg_k, "relative_standard_error": hll_relative_error(self.lg_k)},
            "exact_limit": self.exact_limit,
            "user_definition": "client address + user agent (an approximation)",
            "day": f"calendar day on the legal clock {self.day_clock}".rstrip(),
        }


def _results(scan: Scan, short_form: bool) -> list[DailyAudience]:
    if scan.count_accesses:  # accesses are counted, never estimated
        return [
            DailyAudience(d, n, "exact", 0.0, n, n, short_form)
            for d, n in sorted(scan.accesses.items())
        ]
    counters = scan.counters
    out = [
        DailyAudience(d, len(s), "exact", 0.0, len(s), len(s), short_form)
        for d, s in counters.exact.items()
    ]
    for d, sk in counters.sketches.items():
        rse = hll_relative_error(counters.lg_k, unioned=d in counters.unioned)
        out.append(
            DailyAudience(
                d,
                round(sk.get_estimate()),
                "hll",
                rse,
                int(sk.get_lower_bound(2)),
                round(sk.get_upper_bound(2)),
                short_form,
            )
        )
    out.sort(key=lambda d: d.date)
    return out


def _text_bytes(path: Path) -> int:
    """About how many bytes of log text ``path`` holds (a guess for gzip)."""
    size = path.stat().st_size
    with path.open("rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
    return size * GZIP_GUESS_RATIO if gz else size


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto_workers(files: Iterable[Path], cores: int | None = None) -> int:
    """Scanning processes for ``files``: one per ``BYTES_PER_WORKER`` of text, at most one per
    usable core (the default of ``measure_audience`` and ``landfall audience``)."""
    total = sum(_text_bytes(p) for p in files)
    return max(1, min(cores or usable_cores(), total // BYTES_PER_WORKER))


def _scan_on_spark(
    files: list[Path],
    spark: SparkEngine | None,
    exact_limit: int,
    lg_k: int,
    fields: JsonFields,
    max_examples: int,
    clock: LegalClock,
    max_gzip_ratio: float,
    countries: frozenset[str],
    count_accesses: bool,
) -> Scan:
    from landfall.audience.spark import scan_spark
    from landfall.scanner.spark import SparkEngine

    engine = spark or SparkEngine()
    try:
        return scan_spark(
            files, engine=engine, exact_limit=exact_limit, lg_k=lg_k, fields=fields,
            max_examples=max_examples, tz=clock.tz, max_gzip_ratio=max_gzip_ratio,
            countries=countries, count_accesses=count_accesses,
        )  # fmt: skip
    finally:
        if spark is None:
            engine.close()


Progress = Callable[[int, int], None]
"""(bytes of the logs read so far, their total size): told after each block, for a progress bar."""


def _file_reads(files: list[Path], progress: Progress | None) -> list[Read | None]:
    """Each file's read hook: its bytes read, plus those of the files before, to ``progress``."""
    if progress is None:
        return [None] * len(files)
    sizes = [p.stat().st_size for p in files]
    total, before = sum(sizes), 0
    reads: list[Read | None] = []
    for size in sizes:
        reads.append(lambda done, b=before: progress(b + done, total))  # type: ignore[misc]
        before += size
    return reads


def measure_audience(
    paths: Iterable[str | PathLike[str]],
    *,
    resource: str,
    clock: LegalClock,
    exact_limit: int = DEFAULT_EXACT_LIMIT,
    lg_k: int = DEFAULT_LG_K,
    json_fields: JsonFields | None = None,
    max_examples: int = 10,
    workers: int | None = None,
    max_gzip_ratio: float = MAX_GZIP_RATIO,
    country: str = DEFAULT_COUNTRY,
    metric: Metric = DEFAULT_METRIC,
    engine: Engine = "local",
    spark: SparkEngine | None = None,
    progress: Progress | None = None,
) -> AudienceReport:
    """Count distinct daily users (``metric`` daily_users) or accesses (daily_access) located in
    ``country`` across ``paths`` (combined or JSON lines, gz or not); a union's code (``EU``)
    counts the addresses of its members.

    Each file's format is decided by its first non-blank line: ``{`` means JSON lines.
    ``workers`` None (the default) chooses from the cores and the files' size
    (:func:`auto_workers`). With more than one, blocks of lines are scanned by that many processes and merged; the
    counts are the same, an estimate may differ slightly (a sketch union, not one sketch).
    A gzip log decompressing to more than ``max_gzip_ratio`` times its size (past 8 MiB out)
    stops with ``audience-gzip-ratio``; 0 lifts the limit.

    ``engine`` "spark" scans the logs in Spark tasks, one per split (``workers`` is then
    Spark's business); ``spark`` is a running engine to use and leave running, else one is
    started (``LANDFALL_SPARK_MASTER``, default ``local[*]``) and stopped at the end.

    ``progress``, if given, is called after each block read with (bytes of the logs read so
    far, their total size); on Spark once, at the end.
    """
    if not 4 <= lg_k <= 21:
        raise input_error("audience-bad-lg-k", f"lg_k must be 4..21, got {lg_k}", field="lg_k")
    if exact_limit < 0:
        raise input_error("audience-bad-exact-limit", "exact_limit must be >= 0")
    if metric not in METRICS:
        raise input_error(
            "audience-bad-metric",
            f"metric {metric!r} is not one of {', '.join(METRICS)}",
            field="--metric",
        )
    if not (len(country) == 2 and country.isascii() and country.isupper()):
        raise input_error(
            "audience-bad-country",
            f"country {country!r} is not an ISO 3166-1 alpha-2 code (or EU)",
            field="--country",
        )
    countries = countries_in(country)
    count_accesses = metric == "daily_access"
    fields = json_fields or JsonFields()
    files = [Path(p) for p in paths]
    for path in files:
        if not path.is_file():
            raise input_error("audience-log-missing", "log file not found", file=str(path))
    if workers is None:
        workers = auto_workers(files)
    reads = _file_reads(files, progress)
    if engine == "spark":
        scan = _scan_on_spark(
            files, spark, exact_limit, lg_k, fields, max_examples, clock, max_gzip_ratio,
            countries, count_accesses,
        )  # fmt: skip
        if progress is not None:
            total = sum(p.stat().st_size for p in files)
            progress(total, total)
    elif workers > 1:
        from landfall.audience.parallel import scan_parallel

        scan = scan_parallel(
            files,
            workers=workers,
            exact_limit=exact_limit,
            lg_k=lg_k,
            fields=fields,
            max_examples=max_examples,
            tz=clock.tz,
            max_gzip_ratio=max_gzip_ratio,
            countries=countries,
            count_accesses=count_accesses,
            reads=reads,
        )
    else:
        scan = Scan(
            DayCounters(exact_limit, lg_k), max_examples, clock.tz, countries, count_accesses
        )
        for path, read in zip(files, reads, strict=True):
            name = str(path)
            number, fmt = 1, ""
            try:
                for block in iter_blocks(path, max_gzip_ratio, read):
                    fmt = fmt or detect_format(block)
                    number += scan.process(name, number, block, fmt, fields)
            except OSError as e:
                raise input_error("audience-log-unreadable", str(e), file=name) from e
    short_form = (country, metric) == (DEFAULT_COUNTRY, DEFAULT_METRIC)
    return AudienceReport(
        resource=resource,
        days=_results(scan, short_form),
        lines_read=scan.lines,
        lines_ru=scan.ru,
        malformed=scan.malformed,
        malformed_examples=scan.examples,
        lg_k=lg_k,
        exact_limit=exact_limit,
        day_clock=clock_text(clock),
        country=country,
        metric=metric,
    )
