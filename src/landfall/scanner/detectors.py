"""Detectors of Russian users' personal data, per column and inside free text.

Design, after Presidio's recognizers (a pattern proposes, a checksum or a validator confirms,
context words and column names adjust the score, each detection explains itself), but tuned
to Russian data and to speed: one combined regular expression finds every candidate in a
cell in one pass; only candidates are validated (``phonenumbers`` for phones, ``python-stdnum``
for INN and OGRN, the SNILS check digit here).

Each :class:`Detection` has two scores: ``confidence`` that the text is that identifier, and
``russian``, how much it says the row belongs to a Russian user (a Russian mobile number says
a lot; a company's INN is not personal data and says nothing about a person).

The row rule (:func:`judge_row`): the row is personal data of a Russian user when
``1 - prod(1 - russian_i)`` over its detections reaches :data:`ROW_THRESHOLD` (0.8). One
validated strong identifier (RU phone, personal INN, SNILS, passport with context, OGRNIP)
decides alone; weak signals (a Cyrillic full name with patronymic 0.6, a Russian address 0.5,
an e-mail on a Russian domain 0.5, a passport-shaped number without context 0.6) decide only
in pairs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import phonenumbers
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

__all__ = [
    "ROW_THRESHOLD",
    "Detection",
    "RowVerdict",
    "column_hint",
    "detect",
    "judge_row",
    "snils_is_valid",
]

ROW_THRESHOLD = 0.8
# Past this many characters a cell is scanned only in its head: bounded time per cell.
MAX_CELL_CHARS = 1 << 16

PERSONAL_TYPES = frozenset(
    {"phone_ru", "inn_person", "snils", "passport_ru", "ogrnip", "email", "name_ru", "address_ru"}
)


@dataclass(frozen=True, slots=True)
class Detection:
    type: str
    confidence: float
    russian: float
    reason: str
    # The normalized identifier, kept in memory only for keyed hashing; never shown.
    value: str = field(repr=False, compare=False)

    def explain(self) -> dict[str, Any]:
        return {"type": self.type, "confidence": self.confidence, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RowVerdict:
    russian: bool
    confidence: float
    decided_by: tuple[str, ...]
    detections: tuple[Detection, ...]


_HINTS: dict[str, re.Pattern[str]] = {
    t: re.compile(p, re.IGNORECASE)
    for t, p in {
        "phone": r"phone|tel|mobile|msisdn|телефон|тел|моб",
        "email": r"e[-_]?mail|почт",
        "inn": r"(^|_)inn($|_)|инн|tax_?id",
        "snils": r"snils|снилс",
        "passport": r"passport|паспорт",
        "ogrn": r"ogrn|огрн",
        "name": r"name|fio|фио|имя|фамил|отчеств",
        "address": r"address|addr|street|адрес|улиц",
    }.items()
}
_NOT_PERSONAL = re.compile(
    r"^(id|uuid|.*_id|.*_at|created|updated|amount|price|sum|total|qty|count|.*_count)$",
    re.IGNORECASE,
)
_CONTEXT = {
    "passport": re.compile(r"паспорт|passport|серия", re.IGNORECASE),
    "inn": re.compile(r"инн|inn\b", re.IGNORECASE),
    "snils": re.compile(r"снилс|snils", re.IGNORECASE),
    "phone": re.compile(r"тел|phone|моб|mobile", re.IGNORECASE),
}


def column_hint(name: str) -> str | None:
    """The identifier a column's name suggests (``"phone"``...), ``"-"`` for ids and amounts."""
    if _NOT_PERSONAL.match(name):
        return "-"
    for hint, pattern in _HINTS.items():
        if pattern.search(name):
            return hint
    return None


_SEP = r"[ \-\u00a0]?"
_PATTERN = re.compile(
    "|".join(
        [
            # The look-behind and the bounded local part keep a long run of letters linear.
            r"(?<![A-Za-z0-9._%+\-])(?P<email>[A-Za-z0-9._%+\-]{1,64}@(?P<domain>"
            r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:[A-Za-z]{2,24}|рф)))",
            r"(?<![\d\-])(?P<snils>\d{3}-\d{3}-\d{3}[ \-]\d{2})(?![\d\-])",
            r"(?<!\d)(?P<passport>\d{2} ?\d{2} (?:№ ?)?\d{6})(?!\d)",
            r"(?<![\d+])(?P<phone>(?:\+7|8|7)" + _SEP + r"\(?\d{3}\)?" + _SEP + r"\d{3}"
            r"" + _SEP + r"\d{2}" + _SEP + r"\d{2})(?!\d)",
            r"(?<![\d\-])(?P<digits>\d{10,15})(?![\d\-])",
            r"(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)? [А-ЯЁ][а-яё]+ "
            r"[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|ьич|оглы|кызы))(?![а-яё])",
            r"(?P<address>(?:\b[1-6]\d{5},? )?(?:г\. ?|город )?(?:Москва|Санкт-Петербург|"
            r"[А-ЯЁ][а-яё]+(?:ская|ский) обл(?:\.|асть))?,? ?(?:ул\.|улица|пр-т|проспект|"
            r"пер\.|переулок|ш\.|шоссе|наб\.|бульвар|б-р) ?[А-ЯЁ0-9][^,\n]{1,40},? "
            r"(?:д\.|дом) ?\d+)",
        ]
    )
)
_NONDIGIT = re.compile(r"\D")
_RU_TLDS = (".ru", ".рф", ".su", ".xn--p1ai")


