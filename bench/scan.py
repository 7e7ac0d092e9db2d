"""Scanner throughput and accuracy: landfall vs Presidio vs the Arrow read floor, in one run.

Generates a labelled users table (Russian and foreign users; tricky cases: Kazakh +7 7xx
numbers, INNs and SNILS with bad check digits, names in Latin script, identifiers inside free
text) with nine text columns, writes it as Parquet (and into PostgreSQL with ``--postgres``),
then measures on the same file:

- floor: read the nine columns with Arrow and take every string's length;
- landfall: ``scan_stores`` on a stores file naming the Parquet file (DuckDB -> Arrow ->
  vectorized detectors -> row rule -> report), without and with reconciliation hashing, and
  with ``sample`` (the time to the sampled first answer, then the full scan after it);
- Presidio: ``AnalyzerEngine`` with five equivalent Russian pattern recognizers (phone with a
  Russian area code, INN, SNILS, passport, e-mail), run offline on a sample of rows;

and prints rows/s, MB/s, the ratios of wall time and of CPU time (every thread of the process)
to the floor's, the load average, and precision/recall per identifier against the labels. On a
shared machine the CPU ratio is the steadier one: waiting for a core counts in the wall time.
Run: ``.venv/bin/python bench/scan.py [--rows 1000000] [--presidio-rows 2000] [--sample 10000]
[--postgres]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "scanner"))

from scanner_data import (
    FIRST,
    LAST,
    LATIN,
    PATRONYMIC,
    invalid_inn_person,
    invalid_snils,
    kz_phone,
    ru_phone,
    valid_inn_person,
    valid_snils,
)

from landfall.scanner import scan_stores
from landfall.scanner.detectors import column_hint
from landfall.scanner.vector import TYPES, column_texts, detect_batch

COLUMNS = ("full_name", "phone", "email", "inn", "snils", "passport", "address", "city", "note")
STREETS = ["Мясницкая", "Ленина", "Тверская", "Садовая", "Гагарина", "Мира"]
NOTES_RU = [
    "Клиент просил перезвонить вечером, доставка курьером до двери, оплата картой при получении",
    "Повторный заказ, скидка постоянного покупателя применена, упаковка подарочная без чека",
    "Связаться по электронной почте, телефон не отвечает; адрес уточнён у оператора поддержки",
]
NOTES_EN = [
    "Customer asked for an evening call back, courier delivery to the door, card on delivery",
    "Repeat order, loyalty discount applied, gift wrapping requested, no receipt in the parcel",
    "Contact by e-mail only; phone unanswered, address confirmed with the support operator today",
]


def generate(n: int, seed: int = 7) -> tuple[pa.Table, dict[str, list[bool]]]:
    rng = random.Random(seed)
    cols: dict[str, list[str]] = {c: [] for c in COLUMNS}
    labels: dict[str, list[bool]] = {"phone_ru": [], "kz": [], "inn": [], "snils": []}
    for i in range(n):
        russian = rng.random() < 0.6
        if russian:
            phone, is_ru, is_kz = ru_phone(rng), True, False
            name = f"{rng.choice(LAST)} {rng.choice(FIRST)} {rng.choice(PATRONYMIC)}"
            if rng.random() < 0.1:  # a Russian user whose name is written in Latin script
                name = rng.choice(LATIN)
            email = f"user{i}@{rng.choice(['mail.ru', 'yandex.ru', 'gmail.com'])}"
            inn_ok, snils_ok = rng.random() < 0.8, rng.random() < 0.8
            inn = valid_inn_person(rng) if inn_ok else invalid_inn_person(rng)
            snils = valid_snils(rng, rng.random() < 0.7) if snils_ok else invalid_snils(rng)
            passport = f"{rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10**6):06d}"
            address = (
                f"{rng.randrange(101000, 199999)}, г. Москва, ул. {rng.choice(STREETS)}, "
                f"д. {rng.randrange(1, 200)}"
            )
            city = rng.choice(["Москва", "Санкт-Петербург", "Казань", "Новосибирск"])
            note = rng.choice(NOTES_RU)
        else:
            is_ru = False
            is_kz = rng.random() < 0.5
            phone = kz_phone(rng) if is_kz else f"+49 30 {rng.randrange(10**7):07d}"
            name = rng.choice(LATIN)
            email = f"user{i}@example.com"
            inn_ok = snils_ok = False
            inn = invalid_inn_person(rng) if rng.random() < 0.5 else ""
            snils = invalid_snils(rng) if rng.random() < 0.5 else ""
            passport = f"C{rng.randrange(10**7):07d}"
            address = f"{rng.randrange(1, 200)} Main Street, Springfield"
            city = rng.choice(["Berlin", "Almaty", "Paris", "London"])
            note = rng.choice(NOTES_EN)
        for c, v in zip(
            COLUMNS, (name, phone, email, inn, snils, passport, address, city, note), strict=True
        ):
            cols[c].append(v)
        labels["phone_ru"].append(is_ru)
        labels["kz"].append(is_kz)
        labels["inn"].append(inn_ok)
        labels["snils"].append(snils_ok)
    return pa.table(cols), labels


def floor(path: Path) -> tuple[float, float]:
    """Seconds and CPU seconds (every thread of the process) to read the columns."""
    started, cpu = time.perf_counter(), time.process_time()
    table = pq.read_table(path, columns=list(COLUMNS))
    for column in table.columns:
        pc.sum(pc.utf8_length(column))
    return time.perf_counter() - started, time.process_time() - cpu


def landfall(
    path: Path, key: bytes | None, tmp: Path, sample: int | None = None
) -> tuple[float, float, dict[str, Any], float | None]:
    """The whole scan's seconds and CPU seconds, the store's result, and with ``sample`` the
    seconds to the sampled first answer (the full scan with reconciliation follows it)."""
    stores = tmp / "stores.yaml"
    entry = {"id": "bench", "company": "bench", "url": str(path), "role": "backup",
             "country": "US"}  # fmt: skip
    stores.write_text(json.dumps({"stores": [entry]}), encoding="utf-8")
    answered: list[float] = []
    started, cpu = time.perf_counter(), time.process_time()
    report = scan_stores(
        stores, key=key, sample=sample,
        on_sample=lambda _: answered.append(time.perf_counter() - started),
    )  # fmt: skip
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    (store,) = report.stores
    assert store.ok, report.to_json()
    if sample is not None:
        assert report.sample is not None and report.sample[0].answer == "found"
    return elapsed, cpu, store.to_dict(), answered[0] if answered else None


def accuracy(table: pa.Table, labels: dict[str, list[bool]]) -> dict[str, tuple[float, float]]:
    """Precision and recall per identifier, from the detections in each labelled column."""
    import numpy as np

    hints = [column_hint(c) for c in COLUMNS]
    found = detect_batch([column_texts(column_texts_of(table, c)) for c in COLUMNS], hints)
    n = table.num_rows

    def predicted(column: str, kind: str) -> Any:
        out = np.zeros(n, dtype=bool)
        sel = (found.col == COLUMNS.index(column)) & (found.type == TYPES.index(kind))
        out[found.row[sel]] = True
        return out

    out = {}
    for ident, column, kind in (("phone_ru", "phone", "phone_ru"), ("inn", "inn", "inn_person"),
                                ("snils", "snils", "snils")):  # fmt: skip
        pred, truth = predicted(column, kind), np.array(labels[ident])
        tp = int((pred & truth).sum())
        out[ident] = (tp / max(int(pred.sum()), 1), tp / max(int(truth.sum()), 1))
    kz_as_ru = int((predicted("phone", "phone_ru") & np.array(labels["kz"])).sum())
    out["kz_as_russian"] = (float(kz_as_ru), float(sum(labels["kz"])))
    return out


def column_texts_of(table: pa.Table, column: str) -> Any:
    import polars as pl

    return pl.from_arrow(table.column(column).combine_chunks())


def presidio(table: pa.Table, rows: int) -> tuple[float, int]:
    """Presidio's AnalyzerEngine with five Russian pattern recognizers, fully offline."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    model = Path(tempfile.mkdtemp()) / "blank_en"
    spacy.blank("en").to_disk(model)
    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(model)}])
    recognizers = [
        ("RU_PHONE", r"(?<![\d+])(?:\+7|8)[ \-]?\(?[3489]\d{2}\)?[ \-]?\d{3}[ \-]?\d{2}[ \-]?\d{2}(?!\d)", ["тел", "phone"]),
        ("RU_INN", r"(?<!\d)\d{12}(?!\d)", ["инн", "inn"]),
        ("RU_SNILS", r"(?<!\d)\d{3}-\d{3}-\d{3}[ \-]\d{2}(?!\d)|(?<!\d)\d{11}(?!\d)", ["снилс"]),
        ("RU_PASSPORT", r"(?<!\d)\d{2} ?\d{2} \d{6}(?!\d)", ["паспорт"]),
        ("EMAIL", r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}", []),
    ]  # fmt: skip
    registry = RecognizerRegistry(supported_languages=["en"])
    for entity, regex, context in recognizers:
        registry.add_recognizer(
            PatternRecognizer(
                supported_entity=entity, patterns=[Pattern(entity, regex, 0.5)], context=context
            )
        )
    engine = AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["en"])
    sample = table.slice(0, rows).to_pylist()
    found = 0
    started = time.perf_counter()
    for row in sample:
        for column in COLUMNS:
            found += len(engine.analyze(text=row[column], language="en"))
    return time.perf_counter() - started, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="1000000 for the full figure")
    parser.add_argument("--presidio-rows", type=int, default=2_000)
    parser.add_argument("--sample", type=int, default=10_000, help="rows for the first answer")
    parser.add_argument("--postgres", action="store_true", help="also load into PostgreSQL")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="landfall-bench-"))
    started = time.perf_counter()
    table, labels = generate(args.rows)
    path = tmp / "users.parquet"
    pq.write_table(table, path)
    mb = sum(pc.sum(pc.binary_length(c)).as_py() or 0 for c in table.columns) / 1e6
    print(f"generated {args.rows:,} rows, {mb:.0f} MB of text in {len(COLUMNS)} columns "
          f"({time.perf_counter() - started:.1f}s)")  # fmt: skip
    if args.postgres:
        load_postgres(table)

    # (name, seconds, CPU seconds or None, rows)
    results: list[tuple[str, float, float | None, int]] = []
    floors = [floor(path) for _ in range(3)]
    floor_s, floor_cpu = min(f[0] for f in floors), min(f[1] for f in floors)
    results.append(("floor: Arrow read + string lengths", floor_s, floor_cpu, args.rows))
    scan_s, scan_cpu, store, _ = landfall(path, None, tmp)
    results.append(("landfall scan (detect + row rule)", scan_s, scan_cpu, args.rows))
    hashed_s, hashed_cpu, _, _ = landfall(path, b"k" * 32, tmp)
    results.append(("landfall scan + keyed-hash reconciliation", hashed_s, hashed_cpu, args.rows))
    sampled_s, _, _, first_s = landfall(path, b"k" * 32, tmp, sample=args.sample)
    assert first_s is not None
    try:
        p_s, _ = presidio(table, args.presidio_rows)
        results.append(("Presidio, 5 Russian pattern recognizers", p_s, None, args.presidio_rows))
    except ImportError as e:
        print(f"Presidio not measured: {e}")

    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"\nload average {' '.join(load) or 'unknown'} (2 cores: above 2, every figure waits)")
    print(f"\n{'engine':42} {'rows/s':>12} {'MB/s':>8} {'time/floor':>11} {'CPU/floor':>10}"
          f" {'vs Presidio':>12}")  # fmt: skip
    per_row_mb = mb / args.rows
    presidio_rate = next((n / s for name, s, _, n in results if name.startswith("Presidio")), None)
    for name, seconds, cpu, n in results:
        rate = n / seconds
        vs_presidio = f"{rate / presidio_rate:11,.0f}x" if presidio_rate else "-"
        cpu_ratio = f"{cpu / floor_cpu:9.1f}x" if cpu is not None else "-"
        print(f"{name:42} {rate:12,.0f} {rate * per_row_mb:8.1f} {seconds / n * args.rows / floor_s:10.1f}x"
              f" {cpu_ratio:>10} {vs_presidio:>12}")  # fmt: skip
    print(f"\n--sample {args.sample:,}: first answer (Russian users' data found) in {first_s:.2f}s; "
          f"the full scan with reconciliation after it, {sampled_s:.1f}s in all")  # fmt: skip
    print(f"landfall: {store['russian_user_rows']:,} Russian-user rows of {args.rows:,} "
          f"(labelled {sum(labels['phone_ru']):,}); signals {store['signals']}")  # fmt: skip
    acc = accuracy(table, labels)
    for ident in ("phone_ru", "inn", "snils"):
        p, r = acc[ident]
        print(f"{ident:9} precision {p:.4f}  recall {r:.4f}")
    kz, total = acc["kz_as_russian"]
    print(f"Kazakh +7 7xx numbers counted as Russian: {kz:.0f} of {total:.0f}")


def load_postgres(table: pa.Table) -> None:
    import psycopg

    url = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS landfall_bench_users")
        conn.execute(
            "CREATE TABLE landfall_bench_users (" + ", ".join(f"{c} text" for c in COLUMNS) + ")"
        )
        started = time.perf_counter()
        with conn.cursor().copy(
            f"COPY landfall_bench_users ({', '.join(COLUMNS)}) FROM STDIN"
        ) as copy:
            for row in zip(*(table.column(c).to_pylist() for c in COLUMNS), strict=True):
                copy.write_row(row)
    print(
        f"loaded into PostgreSQL table landfall_bench_users ({time.perf_counter() - started:.1f}s)"
    )


if __name__ == "__main__":
    main()
