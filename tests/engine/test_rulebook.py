"""The rulebook itself: citations and status on every value, one base rule per definition,
load-time and run-time errors for broken rule sets, and no law number outside the rulebook."""

from __future__ import annotations

import ast
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.engine.context import Ctx, Outcome
from landfall.engine.view import company_views
from landfall.errors import RulebookError
from landfall.facts import parse_facts
from landfall.rulebooks.ru import HERE as RU_DIR
from landfall.rulebooks.ru import rulebook
from landfall.rulebooks.ru.rules import RULES
from landfall.rules import Citation, RuleSet
from landfall.rules.loader import load_rulebook
from landfall.rules.model import Rule
from landfall.rules.resolve import resolve

SRC = Path(__file__).parents[2] / "src" / "landfall"
PARAMETERS = RU_DIR / "parameters"
PARAMETER_FILES = sorted(PARAMETERS.rglob("*.yaml"))
CITE = Citation("Test Act", "1")


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda p: str(p.relative_to(PARAMETERS)))
def test_parameter_values_are_dated_cited_and_sorted(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    starts = list(raw["values"])
    assert starts, "a parameter needs at least one value"
    assert all(isinstance(s, dt.date) for s in starts)
    assert starts == sorted(starts), "values must be written in date order"
    for start, value in raw["values"].items():
        assert value["status"] in ("verified", "conflicting", "unverified"), start
        assert value["citation"]["act"].strip(), start
        assert "value" in value, start
        if value["status"] != "verified":
            assert value.get("note") or value["citation"].get("note"), (
                f"{start}: a value that is not verified must say why"
            )


def test_loaded_parameters_carry_citations() -> None:
    book = rulebook()
    assert len(book.parameters) == len(PARAMETER_FILES)
    for parameter in book.parameters.values():
        starts = [v.start for v in parameter.values]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)
        for value in parameter.values:
            assert value.citation.act and value.status


def test_each_definition_has_exactly_one_base_rule() -> None:
    book = rulebook()
    assert book.definitions
    for definition, rules in book.rules.items():
        bases = [r for r in rules if r.exception_to is None]
        assert len(bases) == 1, definition
        assert rules[0].exception_to is None, f"{definition}: base rule first"
        ids = {r.id for r in rules}
        assert all(r.exception_to in ids for r in rules if r.exception_to), definition


def test_every_rule_cites_its_law_and_declares_known_parameters() -> None:
    book = rulebook()
    for rules in book.rules.values():
        for rule in rules:
            assert rule.law in book.laws and rule.citation.act, rule.id
            for p in rule.params:
                assert p in book.parameters or (
                    p.endswith("*") and any(n.startswith(p[:-1]) for n in book.parameters)
                ), (rule.id, p)


def test_every_rule_has_a_summary() -> None:
    missing = [r.id for rules in rulebook().rules.values() for r in rules if not r.summary]
    assert not missing


# -- broken rule sets ------------------------------------------------------------------------


def _rule(rule_id: str, fn: Any, exception_to: str | None = None, **kw: Any) -> Rule:
    return Rule(rule_id, "d", "ru-236-fz", CITE, fn, exception_to, **kw)


def _run(rule: Rule) -> Outcome | None:
    result: Outcome | None = rule.fn()
    return result


def test_resolve_picks_the_applicable_exception() -> None:
    rules = [
        _rule("base", lambda: Outcome("base")),
        _rule("exc", lambda: Outcome("exception"), "base"),
        _rule("silent", lambda: None, "base"),
    ]
    decided, outcome = resolve("d", rules, _run)
    assert outcome.value == "exception" and [r.id for r in decided] == ["exc"]


def test_resolve_agreeing_exceptions_are_not_a_conflict() -> None:
    rules = [
        _rule("base", lambda: Outcome(1)),
        _rule("a", lambda: Outcome(2), "base"),
        _rule("b", lambda: Outcome(2), "base"),
    ]
    decided, outcome = resolve("d", rules, _run)
    assert outcome.value == 2 and {r.id for r in decided} == {"a", "b"}


def test_resolve_conflict_is_an_error() -> None:
    rules = [
        _rule("base", lambda: Outcome("base")),
        _rule("a", lambda: Outcome(True), "base"),
        _rule("b", lambda: Outcome(False), "base"),
    ]
    with pytest.raises(RulebookError) as e:
        resolve("d", rules, _run)
    assert e.value.code == "rulebook-conflict"


def test_resolve_gap_is_an_error() -> None:
    rules = [_rule("base", lambda: None), _rule("a", lambda: None, "base")]
    with pytest.raises(RulebookError) as e:
        resolve("d", rules, _run)
    assert e.value.code == "rulebook-gap"


