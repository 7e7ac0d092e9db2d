"""Generated, labelled Russian and foreign user data for the scanner's tests and benchmark."""

from __future__ import annotations

import random
from dataclasses import dataclass

from stdnum.ru import inn

FIRST = ["Иван", "Пётр", "Сергей", "Анна", "Мария", "Ольга", "Дмитрий", "Елена"]
LAST = ["Иванов", "Петров", "Смирнов", "Кузнецова", "Соколова", "Попов", "Волкова"]
PATRONYMIC = ["Иванович", "Петрович", "Сергеевна", "Андреевна", "Дмитриевич", "Олеговна"]
LATIN = ["John Smith", "Anna Muller", "Ivan Petrov", "Aigerim Bekova", "Marie Dupont"]
RU_AREAS = ["916", "903", "926", "985", "495", "812", "343", "383", "499", "911"]
KZ_AREAS = ["701", "702", "705", "707", "747", "771", "775", "777", "778"]


def snils_check(nine: str) -> str:
    total = sum(int(d) * w for d, w in zip(nine, range(9, 0, -1), strict=True)) % 101
    return f"{0 if total == 100 else total:02d}"


def valid_snils(rng: random.Random, formatted: bool = True) -> str:
    nine = str(rng.randrange(2_000_000, 999_999_999)).zfill(9)
    digits = nine + snils_check(nine)
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}" if formatted else digits


def invalid_snils(rng: random.Random) -> str:
    nine = str(rng.randrange(2_000_000, 999_999_999)).zfill(9)
    bad = (int(snils_check(nine)) + 1 + rng.randrange(50)) % 100
    bad = bad if f"{bad:02d}" != snils_check(nine) else (bad + 1) % 100
    return f"{nine[:3]}-{nine[3:6]}-{nine[6:9]} {bad:02d}"


def valid_inn_person(rng: random.Random) -> str:
    ten = f"{rng.randrange(1, 99):02d}" + str(rng.randrange(10**8)).zfill(8)
    return ten + inn.calc_personal_check_digits(ten)


def invalid_inn_person(rng: random.Random) -> str:
    good = valid_inn_person(rng)
    return good[:-1] + str((int(good[-1]) + 1 + rng.randrange(8)) % 10)


def ru_phone(rng: random.Random) -> str:
    area = rng.choice(RU_AREAS)
    rest = str(rng.randrange(10**7)).zfill(7)
    style = rng.randrange(4)
    if style == 0:
        return f"+7 {area} {rest[:3]}-{rest[3:5]}-{rest[5:]}"
    if style == 1:
        return f"8 ({area}) {rest[:3]}-{rest[3:5]}-{rest[5:]}"
    if style == 2:
        return f"+7{area}{rest}"
    return f"8{area}{rest}"


def kz_phone(rng: random.Random) -> str:
    area = rng.choice(KZ_AREAS)
    rest = str(rng.randrange(10**7)).zfill(7)
    return rng.choice([f"+7 {area} {rest[:3]} {rest[3:5]} {rest[5:]}", f"+7{area}{rest}"])


def cyrillic_name(rng: random.Random) -> str:
    return f"{rng.choice(LAST)} {rng.choice(FIRST)} {rng.choice(PATRONYMIC)}"


@dataclass(frozen=True)
class User:
    id: int
    full_name: str
    phone: str
    email: str
    inn: str
    snils: str
    note: str
    russian: bool
    # Labels per identifier: which values are genuinely valid Russian identifiers.
    phone_ru: bool
    inn_valid: bool
    snils_valid: bool


def users(n: int, seed: int = 4, russian_share: float = 0.6) -> list[User]:
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        russian = rng.random() < russian_share
        if russian:
            phone, phone_ru = ru_phone(rng), True
            name = cyrillic_name(rng)
            email = f"user{i}@{rng.choice(['mail.ru', 'yandex.ru', 'gmail.com'])}"
            inn_valid = rng.random() < 0.8
            snils_valid = rng.random() < 0.8
            inn_value = valid_inn_person(rng) if inn_valid else invalid_inn_person(rng)
            snils = valid_snils(rng, rng.random() < 0.7) if snils_valid else invalid_snils(rng)
            note = rng.choice(
                [
                    f"Клиент просил перезвонить по номеру {ru_phone(rng)}",
                    "Доставка: 101000, г. Москва, ул. Мясницкая, д. 7",
                    "без комментариев",
                ]
            )
        else:
            phone_ru = False
            phone = kz_phone(rng) if rng.random() < 0.5 else f"+49 30 {rng.randrange(10**7):07d}"
            name = rng.choice(LATIN)
            email = f"user{i}@example.com"
            inn_valid = snils_valid = False
            inn_value = invalid_inn_person(rng) if rng.random() < 0.5 else ""
            snils = invalid_snils(rng) if rng.random() < 0.5 else ""
            note = rng.choice(["call me at +7 701 555 12 34", "order #1234567", "n/a"])
        out.append(
            User(
                i,
                name,
                phone,
                email,
                inn_value,
                snils,
                note,
                russian,
                phone_ru,
                inn_valid,
                snils_valid,
            )
        )
    return out


COLUMNS = ("id", "full_name", "phone", "email", "inn", "snils", "note")


def rows(data: list[User]) -> list[tuple[object, ...]]:
    return [(u.id, u.full_name, u.phone, u.email, u.inn, u.snils, u.note) for u in data]
