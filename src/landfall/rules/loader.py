"""Load a rulebook directory: ``rulebook.yaml``, ``parameters/**/*.yaml`` and its rule set.

A parameter's id is its path below ``parameters/`` with ``/`` read as ``.`` and no suffix,
e.g. ``parameters/tr-5651/ladder/fine-1.yaml`` is ``tr-5651.ladder.fine-1``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from landfall.errors import Diagnostic, RulebookError, Where
from landfall.periods import LegalClock
from landfall.rules.manifest import Manifest, ManifestIn, check_manifest, manifest_of
from landfall.rules.model import Citation, DatedValue, Law, Parameter, Rule, Rulebook
from landfall.rules.registry import RuleSet

M = TypeVar("M", bound=BaseModel)


class _CitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    act: str
    article: str | None = None
    part: str | None = None
    paragraph: str | None = None
    note: str | None = None


class _ValueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Any
    status: Literal["verified", "conflicting", "unverified"]
    citation: _CitationIn
    sources: list[str] = Field(default_factory=list)
    note: str | None = None


class _ParameterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str
    unit: str | None = None
    values: dict[dt.date, _ValueIn]


class _LawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    citation: _CitationIn
    sources: list[str] = Field(default_factory=list)
    in_force: str
    jurisdiction: str | None = None  # the manifest's when not stated


class _ClockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    utc_offset: str = Field(pattern=r"^[+-]\d{2}:\d{2}$")
    name: str


class _RulebookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    version: str
    clock: _ClockIn
    laws: list[_LawIn]


def load_rulebook(directory: Path, rules: RuleSet) -> Rulebook:
    head_data, manifest_data = _split_head(directory / "rulebook.yaml")
    head = _validate(_RulebookIn, head_data, directory / "rulebook.yaml")
    raw_manifest = _validate(ManifestIn, manifest_data, directory / "rulebook.yaml")
    parameters = {
        pid: _parameter(pid, path) for pid, path in _parameter_files(directory / "parameters")
    }
    laws = {
        law.id: Law(
            id=law.id,
            title=law.title,
            citation=_citation(law.citation, law.sources),
            in_force=law.in_force,
            jurisdiction=law.jurisdiction or raw_manifest.jurisdiction,
        )
        for law in head.laws
    }
    by_definition: dict[str, list[Rule]] = {}
    for rule in rules.rules:
        by_definition.setdefault(rule.definition, []).append(rule)
    _check(laws, parameters, rules.rules)
    manifest = _manifest(raw_manifest, laws, parameters, set(by_definition))
    ordered = {
        name: tuple(sorted(group, key=lambda r: r.exception_to is not None))
        for name, group in by_definition.items()
    }
    return Rulebook(
        id=head.id,
        version=f"{head.version}+{_digest(directory)}",
        title=head.title,
        laws=laws,
        parameters=parameters,
        rules=ordered,
        clock=LegalClock.parse(head.clock.utc_offset, head.clock.name),
        manifest=manifest,
        definitions=tuple(ordered),
    )


def _parameter_files(root: Path) -> Iterable[tuple[str, Path]]:
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).with_suffix("")
        yield ".".join(relative.parts), path


def _parameter(pid: str, path: Path) -> Parameter:
    raw = _model(_ParameterIn, path)
    if not raw.values:
        raise _error("parameter-without-values", f"{pid} has no values", path)
    values = tuple(
        DatedValue(
            start=start,
            value=v.value,
            citation=_citation(v.citation, v.sources),
            status=v.status,
            note=v.note,
        )
        for start, v in sorted(raw.values.items())
    )
    return Parameter(id=pid, description=raw.description, unit=raw.unit, values=values)


def _citation(c: _CitationIn, sources: list[str]) -> Citation:
    return Citation(
        act=c.act,
        article=c.article,
        part=c.part,
        paragraph=c.paragraph,
        note=c.note,
        sources=tuple(sources),
    )


def _check(laws: dict[str, Law], parameters: dict[str, Parameter], rules: list[Rule]) -> None:
    problems: list[str] = []
    ids: set[str] = set()
    for law in laws.values():
        if law.in_force not in parameters:
            problems.append(f"law {law.id}: unknown in-force parameter {law.in_force}")
    for rule in rules:
        if rule.id in ids:
            problems.append(f"rule id {rule.id} is registered twice")
        ids.add(rule.id)
        if rule.law not in laws:
            problems.append(f"rule {rule.id}: unknown law {rule.law}")
        problems += [
            f"rule {rule.id}: unknown parameter {p}"
            for p in rule.params
            if not (
                p in parameters
                or (p.endswith("*") and any(n.startswith(p[:-1]) for n in parameters))
            )
        ]
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        parent = by_id.get(rule.exception_to or "")
        if rule.exception_to and (parent is None or parent.definition != rule.definition):
            problems.append(f"rule {rule.id}: exception to unknown rule {rule.exception_to}")
    bases: dict[str, int] = {}
    for rule in rules:
        bases[rule.definition] = bases.get(rule.definition, 0) + (rule.exception_to is None)
    problems += [f"{name}: {n} base rules, need 1" for name, n in bases.items() if n != 1]
    if problems:
        raise RulebookError(
            *(Diagnostic("rulebook-invalid", p, Where(field="rulebook")) for p in problems)
        )


MANIFEST_KEYS = frozenset(ManifestIn.model_fields)


def _split_head(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """``rulebook.yaml`` read as its head (id, title, version, clock, laws) and its manifest."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise _error("rulebook-file-invalid", str(e), path) from e
    if not isinstance(data, dict):
        raise _error("rulebook-file-invalid", "rulebook.yaml is not a mapping", path)
    head = {k: v for k, v in data.items() if k not in MANIFEST_KEYS}
    return head, {k: v for k, v in data.items() if k in MANIFEST_KEYS}


def _manifest(
    raw: ManifestIn, laws: dict[str, Law], parameters: dict[str, Parameter], definitions: set[str]
) -> Manifest:
    """The checked manifest: every law, definition and parameter it names exists."""
    problems = check_manifest(raw, laws, definitions, set(parameters))
    measure_ids: tuple[str, ...] = ()
    if raw.assess.measures and raw.assess.measures.parameter in parameters:
        measure_ids = _measure_ids(parameters[raw.assess.measures.parameter])
    known = {*laws, *definitions, *measure_ids, *raw.lists}
    problems += [f"manifest: label for unknown id {n}" for n in raw.labels.names if n not in known]
    if problems:
        raise RulebookError(
            *(Diagnostic("rulebook-invalid", p, Where(field="rulebook")) for p in problems)
        )
    return manifest_of(raw, measure_ids)


def _measure_ids(parameter: Parameter) -> tuple[str, ...]:
    """Every measure id the parameter ever lists, in the order it first lists them."""
    seen: dict[str, None] = {}
    for dated in parameter.values:
        for measure in dated.value or ():
            seen.setdefault(str(measure["id"]), None)
    return tuple(seen)


def _validate(model: type[M], data: Any, path: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise _error("rulebook-file-invalid", str(e), path) from e


def _model(model: type[M], path: Path) -> M:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as e:
        raise _error("rulebook-file-invalid", str(e), path) from e


def _digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".py"}:
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _error(code: str, message: str, path: Path) -> RulebookError:
    return RulebookError(Diagnostic(code, message, Where(file=path.name)))
