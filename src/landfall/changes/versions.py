"""Two versions of a rulebook compared on the same facts and day.

A version is an installed rulebook (``ID``, ``ID@VERSION`` to insist on the version
installed, or that ``VERSION`` alone) or a rulebook folder, loaded with the same loader and the installed rule set of the
rulebook with that folder's id: the folder changes the law's data (parameters, manifest), the
rules stay the installed ones. Each rulebook's version ends with the content hash of its folder
(``1+3f2a...``), which every assessment carries, so the comparison names what it compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from landfall.changes.conclusions import Conclusion, exposure_parameters
from landfall.changes.diff import (
    CompanyChanges,
    Explainer,
    Reason,
    diff_assessments,
    params_read,
    rule_reasons,
)
from landfall.engine.assess import assess
from landfall.engine.trace import plain
from landfall.errors import Diagnostic, InputError, Where
from landfall.facts.model import FactsDocument
from landfall.rules.loader import load_rulebook
from landfall.rules.model import DatedValue, Rulebook
from landfall.rules.registry import RuleSet


def load_version(spec: str, option: str = "--rulebook-a") -> Rulebook:
    """The rulebook a PATH_OR_VERSION names: a folder, ``ID``, ``ID@VERSION`` or the
    ``VERSION`` of an installed rulebook."""
    from landfall.rulebooks import available, load

    folder = Path(spec)
    if (folder / "rulebook.yaml").is_file():
        installed = load(_folder_id(folder, option))
        rules = RuleSet()
        rules.rules = [rule for group in installed.rules.values() for rule in group]
        return load_rulebook(folder, rules)
    if folder.exists() or "/" in spec:
        raise InputError(
            Diagnostic(
                "rulebook-folder-invalid",
                f"{option} {spec}: no rulebook.yaml in that folder",
                Where(file=spec, field=option),
                "give a rulebook folder (holding rulebook.yaml and parameters/), or an "
                "installed rulebook id (see `landfall rulebooks`)",
            )
        )
    rulebook_id, _, version = spec.partition("@")
    if not version and rulebook_id not in available():
        # a bare version (`2026.11+c0e782219d6b`, or `2026.11`): the installed rulebook that has it
        for candidate in available():
            book = load(candidate)
            if spec in (book.version, book.version.partition("+")[0]):
                return book
    book = load(rulebook_id)
    if version and not (book.version == version or book.version.startswith(version + "+")):
        raise InputError(
            Diagnostic(
                "rulebook-version-not-installed",
                f"{option} {spec}: the installed {rulebook_id!r} is version {book.version}",
                Where(field=option),
                f"give {rulebook_id}@{book.version}, or the folder of the other version",
            )
        )
    return book


def _folder_id(folder: Path, option: str) -> str:
    path = folder / "rulebook.yaml"
    try:
        head = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise InputError(
            Diagnostic("rulebook-file-invalid", str(e), Where(file=str(path), field=option))
        ) from e
    if not isinstance(head, dict) or not isinstance(head.get("id"), str):
        raise InputError(
            Diagnostic(
                "rulebook-file-invalid",
                "rulebook.yaml names no id",
                Where(file=str(path), field="id"),
                "the folder's rulebook.yaml starts with `id: <installed rulebook id>`",
            )
        )
    return str(head["id"])


def content_hash(book: Rulebook) -> str:
    """The content hash at the end of the rulebook's version (its folder's digest)."""
    return book.version.rpartition("+")[2]


def ref(book: Rulebook, spec: str) -> dict[str, Any]:
    return {"id": book.id, "version": book.version, "hash": content_hash(book), "source": spec}


@dataclass
class VersionComparison:
    day: dt.date
    a: dict[str, Any]
    b: dict[str, Any]
    parameters: list[dict[str, Any]]  # the dated values that differ between the two
    rules: list[dict[str, Any]]  # rules in one rule set only
    companies: list[CompanyChanges] = field(default_factory=list)
    assessed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.day.isoformat(),
            "a": self.a,
            "b": self.b,
            "parameters": self.parameters,
            "rules": self.rules,
            "assessed": self.assessed,
            "companies": [c.to_dict() for c in self.companies],
        }


def compare_versions(
    a: Rulebook,
    b: Rulebook,
    day: dt.date,
    facts: FactsDocument | None = None,
    company: str | None = None,
    specs: tuple[str, str] | None = None,
) -> VersionComparison:
    """What differs between rulebooks ``a`` and ``b``; with facts, whose conclusions on
    ``day`` differ and which parameter or rule explains each."""
    names = specs or (a.id, b.id)
    out = VersionComparison(
        day, ref(a, names[0]), ref(b, names[1]), parameter_differences(a, b), _rules(a, b)
    )
    if facts is None:
        return out
    out.assessed = True
    first = [(a, assess(a, facts, day, company))]
    second = [(b, assess(b, facts, day, company))]
    for name, found in diff_assessments(
        first, second, _explainer(a, b, out.parameters, day)
    ).items():
        if found:
            out.companies.append(CompanyChanges(name, found))
    return out


def _dated(value: DatedValue | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "value": plain(value.value),
        "from": value.start.isoformat(),
        "status": value.status,
        "citation": str(value.citation),
        "sources": list(value.citation.sources),
    }


def parameter_differences(a: Rulebook, b: Rulebook) -> list[dict[str, Any]]:
    """Per parameter and effective date, the value in ``a`` and in ``b`` where they differ."""
    out = []
    for pid in sorted({*a.parameters, *b.parameters}):
        in_a = {v.start: v for v in a.parameters[pid].values} if pid in a.parameters else {}
        in_b = {v.start: v for v in b.parameters[pid].values} if pid in b.parameters else {}
        for start in sorted({*in_a, *in_b}):
            va, vb = _dated(in_a.get(start)), _dated(in_b.get(start))
            if va != vb:
                out.append({"parameter": pid, "from": start.isoformat(), "a": va, "b": vb})
    return out


def _rules(a: Rulebook, b: Rulebook) -> list[dict[str, Any]]:
    ids_a = {r.id for g in a.rules.values() for r in g}
    ids_b = {r.id for g in b.rules.values() for r in g}
    return [
        {"rule": rule_id, "in": "a" if rule_id in ids_a else "b"}
        for rule_id in sorted(ids_a ^ ids_b)
    ]


def _explainer(
    a: Rulebook, b: Rulebook, differences: list[dict[str, Any]], day: dt.date
) -> Explainer:
    def explain(old: Conclusion | None, new: Conclusion | None) -> list[Reason]:
        reasons: list[Reason] = []
        read: dict[str, list[dt.date]] = {}
        for reading in (params_read(old), params_read(new)):
            for pid, days in reading.items():
                read.setdefault(pid, []).extend(days)
        shown = new or old
        if shown is not None and shown.kind == "exposure":  # read on the day assessed
            for pid in exposure_parameters(a) | exposure_parameters(b):
                read.setdefault(pid, []).append(day)
        for pid in sorted(read):
            for on in sorted(set(read[pid])):
                va = a.parameters[pid].at(on) if pid in a.parameters else None
                vb = b.parameters[pid].at(on) if pid in b.parameters else None
                if _dated(va) == _dated(vb):
                    continue
                cited = vb or va
                assert cited is not None
                reasons.append(
                    Reason(
                        "parameter",
                        f"{pid} on {on}: {_shown(va)} in a, {_shown(vb)} in b",
                        pid,
                        str(cited.citation),
                        cited.citation.sources,
                    )
                )
        reasons += rule_reasons(old, new)
        if not reasons:
            changed = ", ".join(sorted({d["parameter"] for d in differences})) or "none"
            reasons.append(
                Reason(
                    "rulebook",
                    f"rulebook {a.version} -> {b.version}; parameters that differ: {changed}",
                )
            )
        return reasons

    return explain


def _shown(value: DatedValue | None) -> str:
    if value is None:
        return "no value"
    return f"{plain(value.value)} (from {value.start}, {value.status})"
