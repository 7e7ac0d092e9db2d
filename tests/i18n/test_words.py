"""The faces' words in Russian: plurals at their edges, the rulebook's own terms, and the
``because`` lines translated whole or left as recorded, never half."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from landfall import i18n, labels


@pytest.fixture
def ru() -> Iterator[None]:
    with i18n.speaking("ru"):
        yield


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 штраф: 1 законный"),
        (2, "2 штрафа: 2 законных"),
        (4, "4 штрафа: 4 законных"),
        (5, "5 штрафов: 5 законных"),
        (11, "11 штрафов: 11 законных"),  # 11-14 take the "many" form
        (14, "14 штрафов: 14 законных"),
        (21, "21 штраф: 21 законный"),
        (22, "22 штрафа: 22 законных"),
        (111, "111 штрафов: 111 законных"),
    ],
)
def test_fines_are_counted_in_russian_plurals(ru: None, n: int, expected: str) -> None:
    assert labels.tally_sentence({"lawful": n}) == expected


def test_the_english_count_is_unchanged() -> None:
    counts = {"lawful": 7, "lawful_if_reduced": 1, "undecided": 2}
    assert labels.tally_sentence(counts) == (
        "10 fines: 7 lawful, 1 lawful only with reduction, 2 undecided"
    )
    assert labels.tally_sentence({"unlawful": 1}) == "1 fine: 1 unlawful"


def test_statuses_and_periods(ru: None) -> None:
    late = {"status": "met", "violated_from": "2022-01-01", "violated_until": "2022-03-01"}
    assert (
        labels.obligation_label(late) == "исполнено с опозданием (нарушено 2022-01-01 → 2022-03-01)"
    )
    assert labels.obligation_label({"status": "violated", "violated_from": "2022-01-01"}) == (
        "нарушено с 2022-01-01"
    )
    assert labels.status_word("not_applicable") == "не применимо"
    assert labels.status_word("some_new_code") == "some new code"  # unknown: as before
    assert labels.applies_label(None) == "неизвестно"
    assert labels.value_label([True, False]) == "да, нет"


def test_the_rulebook_gives_its_own_russian_terms(ru: None) -> None:
    # labels.ru of the rulebook, not the faces' neutral words
    assert (
        labels.verdict_word("lawful_if_reduced") == "законен только со снижением по ст. 4.1 КоАП РФ"
    )
    assert labels.display_name("ru-236-fz.measures") == "меры понуждения"
    assert labels.display_name("landing").startswith("перечень иностранных лиц")
    assert labels.display_name("social_networks") == "реестр социальных сетей"
    assert labels.display_name("not-an-id") == "not-an-id"


def test_in_english_the_rulebook_names_are_as_before() -> None:
    assert labels.display_name("ru-236-fz.feedback-form") == "feedback form"
    assert labels.display_name("full-blocking") == "full blocking"  # the rulebook's own name
    assert labels.display_name("no-such-measure") == "no-such-measure"  # unnamed: the id


def test_a_because_line_is_matched_with_its_placeholders() -> None:
    line = "owed by statute (art. 5) since 2021-07-01, when the company met the criteria"
    assert i18n.because(line, "ru") == (
        "обязанность в силу закона (ст. 5) с 2021-07-01, когда компания стала отвечать критериям"
    )
    assert i18n.because(line, "en") == line


def test_a_placeholder_value_is_translated_in_turn() -> None:
    assert i18n.because("a feedback form is due on 2022-01-01", "ru") == (
        "форма обратной связи: срок — 2022-01-01"
    )


def test_a_line_only_partly_known_stays_whole_in_english() -> None:
    """``{what} is due on {date}`` fits, but ``what`` is no known text: no mixed line."""
    line = "a brand-new duty is due on 2022-01-01"
    assert i18n.because(line, "ru") == line
    assert i18n.because("nothing like any pattern", "ru") == "nothing like any pattern"


def test_a_list_of_criteria_is_translated_item_by_item() -> None:
    line = (
        "t.me had 20,000,000 daily users in Russia (more than 500,000) and information is "
        "disseminated in Russian or a language of Russia's peoples; data about users located "
        "in Russia is processed"
    )
    assert i18n.because(line, "ru") == (
        "у t.me было 20,000,000 пользователей в сутки в России (более 500,000), и информация "
        "распространяется на русском языке или языках народов России; обрабатываются данные о "
        "пользователях, находящихся в России"
    )


def test_readable_translates_texts_for_people_and_keeps_codes(ru: None) -> None:
    tree = {
        "status": "violated",
        "id": "ru-236-fz.rkn-account",
        "because": ["no account is recorded"],
        "children": [{"facts": ["account registered on 2021-11-15"], "value": None}],
    }
    assert labels.readable(tree) == {
        "status": "violated",
        "id": "ru-236-fz.rkn-account",
        "because": ["личный кабинет не записан"],
        "children": [{"facts": ["личный кабинет зарегистрирован 2021-11-15"], "value": None}],
    }
