"""``--lang ru|en`` on every command that prints words, ``LANDFALL_LANG`` as its default;
ids, dates and amounts never change; the audience chart for any country's rulebook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from landfall.ledger import open_ledger
from landfall.ledger.importer import import_facts

EXAMPLES = Path(__file__).parents[2] / "examples"
MIDSIZE = str(EXAMPLES / "midsize-platform.yaml")
runner = CliRunner()

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('kestrel') / 'l.db'}"
    with open_ledger(url) as store:
        import_facts(store, MIDSIZE)
    return url


def commands(db: str, tmp: Path) -> dict[str, tuple[list[str], str]]:
    """Each command, and a Russian word its answer must hold."""
    return {
        "ledger log": (["ledger", "log", "--db", db, "--limit", "3"], "записано"),
        "ledger verify": (["ledger", "verify", "--db", db], "в порядке"),
        "ledger init": (["ledger", "init", "--db", db], "событий"),
        "takedown status": (
            ["takedown", "status", "--db", db, "--as-of", "2022-02-01"],
            "доля исполненных в срок",
        ),
        "where": (["where", MIDSIZE, "--as-of", "2022-01-01"], "юрисдикция"),
        "fines": (["fines", "--db", db, "--as-of", "2022-06-01"], "итого"),
        "measures": (["measures", "--db", db, "--as-of", "2022-06-01"], "итого"),
        "events": (["events", "--db", db, "--as-of", "2022-06-01"], "События на"),
        "changes": (["changes", "--from", "2025-06-30", "--to", "2025-07-01"], "вступает в силу"),
        "calendar": (["calendar", MIDSIZE, "--from", "2021-12-01", "--days", "60"], "Календарь"),
        "assess": (["assess", MIDSIZE, "--as-of", "2022-01-01"], "Обязанности"),
        "init": (
            ["init", "--company", "acme", "--out", str(tmp / "acme.yaml"), "--force"],
            "дальше",
        ),
    }


def test_every_command_speaks_russian_with_lang_and_english_without(
    ledger: str, tmp_path: Path
) -> None:
    for name, (args, word) in commands(ledger, tmp_path).items():
        code, out, err = run(*args, "--lang", "ru")
        assert code == 0, (name, err)
        assert word in out + err, (name, out + err)
        code, out, err = run(*args)
        assert code == 0, (name, err)
        assert word not in out + err, name


def test_landfall_lang_is_the_default_and_lang_overrides_it(ledger: str) -> None:
    args = ["ledger", "verify", "--db", ledger]
    assert "в порядке" in run(*args, env={"LANDFALL_LANG": "ru"})[1]
    assert "ok:" in run(*args, "--lang", "en", env={"LANDFALL_LANG": "ru"})[1]
    code, _, err = run(*args, "--lang", "de")
    assert code == 2 and "unknown-language" in err


def test_ids_dates_and_amounts_never_translate(ledger: str, tmp_path: Path) -> None:
    from tests.service.test_listings import DOC

    facts = tmp_path / "fines.json"
    facts.write_text(json.dumps(DOC), encoding="utf-8")
    args = ("fines", str(facts), "--as-of", "2024-01-01")
    rows = json.loads(run(*args, "--format", "json")[1])["rows"]
    assert rows
    code, russian, _ = run(*args, "--lang", "ru")
    assert code == 0
    for row in rows:
        assert row["date"] in russian and row["amount_text"] in russian
    code, log, _ = run("ledger", "log", "--db", ledger, "--lang", "ru", "--limit", "2")
    assert "assert" in log and "kestrel" in log  # kinds and ids as recorded


def test_takedown_status_words_in_russian(ledger: str) -> None:
    code, out, _ = run(
        "takedown", "status", "--db", ledger, "--as-of", "2022-02-01", "--lang", "ru"
    )
    assert code == 0
    assert out.startswith("на 2022-02-01") and "позиций" in out
    assert not re.search(r"\bon time\b|\boverdue\b", out)


# -- the audience chart, for every country with a rulebook ---------------------------------


def test_the_chart_is_drawn_for_each_country_and_metric(ledger: str, tmp_path: Path) -> None:
    """The threshold is the country's rulebook's; a rulebook without one gives a chart
    without the line, not an error."""
    from log_samples import LogSpec, combined_lines

    log = tmp_path / "access.log"
    log.write_text("\n".join(combined_lines(LogSpec(days=2, ru_users_per_day=30))) + "\n")
    for country, metric in (("RU", "daily_users"), ("TR", "daily_access"), ("IN", "daily_users"),
                            ("EU", "daily_users"), ("RU", "daily_access")):  # fmt: skip
        chart = tmp_path / f"{country}-{metric}.png"
        code, out, err = run(
            "audience", str(log), "--resource", "kestrel.video", "--db", ledger,
            "--country", country, "--metric", metric, "--chart", str(chart), "--lang", "ru",
        )  # fmt: skip
        assert code == 0, (country, metric, err)
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", country
        assert f"в {country}" in out and "журнал:" in out


def test_the_chart_says_when_a_rulebook_names_no_threshold(tmp_path: Path) -> None:
    from datetime import date

    from landfall.audience.chart import render_chart
    from landfall.audience.meter import AudienceReport, DailyAudience

    days = [DailyAudience(date(2024, 3, d), 10 * d, "exact", 0.0, 10 * d, 10 * d) for d in (1, 2)]
    report = AudienceReport(
        resource="r", days=days, lines_read=3, lines_ru=3, malformed=0, malformed_examples=[],
        lg_k=12, exact_limit=100, day_clock="UTC+05:30", country="IN", metric="daily_users",
    )  # fmt: skip
    assert render_chart(report, None, tmp_path / "in.png").stat().st_size > 5_000


# -- "did you mean" -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "near"),
    [
        (["assess", MIDSIZE, "--company", "kestrl"], 4, "'kestrel'"),
        (["where", MIDSIZE, "--company", "kestrl"], 4, "'kestrel'"),
        (["explain", MIDSIZE, "ru-236-fz.rkn-acount"], 4, "'ru-236-fz.rkn-account'"),
        (["assess", MIDSIZE, "--rulebook", "rus"], 2, "ru"),
        (["events", MIDSIZE, "--type", "fin"], 2, "'fine'"),
        (["fines", MIDSIZE, "--format", "jsn"], 2, "'json'"),
        (["assess", MIDSIZE, "--format", "markdwn"], 2, "'markdown'"),
        (["rules", "--format", "jsno"], 2, "'json'"),
        (["explain", MIDSIZE, "ru-236-fz", "--format", "txt"], 2, "'text'"),
        (["calendar", "--format", "icss"], 2, "'ics'"),
        (
            ["changes", "--from", "2025-06-30", "--to", "2025-07-01", "--format", "tabel"],
            2,
            "'table'",
        ),
        (["takedown", "status", "--format", "jsn"], 2, "'json'"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_a_typo_gets_did_you_mean(args: list[str], code: int, near: str, tmp_path: Path) -> None:
    found, out, err = run(*args)
    assert found == code, out + err
    assert re.search(r"[Dd]id you mean [^\n]*" + re.escape(near), out + err), out + err


def test_ledger_log_names_a_mistyped_event_type(ledger: str) -> None:
    code, _, err = run("ledger", "log", "--db", ledger, "--type", "measure_aplied")
    assert code == 2 and "did you mean 'measure_applied'" in err
    assert not CYRILLIC.search(err)


def test_takedown_status_names_a_mistyped_company(ledger: str) -> None:
    code, _, err = run("takedown", "status", "--db", ledger, "--company", "kestrl")
    assert code == 4 and "did you mean 'kestrel'" in err
