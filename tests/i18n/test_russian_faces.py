"""Russian wherever English was left: the demo board and report, the takedown summary, what
undecided fines need, a failed verification, ``takedown status``. A Russian face shows none
of the English headings and terms below; ids, numbers and the case book's own words stay."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from tests.api.support import World
from tests.ledger.support import run_sql
from typer.testing import CliRunner

from landfall import i18n
from landfall.cli import app
from landfall.takedown.summary import demands_note, headline, period, rate_text

runner = CliRunner()

ENGLISH = (
    "Compliance board",
    "Fines by year",
    "Fines checked",
    "Enforcement actions",
    "Unverified or conflicting law",
    "company",
    "obligation",
    "status",
    "because",
    "citation",
    "verdict",
    "statutory range",
    "hash chain",
    "ledger",
    "Rulebook",
    "last event",
    "takedown",
    "on time",
    "undecided",
    "lawful",
    "violated",
    "unknown",
    "listed",
    "revenue of",
    "needs",
    "linear scale",
    "in force",
    "lifted",
    "Federal Law",
    "no fines",
    "no demands",
)
"""English headings and terms of the faces; none may show in a Russian one."""

CAVEAT = re.compile(r"^[a-z0-9.\-]+ \((?:не проверено|противоречиво)\): ")
"""A note of an unverified parameter, its status in words: the note is the rulebook's data,
in English by design (docs/i18n.md), left out of the check."""

QUOTED = re.compile(r"KoAP RF art\. .*?; with revenue RUB .*?\): RUB [\d,.]+ to RUB [\d,.]+")
"""A range over a revenue the case book explains in its own words: the line stays whole in
English rather than half translated (docs/i18n.md), left out of the check."""


def shown_text(page: str) -> list[str]:
    """The lines a reader sees: no tags, styles, attributes, links or caveat notes."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    lines = html.unescape(re.sub(r"<[^>]+>", "\n", page)).splitlines()
    return [
        QUOTED.sub(" ", line)
        for line in (s.strip() for s in lines)
        if line and not CAVEAT.match(line) and not line.startswith("http")
    ]


def english_in(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        for term in ENGLISH:
            if term not in found and re.search(rf"\b{re.escape(term)}\b", line):
                found[term] = line[:160]
    return found


def test_the_demo_speaks_russian(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(
        app, ["demo", "--out", str(out), "--as-of", "2026-12-01", "--lang", "ru"]
    )
    assert result.exit_code == 0, result.output
    assert "цепочка хешей проверена" in result.stdout
    assert "Сводка соблюдения на 2026-12-01" in result.stdout
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<html lang='ru'>" in page
    assert "<h2>Штрафы по годам</h2>" in page
    # what the undecided fines need, in the rulebook's words (the fact's year unchanged)
    assert "выручка за 2022 год (выручка, руб., РФ)" in page
    assert "санкция ч. 3 ст. 13.50 КоАП РФ" in page
    assert "ч. 5 ст. 18 Федерального закона № 152-ФЗ" in page  # a citation
    assert english_in(shown_text(page)) == {}
    assert '<td class="unknown">неизвестно</td>' in page  # the status code stays the class


def test_the_demo_in_english_is_as_before(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out), "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "hash chain verified" in result.stdout
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<h1>Compliance board as of 2026-12-01</h1>" in page
    assert "revenue of 2022 (revenue, RUB, RU)" in page


def test_the_takedown_summary_in_russian_keeps_its_numbers() -> None:
    items = {"on_time": 1, "late": 1, "overdue": 2, "open": 0, "refused": 0}
    counts = {"violated": 1, "met": 1}
    english = headline(counts, rate_text(0.25, items), None)
    assert english == (
        "2 takedown demands (met 1, violated 1); items: 25% on time (1 of 4 decided items; "
        "late 1, overdue 2)"
    )
    with i18n.speaking("ru"):
        russian = headline(counts, rate_text(0.25, items), None)
        assert russian == (
            "2 требования об удалении (исполнено 1, нарушено 1); позиции: 25% в срок "
            "(1 из 4 решённых позиций; с опозданием 1, просрочено 2)"
        )
        assert demands_note(0, 9) == "требований не записано (9 штрафов за неудаление)"
        assert demands_note(0, 1) == "требований не записано (1 штраф за неудаление)"
        assert rate_text(None, {"open": 3}) == "нет решённых позиций (открыто: 3)"
        assert period({"violated_from": "2024-03-02T10:00"}) == "нарушено с 2024-03-02T10:00"
    assert re.findall(r"\d+", english) == re.findall(r"\d+", russian)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("revenue of 2024 (revenue, RUB, RU)", "выручка за 2024 год (выручка, руб., РФ)"),
        ("the statutory range of KoAP art. 13.50 part 2", "санкция ч. 2 ст. 13.50 КоАП РФ"),
        (
            "the statutory range of KoAP art. 19.7.10-4 (not in the rulebook)",
            "санкция ст. 19.7.10-4 КоАП РФ (нет в своде правил)",
        ),
    ],
)
def test_what_an_undecided_fine_needs_reads_in_russian(line: str, expected: str) -> None:
    assert i18n.because(line, "ru") == expected
    assert i18n.because(line, "en") == line  # the recorded line, the id of the need


