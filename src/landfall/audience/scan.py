"""The scan behind the audience meter: field parsing, geolocation, day counters.

Kept apart from the report so that worker processes (see ``parallel``) and Spark tasks run
exactly the code the serial path runs. A combined-format block is read column-wise
(``columns``); the lines that path does not take, and JSON lines, are read here one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import Any

import datasketches  # type: ignore[import-untyped]
import numpy as np
import numpy.typing as npt

from landfall.audience.addresses import COUNTED, INVALID, OTHER, AddressBook, classify
from landfall.audience.ids import byte_ids, user_ids
from landfall.audience.logs import JsonFields, legal_day_of_clf, parse_json_line

__all__ = [
    "COUNTED",
    "INVALID",
    "OTHER",
    "DayCounters",
    "MalformedLine",
    "Scan",
    "classify",
    "detect_format",
    "scan_lines",
]

# The address caches are dropped past this size, to keep memory flat in users; their values
# are content-derived, so dropping them never changes a count.
GEO_CACHE_MAX = 1_000_000
# Time keys are per minute and zone, so this cache rarely needs dropping; bound it anyway.
DAY_CACHE_MAX = 1 << 19
Ids = npt.NDArray[np.int64]


@dataclass(frozen=True)
class MalformedLine:
    file: str
    line: int
    reason: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason, "text": self.text}


class DayCounters:
    """Per-day distinct counters: exact arrays of user ids, demoted to HLL under memory
    pressure.

    A day's ids arrive block by block, repeats included; they are folded (sorted, repeats
    dropped) only when the ids held, repeats counted, pass the exact limit, so a block costs
    an append, and the limit is checked on the distinct count.
    """

    def __init__(self, exact_limit: int, lg_k: int) -> None:
        self.exact_limit = exact_limit
        self.lg_k = lg_k
        self._exact: dict[date, Ids] = {}
        self._pending: dict[date, list[Ids]] = {}
        self._held = 0  # ids held, repeats in the pending parts counted
        self.sketches: dict[date, datasketches.hll_sketch] = {}
        self.unioned: set[date] = set()  # days whose sketch is a merge of several

    @property
    def exact(self) -> dict[date, Ids]:
        """The days held exactly: each one's distinct user ids, sorted."""
        self._fold()
        return self._exact

    def add(self, day: date, users: Ids) -> None:
        sketch = self.sketches.get(day)
        if sketch is None:
            self._pending.setdefault(day, []).append(users)
            self._held += len(users)
            return
        update = sketch.update  # one call per user: the sketch has no batch update
        for user in users.tolist():
            update(user)

    def hold(self, day: date, users: Ids) -> None:
        """Hold ``users`` (distinct, sorted) as the day's exact count: a merge's result."""
        self._exact[day] = users
        self._held += len(users)

    def _fold(self) -> None:
        for day, parts in self._pending.items():
            held = self._exact.get(day)
            merged = np.concatenate([*parts] if held is None else [held, *parts])
            merged.sort(kind="stable")  # a sorted run and a tail: close to a linear merge
            self._exact[day] = merged[np.concatenate(([True], merged[1:] != merged[:-1]))]
        self._pending.clear()
        self._held = sum(len(s) for s in self._exact.values())

    def enforce_limit(self) -> None:
        if self._held <= self.exact_limit:
            return  # repeats included, the ids are within the limit: so are the distinct ones
        total = sum(len(s) for s in self.exact.values())
        while total > self.exact_limit and self._exact:
            day = max(self._exact, key=lambda d: len(self._exact[d]))
            held = self._exact.pop(day)
            sketch = datasketches.hll_sketch(self.lg_k, datasketches.tgt_hll_type.HLL_8)
            update = sketch.update
            for h in held.tolist():
                update(h)
            self.sketches[day] = sketch
            total -= len(held)
        self._held = total


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
    # Address id -> class (the column-wise scan); address text -> class (the per-line one);
    # minute-and-zone key -> legal day (False: no instant). A user is the pair of the address's
    # and the agent's content-derived ids (``ids``), the same in every run and process.
    geo: AddressBook = field(default_factory=AddressBook)
    geo_text: dict[bytes, int] = field(default_factory=dict)
    days: dict[bytes, date | bool] = field(default_factory=dict)
    day_list: list[date] = field(default_factory=list)
    day_index: dict[date, int] = field(default_factory=dict)
    lines: int = 0
    ru: int = 0  # lines from the counted countries (Russia unless told otherwise)
    malformed: int = 0
    examples: list[MalformedLine] = field(default_factory=list)

    def bad(self, file: str, number: int, reason: str, line: bytes) -> None:
        self.malformed += 1
        if len(self.examples) < self.max_examples:
            text = line[:300].decode("utf-8", "replace")
            self.examples.append(MalformedLine(file, number, reason, text))

    def day_number(self, day: date) -> int:
        """A small int for ``day``, for the column-wise scan's arrays."""
        number = self.day_index.get(day)
        if number is None:
            number = self.day_index[day] = len(self.day_list)
            self.day_list.append(day)
        return number

    def class_of_code(self, code: str) -> int:
        return COUNTED if code in self.countries else OTHER

    def class_of_text(self, address: bytes) -> int:
        found = self.geo_text.get(address)
        if found is None:
            found = self.geo_text[address] = classify(address, self.countries)
        return found

    def add_accesses(self, days: npt.NDArray[np.int64]) -> None:
        for number, hits in enumerate(np.bincount(days).tolist()):
            if hits:
                day = self.day_list[number]
                self.accesses[day] = self.accesses.get(day, 0) + hits

    def add_users(self, days: npt.NDArray[np.int64], users: Ids) -> None:
        """Count ``users[i]`` on the day numbered ``days[i]``."""
        for number in np.unique(days).tolist():
            self.counters.add(self.day_list[number], users[days == number])

    def add_named(self, days: list[date], addresses: list[bytes], agents: list[bytes]) -> None:
        """Count the users (address, agent) of the per-line scans on their days."""
        if not days:
            return
        if self.count_accesses:
            for day in days:
                self.accesses[day] = self.accesses.get(day, 0) + 1
            return
        numbers = np.array([self.day_number(d) for d in days], dtype=np.int64)
        self.add_users(numbers, user_ids(byte_ids(addresses), byte_ids(agents)))

    def process(self, name: str, first: int, block: bytes, fmt: str, fields: JsonFields) -> int:
        """Scan one block of lines, the first being line ``first`` of file ``name``; return
        how many lines the block held."""
        if fmt == "json":
            lines = block.split(b"\n")
            self.lines += len(lines)
            _scan_json(self, name, first, lines, fields)
            count = len(lines)
        else:
            from landfall.audience.columns import scan_combined_block

            count = scan_combined_block(self, name, first, block)
        self.counters.enforce_limit()
        if len(self.geo) > GEO_CACHE_MAX:
            self.geo.clear()
        if len(self.geo_text) > GEO_CACHE_MAX:
            self.geo_text.clear()
        if len(self.days) > DAY_CACHE_MAX:
            self.days.clear()
        return count


