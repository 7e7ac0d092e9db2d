"""The catalogues are complete: every message the faces use, every name and word a rulebook
gives them and every ``because`` pattern has its Russian form, with the same placeholders.

The messages are extracted from the source here, as ``pybabel extract`` does with
``locale/babel.cfg``, so a new ``_()`` in code or a template without a Russian translation
fails, even when the committed ``.pot`` was not regenerated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from landfall import i18n
from landfall.errors import RulebookError
from landfall.rulebooks import load_many
from landfall.rulebooks.ru import HERE as RU_DIR

SRC = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Nn_": (1, 2), "tr": None}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _extracted() -> set[str | tuple[str, str]]:
    with (SRC / "locale" / "babel.cfg").open(encoding="utf-8") as cfg:
        methods, options = parse_mapping_cfg(cfg)
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SRC), methods, options, KEYWORDS, strip_comment_tags=True
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _ru() -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    po = SRC / "locale" / "ru" / "LC_MESSAGES" / "landfall.po"
    catalog = i18n.read_catalogue(po, "ru", i18n.DOMAIN)
    out: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        key = m.id if isinstance(m.id, str) else (m.id[0], m.id[1])
        out[key] = m.string if isinstance(m.string, str) else tuple(m.string)
    return out


def _names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_the_source_uses_messages_and_the_extraction_finds_them() -> None:
    found = _extracted()
    # one from Python (labels), one from a template, one plural pair: the three ways in
    assert {
        "met late",
        "Compliance board as of",
        ("{n} fine: {parts}", "{n} fines: {parts}"),
    } <= found
    assert len(found) > 150


def test_every_message_has_its_russian_form_with_the_same_placeholders() -> None:
    ru = _ru()
    missing = sorted(str(m) for m in _extracted() if not ru.get(m))
    assert not missing, f"untranslated in locale/ru/LC_MESSAGES/landfall.po: {missing}"
    wrong = []
    for msgid, translated in ru.items():
        source = msgid if isinstance(msgid, str) else msgid[0]
        forms = (translated,) if isinstance(translated, str) else translated
        # Russian has three plural forms; each must be written and keep the placeholders
        if isinstance(msgid, tuple) and (len(forms) != 3 or not all(forms)):
            wrong.append(f"{msgid}: {len(forms)} forms")
        wrong += [f"{msgid} -> {f}" for f in forms if _names(f) != _names(source)]
    assert not wrong, wrong


def test_the_committed_template_lists_what_the_source_uses() -> None:
    """The ``.pot`` a translator starts a third language from is not stale."""
    pot = i18n.read_catalogue(SRC / "locale" / "landfall.pot", "en", i18n.DOMAIN)
    listed = {m.id if isinstance(m.id, str) else (m.id[0], m.id[1]) for m in pot if m.id}
    assert _extracted() == listed


def test_every_name_and_word_the_faces_take_from_a_rulebook_is_in_russian() -> None:
    missing = []
    for book in load_many():
        m = book.manifest
        ru_names = m.translated_names.get("ru", {})
        ids = [*m.laws, *m.columns, *m.measure_ids, *m.lists, *([m.measures] if m.measures else [])]
        missing += [f"{book.id}: labels.ru.names.{i}" for i in ids if not ru_names.get(i)]
        ru_words = m.translated_words.get("ru", {})
        missing += [f"{book.id}: labels.ru.words.{w}" for w in m.words if not ru_words.get(w)]
    assert not missing, missing


def test_every_because_pattern_is_translated_with_its_placeholders() -> None:
    po = RU_DIR / "locale" / "ru" / "LC_MESSAGES" / "because.po"
    catalog = i18n.read_catalogue(po, "ru", i18n.BECAUSE_DOMAIN)
    entries = [m for m in catalog if m.id]
    assert len(entries) > 50
    wrong = [
        str(m.id)
        for m in entries
        if not m.string or m.fuzzy or _names(str(m.string)) != _names(str(m.id))
    ]
    assert not wrong, wrong


def test_a_broken_catalogue_names_its_file_and_line(tmp_path: Path) -> None:
    po = tmp_path / "landfall.po"
    po.write_text('msgid "met"\nmsgstr "исполнено"\n\nthis line is no po syntax\n')
    with pytest.raises(RulebookError) as e:
        i18n.read_catalogue(po, "ru", i18n.DOMAIN)
    where = e.value.diagnostics[0].where
    assert where.file == str(po)
    assert where.line == 4
    assert e.value.diagnostics[0].code == "bad-catalogue"
