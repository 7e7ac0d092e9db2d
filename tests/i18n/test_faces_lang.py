"""The CLI's ``--lang`` and the API's and dashboard's language: people's words change, the
machine values (ids, status codes, dates, amounts) never do."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from tests.api.support import World
from typer.testing import CliRunner

from landfall import labels
from landfall.cli import app

ROOT = Path(__file__).parents[2]
MIDSIZE = str(ROOT / "examples" / "midsize-platform.yaml")
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_assess_in_russian_words_and_the_same_codes() -> None:
    base = ("assess", MIDSIZE, "--as-of", "2022-09-01", "--format")
    code, md, _ = run(*base, "markdown", "--lang", "ru")
    assert code == 0
    assert "| закон | применяется | основания |" in md
    assert "исполнено с опозданием (нарушено 2021-10-01 → 2021-11-22)" in md
    assert "обязанность в силу закона (ст. 5) с 2021-10-01" in md
    _, english, _ = run(*base, "json")
    _, russian, _ = run(*base, "json", "--lang", "ru")
    en, ru = json.loads(english), json.loads(russian)

    def codes(doc: dict[str, object]) -> list[tuple[object, ...]]:
        company = doc["companies"][0]  # type: ignore[index]
        return [(o["id"], o["status"], o["due"]) for o in company["obligations"]]

    assert codes(en) == codes(ru)
    en_because = en["companies"][0]["obligations"][0]["because"]
    ru_because = ru["companies"][0]["obligations"][0]["because"]
    assert len(en_because) == len(ru_because) and en_because != ru_because
    # the command's language does not outlive it
    assert labels.status_word("violated") == "violated"


def test_landfall_lang_is_the_default_and_an_unknown_one_is_bad_input() -> None:
    code, md, _ = run("assess", MIDSIZE, "--format", "markdown", env={"LANDFALL_LANG": "ru"})
    assert code == 0 and "| закон |" in md
    code, _, err = run("assess", MIDSIZE, "--lang", "rus")
    assert code == 2
    assert "unknown-language" in err and "did you mean 'ru'" in err


def test_explain_in_russian() -> None:
    code, out, _ = run(
        "explain", MIDSIZE, "ru-236-fz.rkn-account", "--as-of", "2022-09-01", "--lang", "ru"
    )
    assert code == 0
    assert "основание: обязанность в силу закона" in out
    assert "параметр" in out


def test_the_api_answers_in_the_accepted_language(client: TestClient, world: World) -> None:
    token = {"Authorization": f"Bearer {world.tokens['regulator']}"}
    path = "/api/companies/google/assessment?as_of=2024-01-01"
    english = client.get(path, headers=token)
    russian = client.get(path, headers={**token, "Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert english.headers["content-language"] == "en"
    assert russian.headers["content-language"] == "ru"
    assert "Accept-Language" in russian.headers["vary"]
    en, ru = english.json(), russian.json()
    # ids, codes, verdicts and amounts as recorded; only the lines for people differ
    assert [(o["id"], o["status"]) for o in en["obligations"]] == [
        (o["id"], o["status"]) for o in ru["obligations"]
    ]
    assert [(f["verdict"], f["amount_rub"]) for f in en["fines"]] == [
        (f["verdict"], f["amount_rub"]) for f in ru["fines"]
    ]
    assert en["obligations"][0]["because"] != ru["obligations"][0]["because"]
    assert any("обязанность" in line for o in ru["obligations"] for line in o["because"])


def test_the_dashboard_switches_and_remembers_the_language(client: TestClient) -> None:
    page = client.get("/?as_of=2023-06-01")
    assert "Compliance board as of" in page.text and '<html lang="en">' in page.text
    assert 'href="?as_of=2023-06-01&amp;lang=ru"' in page.text  # the switch keeps the query
    russian = client.get("/?as_of=2023-06-01&lang=ru")
    assert '<html lang="ru">' in russian.text
    assert "Сводка соблюдения на" in russian.text
    assert "lang=ru" in russian.headers["set-cookie"]
    # the cookie keeps it on the next page, without the parameter
    rulebook = client.get("/rulebook?as_of=2023-06-01")
    assert "Действующие параметры" in rulebook.text
    # an unknown language is ignored, never an error: the cookie's language stays
    odd = client.get("/?lang=xx")
    assert odd.status_code == 200 and "Сводка соблюдения на" in odd.text
    back = client.get("/?lang=en")
    assert "Compliance board as of" in back.text


def test_the_query_parameter_wins_over_the_header(client: TestClient) -> None:
    page = client.get("/?lang=en", headers={"Accept-Language": "ru"})
    assert "Compliance board as of" in page.text
    # the first request's lang=en is now the cookie, which wins over the header too
    page = client.get("/", headers={"Accept-Language": "ru"})
    assert "Compliance board as of" in page.text
    client.cookies.clear()
    page = client.get("/", headers={"Accept-Language": "ru"})
    assert "Сводка соблюдения на" in page.text


def test_a_report_in_russian(world: World, tmp_path: Path) -> None:
    target = tmp_path / "google.md"
    args = ("report", "google", "--as-of", "2024-01-01", "--db", world.url, "--format", "md")
    code, _, err = run(*args, "--out", str(target), "--lang", "ru")
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "штрафов — 9 законных" in text  # the headline's tally, plural by count
    assert "регулятор включил компанию в перечень 2021-11-22" in text  # a because line
    assert "ru-236-fz.feedback-form" in text  # ids as recorded