@pytest.mark.parametrize("bases", [0, 2])
def test_resolve_needs_one_base_rule(bases: int) -> None:
    rules = [_rule(f"base{i}", lambda: Outcome(1)) for i in range(bases)]
    rules.append(_rule("a", lambda: None, "base0"))
    with pytest.raises(RulebookError) as e:
        resolve("d", rules, _run)
    assert e.value.code == "rulebook-no-base-rule"


def _load_with(register: Any, manifest: dict[str, Any] | None = None) -> Any:
    """The Russian rulebook's parameters and rules plus the rules ``register`` adds (the Russian
    rules keep every parameter declared, so the completeness check passes); the manifest
    assesses nothing unless the test gives one."""
    rules = RuleSet()
    rules.rules.extend(RULES.rules)
    register(rules)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(PARAMETERS, root / "parameters")
        head = yaml.safe_load((RU_DIR / "rulebook.yaml").read_text(encoding="utf-8"))
        head.update({"assess": {"laws": []}, "labels": {}, "collectors": {}, **(manifest or {})})
        (root / "rulebook.yaml").write_text(yaml.safe_dump(head), encoding="utf-8")
        return load_rulebook(root, rules)


def _check_load_error(register: Any, text: str) -> None:
    with pytest.raises(RulebookError) as e:
        _load_with(register)
    assert e.value.code == "rulebook-invalid"
    assert any(text in d.message for d in e.value.diagnostics), e.value.diagnostics


def test_load_rejects_unknown_parameter() -> None:
    def register(rules: RuleSet) -> None:
        rules.rule("d", id="d.base", law="ru-236-fz", citation=CITE, params=("no.such",))(
            lambda ctx: Outcome(1)
        )

    _check_load_error(register, "unknown parameter no.such")


def test_load_rejects_unknown_law_duplicate_id_and_two_bases() -> None:
    def register(rules: RuleSet) -> None:
        rules.rule("d", id="d.base", law="ru-999-fz", citation=CITE)(lambda ctx: Outcome(1))
        rules.rule("d", id="d.base", law="ru-236-fz", citation=CITE)(lambda ctx: Outcome(1))

    for text in ("unknown law ru-999-fz", "registered twice", "d: 2 base rules, need 1"):
        _check_load_error(register, text)


def test_load_rejects_exception_to_unknown_rule() -> None:
    def register(rules: RuleSet) -> None:
        rules.rule("d", id="d.base", law="ru-236-fz", citation=CITE)(lambda ctx: Outcome(1))
        rules.rule("d", id="d.x", law="ru-236-fz", citation=CITE, exception_to="nope")(
            lambda ctx: None
        )

    _check_load_error(register, "exception to unknown rule nope")


def _ctx(book: Any) -> Ctx:
    doc = parse_facts(json.dumps({"landfall": 1, "companies": [{"id": "x"}]}))
    return Ctx(book, company_views(doc, dt.date(2022, 1, 1), book.clock)[0])


def test_undeclared_parameter_read_is_an_error() -> None:
    def register(rules: RuleSet) -> None:
        @rules.rule("d", id="d.base", law="ru-236-fz", citation=CITE)
        def sneaky(ctx: Ctx) -> Outcome:
            """Reads a parameter it did not declare."""
            return Outcome(ctx.param("ru-236-fz.audience-threshold"))

    with pytest.raises(RulebookError) as e:
        _ctx(_load_with(register)).resolve("d")
    assert e.value.code == "undeclared-parameter"


def test_declared_parameter_read_is_traced_and_gap_in_time_is_an_error() -> None:
    def register(rules: RuleSet) -> None:
        @rules.rule(
            "d", id="d.base", law="ru-236-fz", citation=CITE, params=("ru-236-fz.in-force",)
        )
        def honest(ctx: Ctx) -> Outcome:
            """Reads a declared parameter, then the same one before it existed."""
            value = ctx.param("ru-236-fz.in-force")
            ctx.param("ru-236-fz.in-force", on=dt.date(2021, 6, 30))
            return Outcome(value)

    with pytest.raises(RulebookError) as e:
        _ctx(_load_with(register)).resolve("d")
    assert e.value.code == "parameter-not-in-force"


# -- no number from the law outside the rulebook ---------------------------------------------


def _law_values() -> set[Any]:
    found: set[Any] = set()

    def walk(node: Any) -> None:
        if isinstance(node, bool) or node is None:
            return
        if isinstance(node, int | float) and node >= 24:
            found.add(node)
        elif isinstance(node, dt.date):
            found.add(node.isoformat())
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in PARAMETER_FILES:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for start, value in raw["values"].items():
            walk(start)
            walk(value["value"])
    return found


