"""`landfall init`: the template loads as written, and so does each of its examples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from landfall.cli import app
from landfall.cli.init import EXAMPLE_MARK, TEMPLATE, render_template
from landfall.facts import load_facts, parse_facts

runner = CliRunner()


def test_the_written_template_loads_with_the_company_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "facts.yaml"
    result = runner.invoke(app, ["init", "--company", "acme", "--out", str(target)])
    assert result.exit_code == 0, result.stderr
    doc = load_facts(target)
    assert [c.id for c in doc.companies] == ["acme"]
    assert [(r.id, r.company) for r in doc.resources] == [("example.com", "acme")]
    assert doc.events == []
    text = target.read_text(encoding="utf-8")
    assert "# a slug" in text  # commented: each field says what it means
    assert f"landfall assess {target}" in text


def test_without_out_the_template_is_printed_and_loads() -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0
    doc = parse_facts(result.stdout)
    assert [c.id for c in doc.companies] == ["my-company"]


def test_each_commented_example_event_loads_once_uncommented() -> None:
    text = render_template("acme", "facts.yaml", dt.date(2026, 1, 1))
    examples = [
        line.removeprefix(EXAMPLE_MARK)
        for line in text.splitlines()
        if line.startswith(EXAMPLE_MARK + "- ")
    ]
    written = [line for line in TEMPLATE.splitlines() if line.startswith(EXAMPLE_MARK + "- ")]
    assert len(examples) == len(written) >= 9
    whole = text.replace("events: []", "events:\n" + "\n".join(examples))
    doc = parse_facts(whole)
    assert len(doc.events) == len(examples)
    assert {e.type for e in doc.events} >= {"audience", "list_inclusion", "demand", "demand_met"}


def test_a_company_id_that_is_not_a_slug_is_refused_and_nothing_written(tmp_path: Path) -> None:
    target = tmp_path / "facts.yaml"
    result = runner.invoke(app, ["init", "--company", "Acme Ltd", "--out", str(target)])
    assert result.exit_code == 2
    assert "[invalid-id] --company 'Acme Ltd' is not a company id" in result.stderr
    assert not target.exists()


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "facts.yaml"
    target.write_text("mine\n", encoding="utf-8")
    kept = runner.invoke(app, ["init", "--out", str(target)])
    assert kept.exit_code == 2
    assert "[file-exists]" in kept.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    forced = runner.invoke(app, ["init", "--out", str(target), "--force"])
    assert forced.exit_code == 0
    assert load_facts(target).companies[0].id == "my-company"
    assert [p.name for p in tmp_path.iterdir()] == ["facts.yaml"]  # no temporary left


def test_a_misspelt_obligation_gets_the_obligation_it_meant() -> None:
    midsize = str(Path(__file__).parents[2] / "examples" / "midsize-platform.yaml")
    args = ["explain", midsize, "ru-236-fz.local-presense", "--as-of", "2022-03-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 4
    assert "hint: did you mean 'ru-236-fz.local-presence'" in result.stderr
    far = runner.invoke(app, ["explain", midsize, "zzz.qqq", "--as-of", "2022-03-01"])
    assert far.exit_code == 4 and "hint: one of: " in far.stderr and "ru-236-fz," in far.stderr


def _data(text: str) -> list[str]:
    """The template's lines with the comments taken off: what a translation must not change."""
    import re

    kept = []
    for line in text.splitlines():
        if line.startswith(EXAMPLE_MARK + "- "):
            kept.append(line)  # an example event: data once uncommented
        elif not line.lstrip().startswith("#"):
            kept.append(re.sub(r"\s+#.*$", "", line).rstrip())
    return [line for line in kept if line]


def test_the_russian_template_is_the_same_data_with_comments_in_russian() -> None:
    day = dt.date(2026, 1, 1)
    english = render_template("acme", "facts.yaml", day, "en")
    russian = render_template("acme", "facts.yaml", day, "ru")
    assert _data(russian) == _data(english)
    assert parse_facts(russian) == parse_facts(english)
    assert "# слаг" in russian and "# a slug" not in russian
    shown = runner.invoke(app, ["init", "--company", "acme", "--lang", "ru"])
    assert shown.exit_code == 0 and "# слаг" in shown.stdout
