"""Vectorized detection over a batch of columns: the same findings as :func:`detect`, fast.

Per column, one Rust regular expression (Polars ``str.extract_all``) cuts every cell into
candidate tokens: number-like runs of at least ten digits, e-mails, Cyrillic full names and
street addresses. Tokens are then classified all at once: their shape (formatted SNILS,
passport series and number, a ``+7``/``8`` phone, a bare run of digits), check digits
computed with numpy over digit matrices (INN, SNILS, OGRN/OGRNIP), and phone numbers checked
against ``phonenumbers``' own metadata patterns for Russia and Kazakhstan, compiled once into
one expression each (exactly ``phonenumbers``' verdict, without a call per number).

What the vector rules cannot decide exactly falls back to the per-cell :func:`detect`: cells
with passport context words ("паспорт", "серия": the number's meaning depends on them) and
number runs of no known shape that may hold an identifier inside. Those are few.

The row rule is :func:`judge_row`'s, computed with numpy over all rows of the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from landfall.scanner.detectors import MAX_CELL_CHARS, ROW_THRESHOLD, Detection, cell_text, detect

__all__ = ["TYPES", "BatchResult", "column_texts", "detect_batch"]

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

_SEP = r"[ \-\u00a0]?"
_NAME = (
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)? [А-ЯЁ][а-яё]+ "
    r"[А-ЯЁ][а-яё]*(?:вич|вна|ична|инична|ьич|оглы|кызы)(?:[^а-яё]|$)"
)
_ADDRESS = (
    r"(?:(?-u:\b)[1-6]\d{5},? )?(?:г\. ?|город )?(?:Москва|Санкт-Петербург|"
    r"[А-ЯЁ][а-яё]+(?:ская|ский) обл(?:\.|асть))?,? ?(?:ул\.|улица|пр-т|проспект|"
    r"пер\.|переулок|ш\.|шоссе|наб\.|бульвар|б-р) ?[А-ЯЁ0-9][^,\n]{1,40},? "
    r"(?:д\.|дом) ?\d+"
)
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:[A-Za-z]{2,24}|рф)"
# A number-like run: at least ten digits, separators of up to three characters between them.
_NUM = r"[\-+]?\d(?:[ ()\-\u00a0№]{0,3}\d){9,}-?"
TOKENS = "|".join([_EMAIL, _NUM, _NAME, _ADDRESS])
# A cheap test every cell holding a token passes, so that ``extract_all`` runs only on those:
# an e-mail has "@", a number-like run and an address ("д. 5") a digit, and a full name a
# lower-case letter, a space and a capital ("Иванов Иван ..."). Free text, cities and names in
# Latin script fail it and are never cut into tokens.
CANDIDATE = r"@|\d|[а-яё] [А-ЯЁ]"

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
_PASSPORT_CONTEXT = r"(?i)паспорт|passport|серия"
# Raises a phone's confidence (not whether it counts): looked for in the whole cell.
_PHONE_CONTEXT = r"(?i)тел|phone|моб|mobile"
_CYRILLIC = r"[А-Яа-яЁё]"
# A name token whose taken character may begin another token (see :func:`_tokens`).
_GLUED = r"(?:вич|вна|ична|инична|ьич|оглы|кызы)[\d@+\-]$"
# Anything but an ASCII digit, space or punctuation: the test a cell with a word passes.
_LETTER = r"[^\x00-\x40\x5B-\x60\x7B-\x7F]"
_RU_EMAIL = r"\.(?:ru|рф|su|xn--p1ai)$"


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


@dataclass
class BatchResult:
    """Detections of one batch, as parallel arrays (one entry per detection)."""

    n_rows: int
    row: npt.NDArray[np.int64]
    col: npt.NDArray[np.int64]
    type: npt.NDArray[np.int64]
    russian: npt.NDArray[np.float64]
    confidence: npt.NDArray[np.float64]
    # Normalized identifiers, for keyed hashes and masked samples only, in the order they were
    # found: detection i's is ``values[order[i]]`` (the strings are not moved into row order).
    values: pl.Series
    order: npt.NDArray[np.int64]
    row_russian: npt.NDArray[np.bool_]
    decided: npt.NDArray[np.int64]  # per row: the deciding type, -1 when not Russian
    fallback_cells: int = 0

    @property
    def value(self) -> pl.Series:
        """Every detection's normalized identifier, in detection order."""
        return self.values.gather(self.order)

    def values_at(self, idx: npt.NDArray[np.int64]) -> pl.Series:
        return self.values.gather(self.order[idx])

    def detection(self, i: int) -> Detection:
        t = TYPES[int(self.type[i])]
        conf = float(self.confidence[i])
        value = str(self.values[int(self.order[i])])
        return Detection(t, conf, float(self.russian[i]), REASONS[t], value)


