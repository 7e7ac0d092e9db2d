"""The per-line scan behind the audience meter: field parsing, geolocation, day counters.

Kept apart from the report so that worker processes (see ``parallel``) run exactly the code the
serial path runs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from hashlib import blake2b
from typing import Any

import datasketches  # type: ignore[import-untyped]
from iptocc import country_code

from landfall.audience.logs import JsonFields, legal_day_of_clf, parse_json_line
from landfall.geoip import country_of

__all__ = ["DayCounters", "MalformedLine", "Scan", "detect_format", "stable_id"]

# The address and agent caches are dropped past this size, to keep memory flat in users;
# their values are content-derived, so dropping them never changes a count.
GEO_CACHE_MAX = 1_000_000
# Time keys are per minute and zone, so this cache rarely needs dropping; bound it anyway.
DAY_CACHE_MAX = 1 << 19
_INVALID = "invalid"


@dataclass(frozen=True)
class MalformedLine:
    file: str
    line: int
    reason: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason, "text": self.text}


class DayCounters:
    """Per-day distinct counters: exact hash sets, demoted to HLL under memory pressure."""

    def __init__(self, exact_limit: int, lg_k: int) -> None:
        self.exact_limit = exact_limit
        self.lg_k = lg_k
        self.exact: dict[date, set[int]] = {}
        self.sketches: dict[date, datasketches.hll_sketch] = {}
        self.adders: dict[date, Callable[[int], None]] = {}
        self.unioned: set[date] = set()  # days whose sketch is a merge of several

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


def stable_id(data: bytes) -> int:
    """A 64-bit id of ``data`` that is the same in every run (``hash()`` of bytes is not)."""
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little", signed=True)


def _classify(address: bytes, countries: frozenset[str]) -> int | bool | str:
    """A stable id for an address in one of ``countries``, False elsewhere (private too),
    INVALID if no IP."""
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
            # iptocc knows no country: private, reserved or undelegated; not a counted user.
            return False
        code = country_of(bare)
    return stable_id(address) if code in countries else False


@dataclass
class Scan:
    counters: DayCounters
    max_examples: int
    tz: tzinfo  # the legal clock's zone: users are counted per legal day
    # the countries whose addresses count (one, or a union's members), and whether accesses
    # (lines) are counted per day instead of distinct users
    countries: frozenset[str] = frozenset({"RU"})
    count_accesses: bool = False
    accesses: dict[date, int] = field(default_factory=dict)
    # Address -> stable id (Russian) | False | INVALID; agent -> stable id. Users are
    # hash((address id, agent id)): a tuple of ints hashes the same in every run, so HLL
    # estimates are reproducible, while the per-line cost stays one dict lookup per field.
    geo: dict[bytes, int | bool | str] = field(default_factory=dict)
    agents: dict[bytes, int] = field(default_factory=dict)
    days: dict[bytes, date | bool] = field(default_factory=dict)
    lines: int = 0
    ru: int = 0  # lines from the counted countries (Russia unless told otherwise)
    malformed: int = 0
    examples: list[MalformedLine] = field(default_factory=list)

    def bad(self, file: str, number: int, reason: str, line: bytes) -> None:
        self.malformed += 1
        if len(self.examples) < self.max_examples:
            text = line[:300].decode("utf-8", "replace")
            self.examples.append(MalformedLine(file, number, reason, text))

    def process(
        self, name: str, first: int, lines: list[bytes], fmt: str, fields: JsonFields
    ) -> None:
        """Scan one block of lines, the first being line ``first`` of file ``name``."""
        self.lines += len(lines)
        if fmt == "json":
            _scan_json(self, name, first, lines, fields)
        else:
            _scan_combined(self, name, first, lines)
        self.counters.enforce_limit()
        if len(self.geo) > GEO_CACHE_MAX:
            self.geo.clear()
        if len(self.agents) > GEO_CACHE_MAX:
            self.agents.clear()
        if len(self.days) > DAY_CACHE_MAX:
            self.days.clear()


def _scan_combined(scan: Scan, name: str, first: int, lines: list[bytes]) -> None:
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
    # A server writes lines in time order and one zone: most lines share the previous line's
    # minute and zone, which startswith() checks in place without building a key. A newline
    # never occurs inside a line, so it is a safe "nothing yet" value.
    minute = zone = b"\n"
    today: date | bool = False
    ru = 0
    countries = scan.countries
    accesses = scan.accesses if scan.count_accesses else None
    for i, line in enumerate(lines):
        sp = line.find(b" ")
        # The time field is the fixed-width "[dd/Mon/yyyy:HH:MM:SS +zzzz]" right before the
        # request's opening quote, not the first "[": the user field before it comes from
        # the client's Basic-auth name, and servers write it unescaped except for quotes
        # (nginx \x22, Apache \"), so the first unescaped quote is the request's.
        q = line.find(b'"', sp)
        while q > 0 and line[q - 1] == 92:  # a backslash: an escaped quote in the user field
            q = line.find(b'"', q + 1)
        lb = q - 29
        if sp <= 0 or q < 0 or lb <= sp or line[lb] != 91 or line[q - 2 : q] != b"] ":
            if line.strip():
                scan.bad(name, first + i, "not in combined log format", line)
            else:
                scan.lines -= 1
            continue
        if line.startswith(minute, lb + 1) and line.startswith(zone, lb + 21):
            day = today
        else:
            key = line[lb + 1 : lb + 18] + line[lb + 21 : lb + 28]
            found = days_get(key)
            if found is None:
                found = days[key] = legal_day_of_clf(key, scan.tz) or False
            day = found
            if day is False:
                scan.bad(name, first + i, "bad [time] field", line)
                continue
            minute, zone, today = key[:17], key[17:], day
        e = line.rfind(b'"')
        s = line.rfind(b'"', lb, e)
        if s < 0 or e < len(line) - 2:
            scan.bad(name, first + i, "user agent is not the last quoted field", line)
            continue
        ip = line[:sp]
        where = geo_get(ip)
        if where is None:
            where = geo[ip] = _classify(ip, countries)
        if where is False:
            continue
        if where is _INVALID:
            scan.bad(name, first + i, "client address is not an IP address", line)
            continue
        ru += 1
        if accesses is not None:
            accesses[day] = accesses.get(day, 0) + 1  # type: ignore[index,arg-type]  # a date here
            continue
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


def _scan_json(scan: Scan, name: str, first: int, lines: list[bytes], fields: JsonFields) -> None:
    adders = scan.counters.adders
    for i, line in enumerate(lines):
        if not line.strip():
            scan.lines -= 1
            continue
        parsed = parse_json_line(line, fields, scan.tz)
        if isinstance(parsed, str):
            scan.bad(name, first + i, parsed, line)
            continue
        ip_text, day, agent = parsed
        ip = ip_text.encode("ascii", "replace")
        where = scan.geo.get(ip)
        if where is None:
            where = scan.geo[ip] = _classify(ip, scan.countries)
        if where is False:
            continue
        if where is _INVALID:
            scan.bad(name, first + i, f"{fields.ip!r} is not an IP address", line)
            continue
        scan.ru += 1
        if scan.count_accesses:
            scan.accesses[day] = scan.accesses.get(day, 0) + 1
            continue
        add = adders.get(day) or scan.counters.adder(day)
        agent_bytes = agent.encode("utf-8", "surrogatepass")
        aid = scan.agents.get(agent_bytes)
        if aid is None:
            aid = scan.agents[agent_bytes] = stable_id(agent_bytes)
        add(hash((where, aid)))


def detect_format(lines: Sequence[bytes]) -> str:
    for line in lines:
        stripped = line.strip()
        if stripped:
            return "json" if stripped.startswith(b"{") else "combined"
    return ""
