"""The response cache on its own: least recently used out first, one build per missing key
however many ask at once, failures not kept, and If-None-Match read as RFC 9110 says."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from landfall.api.response_cache import ResponseCache, answer_of, matches
from landfall.errors import Diagnostic, NotFoundError, Where


class Builds:
    """A build per key that returns the key's bytes and counts how often it ran."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()

    def __call__(self, key: str) -> bytes:
        self.count[key] += 1
        return key.encode()


def test_the_least_recently_used_answer_goes_first() -> None:
    cache, builds = ResponseCache(2), Builds()
    for key in ("a", "b", "a", "c"):  # "a" used again before "c" arrives: "b" goes
        assert cache.get(key, lambda k=key: builds(k)).body == key.encode()
    assert len(cache) == 2
    cache.get("a", lambda: builds("a"))
    cache.get("b", lambda: builds("b"))
    assert builds.count == {"a": 1, "b": 2, "c": 1}


def test_size_zero_keeps_nothing() -> None:
    cache, builds = ResponseCache(0), Builds()
    cache.get("a", lambda: builds("a"))
    cache.get("a", lambda: builds("a"))
    assert (len(cache), builds.count["a"]) == (0, 2)


def test_a_failed_build_is_not_kept() -> None:
    cache = ResponseCache(4)
    missing = NotFoundError(Diagnostic("unknown-company", "no", Where(field="company")))

    def fail() -> bytes:
        raise missing

    with pytest.raises(NotFoundError):
        cache.get("a", fail)
    assert len(cache) == 0
    assert cache.get("a", lambda: b"built").body == b"built"


def test_concurrent_requests_for_a_missing_key_wait_for_one_build() -> None:
    cache = ResponseCache(4)
    began = threading.Event()
    builds = 0

    def slow() -> bytes:
        nonlocal builds
        builds += 1
        began.set()
        time.sleep(0.3)  # long enough for every other thread to ask meanwhile
        return b"board"

    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(cache.get, "board", slow)
        assert began.wait(5)
        others = [pool.submit(cache.get, "board", slow) for _ in range(7)]
        answers = [first.result(), *(f.result() for f in others)]
    assert builds == 1
    assert {a.etag for a in answers} == {answers[0].etag}


def test_concurrent_waiters_of_a_failed_build_get_its_error() -> None:
    cache = ResponseCache(4)
    began = threading.Event()

    def slow_failure() -> bytes:
        began.set()
        time.sleep(0.3)
        raise NotFoundError(Diagnostic("unknown-company", "no", Where(field="company")))

    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(cache.get, "x", slow_failure)
        assert began.wait(5)
        waiter = pool.submit(cache.get, "x", lambda: b"never")
        for future in (first, waiter):
            with pytest.raises(NotFoundError):
                future.result()
    assert cache.get("x", lambda: b"now").body == b"now"


def test_the_etag_is_a_digest_of_the_bytes() -> None:
    assert answer_of(b"{}").etag == answer_of(b"{}").etag
    assert answer_of(b"{}").etag != answer_of(b"{ }").etag
    assert answer_of(b"{}").etag.startswith('"') and answer_of(b"{}").etag.endswith('"')


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, False),
        ("", False),
        ("*", True),
        (" * ", True),
        ('"abc"', True),
        ('W/"abc"', True),  # If-None-Match compares weakly
        ('"x", "abc"', True),
        ('"x",W/"abc" ', True),
        ('"x"', False),
        ('"ab"', False),
        ('"abcd"', False),
        ("abc", False),  # an unquoted tag is not the tag
        ('"x", *', False),  # "*" only stands alone
    ],
)
def test_if_none_match(header: str | None, expected: bool) -> None:
    assert matches(header, '"abc"') is expected
