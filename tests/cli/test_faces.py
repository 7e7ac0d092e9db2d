"""What a person reads in the terminal: verdicts, caveats, exposure, bad dates, exit codes.

Every face says an answer with ``landfall.labels``; these tests run the CLI on facts documents
and check that the table and Markdown say what the JSON says, in words, never as Python values.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from landfall import labels
from landfall.cli import app
from landfall.render import assessment_markdown, assessment_tables

ROOT = Path(__file__).parents[2]
MIDSIZE = str(ROOT / "examples" / "midsize-platform.yaml")
JUNE = str(ROOT / "examples" / "june-2021.yaml")

runner = CliRunner()
PYTHON_LITERAL = re.compile(r"\b(True|False|None)\b")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def assessed(path: str, as_of: str) -> dict[str, object]:
    code, stdout, _ = run("assess", path, "--as-of", as_of, "--format", "json")
    assert code == 0
    data: dict[str, object] = json.loads(stdout)
    return data


UNDECIDED = """\
landfall: 1
companies:
  - {id: vidora, country: CY, facts_complete: false}
events:
  - {date: 2026-02-25, type: fine, company: vidora, id: f1, article: '13.50', part: '3',
     amount_rub: 7000000}
"""


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize(("document", "as_of"), [(JUNE, "2021-07-01"), (MIDSIZE, "2022-09-01")])
def test_human_formats_say_no_python_literals(fmt: str, document: str, as_of: str) -> None:
    code, stdout, _ = run("assess", document, "--as-of", as_of, "--format", fmt)
    assert code == 0
    assert not PYTHON_LITERAL.findall(stdout), PYTHON_LITERAL.findall(stdout)[:3]


REDUCED = """\
landfall: 1
companies:
  - {id: vidora, country: CY}
events:
  - {date: 2021-05-01, type: fine, company: vidora, id: f1, article: '13.41', part: '2',
     amount_rub: 400000}
  - {date: 2021-05-02, type: fine, company: vidora, id: f2, article: '13.41', part: '2',
     amount_rub: 1000000}
