"""The sampled first answer, the keyed hashes of a batch, and the cheap candidate prefilter."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
from scanner_data import COLUMNS, rows, users
from test_scan import KEY, make_sqlite, russian, stores_file
from test_vector import TRICKY

from landfall.scanner import scan_stores
from landfall.scanner.detectors import column_hint, detect
from landfall.scanner.reconcile import IDENTITY_TYPES, KEY_CONTEXT, Hasher
from landfall.scanner.siphash import siphash24
from landfall.scanner.vector import CANDIDATE, TYPES, column_texts, detect_batch


def _foreign_then_russian(path: Path, foreign: int, russian_rows: int) -> None:
    """A table whose first ``foreign`` rows hold no Russian user and the rest only Russians."""
    abroad = [u for u in users(foreign * 4, seed=11) if not u.russian][:foreign]
    ours = [u for u in users(russian_rows * 4, seed=12) if u.russian][:russian_rows]
    assert len(abroad) == foreign and len(ours) == russian_rows
    make_sqlite(path, abroad + ours)


def _store(tmp_path: Path, db: Path, **extra: object) -> Path:
    entry = {"id": "lake", "company": "acme", "url": f"sqlite:///{db}", "role": "backup",
             "country": "DE", **extra}  # fmt: skip
    return stores_file(tmp_path, [entry])


def test_sample_past_the_russian_rows_says_not_found_and_never_absence(tmp_path: Path) -> None:
    db = tmp_path / "lake.db"
    _foreign_then_russian(db, foreign=50, russian_rows=30)
    seen = []
    report = scan_stores(_store(tmp_path, db), key=KEY, sample=50, on_sample=seen.append)
    (answers,) = seen
    by_store = {a.store: a.to_dict() for a in answers}
    lake = by_store["lake"]
    # Two relations (users, victims): the first 50 rows of each, none of them Russian.
    assert lake["rows_sampled"] == 50
    assert lake["relations_sampled"] == 2
    assert lake["answer"] == "not-found-in-sample"
    assert lake["shows_absence"] is False
    assert lake["method"] == "first-n-per-relation"
    # The full scan follows and finds the Russian users the sample did not reach.
    (store,) = report.stores
    assert store.rows_scanned == 80
    assert store.russian_user_rows == 30
    assert store.reconciliation is not None
    assert report.to_dict()["sample"] == [lake]


def test_sample_one_row_into_the_russian_rows_finds_them(tmp_path: Path) -> None:
    db = tmp_path / "lake.db"
    _foreign_then_russian(db, foreign=50, russian_rows=30)
    report = scan_stores(_store(tmp_path, db), key=None, sample=51)
    assert report.sample is not None
    (answer,) = report.sample
    assert answer.rows_sampled == 51
    assert answer.russian_user_rows == 1
    assert answer.answer == "found"
    assert "found in 1" in answer.line()


def test_sample_keeps_a_smaller_store_limit_and_reports_no_sample_without_asking(
    tmp_path: Path,
) -> None:
    db = tmp_path / "lake.db"
    _foreign_then_russian(db, foreign=5, russian_rows=5)
    report = scan_stores(_store(tmp_path, db, sample=3), key=None, sample=100)
    assert report.sample is not None
    assert report.sample[0].rows_per_relation == 3
    assert report.sample[0].rows_sampled == 3
    plain = scan_stores(_store(tmp_path, db), key=None)
    assert plain.sample is None
    assert "sample" not in plain.to_dict()


def test_sample_of_an_unreadable_store_is_not_read(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    report = scan_stores(_store(tmp_path, db), key=None, sample=10)
    assert report.sample is not None
    assert report.sample[0].answer == "not-read"
    assert report.sample[0].read_errors >= 1


def test_sample_needs_a_row() -> None:
    from landfall.scanner.scan import sample_stores

    with pytest.raises(ValueError, match="at least one row"):
        sample_stores([], 0)


# SipHash-2-4's reference vectors (the reference implementation's ``vectors_sip64``): key
# 00 01 .. 0f, message 00 01 .. n-1, for these n; they cover every padding of the last block.
SIPHASH_VECTORS = {
    0: 0x726FDB47DD0E0E31, 1: 0x74F839C593DC67FD, 2: 0x0D6C8009D9A94F5A,
    3: 0x85676696D7FB7E2D, 4: 0xCF2794E0277187B7, 5: 0x18765564CD99A68D,
    6: 0xCBC9466E58FEE3CE, 7: 0xAB0200F58B01D137, 8: 0x93F5F5799A932462,
    9: 0x9E0082DF0BA9E4B0, 15: 0xA129CA6149BE45E5, 16: 0x3F2ACC7F57C29BDB,
    32: 0x7127512F72F27CCE, 63: 0x958A324CEB064572,
}  # fmt: skip
MASK = (1 << 64) - 1


def _siphash_one(key: bytes, message: bytes) -> int:
    """SipHash-2-4 of one message, written from the paper, integer by integer."""

    def rotl(x: int, b: int) -> int:
        return ((x << b) | (x >> (64 - b))) & MASK

    k0, k1 = int.from_bytes(key[:8], "little"), int.from_bytes(key[8:16], "little")
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]  # fmt: skip

    def rounds(n: int) -> None:
        for _ in range(n):
            v[0] = (v[0] + v[1]) & MASK
            v[1] = rotl(v[1], 13) ^ v[0]
            v[0] = rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & MASK
            v[3] = rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & MASK
            v[3] = rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & MASK
            v[1] = rotl(v[1], 17) ^ v[2]
            v[2] = rotl(v[2], 32)

    tail = len(message) % 8
    padded = message[: len(message) - tail] + message[len(message) - tail :].ljust(7, b"\0")
    padded += bytes([len(message) & 0xFF])
    for i in range(0, len(padded), 8):
        m = int.from_bytes(padded[i : i + 8], "little")
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    v[2] ^= 0xFF
    rounds(4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def _keys(*keys: bytes) -> np.ndarray:  # type: ignore[type-arg]
    return np.array([np.frombuffer(k, dtype="<u8") for k in keys], dtype=np.uint64)


def test_siphash_gives_the_reference_vectors() -> None:
    key = bytes(range(16))
    lengths = sorted(SIPHASH_VECTORS)
    messages = pa.array([bytes(range(n)) for n in lengths], type=pa.binary())
    got = siphash24(_keys(key), np.zeros(len(lengths), dtype=np.intp), messages)
    assert got.tolist() == [SIPHASH_VECTORS[n] for n in lengths]
    assert [_siphash_one(key, bytes(range(n))) for n in lengths] == got.tolist()


def test_siphash_of_a_column_is_each_values_own() -> None:
    """Every length from 0 to 80 bytes, mixed in one column, two keys, a sliced array."""
    rng = random.Random(4)
    keys = [rng.randbytes(16), rng.randbytes(16)]
    values = [rng.randbytes(rng.randrange(81)) for _ in range(600)] + ["иван@почта.рф".encode()]
    which = np.array([rng.randrange(2) for _ in values], dtype=np.intp)
    column = pa.array([b"skipped", *values], type=pa.large_binary()).slice(1)
    got = siphash24(_keys(*keys), which, column)
    want = [_siphash_one(keys[k], v) for k, v in zip(which.tolist(), values, strict=True)]
    assert got.tolist() == want
    as_text = pa.array(["+79161234567", "ivan@mail.ru"], type=pa.string())
    texts = siphash24(_keys(keys[0]), np.zeros(2, dtype=np.intp), as_text)
    assert texts.tolist() == [_siphash_one(keys[0], b"+79161234567"),
                              _siphash_one(keys[0], b"ivan@mail.ru")]  # fmt: skip


def _kind_key(key: bytes, kind: str) -> bytes:
    return hashlib.blake2b(KEY_CONTEXT, key=key, person=kind.encode(), digest_size=16).digest()


def test_batch_hashes_are_keyed_siphash_of_each_kinds_value() -> None:
    data = users(400, seed=3)
    hints = [column_hint(c) for c in COLUMNS]
    table = rows(data)
    found = detect_batch([column_texts([r[i] for r in table]) for i in range(len(COLUMNS))], hints)
    hasher = Hasher(KEY)
    got_rows, got = hasher.batch(found)
    expected = []
    for i in range(len(found.type)):
        t = TYPES[int(found.type[i])]
        if found.row_russian[found.row[i]] and t in IDENTITY_TYPES and found.russian[i] > 0:
            kind, value = IDENTITY_TYPES[t], str(found.value[i])
            expected.append((int(found.row[i]), _siphash_one(_kind_key(KEY, kind), value.encode())))
            assert hasher.digest(kind, value) == expected[-1][1]
    assert len(expected) > russian(data)  # several identifiers per Russian row
    assert list(zip(got_rows.tolist(), got.tolist(), strict=True)) == expected
    # Another key, other hashes: nothing in a report can be matched without the key.
    _, other = Hasher(b"q" * 32).batch(found)
    assert not set(other.tolist()) & set(got.tolist())
    # The same digits as another kind of identifier hash differently.
    assert hasher.digest("inn", "500100732259") != hasher.digest("snils", "500100732259")


def test_a_key_longer_than_blake2b_takes_is_hashed_first() -> None:
    long_key = bytes(range(65))
    derived = hashlib.blake2b(long_key).digest()
    want = _siphash_one(_kind_key(derived, "phone"), b"+79161234567")
    assert Hasher(long_key).digest("phone", "+79161234567") == want
    # 64 bytes is BLAKE2b's own limit: used as it is.
    key64 = bytes(range(64))
    want64 = _siphash_one(_kind_key(key64, "phone"), b"+79161234567")
    assert Hasher(key64).digest("phone", "+79161234567") == want64


def _cells() -> list[str]:
    rng = random.Random(9)
    cells = list(TRICKY)
    for u in users(2000, seed=8):
        cells += [u.full_name, u.phone, u.email, u.inn, u.snils, u.note]
    # Edges of the prefilter's three parts: a lone digit, a hyphenated surname, an address
    # whose only digit is the house number, an e-mail without digits.
    cells += ["Салтыков-Щедрин Михаил Евграфович", "ул. Ленина, дом 5", "a@b.ru", "7",
              "Иванов Иван Иванович", "иванов иван иванович", "order №", ""]  # fmt: skip
    cells += ["".join(rng.choice("0123456789 -+()@абвАБВ.") for _ in range(30)) for _ in range(500)]
    return cells


@pytest.mark.parametrize("hint", [None, "phone", "passport", "snils", "name", "address"])
def test_every_cell_with_a_detection_passes_the_candidate_prefilter(hint: str | None) -> None:
    cells = _cells()
    passes = pl.Series(cells, dtype=pl.String).str.contains(CANDIDATE).to_list()
    found = [bool(detect(c, hint)) for c in cells]
    assert all(p for p, f in zip(passes, found, strict=True) if f)
    # The prefilter is worth having: cells without any candidate fail it.
    assert (
        not pl.Series(["Berlin", "Клиент просил перезвонить вечером", "Ivan Petrov"])
        .str.contains(CANDIDATE)
        .any()
    )


def test_cli_sample_prints_the_sampled_answer_then_the_full_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from landfall.cli import app

    db = tmp_path / "lake.db"
    _foreign_then_russian(db, foreign=20, russian_rows=10)
    monkeypatch.setenv("LANDFALL_SCAN_KEY", KEY.decode())
    result = CliRunner().invoke(
        app, ["scan", str(_store(tmp_path, db)), "--format", "json", "--sample", "20"]
    )
    assert result.exit_code == 0, (result.output, result.exception)
    assert "sample: lake: sampled 20 rows" in result.stderr
    assert "none found in the sample, which never shows that none is held" in result.stderr
    report = json.loads(result.stdout)
    assert report["sample"][0]["answer"] == "not-found-in-sample"
    assert report["stores"][0]["russian_user_rows"] == 10
    refused = CliRunner().invoke(app, ["scan", str(_store(tmp_path, db)), "--sample", "0"])
    assert refused.exit_code == 2
