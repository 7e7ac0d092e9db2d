"""The signal types the vectorized detectors report, their indices and their reasons."""

from __future__ import annotations

__all__ = ["REASONS", "TYPES", "T"]

TYPES = (
    "phone_ru",
    "phone_foreign",
    "inn_person",
    "inn_legal",
    "snils",
    "passport_ru",
    "ogrn",
    "ogrnip",
    "email",
    "name_ru",
    "address_ru",
)
T = {name: i for i, name in enumerate(TYPES)}
REASONS = {
    "phone_ru": "+7/8 and a Russian area code + phonenumbers region RU",
    "phone_foreign": "+7 6xx/7xx: a Kazakh number",
    "inn_person": "12 digits + INN check digits",
    "inn_legal": "10 digits + INN check digit",
    "snils": "SNILS format + check digit",
    "passport_ru": "series+number format",
    "ogrn": "13 digits + OGRN check digit",
    "ogrnip": "15 digits + OGRNIP check digit",
    "email": "e-mail pattern",
    "name_ru": "Cyrillic surname, name, patronymic",
    "address_ru": "Russian street address words",
}
