"""The loader refuses an incomplete rulebook: a parameter no rule declares, a malformed sanction."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.errors import RulebookError
from landfall.rulebooks.ru import HERE as RU_DIR
from landfall.rulebooks.ru.rules import RULES
from landfall.rules.loader import load_rulebook

PART_2 = Path("parameters") / "koap" / "13.41" / "part-2.yaml"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "ru"
    shutil.copytree(RU_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "rules"))
    return root


def _error(root: Path) -> RulebookError:
    with pytest.raises(RulebookError) as e:
        load_rulebook(root, RULES)
    return e.value


def _with_value(root: Path, relative: Path, change: Any) -> None:
    path = root / relative
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(raw["values"].values()))
    change(first)
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")


def test_the_russian_rulebook_is_complete() -> None:
    load_rulebook(RU_DIR, RULES)


def test_a_parameter_no_rule_declares_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    shutil.copy(
        root / "parameters" / "ru-236-fz" / "audience-threshold.yaml",
        root / "parameters" / "ru-236-fz" / "unused-threshold.yaml",
    )
    error = _error(root)
    assert error.code == "rulebook-invalid"
    assert [d.message for d in error.diagnostics] == [
        "parameter ru-236-fz.unused-threshold: no rule declares it (give it a rule or delete it)"
    ]


def test_a_parameter_under_a_declared_family_is_read(tmp_path: Path) -> None:
    root = _copy(tmp_path)  # koap.13.41.* is declared as a family (koap.1*) by the fine rules
    shutil.copy(root / PART_2, root / PART_2.with_name("part-99.yaml"))
    load_rulebook(root, RULES)


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        (
            lambda v: v["value"]["legal_entity"].update(min=5_000_000),
            "value.legal_entity",
            "min 5000000.0 is above max",
        ),
        (
            lambda v: v["value"]["legal_entity"].update(minimum=1),
            "value.legal_entity",
            "",
        ),
        (lambda v: v["value"].update(offence="first"), "value.offence", "Extra inputs"),
        (lambda v: v["value"].update(offense="second"), "value.offense", "first"),
        (lambda v: v["value"].pop("duties"), "value.duties", "Field required"),
        (lambda v: v["value"].update(repeat_of=["1"]), "value", "first-offence part"),
        (
            lambda v: v["value"].update(
                legal_entity={"min_fraction": "1/0", "max_fraction": "1/2", "floor": 1}
            ),
            "value.legal_entity",
            "",
        ),
        (
            lambda v: [v["value"].pop(k) for k in ("legal_entity", "official", "citizen")],
            "value",
            "a verified sanction with no band",
        ),
    ],
    ids=["min-above-max", "unknown-band-key", "misspelt-key", "offense", "no-duties",
         "repeat-of-first", "bad-fraction", "verified-without-band"],
)  # fmt: skip
def test_a_malformed_sanction_is_refused_with_its_field(
    tmp_path: Path, change: Any, field: str, text: str
) -> None:
    root = _copy(tmp_path)
    _with_value(root, PART_2, change)
    error = _error(root)
    assert error.code == "sanction-invalid"
    assert all(d.where.file == "part-2.yaml" for d in error.diagnostics)
    assert any(
        (d.where.field or "").startswith(f"values.2021-01-10.{field}") and text in d.message
        for d in error.diagnostics
    ), [(d.where.field, d.message) for d in error.diagnostics]


def test_an_unverified_sanction_may_leave_its_amounts_out(tmp_path: Path) -> None:
    root = _copy(tmp_path)

    def unknown_amounts(v: dict[str, Any]) -> None:
        for k in ("legal_entity", "official", "citizen"):
            v["value"].pop(k)
        v["status"] = "unverified"

    _with_value(root, PART_2, unknown_amounts)
    load_rulebook(root, RULES)