def column_texts(values: Any, dtype: pl.DataType | None = None) -> pl.Series:
    """A column as the text worth scanning, by :func:`cell_text`'s rules, as a Polars Series."""
    if isinstance(values, pl.Series):
        s = values
        if s.dtype == pl.String:
            return s
        if s.dtype.is_integer():
            return pl.select(
                pl.when(s >= 10**9).then(s.cast(pl.String)).otherwise(None)
            ).to_series()
        if s.dtype == pl.Null or s.dtype.is_float() or s.dtype == pl.Boolean:
            return pl.Series(s.name, [None] * len(s), dtype=pl.String)
        return pl.Series(s.name, [cell_text(v) for v in s.to_list()], dtype=pl.String)
    return pl.Series([cell_text(v) for v in values], dtype=pl.String)


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


EMAIL, NUMBER, NAME, ADDRESS, GLUED = range(5)


def _tokens(columns: list[pl.Series]) -> pl.DataFrame:
    """Every token of every candidate cell, with its row, column and kind.

    A token's kind follows from its text: an e-mail has "@"; a number-like run has no
    Cyrillic letter (names and the street words of an address always have one), so an ASCII
    token without "@" is one; a full name has no digit. The name's pattern takes the character
    after the patronymic (Rust's regex has no look-ahead): when that is a digit, "@", "+" or
    "-", it may begin another token, so the cell is ``GLUED`` and goes to the per-cell detector.
    """
    frames = []
    for i, s in enumerate(columns):
        t = pl.col("t")
        frames.append(
            pl.LazyFrame({"t": s})
            .with_row_index("row")
            .filter(t.str.contains(CANDIDATE))
            .select(
                pl.col("row").cast(pl.Int64),
                pl.lit(i, dtype=pl.Int64).alias("col"),
                t.str.extract_all(TOKENS),
            )
            .filter(t.list.len() > 0)
            .explode("t")
            .with_columns(
                at=t.str.contains("@", literal=True),
                ascii=t.str.len_bytes() == t.str.len_chars(),
            )
        )
    if not frames:
        return pl.DataFrame()
    tok = pl.concat(frames).collect()
    at, ascii_ = tok["at"].to_numpy(), tok["ascii"].to_numpy()
    kind = np.where(at, EMAIL, NUMBER)
    # Only the tokens with a non-ASCII character need a closer look (one pass over each test).
    wide = np.flatnonzero(~ascii_)
    if len(wide):
        look = (
            pl.LazyFrame({"t": tok["t"].gather(wide)})
            .select(
                pl.col("t").str.contains(_CYRILLIC).alias("cyrillic"),
                pl.col("t").str.contains(r"\d").alias("digit"),
                pl.col("t").str.contains(_GLUED).alias("glued"),
            )
            .collect()
        )
        cyrillic, digit = look["cyrillic"].to_numpy(), look["digit"].to_numpy()
        words = np.where(digit, ADDRESS, NAME)
        kind[wide] = np.where(at[wide], EMAIL, np.where(cyrillic, words, NUMBER))
        kind[wide[look["glued"].to_numpy()]] = GLUED
    return tok.select("row", "col", "t").with_columns(kind=pl.Series(kind, dtype=pl.Int64))


