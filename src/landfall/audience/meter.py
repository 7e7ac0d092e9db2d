"""Distinct daily users located in Russia, measured from access logs.

A *user* is the pair (client address, user agent): an approximation. Carrier-grade NAT puts
many people behind one address (undercount), and mobile clients change address during a day
(overcount); there is no better key in a plain access log.

Days are Moscow days (UTC+3), because the law counts Russian users per day and Moscow time is
the legal clock. Users are held exactly, as a set of 64-bit hashes, while the total across all
days stays within ``exact_limit``; beyond it, the largest days move to HyperLogLog sketches
(Apache DataSketches), so memory stays flat however many users there are.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from hashlib import blake2b
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import datasketches  # type: ignore[import-untyped]
from iptocc import country_code

from landfall.audience.logs import (
    JsonFields,
    iter_chunks,
    moscow_day_of_clf,
    parse_json_line,
)
from landfall.errors import input_error
from landfall.geoip import country_of

__all__ = [
    "DEFAULT_EXACT_LIMIT",
    "DEFAULT_LG_K",
    "AudienceReport",
    "DailyAudience",
    "MalformedLine",
    "hll_relative_error",
    "measure_audience",
]

# About 70 bytes per held hash in a CPython set: one million is roughly 70 MB.
DEFAULT_EXACT_LIMIT = 1_000_000
# The address and agent caches are dropped past this size, to keep memory flat in users;
# their values are content-derived, so dropping them never changes a count.
GEO_CACHE_MAX = 1_000_000
DEFAULT_LG_K = 14
SOURCE = "landfall audience"

Method = Literal["exact", "hll"]
_INVALID = "invalid"
# Time keys are per minute and zone, so this cache rarely needs dropping; bound it anyway.
DAY_CACHE_MAX = 500_000


def hll_relative_error(lg_k: int) -> float:
    """A-priori relative standard error (one sigma) of an HLL sketch with 2**lg_k buckets."""
    return abs(float(datasketches.hll_sketch.get_rel_err(True, False, lg_k, 1)))


@dataclass(frozen=True)
class DailyAudience:
    date: date
    daily_users_ru: int
    method: Method
    relative_error: float  # one standard error; 0.0 when exact
    lower_bound: int  # two standard errors (about 95 %) below; equal to the count when exact
    upper_bound: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "daily_users_ru": self.daily_users_ru,
            "method": self.method,
            "relative_error": self.relative_error,
            "lower_bound": self.lower_bound,
            "upper_bound": self.upper_bound,
        }


@dataclass(frozen=True)
class MalformedLine:
    file: str
    line: int
    reason: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason, "text": self.text}


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

    def first_day_at_least(self, threshold: int) -> DailyAudience | None:
        """First day whose count (its lower bound when estimated) reaches ``threshold``."""
        return next((d for d in self.days if d.lower_bound >= threshold), None)

    def to_events(self) -> list[dict[str, Any]]:
        return [
            {
                "date": d.date.isoformat(),
                "type": "audience",
                "resource": self.resource,
                "daily_users_ru": d.daily_users_ru,
                "method": d.method,
                "source": SOURCE,
            }
            for d in self.days
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "resource": self.resource,
            "days": [d.to_dict() for d in self.days],
            "lines_read": self.lines_read,
            "lines_ru": self.lines_ru,
            "malformed": self.malformed,
            "malformed_examples": [m.to_dict() for m in self.malformed_examples],
            "hll": {"lg_k": self.lg_k, "relative_standard_error": hll_relative_error(self.lg_k)},
            "exact_limit": self.exact_limit,
            "user_definition": "client address + user agent (an approximation)",
            "day": "Moscow calendar day (UTC+3)",
        }


class _DayCounters:
    """Per-day distinct counters: exact hash sets, demoted to HLL under memory pressure."""

    def __init__(self, exact_limit: int, lg_k: int) -> None:
        self.exact_limit = exact_limit
        self.lg_k = lg_k
        self.exact: dict[date, set[int]] = {}
        self.sketches: dict[date, datasketches.hll_sketch] = {}
        self.adders: dict[date, Callable[[int], None]] = {}

    def adder(self, day: date) -> Callable[[int], None]:
        held: set[int] = set()
        self.exact[day] = held
        self.adders[day] = held.add
        return held.add

    def enforce_limit(self) -> None:
        total = sum(len(s) for s in self.exact.values())
        while total > self.exact_limit and self.exact:
            day = max(self.exact, key=lambda d: len(self.exact[d]))
            held = self.exact.pop(day)
            sketch = datasketches.hll_sketch(self.lg_k, datasketches.tgt_hll_type.HLL_8)
            update = sketch.update
            for h in held:
                update(h)
            self.sketches[day] = sketch
            self.adders[day] = update
            total -= len(held)

    def results(self) -> list[DailyAudience]:
        out = [
            DailyAudience(d, len(s), "exact", 0.0, len(s), len(s)) for d, s in self.exact.items()
        ]
        rse = hll_relative_error(self.lg_k)
        for d, sk in self.sketches.items():
            out.append(
                DailyAudience(
                    d,
                    round(sk.get_estimate()),
                    "hll",
                    rse,
                    int(sk.get_lower_bound(2)),
                    round(sk.get_upper_bound(2)),
                )
            )
        out.sort(key=lambda d: d.date)
        return out


def stable_id(data: bytes) -> int:
    """A 64-bit id of ``data`` that is the same in every run (``hash()`` of bytes is not)."""
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little", signed=True)


def _classify(address: bytes) -> int | bool | str:
    """A stable id for a Russian address, False elsewhere (private too), INVALID if no IP."""
    try:
        text = address.decode("ascii")
    except UnicodeDecodeError:
        return _INVALID
    # Fast path: a registry-delegated address is never private or reserved (IANA keeps those
    # out of every delegation), so a country answer from iptocc is final. Only the rest
    # (private, reserved, IPv4-mapped, bracketed, invalid) pays for the full parse.
    code = country_code(text)
    if code is None:
        bare = text.strip("[]")
        try:
            ip = ipaddress.ip_address(bare)
        except ValueError:
            return _INVALID
        mapped = isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None
        if bare == text and not mapped:
            # iptocc knows no country: private, reserved or undelegated; not a Russian user.
            return False
        code = country_of(bare)
    return stable_id(address) if code == "RU" else False


@dataclass
class _Scan:
    counters: _DayCounters
    max_examples: int
    # Address -> stable id (Russian) | False | INVALID; agent -> stable id. Users are
    # hash((address id, agent id)): a tuple of ints hashes the same in every run, so HLL
    # estimates are reproducible, while the per-line cost stays one dict lookup per field.
    geo: dict[bytes, int | bool | str] = field(default_factory=dict)
    agents: dict[bytes, int] = field(default_factory=dict)
    days: dict[bytes, date | bool] = field(default_factory=dict)
    lines: int = 0
    ru: int = 0
    malformed: int = 0
    examples: list[MalformedLine] = field(default_factory=list)

    def bad(self, file: str, number: int, reason: str, line: bytes) -> None:
        self.malformed += 1
        if len(self.examples) < self.max_examples:
            text = line[:300].decode("utf-8", "replace")
            self.examples.append(MalformedLine(file, number, reason, text))


def _scan_combined(scan: _Scan, name: str, first: int, lines: list[bytes]) -> None:
    # The hot loop: finds and slices instead of a regex, a cache per address and one per
    # minute and zone (seconds never move a day), the current day's adder kept.
    geo = scan.geo
    geo_get = geo.get
    days = scan.days
    days_get = days.get
    adders_get = scan.counters.adders.get
    agents = scan.agents
    agents_get = agents.get
    new_adder = scan.counters.adder
    last_day: date | bool = False
    add: Callable[[int], None] = new_adder  # type: ignore[assignment]  # set before use
    ru = 0
    for i, line in enumerate(lines):
        sp = line.find(b" ")
        lb = line.find(b"[", sp)
        if sp <= 0 or lb < 0:
            if line.strip():
                scan.bad(name, first + i, "not in combined log format", line)
            else:
                scan.lines -= 1
            continue
        key = line[lb + 1 : lb + 18] + line[lb + 21 : lb + 28]
        day = days_get(key)
        if day is None:
            day = days[key] = moscow_day_of_clf(key) or False
        if day is False:
            scan.bad(name, first + i, "bad [time] field", line)
            continue
        e = line.rfind(b'"')
        s = line.rfind(b'"', lb, e)
        if s < 0 or e < len(line) - 2:
            scan.bad(name, first + i, "user agent is not the last quoted field", line)
            continue
        ip = line[:sp]
        where = geo_get(ip)
        if where is None:
            where = geo[ip] = _classify(ip)
        if where is False:
            continue
        if where is _INVALID:
            scan.bad(name, first + i, "client address is not an IP address", line)
            continue
        ru += 1
        if day is not last_day:
            assert isinstance(day, date)
            add = adders_get(day) or new_adder(day)
            last_day = day
        agent = line[s + 1 : e]
        aid = agents_get(agent)
        if aid is None:
            aid = agents[agent] = stable_id(agent)
        add(hash((where, aid)))
    scan.ru += ru


def _scan_json(scan: _Scan, name: str, first: int, lines: list[bytes], fields: JsonFields) -> None:
    adders = scan.counters.adders
    for i, line in enumerate(lines):
        if not line.strip():
            scan.lines -= 1
            continue
        parsed = parse_json_line(line, fields)
        if isinstance(parsed, str):
            scan.bad(name, first + i, parsed, line)
            continue
        ip_text, day, agent = parsed
        ip = ip_text.encode("ascii", "replace")
        where = scan.geo.get(ip)
        if where is None:
            where = scan.geo[ip] = _classify(ip)
        if where is False:
            continue
        if where is _INVALID:
            scan.bad(name, first + i, f"{fields.ip!r} is not an IP address", line)
            continue
        scan.ru += 1
        add = adders.get(day) or scan.counters.adder(day)
        agent_bytes = agent.encode("utf-8", "surrogatepass")
        aid = scan.agents.get(agent_bytes)
        if aid is None:
            aid = scan.agents[agent_bytes] = stable_id(agent_bytes)
        add(hash((where, aid)))


def measure_audience(
    paths: Iterable[str | PathLike[str]],
    *,
    resource: str,
    exact_limit: int = DEFAULT_EXACT_LIMIT,
    lg_k: int = DEFAULT_LG_K,
    json_fields: JsonFields | None = None,
    max_examples: int = 10,
) -> AudienceReport:
    """Count distinct daily users in Russia across ``paths`` (combined or JSON lines, gz or not).

    Each file's format is decided by its first non-blank line: ``{`` means JSON lines.
    """
    if not 4 <= lg_k <= 21:
        raise input_error("audience-bad-lg-k", f"lg_k must be 4..21, got {lg_k}", field="lg_k")
    if exact_limit < 0:
        raise input_error("audience-bad-exact-limit", "exact_limit must be >= 0")
    scan = _Scan(_DayCounters(exact_limit, lg_k), max_examples)
    fields = json_fields or JsonFields()
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise input_error("audience-log-missing", "log file not found", file=str(path))
        name = str(path)
        number, fmt = 1, ""
        try:
            for lines in iter_chunks(path):
                if not fmt:
                    fmt = _detect(lines)
                scan.lines += len(lines)
                if fmt == "json":
                    _scan_json(scan, name, number, lines, fields)
                else:
                    _scan_combined(scan, name, number, lines)
                number += len(lines)
                scan.counters.enforce_limit()
                if len(scan.geo) > GEO_CACHE_MAX:
                    scan.geo.clear()
                if len(scan.days) > DAY_CACHE_MAX:
                    scan.days.clear()
                if len(scan.agents) > GEO_CACHE_MAX:
                    scan.agents.clear()
        except OSError as e:
            raise input_error("audience-log-unreadable", str(e), file=name) from e
    return AudienceReport(
        resource=resource,
        days=scan.counters.results(),
        lines_read=scan.lines,
        lines_ru=scan.ru,
        malformed=scan.malformed,
        malformed_examples=scan.examples,
        lg_k=lg_k,
        exact_limit=exact_limit,
    )


def _detect(lines: Sequence[bytes]) -> str:
    for line in lines:
        stripped = line.strip()
        if stripped:
            return "json" if stripped.startswith(b"{") else "combined"
    return ""
