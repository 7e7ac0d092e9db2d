"""A rulebook's ``labels.<lang>``: read when the faces speak that language, checked at load
like its English labels (an unknown id or word, a key that is no language code)."""

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


def _with_labels(tmp_path: Path, change: Any) -> Path:
    root = tmp_path / "ru"
    shutil.copytree(RU_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "rules"))
    path = root / "rulebook.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw["labels"])
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def _problems(root: Path) -> str:
    with pytest.raises(RulebookError) as e:
        load_rulebook(root, RULES)
    return " ".join(d.message for d in e.value.diagnostics)


def test_the_russian_labels_are_read_beside_the_english(tmp_path: Path) -> None:
    book = load_rulebook(_with_labels(tmp_path, lambda labels: None), RULES)
    manifest = book.manifest
    assert manifest.label("koap") == "KoAP"
    assert manifest.label("koap", "ru") == "КоАП РФ"
    assert manifest.label("koap", "de") == "KoAP"  # a language it does not name: English
    assert manifest.label("full-blocking") == "full blocking"
    assert manifest.label("no-such-measure") == "no-such-measure"  # unnamed: the id
    assert manifest.word("fines.checked", "x", "ru").startswith("Штрафы проверены")


def test_a_russian_label_for_an_unknown_id_is_refused(tmp_path: Path) -> None:
    root = _with_labels(
        tmp_path, lambda labels: labels["ru"]["names"].update({"ru-236-fz.nope": "x"})
    )
    assert "label for unknown id ru-236-fz.nope (labels.ru)" in _problems(root)


def test_an_unknown_russian_word_is_refused(tmp_path: Path) -> None:
    root = _with_labels(
        tmp_path, lambda labels: labels["ru"]["words"].update({"verdict.maybe": "x"})
    )
    assert "unknown word verdict.maybe (labels.ru)" in _problems(root)


def test_a_key_that_is_no_language_is_refused(tmp_path: Path) -> None:
    root = _with_labels(tmp_path, lambda labels: labels.update({"russian": {"names": {}}}))
    assert "labels.russian: not a language code" in _problems(root)


def test_a_language_key_takes_only_names_and_words(tmp_path: Path) -> None:
    root = _with_labels(tmp_path, lambda labels: labels["ru"].update({"titles": {}}))
    assert "titles" in _problems(root)
