"""Which language is spoken: ``--lang``/``LANDFALL_LANG`` checked, ``Accept-Language``
negotiated at its edges, and a third language added as a file alone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from landfall import i18n, labels
from landfall.errors import InputError


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),  # a region falls back to its language
        ("en-US,ru;q=0.9", "en"),
        ("de,ru;q=0.5", "ru"),  # the first one we speak, by quality
        ("ru;q=0.4,en;q=0.5", "en"),
        ("ru;q=0.5,en;q=0.5", "ru"),  # equal quality: the order of the header
        ("ru;q=0", "en"),  # q=0 refuses it
        ("ru;q=0.001", "ru"),  # the least quality above 0 still accepts it
        ("ru;q=abc", "en"),  # a quality that is no number refuses it
        ("de", "en"),
        ("*", "en"),
        ("", "en"),
        (None, "en"),
        ("RU", "ru"),
    ],
)
def test_accept_language(header: str | None, expected: str) -> None:
    assert i18n.negotiate(header) == expected


def test_a_language_asked_for_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.ENV, raising=False)
    assert i18n.choose(None) == "en"
    assert i18n.choose("RU") == "ru"
    with pytest.raises(InputError) as e:
        i18n.choose("rus")
    d = e.value.diagnostics[0]
    assert d.code == "unknown-language" and d.where.field == "--lang"
    assert "did you mean 'ru'" in (d.hint or "")


def test_the_environment_gives_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV, "ru")
    assert i18n.choose(None) == "ru"
    assert i18n.choose("en") == "en"  # the option wins over the environment
    monkeypatch.setenv(i18n.ENV, "xx")
    with pytest.raises(InputError) as e:
        i18n.choose(None)
    assert e.value.diagnostics[0].where.field == i18n.ENV


def test_speaking_is_scoped_to_its_block() -> None:
    assert labels.status_word("violated") == "violated"
    with i18n.speaking("ru"):
        assert labels.status_word("violated") == "нарушено"
        with i18n.speaking("en"):
            assert labels.status_word("violated") == "violated"
        assert labels.status_word("violated") == "нарушено"
    assert labels.status_word("violated") == "violated"


@pytest.fixture
def with_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The faces' locale folder with one more language, written as a .po file only."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE, locale)
    po = locale / "de" / "LC_MESSAGES" / "landfall.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "violated"\nmsgstr "verletzt"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE", locale)
    i18n.catalogue.cache_clear()
    yield po
    i18n.catalogue.cache_clear()


def test_a_third_language_is_a_file(with_german: Path) -> None:
    assert i18n.languages() == ("en", "de", "ru")
    assert i18n.negotiate("de-AT") == "de"
    assert ("de", "Deutsch") in i18n.language_names()
    with i18n.speaking("de"):
        assert labels.status_word("violated") == "verletzt"
        assert labels.status_word("met") == "met"  # untranslated: the English id
