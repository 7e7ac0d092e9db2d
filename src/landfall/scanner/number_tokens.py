"""Number-like tokens classified all at once, in :func:`~landfall.scanner.detectors.detect`'s
order of alternatives: their shape (formatted SNILS, passport series and number, a ``+7``/``8``
phone, a bare run of digits), check digits computed with numpy over digit matrices (INN, SNILS,
OGRN/OGRNIP), and phone numbers checked against ``phonenumbers``' own metadata patterns for
Russia and Kazakhstan, compiled once into one expression each (exactly ``phonenumbers``'
verdict, without a call per number).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from landfall.scanner.signals import T

__all__ = ["classify_numbers", "phone_patterns"]

_SEP = r"[ \-\u00a0]?"
_SNILS_FMT = r"^\d{3}-\d{3}-\d{3}[ \-]\d{2}$"
_PASSPORT_FMT = r"^-?\d{2} ?\d{2} (?:№ ?)?\d{6}-?$"
_PHONE = (
    r"^-?(?:\+7|8|7)"
    + _SEP
    + r"\(?\d{3}\)?"
    + _SEP
    + r"\d{3}"
    + _SEP
    + r"\d{2}"
    + _SEP
    + r"\d{2}-?$"
)
# A run of no known shape may still hold a candidate that the per-cell regex would find:
# its look-arounds emulated by consuming the neighbouring character (fine for a yes/no test).
_INSIDE = "|".join(
    [
        r"(?:^|[^\d\-])\d{3}-\d{3}-\d{3}[ \-]\d{2}(?:$|[^\d\-])",
        r"(?:^|\D)\d{2} ?\d{2} (?:№ ?)?\d{6}(?:$|\D)",
        r"(?:^|[^\d+])(?:\+7|8|7)" + _SEP + r"\(?\d{3}\)?" + _SEP + r"\d{3}" + _SEP + r"\d{2}"
        + _SEP + r"\d{2}(?:$|\D)",
        r"(?:^|[^\d\-])\d{10,15}(?:$|[^\d\-])",
    ]
)  # fmt: skip
_NUM_SEPS = [" ", "-", "(", ")", "\u00a0", "№", "+"]


@cache
def phone_patterns() -> tuple[str, str]:
    """``phonenumbers``' validity patterns for 10-digit Russian and Kazakh national numbers.

    For country code 7, ``phonenumbers`` gives region RU to numbers starting with 3, 4, 8 or 9
    and KZ to numbers starting with 7 (the regions' leading digits); the number is valid when
    it matches the region's general pattern and one of its number-type patterns.
    """
    from phonenumbers.phonemetadata import PhoneMetadata

    out = []
    for region in ("RU", "KZ"):
        meta = PhoneMetadata.metadata_for_region(region)
        assert meta is not None
        kinds = []
        for name in ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number",
                     "pager", "uan", "voicemail", "fixed_line", "mobile"):  # fmt: skip
            desc = getattr(meta, name)
            if desc is None or not desc.national_number_pattern:
                continue
            if desc.possible_length and 10 not in desc.possible_length:
                continue
            kinds.append(desc.national_number_pattern)
        assert meta.general_desc is not None
        general = meta.general_desc.national_number_pattern
        lead = meta.leading_digits
        out.append(f"^(?:{lead})&&^(?:{general})$&&^(?:{'|'.join(kinds)})$")
    return out[0], out[1]


def _matches(s: pl.Series, combined: str) -> pl.Series:
    return pl.select(_matches_expr(pl.lit(s), combined)).to_series()


def _matches_expr(e: pl.Expr, combined: str) -> pl.Expr:
    """Whether the text matches every part of a :func:`phone_patterns` pattern."""
    out = e.is_not_null()
    for part in combined.split("&&"):
        out = out & e.str.contains(part)
    return out


def _digit_matrix(digits: pl.Series, width: int) -> npt.NDArray[np.int64]:
    """Runs of ``width`` ASCII digits as a matrix of digit values, read from the Arrow buffer:
    the runs lie one after another in it, so no Python string is made."""
    arr = digits.to_arrow()
    if not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.large_string())
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[
        arr.offset : arr.offset + len(arr) + 1
    ]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.reshape(-1, width).astype(np.int64) - 48


def _inn12_valid(m: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    w1 = np.array([7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
    w2 = np.array([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
    c1 = (m[:, :10] @ w1) % 11 % 10
    c2 = (m[:, :11] @ w2) % 11 % 10
    return (c1 == m[:, 10]) & (c2 == m[:, 11])  # type: ignore[no-any-return]


def _inn10_valid(m: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    w = np.array([2, 4, 10, 3, 5, 9, 4, 6, 8])
    return ((m[:, :9] @ w) % 11 % 10) == m[:, 9]  # type: ignore[no-any-return]


def _snils_valid(m: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    w = np.arange(9, 0, -1)
    total = (m[:, :9] @ w) % 101
    expected = np.where(total == 100, 0, total)
    number = m[:, :9] @ (10 ** np.arange(8, -1, -1))
    return (expected == m[:, 9] * 10 + m[:, 10]) & (number > 1001998)  # type: ignore[no-any-return]


def _ogrn_valid(m: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    width = m.shape[1]
    body = m[:, :-1] @ (10 ** np.arange(width - 2, -1, -1, dtype=np.int64))
    if width == 13:
        return (body % 11 % 10 == m[:, -1]) & (m[:, 0] != 0)  # type: ignore[no-any-return]
    # stdnum compares the last digit with str(body % 13): a remainder of 10-12 never matches.
    return (body % 13 == m[:, -1]) & np.isin(m[:, 0], (3, 4))  # type: ignore[no-any-return]


def _phone_regions(
    digits: pl.Series, phone: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Which phone-shaped runs are valid Russian numbers, and which Kazakh ones."""
    ru, kz = np.zeros(len(digits), dtype=bool), np.zeros(len(digits), dtype=bool)
    idx = np.flatnonzero(phone)
    if len(idx):
        ru_pat, kz_pat = phone_patterns()
        national = pl.col("d").str.slice(1)
        found = (
            pl.LazyFrame({"d": digits.gather(idx)})
            .select(
                _matches_expr(national, ru_pat).alias("ru"),
                _matches_expr(national, kz_pat).alias("kz"),
            )
            .collect()
        )
        ru[idx] = found["ru"].to_numpy()
        kz[idx] = found["kz"].to_numpy()
    return ru, kz


def classify_numbers(
    tok: pl.DataFrame, hints: list[str | None]
) -> tuple[list[dict[str, Any]], set[tuple[int, int]]]:
    """Classify number-like tokens in :func:`detect`'s order of alternatives."""
    if not tok.height:
        return [], set()
    t, digits = pl.col("t"), pl.col("digits")
    # Every shape test in one plan, so that Polars runs them side by side.
    shape = (
        tok.lazy()
        # A number-like token holds only digits and these: removing them leaves the digits.
        .with_columns(digits=t.str.replace_many(_NUM_SEPS, [""] * len(_NUM_SEPS)))
        .select(
            digits,
            digits.str.len_bytes().alias("length"),
            t.str.contains(_SNILS_FMT).alias("snils_fmt"),
            t.str.contains(_PASSPORT_FMT).alias("passport_fmt"),
            t.str.contains(_PHONE).alias("phone"),
            # Separators removed, only a dash at either end may be gone (the token's shape).
            (
                t.str.len_bytes() - digits.str.len_bytes()
                == t.str.starts_with("-").cast(pl.UInt32) + t.str.ends_with("-").cast(pl.UInt32)
            ).alias("bare"),
            (t.str.len_bytes() == digits.str.len_bytes()).alias("undivided"),
        )
        .collect()
    )
    cols_of: npt.NDArray[np.int64] = tok["col"].to_numpy()

    def hinted(name: str) -> npt.NDArray[np.bool_]:
        """Which tokens lie in a column whose name suggests ``name`` (booleans, not strings)."""
        hinted_cols: npt.NDArray[np.bool_] = np.array([h == name for h in hints], dtype=bool)
        return hinted_cols[cols_of]

    in_passport, in_snils, in_inn = hinted("passport"), hinted("snils"), hinted("inn")
    length = shape["length"].to_numpy()
    snils_fmt = shape["snils_fmt"].to_numpy()
    passport_fmt = shape["passport_fmt"].to_numpy() & ~snils_fmt
    phone = shape["phone"].to_numpy() & ~snils_fmt & ~passport_fmt
    # ``^\d{10,15}$``: nothing was removed, and a number-like token has ten digits or more.
    bare_run = shape["undivided"].to_numpy() & (length <= 15) & ~phone
    odd = ~(snils_fmt | passport_fmt | phone | bare_run)
    if odd.any():
        inside = tok["t"].filter(pl.Series(odd)).str.contains(_INSIDE).to_numpy()
        odd_idx = np.flatnonzero(odd)[inside]
    else:
        odd_idx = np.zeros(0, dtype=np.int64)
    rows, cols = tok["row"].to_numpy(), cols_of
    fallback = set(zip(rows[odd_idx].tolist(), cols[odd_idx].tolist(), strict=True))

    n = tok.height
    typ = np.full(n, -1, dtype=np.int64)
    rus = np.zeros(n)
    conf = np.zeros(n)
    bare = shape["bare"].to_numpy()
    digit_runs = shape["digits"]

    def checked(mask: npt.NDArray[np.bool_], width: int, check: Any) -> npt.NDArray[np.bool_]:
        out = np.zeros(n, dtype=bool)
        idx = np.flatnonzero(mask & (length == width))
        if len(idx):
            out[idx] = check(_digit_matrix(digit_runs.gather(idx), width))
        return out

    def put(mask: npt.NDArray[np.bool_], kind: str, w: Any, c: Any) -> None:
        free = mask & (typ < 0)
        typ[free] = T[kind]
        rus[free] = np.broadcast_to(w, (n,))[free]
        conf[free] = np.broadcast_to(c, (n,))[free]

    # Formatted SNILS: the check digit decides; a bad one is nothing.
    put(checked(snils_fmt, 11, _snils_valid), "snils", 0.99, 0.99)
    # Passport series and number (context cells went to the per-cell detector).
    w = np.where(in_passport, 0.9, 0.6)
    put(passport_fmt, "passport_ru", w, w)
    # +7 / 8 phones, or a SNILS in an 11-digit run that looks like one.
    snils11 = checked(phone & bare, 11, _snils_valid)
    put(snils11 & in_snils, "snils", 0.99, 0.99)
    ru_phone, kz_phone = _phone_regions(shape["digits"], phone)
    context = hinted("phone") | tok["phone_ctx"].to_numpy()
    c = np.where(context, 0.99, np.where(bare, 0.9, 0.95))
    put(ru_phone, "phone_ru", c, c)
    put(snils11, "snils", 0.8, 0.8)
    put(kz_phone, "phone_foreign", 0.0, 0.9)
    # Bare runs of 10 to 15 digits.
    put(checked(bare_run, 12, _inn12_valid), "inn_person",
        np.where(in_inn, 0.99, 0.9), np.where(in_inn, 0.99, 0.9))  # fmt: skip
    put(bare_run & (length == 10) & in_passport, "passport_ru", 0.85, 0.85)
    put(checked(bare_run, 10, _inn10_valid), "inn_legal", 0.0, 0.9)
    put(checked(bare_run, 13, _ogrn_valid), "ogrn", 0.0, 0.9)
    put(checked(bare_run, 15, _ogrn_valid), "ogrnip", 0.9, 0.9)
    put(checked(bare_run & in_snils, 11, _snils_valid), "snils", 0.99, 0.99)

    found = np.flatnonzero(typ >= 0)
    is_phone = (typ[found] == T["phone_ru"]) | (typ[found] == T["phone_foreign"])
    value = (
        pl.DataFrame({"d": digit_runs.gather(found), "p": pl.Series(is_phone)})
        .select(pl.when(pl.col("p")).then("+7" + pl.col("d").str.slice(1)).otherwise(pl.col("d")))
        .to_series()
    )
    part = {
        "row": rows[found].astype(np.int64),
        "col": cols[found].astype(np.int64),
        "type": typ[found],
        "russian": rus[found],
        "confidence": conf[found],
        "value": value,
    }
    return [part], fallback