"""


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_every_fine_shows_the_verdict_the_json_gives(fmt: str, tmp_path: Path) -> None:
    facts = tmp_path / "reduced.yaml"
    facts.write_text(REDUCED)
    data = assessed(str(facts), "2021-07-01")
    fines = [f for c in data["companies"] for f in c["fines"]]  # type: ignore[attr-defined]
    verdicts = {f["verdict"] for f in fines}
    assert verdicts == {"lawful", "lawful_if_reduced"}  # f1 is below the known minimum
    code, stdout, _ = run("assess", str(facts), "--as-of", "2021-07-01", "--format", fmt)
    assert code == 0
    flat = " ".join(stdout.split())
    reduced = sum(1 for f in fines if f["verdict"] == "lawful_if_reduced")
    assert flat.count("lawful only with the art. 4.1 reduction") == reduced
    assert "lawful only with reduction" in flat  # the per-company tally names it too


def test_an_undecided_fine_says_what_it_needs(tmp_path: Path) -> None:
    facts = tmp_path / "undecided.yaml"
    facts.write_text(UNDECIDED)
    data = assessed(str(facts), "2026-03-01")
    fine = data["companies"][0]["fines"][0]  # type: ignore[index]
    assert fine["verdict"] == "undecided" and fine["needs"]
    for fmt in ("table", "markdown"):
        code, stdout, _ = run("assess", str(facts), "--as-of", "2026-03-01", "--format", fmt)
        assert code == 0
        flat = " ".join(stdout.replace("│", " ").split())
        # a table cell may wrap a long need; Markdown keeps it on one line
        expected = "undecided: needs" if fmt == "table" else f"undecided: needs {fine['needs'][0]}"
        assert expected in flat
        assert "1 fine: 1 undecided" in flat


def test_markdown_carries_exposure_and_caveats() -> None:
    data = assessed(MIDSIZE, "2022-09-01")
    company = data["companies"][0]  # type: ignore[index]
    caveats = {
        u["id"]
        for section in ("laws", "obligations", "fines")
        for entry in company[section]
        for u in entry.get("unverified_parameters", [])
    }
    assert caveats and company["exposure"]
    code, stdout, _ = run("assess", MIDSIZE, "--as-of", "2022-09-01", "--format", "markdown")
    assert code == 0
    assert "Exposure:" in stdout
    for entry in company["exposure"]:
        assert f"| {entry['obligation']} | {entry['article']}" in stdout
    notes = stdout.split("Unverified or conflicting law:", 1)[1]
    for pid in caveats:
        assert notes.count(f". {pid} (") == 1  # one footnote per parameter, however often used


def test_table_lists_each_caveat_once() -> None:
    code, stdout, _ = run("assess", JUNE, "--as-of", "2021-07-01")
    assert code == 0
    data = assessed(JUNE, "2021-07-01")
    for company in data["companies"]:  # type: ignore[attr-defined]
        ids = {
            u["id"]
            for section in ("laws", "obligations", "fines")
            for entry in company[section]
            for u in entry.get("unverified_parameters", [])
        }
        for pid in ids:
            assert f". {pid} (" in stdout
    assert stdout.count("Unverified or conflicting law:") == len(data["companies"])  # type: ignore[arg-type]


def test_laws_say_applies_in_words() -> None:
    code, stdout, _ = run("assess", MIDSIZE, "--as-of", "2022-09-01", "--format", "markdown")
    assert code == 0
    assert "| ru-236-fz [1] | applies |" in stdout or "| ru-236-fz | applies |" in stdout


BAD_DATE = "01.06.2022"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["assess", MIDSIZE, "--as-of", BAD_DATE], "--as-of"),
        (["assess", MIDSIZE, "--as-of", "2022-06-01T10:00"], "--as-of"),
        (["assess", MIDSIZE, "--as-of", "2022-02-30"], "--as-of"),
        (["explain", MIDSIZE, "ru-236-fz", "--as-of", BAD_DATE], "--as-of"),
        (["rules", "--as-of", BAD_DATE], "--as-of"),
        (["report", "google", "--as-of", BAD_DATE], "--as-of"),
        (["demo", "--as-of", BAD_DATE], "--as-of"),
        (["takedown", "status", "--as-of", BAD_DATE], "--as-of"),
        (["assess", "--known-at", BAD_DATE], "--known-at"),
        (["ledger", "export", "--as-of", BAD_DATE], "--as-of"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_a_bad_date_option_is_bad_input(
    args: list[str], option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # commands that would open a default ledger open it here
    db = ["--db", f"sqlite:///{tmp_path / 'l.db'}"] if args[0] in ("report", "takedown") else []
    code, _, stderr = run(*args, *db)
    assert code == 2, stderr
    assert option in stderr and "YYYY-MM-DD" in stderr
    assert "isoformat" not in stderr.lower()
    assert not (tmp_path / "landfall-demo").exists()  # nothing was done


def test_known_at_with_a_facts_document_is_bad_input() -> None:
    code, _, stderr = run("assess", MIDSIZE, "--known-at", "2022-01-01")
    assert code == 2
    assert "[known-at-needs-ledger]" in stderr


def test_assess_help_lists_every_exit_code() -> None:
    result = runner.invoke(app, ["assess", "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = [line.strip(" │") for line in result.stdout.splitlines()]
    codes = [line.split()[0] for line in lines if re.match(r"^[0-6]  \S", line)]
    assert codes == [str(n) for n in range(7)]
    assert "rulebook error" in result.stdout


def test_explain_values_are_words() -> None:
    code, stdout, _ = run("explain", MIDSIZE, "ru-236-fz", "--as-of", "2022-09-01")
    assert code == 0
    assert not PYTHON_LITERAL.findall(stdout)
    assert "= yes" in stdout


def test_labels_read_the_contract_names() -> None:
    """The readable form of each contract value (docs/facts-format.md), in one place."""
    assert labels.verdict_label({"verdict": "lawful_if_reduced", "lawful": True}) == (
        "lawful only with the art. 4.1 reduction"
    )
    assert labels.verdict_label({"verdict": "undecided", "needs": ["revenue of 2022"]}) == (
        "undecided: needs revenue of 2022"
    )
    assert labels.verdict_label({"verdict": "time_barred"}) == "time-barred"
    assert labels.verdict_label({"lawful": None}) == "undecided"
    late = {"status": "met", "violated_from": "2022-01-01", "violated_until": "2022-04-11"}
    assert labels.obligation_label(late) == "met late (violated 2022-01-01 → 2022-04-11)"
    still = {"status": "violated", "violated_from": "2022-01-01"}
    assert labels.obligation_label(still) == "violated since 2022-01-01"
    assert labels.enforcement_label({"enforcement": "not_listed"}) == "not listed: owed by statute"
    counts = labels.tally(
        [{"verdict": "lawful"}] * 7
        + [{"verdict": "lawful_if_reduced"}]
        + [{"verdict": "undecided"}] * 2
    )
    assert labels.tally_sentence(counts) == (
        "10 fines: 7 lawful, 1 lawful only with reduction, 2 undecided"
    )


def test_table_and_markdown_show_violation_periods_and_enforcement() -> None:
    """The 236-FZ contract fields (docs/facts-format.md) as the terminal faces show them."""
    data = assessed(MIDSIZE, "2022-09-01")
    obligations = data["companies"][0]["obligations"]  # type: ignore[index]
    late = next(o for o in obligations if o["id"] == "ru-236-fz.local-presence")
    late.update(
        status="met", violated_from="2022-01-01", violated_until="2022-03-14", enforcement="listed"
    )
    still = next(o for o in obligations if o["id"] == "ru-236-fz.audience-counter")
    still.update(status="violated", violated_from="2021-12-10", enforcement="not_listed")
    data["companies"][0]["enforcement_actions"] = [  # type: ignore[index]
        {
            "date": "2022-03-04",
            "action": "block",
            "basis": "Prosecutor General's demand",
            "country": "RU",
            "resource": None,
            "lifted": False,
            "source": "https://example.org/b",
        }
    ]
    markdown = assessment_markdown(data)
    assert "| met late (violated 2022-01-01 → 2022-03-14) |" in markdown
    assert "| violated since 2021-12-10 |" in markdown
    assert "| not listed: owed by statute |" in markdown
    assert (
        "| 2022-03-04 | block | Prosecutor General's demand |  | in force | https://example.org/b |"
        in markdown
    )
    console = Console(record=True, width=400)
    assessment_tables(console, data)
    table = console.export_text()
    assert "met late (violated 2022-01-01 → 2022-03-14)" in table
    assert "violated since 2021-12-10" in table
    assert "not listed: owed by statute" in table and "Enforcement actions" in table


def test_demo_board_keys_every_verdict(tmp_path: Path) -> None:
    code, stdout, _ = run("demo", "--as-of", "2024-06-01", "--out", str(tmp_path))
    assert code == 0
    assert "fines: L lawful, R lawful only with the art. 4.1 reduction, U undecided" in stdout
    flat = " ".join(stdout.split())
    assert re.search(r"Fines checked against the Administrative Code: \d+ fines: \d+ lawful", flat)
    assert re.search(r"\b\d+: \d+L\b", stdout)  # a company's tally in the fines column
    assert not PYTHON_LITERAL.findall(stdout)


def test_rules_table_values_are_words() -> None:
    code, stdout, _ = run("rules", "--as-of", "2024-06-01")
    assert code == 0
    assert not PYTHON_LITERAL.findall(stdout)


def test_a_bad_date_in_the_facts_says_the_form_not_the_parser(tmp_path: Path) -> None:
    facts = tmp_path / "bad.yaml"
    facts.write_text(
        "landfall: 1\ncompanies:\n  - {id: a}\nevents:\n"
        "  - {date: 01.10.2021, type: rkn_account, company: a}\n"
    )
    code, _, stderr = run("assess", str(facts))
    assert code == 2
    assert "bad.yaml:5" in stderr and "events[0].date" in stderr and "YYYY-MM-DD" in stderr
    assert "isoformat" not in stderr.lower() and "Value error" not in stderr


def test_a_fine_explanation_answers_with_its_verdict(tmp_path: Path) -> None:
    facts = tmp_path / "undecided.yaml"
    facts.write_text(UNDECIDED)
    fine = assessed(str(facts), "2026-03-01")["companies"][0]["fines"][0]  # type: ignore[index]
    code, stdout, _ = run("explain", str(facts), "fine:f1", "--as-of", "2026-03-01")
    assert code == 0
    first = " ".join(stdout.splitlines()[0].split())
    assert first == f"vidora: fine:f1 as of 2026-03-01 = {labels.verdict_label(fine)}"
