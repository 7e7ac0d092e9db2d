"""The sampled first answer, the keyed hashes of a batch, and the cheap candidate prefilter."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import polars as pl
import pytest
from scanner_data import COLUMNS, rows, users
from test_scan import KEY, make_sqlite, russian, stores_file
from test_vector import TRICKY

from landfall.scanner import scan_stores
from landfall.scanner.detectors import column_hint, detect
from landfall.scanner.reconcile import IDENTITY_TYPES, Hasher
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


def test_batch_hashes_are_keyed_blake2b_of_kind_and_value() -> None:
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
            msg = f"{IDENTITY_TYPES[t]}:{found.value[i]}".encode()
            mac = hashlib.blake2b(msg, key=KEY, digest_size=8).digest()
            expected.append((int(found.row[i]), int.from_bytes(mac, "big")))
            assert hasher.digest(IDENTITY_TYPES[t], str(found.value[i])) == expected[-1][1]
    assert len(expected) > russian(data)  # several identifiers per Russian row
    assert list(zip(got_rows.tolist(), got.tolist(), strict=True)) == expected
    # Another key, other hashes: nothing in a report can be matched without the key.
    _, other = Hasher(b"q" * 32).batch(found)
    assert not set(other.tolist()) & set(got.tolist())


def test_a_key_longer_than_blake2b_takes_is_hashed_first() -> None:
    long_key = bytes(range(65))
    derived = hashlib.blake2b(long_key).digest()
    mac = hashlib.blake2b(b"phone:+79161234567", key=derived, digest_size=8).digest()
    assert Hasher(long_key).digest("phone", "+79161234567") == int.from_bytes(mac, "big")
    # 64 bytes is BLAKE2b's own limit: used as it is.
    key64 = bytes(range(64))
    mac64 = hashlib.blake2b(b"phone:+79161234567", key=key64, digest_size=8).digest()
    assert Hasher(key64).digest("phone", "+79161234567") == int.from_bytes(mac64, "big")


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