def test_a_failed_verification_reads_in_russian(world: World, tmp_path: Path) -> None:
    run_sql(world.url, "UPDATE events SET recorded_at = '2024-06-01T00:00:00.000000Z' WHERE id = 3")
    target = tmp_path / "google.md"
    args = ["report", "google", "--as-of", "2024-01-01", "--db", world.url, "--format", "md"]
    result = runner.invoke(app, [*args, "--out", str(target), "--lang", "ru"])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "НЕ ПРОВЕРЕН: событие 3 " in text
    english = tmp_path / "google-en.md"
    assert runner.invoke(app, [*args, "--out", str(english)]).exit_code == 0
    assert "NOT VERIFIED: event 3 " in english.read_text(encoding="utf-8")


def test_the_catalogue_words_for_every_chain_problem() -> None:
    from typing import get_args

    from landfall.labels import CHAIN_PROBLEM
    from landfall.ledger.store import Problem

    assert set(CHAIN_PROBLEM) == set(get_args(Problem))


def test_takedown_status_in_russian(tmp_path: Path) -> None:
    from tests.takedown.test_cli import Ledger, app_for
    from tests.takedown.test_import import action_file, demand_file

    ledger = Ledger()
    takedown = app_for(ledger)
    for path in (demand_file(tmp_path), action_file(tmp_path)):
        assert runner.invoke(takedown, ["takedown", "import", str(path)]).exit_code == 0
    status = ["takedown", "status", "--as-of", "2021-03-05"]
    english = runner.invoke(takedown, status)
    russian = runner.invoke(takedown, [*status, "--lang", "ru"])
    assert russian.exit_code == 0, russian.output
    assert "on-time rate" in english.stdout
    assert "доля исполненных в срок" in russian.stdout
    assert "позиций 6: в срок 2, с опозданием 1, открыто 1" in russian.stdout
    assert re.findall(r"\d[\d,.%]*", english.stdout) == re.findall(r"\d[\d,.%]*", russian.stdout)
    assert english_in(russian.stdout.splitlines()) == {}
    wrong = runner.invoke(takedown, [*status, "--lang", "rus"])
    assert wrong.exit_code == 2
    assert "did you mean 'ru'?" in wrong.stderr


def test_every_citation_of_the_russian_rulebook_reads_in_russian() -> None:
    """A rule's or parameter's citation added without its Russian form in the rulebook's
    because.po would show in English on every Russian face; none is half translated."""
    from landfall.labels import citation
    from landfall.rulebooks.ru import rulebook

    book = rulebook()
    cited = {str(r.citation) for group in book.rules.values() for r in group}
    cited |= {str(d.citation) for p in book.parameters.values() for d in p.values}
    with i18n.speaking("ru"):
        shown = {c: citation(c) for c in cited}
    assert len(cited) > 50
    english = sorted(c for c, ru in shown.items() if ru == c)
    mixed = sorted(ru for c, ru in shown.items() if re.search(r"\b[A-Za-z]{2,} [a-z]{2,}\b", ru))
    assert english == [], english
    assert mixed == [], mixed
