"""Vectorized detection over a batch of columns: the same findings as :func:`detect`, fast.

Per column, one Rust regular expression (Polars ``str.extract_all``) cuts every candidate cell
into tokens: number-like runs of at least ten digits, e-mails, Cyrillic full names and street
addresses. Tokens are then classified all at once: number runs in
:mod:`landfall.scanner.number_tokens` (shapes, check digits, phone metadata), e-mails by their
domain, names and addresses by the column's hint.

What the vector rules cannot decide exactly falls back to the per-cell :func:`detect`: cells
with passport context words ("паспорт", "серия": the number's meaning depends on them), number
runs of no known shape that may hold an identifier inside, and full names glued to what
follows them. Those are few.

The row rule is :func:`judge_row`'s, computed with numpy over all rows of the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from landfall.scanner.detectors import (
    _RU_TLDS,
    MAX_CELL_CHARS,
    ROW_THRESHOLD,
    Detection,
    cell_text,
    detect,
)
from landfall.scanner.number_tokens import classify_numbers
from landfall.scanner.signals import REASONS, TYPES, T

__all__ = ["TYPES", "BatchResult", "column_texts", "detect_batch"]

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

_PASSPORT_CONTEXT = r"(?i)паспорт|passport|серия"
# Raises a phone's confidence (not whether it counts): looked for in the whole cell.
_PHONE_CONTEXT = r"(?i)тел|phone|моб|mobile"
_CYRILLIC = r"[А-Яа-яЁё]"
# A name token whose taken character may begin another token (see :func:`_tokens`).
_GLUED = r"(?:вич|вна|ична|инична|ьич|оглы|кызы)[\d@+\-]$"
# Anything but an ASCII digit, space or punctuation: the test a cell with a word passes.
_LETTER = r"[^\x00-\x40\x5B-\x60\x7B-\x7F]"


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
        nums, odd = classify_numbers(numbers, hints)
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
    # The local part is ASCII (the pattern's class), so the byte offset of "@" is its length.
    short = tok["t"].str.find("@", literal=True) <= 64
    if not short.all():
        tok = tok.filter(short)
    lower = tok["t"].str.to_lowercase()
    ru = pl.select(
        pl.any_horizontal(pl.lit(lower).str.ends_with(tld) for tld in _RU_TLDS)
    ).to_series()
    return [_arrays(tok, T["email"], np.where(ru.to_numpy(), 0.5, 0.0), 0.99, lower)]


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