def scan_lines(scan: Scan, name: str, numbers: Sequence[int], lines: Sequence[bytes]) -> None:
    """Combined-format lines one by one (those the column-wise scan leaves: malformed, blank,
    unusual), ``numbers`` their line numbers in file ``name``."""
    days: list[date] = []
    addresses: list[bytes] = []
    agents: list[bytes] = []
    for number, line in zip(numbers, lines, strict=True):
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
                scan.bad(name, number, "not in combined log format", line)
            else:
                scan.lines -= 1
            continue
        key = line[lb + 1 : lb + 18] + line[lb + 21 : lb + 28]
        day = scan.days.get(key)
        if day is None:
            day = scan.days[key] = legal_day_of_clf(key, scan.tz) or False
        if day is False:
            scan.bad(name, number, "bad [time] field", line)
            continue
        e = line.rfind(b'"')
        s = line.rfind(b'"', lb, e)
        if s < 0 or e < len(line) - 2:
            scan.bad(name, number, "user agent is not the last quoted field", line)
            continue
        address = line[:sp]
        where = scan.class_of_text(address)
        if where == OTHER:
            continue
        if where == INVALID:
            scan.bad(name, number, "client address is not an IP address", line)
            continue
        scan.ru += 1
        assert isinstance(day, date)
        days.append(day)
        addresses.append(address)
        agents.append(line[s + 1 : e])
    scan.add_named(days, addresses, agents)


def _scan_json(scan: Scan, name: str, first: int, lines: list[bytes], fields: JsonFields) -> None:
    days: list[date] = []
    addresses: list[bytes] = []
    agents: list[bytes] = []
    for i, line in enumerate(lines):
        if not line.strip():
            scan.lines -= 1
            continue
        parsed = parse_json_line(line, fields, scan.tz)
        if isinstance(parsed, str):
            scan.bad(name, first + i, parsed, line)
            continue
        ip_text, day, agent = parsed
        address = ip_text.encode("ascii", "replace")
        where = scan.class_of_text(address)
        if where == OTHER:
            continue
        if where == INVALID:
            scan.bad(name, first + i, f"{fields.ip!r} is not an IP address", line)
            continue
        scan.ru += 1
        days.append(day)
        addresses.append(address)
        agents.append(agent.encode("utf-8", "surrogatepass"))
    scan.add_named(days, addresses, agents)


def detect_format(block: bytes) -> str:
    """ "json" if the first non-blank line of ``block`` starts with "{", "combined" if it
    starts otherwise, "" if the block is blank."""
    stripped = block.lstrip()
    if not stripped:
        return ""
    return "json" if stripped.startswith(b"{") else "combined"