def _literals(tree: ast.AST) -> Iterator[tuple[int, Any]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
            if isinstance(node.value, int | float | str):
                yield node.lineno, node.value
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "date"
            and len(node.args) == 3
            and all(isinstance(a, ast.Constant) and isinstance(a.value, int) for a in node.args)
        ):
            y, m, d = (a.value for a in node.args)  # type: ignore[attr-defined]
            yield node.lineno, dt.date(y, m, d).isoformat()


def test_law_values_are_many() -> None:
    values = _law_values()
    assert len(values) >= 24
    assert {500000, 800000, 4000000, "2022-01-01", "2018-12-29"} <= values


def test_the_scan_finds_hard_coded_law_values() -> None:
    code = "T = 500000\nD = dt.date(2022, 1, 1)\nS = '2018-12-29'\nH = 24"
    found = {v for _, v in _literals(ast.parse(code))}
    assert {500000, "2022-01-01", "2018-12-29", 24} <= found


# Storage and collector modules use small numbers for their own ends (column widths, batch
# sizes); there only the distinctive law numbers (thresholds, fine amounts) are looked for.
NON_LEGAL = (
    "ledger",
    "scanner",
    "audience",
    "takedown",
    "api",
    "report",
    "service",
    "settings.py",
)
DISTINCTIVE = 10_000


def _distinctive(number: float) -> bool:
    """Large and not a round power of ten (1_000_000 is a body limit, 500_000 is the law)."""
    if abs(number) < DISTINCTIVE:
        return False
    text = str(int(number)) if float(number).is_integer() else str(number)
    return not (text.startswith("1") and set(text[1:]) <= {"0"})


def test_no_number_from_the_law_outside_the_rulebook() -> None:
    values = _law_values()
    dates = {v for v in values if isinstance(v, str)}
    numbers = values - dates
    hits = []
    for path in sorted(SRC.rglob("*.py")):
        if PARAMETERS in path.parents:
            continue
        legal = path.relative_to(SRC).parts[0] not in NON_LEGAL
        for line, literal in _literals(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(literal, str):
                named = [d for d in dates if d in literal]
            elif literal in numbers and (legal or _distinctive(literal)):
                named = [literal]
            else:
                named = []
            hits += [f"{path.relative_to(SRC)}:{line}: {n!r}" for n in named]
    assert not hits, "law values hard-coded in src/:\n" + "\n".join(hits)


# -- the manifest ------------------------------------------------------------------------------


def _manifest_error(manifest: dict[str, Any], text: str) -> None:
    def register(rules: RuleSet) -> None:
        rules.rule("d", id="d.base", law="ru-236-fz", citation=CITE)(lambda ctx: Outcome(1))

    with pytest.raises(RulebookError) as e:
        _load_with(register, manifest)
    assert any(text in d.message for d in e.value.diagnostics), e.value.diagnostics


def test_manifest_naming_what_the_rulebook_lacks_is_refused_at_load() -> None:
    _manifest_error({"assess": {"laws": ["ru-999-fz"]}}, "manifest: unknown law ru-999-fz")
    # the Code is a law of the rulebook whose fines are assessed, but nothing says it "applies"
    _manifest_error({"assess": {"laws": ["koap"]}}, "law koap has no definition koap.applies")
    _manifest_error(
        {"assess": {"laws": [], "obligations": ["d", "no.such"]}},
        "manifest: unknown definition no.such",
    )
    _manifest_error(
        {"assess": {"laws": [], "per_event": [{"definition": "gone", "event": "fine"}]}},
        "manifest: unknown definition gone",
    )
    _manifest_error(
        {"assess": {"laws": [], "measures": {"definition": "d", "parameter": "no.such"}}},
        "manifest: unknown parameter no.such",
    )
    _manifest_error(
        {"assess": {"laws": []}, "labels": {"names": {"ru-236-fz.nothing": "x"}}},
        "label for unknown id ru-236-fz.nothing",
    )


def test_manifest_keys_are_checked_like_the_rest_of_the_file() -> None:
    def register(rules: RuleSet) -> None:
        rules.rule("d", id="d.base", law="ru-236-fz", citation=CITE)(lambda ctx: Outcome(1))

    for bad in ({"currency": "roubles"}, {"jurisdiction": "Russia"}, {"assess": {"law": []}}):
        with pytest.raises(RulebookError) as e:
            _load_with(register, bad)
        assert e.value.code == "rulebook-file-invalid"


def test_the_russian_manifest_assesses_in_its_order() -> None:
    manifest = rulebook().manifest
    assert (manifest.jurisdiction, manifest.currency) == ("RU", "RUB")
    assert manifest.columns[-1] == "ru-149-fz.takedown"
    assert [p.definition for p in manifest.per_event] == ["ru-149-fz.takedown", "koap.fine"]
    order = [m["id"] for m in rulebook().parameter("ru-236-fz.measures").values[-1].value]
    assert manifest.measure_ids == tuple(order)
    assert manifest.label("ru-149-fz.takedown") == "takedown"
