"""The column-wise block scan reads every line as the per-line scan does, odd lines included."""

from __future__ import annotations

import random
from datetime import timedelta

import numpy as np
import pytest

from landfall.audience import JsonFields, ids
from landfall.audience.scan import DayCounters, Scan, scan_lines
from landfall.periods import LegalClock
from log_samples import LogSpec, combined_lines

CLOCK = LegalClock(timedelta(hours=3), "MSK")
_MASK = (1 << 64) - 1


def _reference_id(data: bytes) -> int:
    """The id as ids.py defines it, one word at a time in plain Python."""
    words = (len(data) + 7) // 8
    padded = bytes(8 * words - len(data)) + data
    weights = ids._weights_for(words + 1)
    acc = (len(data) * 0x9E3779B97F4A7C15) & _MASK
    for i in range(words):
        word = int.from_bytes(padded[8 * (words - 1 - i) : 8 * (words - i)], "little")
        acc = (acc + word * int(weights[i])) & _MASK
    return int(ids.fmix64(np.array([acc], dtype=np.uint64))[0])


def test_ids_of_ranges_of_any_length_follow_their_definition() -> None:
    rng = random.Random(3)
    lengths = [0, 1, 7, 8, 9, 15, 16, 63, 64, 65, 127, 128, 129, 255, 256, 257, 700, 3000]
    values = [rng.randbytes(rng.choice(lengths)) for _ in range(300)]
    assert ids.byte_ids(values).tolist() == [_reference_id(v) for v in values]
    # A range's id does not depend on the bytes around it (its window reads them, masked).
    block = b"\xff" * 300 + b"abc" + b"\xff" * 300
    padded = np.frombuffer(bytes(ids.PAD) + block + bytes(ids.PAD), dtype=np.uint8)
    at = np.array([303], dtype=np.int64)
    assert ids.range_ids(padded, at, np.array([3]), 64).tolist() == [_reference_id(b"abc")]


def _odd_lines(rng: random.Random) -> list[bytes]:
    """Lines the column-wise scan must hand over, or read exactly as the per-line scan."""
    agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0"
    stamp = "01/Mar/2024:21:00:00 +0000"
    base = '{ip} - {user} [{stamp}] "GET / HTTP/1.1" 200 10 "-" "{agent}"{tail}'
    addresses = [
        "77.88.55.1", "94.25.1.2", "2a02:6b8::1", "[2a02:6b8::1]", "::ffff:77.88.55.1",
        "10.0.0.1", "127.0.0.1", "fd00::1", "8.8.8.8", "077.88.55.1", "999.1.1.1", "x" * 70,
        "ip\udce9", "1.2.3.4\t", "",
    ]  # fmt: skip
    users = ["-", "alice", '\\"quoted\\"', "[01/Jan/2031:00:00:00 +0000]", "a b"]
    stamps = [
        stamp, "01/Mar/2024:20:59:59 +0000", " 1/Mar/2024:21:00:00 +0000",
        "01/Mar/2024:21:00:00 +14_0", "31/Feb/2024:10:00:00 +0300", "01/Foo/2024:10:00:00 +0300",
        "01/Jan/0001:00:00:00 +1400", "01/Mar/2024x21:00:00 +0000", "01/Mar/2024:21:00:00 -0530",
    ]  # fmt: skip
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for _ in range(40):  # any calendar field, valid or not, in any year and zone
        stamps.append(
            f"{rng.randrange(33):02}/{rng.choice(months)}/"
            f"{rng.choice([1, 2, 1900, 2000, 2023, 2024, 9998, 9999]):04}:"
            f"{rng.randrange(26):02}:{rng.randrange(61):02}:00 "
            f"{rng.choice('+-')}{rng.randrange(16):02}{rng.randrange(100):02}"
        )
        stamps.append(f"29/Feb/{rng.choice([1900, 2000, 2023, 2024])}:23:59:00 -0100")
    agents = [agent, "", 'with "quote', "\udcff\udcfe", "A" * 129, "B" * 300, agent + " build/7"]
    tails = ["", "\r", " x", '"', ' "extra"']
    out = []
    for _ in range(3000):
        line = base.format(
            ip=rng.choice(addresses), user=rng.choice(users), stamp=rng.choice(stamps),
            agent=rng.choice(agents), tail=rng.choice(tails),
        )  # fmt: skip
        out.append(line.encode("utf-8", "surrogateescape"))
    out += [b"", b"   ", b"\t", b"garbage", b'"', b"a" * 40, b"\x00" * 50]
    # The time field's frame broken at each place the per-line scan checks it.
    for frame in ('(%s] "', '[%s]"', '[%s) "', "[%s] '", '[%s]x"', '[%s]\\"'):
        line = "77.88.55.1 - - " + frame % stamp + 'GET / HTTP/1.1" 200 10 "-" "a"'
        out += [line.encode()] * 3
    rng.shuffle(out)
    return out


def _state(scan: Scan) -> object:
    return (
        {d: sorted(s) for d, s in scan.counters.exact.items()},
        scan.accesses,
        scan.lines,
        scan.ru,
        scan.malformed,
        scan.examples,
    )


@pytest.mark.parametrize("accesses", [False, True], ids=["users", "accesses"])
def test_the_block_scan_equals_the_per_line_scan(accesses: bool) -> None:
    rng = random.Random(5)
    lines = _odd_lines(rng) + [s.encode() for s in combined_lines(LogSpec(days=2, seed=4))]
    rng.shuffle(lines)
    block = b"\n".join(lines)

    def fresh() -> Scan:
        return Scan(DayCounters(10**9, 12), 10**6, CLOCK.tz, frozenset({"RU"}), accesses)

    by_block = fresh()
    assert by_block.process("a.log", 1, block, "combined", JsonFields()) == len(lines)
    by_line = fresh()
    by_line.lines += len(lines)
    scan_lines(by_line, "a.log", range(1, len(lines) + 1), lines)
    assert by_block.malformed > 100 and by_block.ru > 1000  # both kinds of line were there
    assert _state(by_block) == _state(by_line)