def snils_is_valid(digits: str) -> bool:
    """SNILS check digit: weights 9..1 over the first nine digits, mod 101, 100 -> 00."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    number, check = digits[:9], int(digits[9:])
    if number <= "001001998":  # numbers up to this one were issued without a check
        return False
    total = sum(int(d) * w for d, w in zip(number, range(9, 0, -1), strict=True))
    expected = total % 101
    return (0 if expected == 100 else expected) == check


@lru_cache(maxsize=1 << 16)
def _ru_phone(national: str) -> bool:
    # Russian area codes start with 3, 4, 8 or 9; +7 6xx/7xx belong to Kazakhstan.
    if national[0] not in "3489":
        return False
    number = phonenumbers.PhoneNumber(country_code=7, national_number=int(national))
    return (
        phonenumbers.is_valid_number(number) and phonenumbers.region_code_for_number(number) == "RU"
    )


def _phone_or_snils(text: str, start: int, raw: str, hint: str | None) -> Detection | None:
    digits = _NONDIGIT.sub("", raw)
    national = digits[1:]
    bare = digits == raw
    if hint == "snils" and bare and snils_is_valid(digits):
        return Detection("snils", 0.99, 0.99, "11 digits + SNILS check digit + column name", digits)
    if _ru_phone(national):
        why = "+7/8 and a Russian area code + phonenumbers region RU"
        conf = 0.9 if bare else 0.95
        if hint == "phone" or _context(text, start, "phone"):
            conf, why = 0.99, why + " + context"
        return Detection("phone_ru", conf, conf, why, "+7" + national)
    if bare and snils_is_valid(digits):
        return Detection("snils", 0.8, 0.8, "11 digits + SNILS check digit", digits)
    if national[0] in "67" and phonenumbers.is_valid_number(
        phonenumbers.PhoneNumber(country_code=7, national_number=int(national))
    ):
        return Detection("phone_foreign", 0.9, 0.0, "+7 6xx/7xx: a Kazakh number", "+7" + national)
    return None


def _context(text: str, start: int, kind: str) -> bool:
    return start > 0 and bool(_CONTEXT[kind].search(text, max(0, start - 40), start))


def _digits(text: str, start: int, raw: str, hint: str | None) -> Detection | None:
    n = len(raw)
    if n == 12 and stdnum_inn.is_valid(raw):
        strong = hint == "inn" or _context(text, start, "inn")
        conf = 0.99 if strong else 0.9
        why = "12 digits + INN check digits" + (" + context" if strong else "")
        return Detection("inn_person", conf, conf, why, raw)
    if n == 10:
        if hint == "passport" or _context(text, start, "passport"):
            return Detection("passport_ru", 0.85, 0.85, "10 digits + passport context", raw)
        if stdnum_inn.is_valid(raw):
            return Detection("inn_legal", 0.9, 0.0, "10 digits + INN check digit", raw)
        return None
    if n == 13 and stdnum_ogrn.is_valid(raw):
        return Detection("ogrn", 0.9, 0.0, "13 digits + OGRN check digit", raw)
    if n == 15 and stdnum_ogrn.is_valid(raw):
        return Detection("ogrnip", 0.9, 0.9, "15 digits + OGRNIP check digit", raw)
    if n == 11 and hint == "snils" and snils_is_valid(raw):
        return Detection("snils", 0.99, 0.99, "11 digits + SNILS check digit + column name", raw)
    return None


def _email(domain: str, raw: str) -> Detection:
    domain = domain.lower()
    russian = domain.endswith(_RU_TLDS)
    why = "e-mail pattern" + (" + Russian domain" if russian else "")
    return Detection("email", 0.99, 0.5 if russian else 0.0, why, raw.lower())


def detect(text: str, hint: str | None = None) -> list[Detection]:
    """Every identifier found in one cell; ``hint`` is :func:`column_hint` of its column."""
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    found: list[Detection] = []
    for m in _PATTERN.finditer(text):
        kind = m.lastgroup
        raw = m.group()
        start = m.start()
        det: Detection | None = None
        if kind == "phone":
            det = _phone_or_snils(text, start, raw, hint)
        elif kind == "digits":
            det = _digits(text, start, raw, hint)
        elif kind == "email":
            det = _email(m.group("domain"), raw)
        elif kind == "snils":
            digits = _NONDIGIT.sub("", raw)
            if snils_is_valid(digits):
                det = Detection("snils", 0.99, 0.99, "SNILS format + check digit", digits)
        elif kind == "passport":
            digits = _NONDIGIT.sub("", raw)
            if hint == "passport" or _context(text, start, "passport"):
                det = Detection("passport_ru", 0.9, 0.9, "series+number + context", digits)
            else:
                det = Detection("passport_ru", 0.6, 0.6, "series+number format", digits)
        elif kind == "name":
            conf = 0.7 if hint == "name" else 0.6
            det = Detection("name_ru", conf, conf, "Cyrillic surname, name, patronymic", raw)
        elif kind == "address":
            conf = 0.6 if hint == "address" else 0.5
            det = Detection("address_ru", conf, conf, "Russian street address words", raw)
        if det is not None:
            found.append(det)
    return found


def cell_text(value: Any) -> str | None:
    """The text of a cell worth scanning; numbers kept (an INN in a bigint column)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if value >= 10**9 else None
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "ignore")
    return None


def judge_row(detections: Sequence[Detection]) -> RowVerdict:
    """Apply the row rule (module docstring) to one row's detections."""
    best: dict[str, Detection] = {}
    for d in detections:
        if d.russian > 0 and (d.type not in best or d.russian > best[d.type].russian):
            best[d.type] = d
    doubt = 1.0
    for d in best.values():
        doubt *= 1.0 - d.russian
    confidence = round(1.0 - doubt, 4)
    russian = confidence >= ROW_THRESHOLD - 1e-9
    decided = tuple(sorted(best, key=lambda t: -best[t].russian)) if russian else ()
    return RowVerdict(russian, confidence, decided, tuple(detections))
