from __future__ import annotations

import time

import pytest
from scanner_data import COLUMNS, rows, users

from landfall.scanner.detectors import column_hint, detect, judge_row, snils_is_valid


def types(text: str, hint: str | None = None) -> list[str]:
    return [d.type for d in detect(text, hint)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("+7 916 123-45-67", ["phone_ru"], id="ru-mobile"),
        pytest.param("8 (495) 123-45-67", ["phone_ru"], id="ru-moscow-8"),
        pytest.param("+7 701 123 45 67", ["phone_foreign"], id="kz-701-not-russian"),
        pytest.param("+77471234567", ["phone_foreign"], id="kz-747-bare"),
        pytest.param("ИНН 500100732259", ["inn_person"], id="inn-person-context"),
        pytest.param("500100732258", [], id="inn-bad-check"),
        pytest.param("7707083893", ["inn_legal"], id="inn-legal"),
        pytest.param("112-233-445 95", ["snils"], id="snils"),
        pytest.param("112-233-445 96", [], id="snils-bad-check"),
        pytest.param("паспорт 45 08 123456", ["passport_ru"], id="passport"),
        pytest.param("1027700132195", ["ogrn"], id="ogrn"),
        pytest.param("304500116000157", ["ogrnip"], id="ogrnip"),
        pytest.param("ivan@mail.ru", ["email"], id="email"),
        pytest.param("Иванов Иван Иванович", ["name_ru"], id="fio"),
        pytest.param("Ivan Petrov", [], id="latin-name"),
        pytest.param("order 2024-01-01 total 1234.50", [], id="noise"),
    ],
)
def test_detects(text: str, expected: list[str]) -> None:
    assert types(text) == expected


def test_free_text_finds_several_with_reasons() -> None:
    text = "Иванов Иван Иванович, тел. 8 (916) 000-11-22, СНИЛС 112-233-445 95, ivan@ya.ru"
    found = detect(text)
    assert {d.type for d in found} == {"name_ru", "phone_ru", "snils", "email"}
    phone = next(d for d in found if d.type == "phone_ru")
    assert "phonenumbers region RU" in phone.reason and "context" in phone.reason
    assert phone.explain()["confidence"] == 0.99
    assert "8 (916)" not in repr(phone)  # the value is kept out of repr


def test_column_hints_russian_and_english() -> None:
    assert column_hint("Телефон") == "phone"
    assert column_hint("client_phone") == "phone"
    assert column_hint("снилс") == "snils"
    assert column_hint("user_id") == "-"
    assert column_hint("комментарий") is None
    # A bare 11-digit SNILS is read as SNILS in a SNILS column, as a phone elsewhere.
    assert types("11223344595", "snils") == ["snils"]
    assert types("4508123456", "passport") == ["passport_ru"]


def test_snils_check_digit() -> None:
    assert snils_is_valid("11223344595")
    assert not snils_is_valid("11223344596")
    assert not snils_is_valid("00100199800")  # before check digits were issued


def test_row_rule_needs_one_strong_or_two_weak_signals() -> None:
    assert judge_row(detect("+7 916 123-45-67")).russian
    assert not judge_row(detect("Иванов Иван Иванович")).russian
    pair = detect("Иванов Иван Иванович") + detect("ivan@mail.ru")
    verdict = judge_row(pair)
    assert verdict.russian and verdict.decided_by == ("name_ru", "email")
    assert not judge_row(detect("+7 701 123 45 67") + detect("john@example.com")).russian


def _score(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    tp = sum(1 for got, want in pairs if got and want)
    fp = sum(1 for got, want in pairs if got and not want)
    fn = sum(1 for got, want in pairs if want and not got)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def test_precision_and_recall_on_labelled_data() -> None:
    data = users(3000, seed=11)
    hints = [column_hint(c) for c in COLUMNS]
    per_type: dict[str, list[tuple[bool, bool]]] = {"phone_ru": [], "inn_person": [], "snils": []}
    row_pairs = []
    for user, row in zip(data, rows(data), strict=True):
        cells = {
            c: [d.type for d in detect(str(v), h)]
            for c, v, h in zip(COLUMNS, row, hints, strict=True)
        }
        per_type["phone_ru"].append(("phone_ru" in cells["phone"], user.phone_ru))
        per_type["inn_person"].append(("inn_person" in cells["inn"], user.inn_valid))
        per_type["snils"].append(("snils" in cells["snils"], user.snils_valid))
        found = [d for v, h in zip(row, hints, strict=True) for d in detect(str(v), h)]
        row_pairs.append((judge_row(found).russian, user.russian))
    for kind, pairs in per_type.items():
        precision, recall = _score(pairs)
        assert precision >= 0.99 and recall >= 0.99, (kind, precision, recall)
    precision, recall = _score(row_pairs)
    assert precision >= 0.99 and recall >= 0.99


def test_no_kazakh_number_counted_as_russian() -> None:
    data = [u for u in users(3000, seed=5) if u.phone.startswith("+7")]
    kz = [u for u in data if not u.phone_ru]
    assert kz
    assert all("phone_ru" not in types(u.phone, "phone") for u in kz)


def test_huge_cell_is_bounded() -> None:
    text = "x" * (2 << 20) + " +7 916 123-45-67"
    started = time.perf_counter()
    assert detect(text) == []  # past the cap: not scanned
    assert time.perf_counter() - started < 1.0
