"""The vectorized detectors find exactly what the per-cell detector finds."""

from __future__ import annotations

import random
from collections import Counter

import phonenumbers
import pytest
from scanner_data import COLUMNS, rows, users

from landfall.scanner.detectors import cell_text, column_hint, detect, judge_row
from landfall.scanner.number_tokens import phone_patterns
from landfall.scanner.vector import TYPES, column_texts, detect_batch

TRICKY = [
    "+7 916 123-45-67", "8 (495) 123-45-67", "+7 701 123 45 67", "+77471234567",
    "ИНН 500100732259", "500100732258", "7707083893", "112-233-445 95", "112-233-445 96",
    "паспорт 45 08 123456", "серия 4508 № 123456", "45 08 123456", "1027700132195",
    "304500116000157", "ivan@mail.ru", "Иванов Иван Иванович", "Ivan Petrov",
    "order 2024-01-01 total 1234.50", "Иванов Иван Ивановичем", "-500100732259",
    "+7 916 555 01 99 8 926 404 77 31", "+49 30 1234567", "89165550199-", "7 930 000 12 34",
    "Доставка: 101000, г. Москва, ул. Мясницкая, д. 7", "x" * 70 + "@mail.ru",
    "Иванов Иван Иванович, тел. 8 (916) 000-11-22, СНИЛС 112-233-445 95, ivan@ya.ru",
    "5001007322590001", "+500100732259", "-500100732259-", "8 916 555-01-99-",
    "+7 (916) 555 01 99", "ИНН: 5001-0073-2259", "7707083893 1027700132195", "11223344595",
    "Passport: 4508 123456", "mobile +7 916 555 01 99", "Тел.: 89165550199",
    # A full name glued to what follows it: the name's pattern takes that character.
    "Иванов Иван Иванович1", "Иванов Иван Иванович89161234567", "Иванов Иван Иванович@mail.ru",
    "Иванов Иван Иванович+79161234567", "Иванов Иван Иванович-500100732259",
    "Москва, ул. Мясницкая, дом7", "ivan@mail.рф, +7\u00a0916\u00a0555\u00a001\u00a099",
]  # fmt: skip


def _scalar(table: list[tuple[object, ...]], hints: list[str | None]) -> tuple[Counter, list]:  # type: ignore[type-arg]
    found: Counter = Counter()  # type: ignore[type-arg]
    verdicts = []
    for row in table:
        dets = []
        for i, v in enumerate(row):
            text = cell_text(v)
            if text is None or (hints[i] == "-" and text.isdigit()):
                continue
            for d in detect(text, hints[i]):
                dets.append(d)
                found[(i, d.type, d.value)] += 1
        v = judge_row(dets) if dets else None
        verdicts.append((v.russian, v.decided_by[0]) if v and v.russian else (False, None))
    return found, verdicts


def _vector(table: list[tuple[object, ...]], hints: list[str | None]) -> tuple[Counter, list]:  # type: ignore[type-arg]
    cols = [column_texts([r[i] for r in table]) for i in range(len(hints))]
    b = detect_batch(cols, hints)
    found = Counter(
        (c, TYPES[t], v)
        for c, t, v in zip(b.col.tolist(), b.type.tolist(), b.value.to_list(), strict=True)
    )
    verdicts = [
        (bool(r), TYPES[d] if d >= 0 else None)
        for r, d in zip(b.row_russian.tolist(), b.decided.tolist(), strict=True)
    ]
    return found, verdicts


def test_generated_users_agree() -> None:
    table = rows(users(3000, seed=5))
    hints = [column_hint(c) for c in COLUMNS]
    assert _vector(table, hints) == _scalar(table, hints)


@pytest.mark.parametrize("hint", [None, "phone", "snils", "passport", "inn", "name", "-"])
def test_tricky_cells_agree(hint: str | None) -> None:
    table = [(t,) for t in TRICKY]
    assert _vector(table, [hint]) == _scalar(table, [hint])


def test_phone_patterns_are_phonenumbers_verdict() -> None:
    import polars as pl

    from landfall.scanner.number_tokens import _matches

    rng = random.Random(3)
    nationals = [f"{a}{rng.randrange(10**7):07d}" for a in range(100, 1000) for _ in range(5)]
    ru_pat, kz_pat = phone_patterns()
    s = pl.Series(nationals)
    ru, kz = _matches(s, ru_pat).to_list(), _matches(s, kz_pat).to_list()
    for n, is_ru, is_kz in zip(nationals, ru, kz, strict=True):
        num = phonenumbers.PhoneNumber(country_code=7, national_number=int(n))
        region = phonenumbers.region_code_for_number(num)
        valid = phonenumbers.is_valid_number(num)
        assert is_ru == (n[0] in "3489" and valid and region == "RU"), n
        assert is_kz == (n[0] == "7" and valid and region == "KZ"), n
