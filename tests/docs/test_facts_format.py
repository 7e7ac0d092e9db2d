"""docs/facts-format.md describes every field of every facts model, and ships with the package.

The user documentation cannot drift from the models: a field added to ``facts/model.py`` fails
here until its event's section (or the companies, resources or revenue table) names it, and the
JSON Schema (`landfall schema facts`) must describe every field too.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from landfall.cli import app
from landfall.engine.schema import AssessmentOut, assessment_schema
from landfall.facts import FactsDocument
from landfall.facts import model as facts_model

ROOT = Path(__file__).parents[2]
DOC_PATH = ROOT / "docs" / "facts-format.md"
DOC = DOC_PATH.read_text(encoding="utf-8")
COMMON = facts_model._Event.model_fields  # every event's shared fields


def models() -> list[type[BaseModel]]:
    return [
        c
        for c in vars(facts_model).values()
        if inspect.isclass(c)
        and issubclass(c, BaseModel)
        and c.__module__ == facts_model.__name__
        and not c.__name__.startswith("_")
    ]


def section(heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", DOC, re.MULTILINE)
    assert match, f"docs/facts-format.md has no heading {heading!r}"
    level = len(match.group(1))
    rest = DOC[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def event_type(model: type[BaseModel]) -> str | None:
    annotation = model.model_fields.get("type")
    args = getattr(annotation.annotation, "__args__", ()) if annotation else ()
    return str(args[0]) if args else None


def where_documented(model: type[BaseModel]) -> str:
    kind = event_type(model)
    if kind is not None:
        headings = re.findall(r"^### (.+)$", DOC, re.MULTILINE)
        heading = next(h for h in headings if f"`{kind}`" in h)
        return section(heading)
    return {
        "Company": section("Companies"),
        "Resource": section("Resources"),
        "Revenue": section("Companies"),
        "ScanCoverage": section("`scan`"),
        "FactsDocument": section("The document"),
    }[model.__name__]


@pytest.mark.parametrize("model", models(), ids=lambda m: m.__name__)
def test_every_field_is_described(model: type[BaseModel]) -> None:
    text = where_documented(model)
    common = section("Events")
    for field_name, info in model.model_fields.items():
        name = info.alias or field_name  # the document's name (`register` is an alias)
        place = common if name in COMMON or name == "type" else text
        assert f"`{name}`" in place, f"{model.__name__}.{name} is not in docs/facts-format.md"


def test_every_event_type_has_its_section() -> None:
    headings = " ".join(re.findall(r"^### (.+)$", DOC, re.MULTILINE))
    for kind in facts_model.EVENT_TYPES:
        assert f"`{kind}`" in headings, kind


def test_every_choice_is_named() -> None:
    """Enumerated values (kinds, forms, measures, actions) are listed where the field is."""
    for model in models():
        text = where_documented(model)
        for name, info in model.model_fields.items():
            if name in ("type", *COMMON):
                continue
            for value in _literals(info.annotation):
                assert f"`{value}`" in text, f"{model.__name__}.{name} = {value!r} is not named"


def _literals(annotation: Any) -> list[str]:
    if getattr(annotation, "__origin__", None) is not None and str(annotation.__origin__).endswith(
        "Literal"
    ):
        return [str(a) for a in annotation.__args__]
    found: list[str] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found += _literals(arg)
    return found


def test_assessment_contract_names_are_documented() -> None:
    text = section("The assessment")
    for name in (
        "verdict",
        "needs",
        "lawful_if_reduced",
        "time_barred",
        "enforcement",
        "not_listed",
        "violated_from",
        "violated_until",
        "enforcement_actions",
        "unverified_parameters",
        "exposure",
    ):
        assert re.search(rf"`{name}(\[\])?`", text), name


def test_the_schema_describes_every_field() -> None:
    schema = FactsDocument.model_json_schema()
    undescribed = [
        f"{model}.{name}"
        for model, definition in [("FactsDocument", schema), *schema["$defs"].items()]
        for name, prop in definition.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert not undescribed


def test_docs_command_prints_the_document() -> None:
    result = CliRunner().invoke(app, ["docs", "facts"])
    assert result.exit_code == 0
    assert result.stdout == DOC


def test_the_wheel_ships_the_document() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included["docs/facts-format.md"] == "landfall/docs/facts-format.md"


@pytest.mark.parametrize(
    ("document", "as_of"),
    [("examples/june-2021.yaml", "2021-07-01"), ("examples/midsize-platform.yaml", "2022-09-01")],
)
def test_the_assessment_schema_holds_what_assess_writes(document: str, as_of: str) -> None:
    result = CliRunner().invoke(
        app, ["assess", str(ROOT / document), "--as-of", as_of, "--format", "json"]
    )
    assert result.exit_code == 0
    AssessmentOut.model_validate_json(result.stdout)


def test_the_assessment_schema_names_the_documented_additions() -> None:
    schema = assessment_schema()["$defs"]
    assert {"verdict", "needs", "id", "paid_date"} <= set(schema["FineOut"]["properties"])
    assert {"enforcement", "violated_from", "violated_until"} <= set(
        schema["ObligationOut"]["properties"]
    )
    assert "enforcement_actions" in schema["CompanyOut"]["properties"]