def _contexts(
    numbers: pl.DataFrame, columns: list[pl.Series]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Whether each number token's cell has passport words, and phone words: looked for only
    in the cells that hold a number, the only tokens they can change."""
    n = numbers.height
    passport, phone = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    col = numbers["col"].to_numpy()
    row = numbers["row"].to_numpy()
    for c in np.unique(col).tolist():
        at = np.flatnonzero(col == c)
        # A context word has letters: a cell of digits and punctuation is spared the
        # case-insensitive search (most cells of a phone or INN column).
        cells = (
            pl.LazyFrame({"t": columns[c].gather(row[at])})
            .with_row_index("i")
            .filter(pl.col("t").str.contains(_LETTER))
            .select(
                "i",
                pl.col("t").str.contains(_PASSPORT_CONTEXT).alias("passport"),
                pl.col("t").str.contains(_PHONE_CONTEXT).alias("phone"),
            )
            .collect()
        )
        where = at[cells["i"].to_numpy()]
        passport[where] = cells["passport"].to_numpy()
        phone[where] = cells["phone"].to_numpy()
    return passport, phone


def detect_batch(columns: list[pl.Series], hints: list[str | None]) -> BatchResult:
    """Every detection in a batch of columns (each a :func:`column_texts` Series)."""
    n_rows = len(columns[0]) if columns else 0
    prepared = []
    for s, hint in zip(columns, hints, strict=True):
        if hint == "-":
            s = pl.select(pl.when(s.str.contains(r"^\d+$")).then(None).otherwise(s)).to_series()
        if len(s) and (s.str.len_bytes().max() or 0) > MAX_CELL_CHARS:  # type: ignore[operator]
            s = s.str.slice(0, MAX_CELL_CHARS)
        prepared.append(s)
    tok = _tokens(prepared)
    parts: list[dict[str, Any]] = []
    fallback: set[tuple[int, int]] = set()
    if tok.height:
        by_kind = {k[0]: f for k, f in tok.partition_by("kind", as_dict=True).items()}
        empty = tok.clear()
        numbers = by_kind.get(NUMBER, empty)
        passport_ctx, phone_ctx = _contexts(numbers, prepared)
        numbers = numbers.with_columns(phone_ctx=pl.Series(phone_ctx))
        if passport_ctx.any():
            ctx_cells = numbers.filter(pl.Series(passport_ctx))
            fallback.update(
                zip(ctx_cells["row"].to_list(), ctx_cells["col"].to_list(), strict=True)
            )
            numbers = numbers.filter(~pl.Series(passport_ctx))
        glued = by_kind.get(GLUED, empty)
        fallback.update(zip(glued["row"].to_list(), glued["col"].to_list(), strict=True))
        parts.extend(_emails(by_kind.get(EMAIL, empty)))
        nums, odd = _numbers(numbers, hints)
        parts.extend(nums)
        fallback.update(odd)
        parts.extend(_words(by_kind.get(NAME, empty), by_kind.get(ADDRESS, empty), hints))
    row_l: list[npt.NDArray[np.int64]] = []
    col_l: list[npt.NDArray[np.int64]] = []
    typ_l: list[npt.NDArray[np.int64]] = []
    rus_l: list[npt.NDArray[np.float64]] = []
    conf_l: list[npt.NDArray[np.float64]] = []
    values: list[pl.Series] = []
    width = max(len(columns), 1)
    gone = np.array(sorted(r * width + c for r, c in fallback), dtype=np.int64)
    for p in parts:
        if len(gone):
            keep = ~np.isin(p["row"] * width + p["col"], gone)
            p = {k: v.filter(pl.Series(keep)) if k == "value" else v[keep] for k, v in p.items()}
        row_l.append(p["row"])
        col_l.append(p["col"])
        typ_l.append(p["type"])
        rus_l.append(p["russian"])
        conf_l.append(p["confidence"])
        values.append(p["value"])
    # The per-cell detector decides the cells the vector rules cannot.
    extra: list[tuple[int, int, Detection]] = []
    for r, c in sorted(fallback):
        text = prepared[c][r]
        extra.extend((r, c, d) for d in detect(text, hints[c]))
    if extra:
        row_l.append(np.array([e[0] for e in extra], dtype=np.int64))
        col_l.append(np.array([e[1] for e in extra], dtype=np.int64))
        typ_l.append(np.array([T[e[2].type] for e in extra], dtype=np.int64))
        rus_l.append(np.array([e[2].russian for e in extra], dtype=np.float64))
        conf_l.append(np.array([e[2].confidence for e in extra], dtype=np.float64))
        values.append(pl.Series([e[2].value for e in extra], dtype=pl.String))
    row, col, typ = _cat(row_l), _cat(col_l), _cat(typ_l)
    rus = np.concatenate(rus_l) if rus_l else np.zeros(0)
    conf = np.concatenate(conf_l) if conf_l else np.zeros(0)
    # Keep the order of :func:`detect` (column, then position) for samples and tie-breaks.
    order = np.lexsort((col, row))
    row, col, typ, rus, conf = row[order], col[order], typ[order], rus[order], conf[order]
    value = (
        pl.concat([v.cast(pl.String).rename("v") for v in values])
        if values
        else pl.Series("v", [], dtype=pl.String)
    )
    row_russian, decided = _judge(n_rows, row, typ, rus)
    return BatchResult(n_rows, row, col, typ, rus, conf, value, order.astype(np.int64),
                       row_russian, decided, len(fallback))  # fmt: skip


def _cat(parts: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _judge(
    n_rows: int,
    row: npt.NDArray[np.int64],
    typ: npt.NDArray[np.int64],
    rus: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """:func:`judge_row` over every row: best weight per type, ``1 - prod(1 - w)``.

    The matrices are laid out type by row, so that each step runs along whole rows of the
    batch (a reduction over eleven types per row, row by row, was most of this function)."""
    nt = len(TYPES)
    none = np.iinfo(np.int64).max
    pos = np.flatnonzero(rus > 0)
    key = typ[pos] * n_rows + row[pos]
    flat_best = np.zeros(nt * n_rows)
    np.maximum.at(flat_best, key, rus[pos])
    best = flat_best.reshape(nt, n_rows)
    # Ties go to the type seen first in the row, as in judge_row's insertion order.
    flat_first = np.full(nt * n_rows, none, dtype=np.int64)
    flat_first[key[::-1]] = pos[::-1]
    first = flat_first.reshape(nt, n_rows)
    doubt = np.ones(n_rows)
    for t in range(nt):
        doubt *= 1.0 - best[t]
    confidence = np.round(1.0 - doubt, 4)
    russian = confidence >= ROW_THRESHOLD - 1e-9
    top = best.max(axis=0)
    decided = np.full(n_rows, -1, dtype=np.int64)
    decided_at = np.full(n_rows, none, dtype=np.int64)
    for t in range(nt):
        wins = russian & (best[t] == top) & (best[t] > 0) & (first[t] < decided_at)
        decided[wins] = t
        decided_at[wins] = first[t][wins]
    return russian, decided


def _arrays(
    frame: pl.DataFrame, typ: Any, russian: Any, confidence: Any, value: pl.Series
) -> dict[str, Any]:
    n = frame.height
    return {
        "row": frame["row"].to_numpy().astype(np.int64),
        "col": frame["col"].to_numpy().astype(np.int64),
        "type": np.broadcast_to(np.asarray(typ, dtype=np.int64), (n,)).copy(),
        "russian": np.broadcast_to(np.asarray(russian, dtype=np.float64), (n,)).copy(),
        "confidence": np.broadcast_to(np.asarray(confidence, dtype=np.float64), (n,)).copy(),
        "value": value,
    }


def _emails(tok: pl.DataFrame) -> list[dict[str, Any]]:
    if not tok.height:
        return []
    local = tok["t"].str.split("@").list.first()
    tok = tok.filter(local.str.len_chars() <= 64)
    lower = tok["t"].str.to_lowercase()
    ru = lower.str.contains(_RU_EMAIL).to_numpy()
    return [_arrays(tok, T["email"], np.where(ru, 0.5, 0.0), 0.99, lower)]


def _words(
    names: pl.DataFrame, addr: pl.DataFrame, hints: list[str | None]
) -> list[dict[str, Any]]:
    out = []
    hint = np.array([h or "" for h in hints])
    if names.height:
        value = names["t"].str.replace(r"[^а-яё]$", "")
        w = np.where((hint == "name")[names["col"].to_numpy()], 0.7, 0.6)
        out.append(_arrays(names, T["name_ru"], w, w, value))
    if addr.height:
        w = np.where((hint == "address")[addr["col"].to_numpy()], 0.6, 0.5)
        out.append(_arrays(addr, T["address_ru"], w, w, addr["t"]))
    return out


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


def _numbers(
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
