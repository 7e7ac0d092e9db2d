"""Two versions of a rulebook on the same facts and day: a copied folder with one parameter
edited flips one company's conclusions, and the comparison names the parameter and both
versions (each with its content hash)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from landfall.changes.versions import compare_versions, content_hash, load_version
from landfall.errors import InputError
from landfall.facts import load_facts
from landfall.rulebooks import load
from landfall.rulebooks import ru as ru_rulebook

RU = ru_rulebook.HERE
THRESHOLD = Path("parameters/ru-236-fz/audience-threshold.yaml")
DAY = dt.date(2021, 9, 1)

FACTS = load_facts(Path(__file__).parent / "three-platforms.yaml")


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    return edited_copy(tmp_path)


def edited_copy(tmp_path: Path) -> Path:
    """The Russian rulebook's folder copied, its audience threshold lowered to 400,000."""
    folder = tmp_path / "ru-edited"
    shutil.copytree(RU, folder, ignore=shutil.ignore_patterns("__pycache__"))
    path = folder / THRESHOLD
    text = path.read_text(encoding="utf-8")
    assert "value: 500000" in text
    path.write_text(text.replace("value: 500000", "value: 400000"), encoding="utf-8")
    return folder


def test_an_edited_threshold_flips_one_company(edited: Path) -> None:
    a, b = load_version("ru"), load_version(str(edited), "--rulebook-b")
    assert content_hash(a) != content_hash(b)
    found = compare_versions(a, b, DAY, FACTS, specs=("ru", str(edited))).to_dict()
    assert found["a"]["version"] == a.version and found["b"]["hash"] == content_hash(b)
    assert [d["parameter"] for d in found["parameters"]] == ["ru-236-fz.audience-threshold"]
    assert found["parameters"][0]["a"]["value"] == 500000
    assert found["parameters"][0]["b"]["value"] == 400000
    assert [c["company"] for c in found["companies"]] == ["mid"]
    changes = {x["key"]: x for x in found["companies"][0]["conclusions"]}
    law = changes["law:ru-236-fz"]
    assert law["before"] == {"applies": False} and law["after"] == {"applies": True}
    assert any(
        r["kind"] == "parameter" and r["ref"] == "ru-236-fz.audience-threshold"
        for r in law["reasons"]
    ), law["reasons"]
    assert changes["obligation:ru-236-fz.feedback-form"]["before"]["status"] == "not_applicable"
    assert changes["obligation:ru-236-fz.feedback-form"]["after"]["status"] == "violated"


def test_the_same_version_twice_differs_nowhere() -> None:
    a = load_version("ru")
    found = compare_versions(a, load_version("ru"), DAY, FACTS)
    assert found.parameters == [] and found.rules == [] and found.companies == []
    assert found.assessed


def test_an_installed_version_is_checked(edited: Path) -> None:
    book = load("ru")
    assert load_version(f"ru@{book.version}") is book
    assert load_version(f"ru@{book.version.partition('+')[0]}") is book
    assert load_version(book.version) is book
    with pytest.raises(InputError) as e:
        load_version("ru@1999.1")
    assert e.value.diagnostics[0].code == "rulebook-version-not-installed"


def test_a_folder_without_a_rulebook_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        load_version(str(tmp_path), "--rulebook-a")
    assert e.value.diagnostics[0].code == "rulebook-folder-invalid"
    assert e.value.diagnostics[0].where.field == "--rulebook-a"


def test_a_folder_of_an_unknown_rulebook_id_is_bad_input(edited: Path) -> None:
    head = edited / "rulebook.yaml"
    head.write_text(head.read_text(encoding="utf-8").replace("id: ru", "id: rx", 1), "utf-8")
    with pytest.raises(InputError) as e:
        load_version(str(edited))
    assert e.value.diagnostics[0].code == "unknown-rulebook"
