"""Realistic synthetic access logs, for tests, benchmarks and demos.

Addresses come from real delegations (Russian /16s and IPv6 /32s, US and German ones, private
ranges), times are written in mixed UTC offsets, and a share of lines is malformed, so the
output exercises the same paths a production log does. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from landfall.periods import LegalClock

__all__ = ["LogSpec", "SampleTruth", "combined_lines", "json_lines"]

_RU_V4 = ("94.25", "176.59", "46.61", "109.252")
_RU_V6 = ("2a02:6b8", "2a00:1fa0", "2a03:d000")
_FOREIGN = ("8.8.{}.{}", "3.5.{}.{}", "2001:4860:{:x}::{:x}", "2a01:4f8:{:x}::{:x}")
_PRIVATE = ("10.{}.{}.9", "192.168.{}.{}", "fd00::{:x}:{:x}", "127.0.{}.{}")
_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0 Mobile Safari/537.36 YaBrowser/24.4",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
)
_OFFSETS = (0, 180, -300, 330, 60)  # JSON logs: mixed, as aggregators write them
_PATHS = ("/", "/feed", "/api/v1/messages?page=2", "/static/app.js", "/u/ivan%20petrov")
_MALFORMED = (
    "garbage line without structure",
    '999.1.1.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"',
    '94.25.1.1 - - [31/Foo/2024:25:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"',
    '94.25.1.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5',
)


def _rulebook_clock() -> LegalClock:
    from landfall.rulebooks.ru import rulebook

    return rulebook().clock


@dataclass(frozen=True)
class LogSpec:
    """What to generate: ``days`` legal days from ``start`` (on ``clock``, by default the
    Russian rulebook's), with Russian users per day."""

    start: date = date(2024, 3, 1)
    days: int = 3
    ru_users_per_day: int = 1000
    requests_per_user: int = 3
    foreign_share: float = 0.2
    private_share: float = 0.05
    malformed_share: float = 0.01
    ipv6_share: float = 0.3
    seed: int = 7
    # Offsets (minutes) the combined lines are written in; one server usually writes one.
    zones: tuple[int, ...] = _OFFSETS
    clock: LegalClock = field(default_factory=_rulebook_clock)


@dataclass
class SampleTruth:
    """Ground truth of a generated log: distinct Russian users per legal day, line counts."""

    users: dict[date, set[tuple[str, str]]] = field(default_factory=dict)
    lines: int = 0
    malformed: int = 0
    malformed_lines: list[int] = field(default_factory=list)

    def counts(self) -> dict[date, int]:
        return {d: len(u) for d, u in sorted(self.users.items())}


def _ru_address(rng: random.Random, spec: LogSpec) -> str:
    if rng.random() < spec.ipv6_share:
        net = rng.choice(_RU_V6)
        return f"{net}:{rng.randrange(65536):x}::{rng.randrange(1, 65536):x}"
    net = rng.choice(_RU_V4)
    return f"{net}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _other_address(rng: random.Random, pattern: str) -> str:
    if ":" in pattern:
        return pattern.format(rng.randrange(65536), rng.randrange(1, 65536))
    return pattern.format(rng.randrange(256), rng.randrange(1, 255))


def _events(spec: LogSpec, truth: SampleTruth) -> Iterator[tuple[str, datetime, str] | str]:
    rng = random.Random(spec.seed)
    for day_index in range(spec.days):
        day = spec.start + timedelta(days=day_index)
        midnight = spec.clock.start(day)
        users = [
            # Real logs hold thousands of distinct agents, not one per user.
            (_ru_address(rng, spec), rng.choice(_AGENTS) + f" build/{rng.randrange(2000)}")
            for _ in range(spec.ru_users_per_day)
        ]
        truth.users[day] = set(users)
        visits: list[tuple[str, str]] = users * spec.requests_per_user
        n_other = int(len(visits) * (spec.foreign_share + spec.private_share))
        for _ in range(n_other):
            pool = (
                _FOREIGN
                if rng.random() * (spec.foreign_share + spec.private_share) < (spec.foreign_share)
                else _PRIVATE
            )
            visits.append((_other_address(rng, rng.choice(pool)), rng.choice(_AGENTS)))
        rng.shuffle(visits)
        step = 86400 / max(len(visits), 1)
        for k, (ip, agent) in enumerate(visits):
            if rng.random() < spec.malformed_share:
                yield rng.choice(_MALFORMED)
            moment = midnight + timedelta(seconds=int(k * step))
            yield ip, moment, agent


def combined_lines(spec: LogSpec, truth: SampleTruth | None = None) -> Iterator[str]:
    """nginx/Apache combined-format lines (no newline), each time in a random UTC offset."""
    truth = truth if truth is not None else SampleTruth()
    rng = random.Random(spec.seed + 1)
    for number, item in enumerate(_events(spec, truth), 1):
        truth.lines += 1
        if isinstance(item, str):
            truth.malformed += 1
            truth.malformed_lines.append(number)
            yield item
            continue
        ip, moment, agent = item
        local = moment.astimezone(timezone(timedelta(minutes=rng.choice(spec.zones))))
        stamp = local.strftime("%d/%b/%Y:%H:%M:%S %z")
        yield (
            f'{ip} - - [{stamp}] "GET {rng.choice(_PATHS)} HTTP/1.1" 200 '
            f"{rng.randrange(100, 90000)} "
            f'"https://example.ru/" "{agent}"'
        )


def json_lines(spec: LogSpec, truth: SampleTruth | None = None) -> Iterator[str]:
    """JSON-lines records with ``ip``, ``time`` (ISO 8601, mixed offsets) and ``user_agent``."""
    truth = truth if truth is not None else SampleTruth()
    rng = random.Random(spec.seed + 2)
    for number, item in enumerate(_events(spec, truth), 1):
        truth.lines += 1
        if isinstance(item, str):
            truth.malformed += 1
            truth.malformed_lines.append(number)
            yield "{not json" if rng.random() < 0.5 else json.dumps({"ip": "94.25.1.1"})
            continue
        ip, moment, agent = item
        stamp: str | float
        if rng.random() < 0.2:
            stamp = moment.timestamp()
        else:
            local = moment.astimezone(timezone(timedelta(minutes=rng.choice(_OFFSETS))))
            stamp = local.isoformat() if rng.random() < 0.5 else local.astimezone(UTC).isoformat()
        yield json.dumps({"ip": ip, "time": stamp, "user_agent": agent, "status": 200})
