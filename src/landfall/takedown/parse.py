"""Reading demand and action files: landfall CSV (the header decides which), JSON, EU DSA CSV.

Every problem becomes a diagnostic naming the file, line and field; all of a file's problems
are gathered and raised together, so one run shows the whole list.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any, cast

from landfall.errors import Diagnostic, InputError, LandfallError, Where, input_error
from landfall.facts.loader import check_shape, load_json
from landfall.facts.model import SLUG
from landfall.takedown.model import ACTIONS, Action, ActionKind, Demand, parse_time

__all__ = ["DSA_SOURCE", "TakedownInput", "read_takedown_file"]

DEMAND_COLUMNS = frozenset({"demand_id", "company", "received_at", "basis", "item"})
ACTION_COLUMNS = frozenset({"demand_id", "item", "action", "at"})
DSA_COLUMNS = frozenset({"uuid", "decision_ground", "platform_name", "application_date"})
DSA_SOURCE = "EU DSA Transparency Database"


@dataclass
class TakedownInput:
    demands: list[Demand] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    skipped: int = 0  # records read but not demands (e.g. DSA own-initiative decisions)


@dataclass
class _DemandDraft:
    first: Demand
    items: list[str]


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []
        self.drafts: dict[str, _DemandDraft] = {}
        self.result = TakedownInput()

    def fail(self, error: LandfallError) -> None:
        self.problems.extend(error.diagnostics)

    def problem(self, code: str, message: str, where: Where) -> None:
        self.problems.append(Diagnostic(code, message, where))

    def add_demand_row(self, row: Mapping[str, Any], where: Where, source: str) -> None:
        values = {}
        for name in ("demand_id", "company", "received_at", "basis", "item"):
            value = row.get(name)
            if value is None or not str(value).strip():
                self.problem("takedown-missing-field", f"{name} is empty", _at(where, name))
                return
            values[name] = str(value).strip()
        if not re.fullmatch(SLUG, values["company"]):
            # the company id of the facts format: events carry it into the ledger as a subject
            self.problem(
                "takedown-bad-company",
                f"company {values['company']!r} is not a company id (lowercase letters, digits, "
                "hyphens)",
                _at(where, "company"),
            )
            return
        try:
            received = parse_time(values["received_at"], _at(where, "received_at"))
            raw_deadline = row.get("deadline")
            deadline = (
                parse_time(raw_deadline, _at(where, "deadline"))
                if raw_deadline and str(raw_deadline).strip()
                else None
            )
        except LandfallError as e:
            self.fail(e)
            return
        raw_country = row.get("country")
        country = str(raw_country).strip() if raw_country and str(raw_country).strip() else None
        if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
            self.problem(
                "takedown-bad-country",
                f"country {country!r} is not an ISO 3166-1 alpha-2 code (or EU)",
                _at(where, "country"),
            )
            return
        demand = Demand(
            id=values["demand_id"],
            company=values["company"],
            received_at=received,
            basis=values["basis"],
            items=(),
            deadline=deadline,
            source=source,
            where=where,
            country=country,
        )
        draft = self.drafts.get(demand.id)
        if draft is None:
            self.drafts[demand.id] = _DemandDraft(demand, [values["item"]])
            return
        first = draft.first
        for name, mine, theirs in (
            ("company", demand.company, first.company),
            ("received_at", demand.received_at, first.received_at),
            ("basis", demand.basis, first.basis),
            ("deadline", demand.deadline, first.deadline),
            ("country", demand.country, first.country),
        ):
            if mine != theirs:
                self.problem(
                    "takedown-demand-conflict",
                    f"demand {demand.id!r}: {name} {mine!s} differs from {theirs!s} "
                    f"at {first.where}",
                    _at(where, name),
                )
                return
        if values["item"] not in draft.items:
            draft.items.append(values["item"])

    def add_action_row(self, row: Mapping[str, Any], where: Where, source: str) -> None:
        values = {}
        for name in ("demand_id", "item", "action", "at"):
            value = row.get(name)
            if value is None or not str(value).strip():
                self.problem("takedown-missing-field", f"{name} is empty", _at(where, name))
                return
            values[name] = str(value).strip()
        kind = values["action"].lower()
        if kind not in ACTIONS:
            self.problem(
                "takedown-bad-action",
                f"action {values['action']!r} is not one of {', '.join(sorted(ACTIONS))}",
                _at(where, "action"),
            )
            return
        try:
            at = parse_time(values["at"], _at(where, "at"))
        except LandfallError as e:
            self.fail(e)
            return
        reason = str(row.get("reason") or "").strip() or None
        self.result.actions.append(
            Action(
                demand_id=values["demand_id"],
                item=values["item"],
                action=cast(ActionKind, kind),
                at=at,
                reason=reason,
                where=where,
                source=source,
            )
        )

    def finish(self) -> TakedownInput:
        if self.problems:
            raise InputError(*self.problems)
        for draft in self.drafts.values():
            first = draft.first
            self.result.demands.append(
                Demand(
                    id=first.id,
                    company=first.company,
                    received_at=first.received_at,
                    basis=first.basis,
                    items=tuple(draft.items),
                    deadline=first.deadline,
                    source=first.source,
                    where=first.where,
                    country=first.country,
                )
            )
        return self.result


def _at(where: Where, name: str) -> Where:
    return Where(where.file, where.line, name if where.field is None else f"{where.field}.{name}")


RowsRead = Callable[[int], None]
"""Called with how many more rows (CSV lines, JSON records) were read: for a progress bar."""


def read_takedown_file(
    path: str | Path, *, source: str | None = None, rows_read: RowsRead | None = None
) -> TakedownInput:
    """Demands and actions in ``path``: ``.json`` is JSON, anything else CSV with a header."""
    file = Path(path)
    if not file.is_file():
        raise input_error("takedown-file-missing", "file not found", file=str(file))
    collector = _Collector()
    label = source or f"landfall takedown import {file.name}"
    try:
        if file.suffix.lower() == ".json":
            _read_json(file, collector, label, rows_read)
        else:
            _read_csv(file, collector, label, rows_read)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise input_error("takedown-file-unreadable", str(e), file=str(file)) from e
    return collector.finish()


def _csv_rows(
    file: Path, rows_read: RowsRead | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    with file.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        count = 0
        for count, row in enumerate(reader, 1):
            # line_num is the physical line the record ends on; quoted newlines stay correct.
            yield reader.line_num, row
            if rows_read is not None and count % 1024 == 0:
                rows_read(1024)  # in batches: a call per row would cost more than the row
        if rows_read is not None:
            rows_read(count % 1024)


def _header(file: Path) -> list[str]:
    with file.open(newline="", encoding="utf-8-sig") as f:
        return [h.strip() for h in next(csv.reader(f), [])]


def _read_csv(file: Path, out: _Collector, label: str, rows_read: RowsRead | None) -> None:
    columns = set(_header(file))
    name = str(file)
    if columns >= DSA_COLUMNS:
        for line, row in _csv_rows(file, rows_read):
            _dsa_row(row, Where(name, line), out)
    elif columns >= DEMAND_COLUMNS:
        for line, row in _csv_rows(file, rows_read):
            out.add_demand_row(row, Where(name, line), label)
    elif columns >= ACTION_COLUMNS:
        for line, row in _csv_rows(file, rows_read):
            out.add_action_row(row, Where(name, line), label)
    else:
        raise input_error(
            "takedown-unknown-header",
            f"header {sorted(columns)} is neither demands, actions nor a DSA statements CSV",
            file=name,
            line=1,
            hint=f"demands need {sorted(DEMAND_COLUMNS)}; actions need {sorted(ACTION_COLUMNS)}",
        )


def _read_json(file: Path, out: _Collector, label: str, rows_read: RowsRead | None) -> None:
    name = str(file)
    doc = load_json(file.read_text(encoding="utf-8"), name, code="takedown-bad-json")
    check_shape(doc, name, {})
    if isinstance(doc, dict):
        groups = [(key, doc.get(key, [])) for key in ("demands", "actions")]
    elif isinstance(doc, list):
        groups = [("", doc)]
    else:
        raise input_error("takedown-bad-json", "expected an object or a list", file=name)
    for key, records in groups:
        if not isinstance(records, list):
            out.problem("takedown-bad-json", "expected a list", Where(name, None, key))
            continue
        for i, record in enumerate(records):
            where = Where(name, None, f"{key}[{i}]" if key else f"[{i}]")
            if not isinstance(record, dict):
                out.problem("takedown-bad-json", "expected an object", where)
            elif key == "demands" or (not key and "received_at" in record):
                out.add_demand_row(_strings(record), where, label)
            elif key == "actions" or (not key and "action" in record):
                out.add_action_row(_strings(record), where, label)
            else:
                out.problem("takedown-bad-json", "neither a demand nor an action", where)
        if rows_read is not None:
            rows_read(len(records))


def _strings(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str) or v is None else str(v) for k, v in record.items()}


# DSA statements of reasons: a notice-based decision maps to one demand with one item and
# the platform's action on it. Own-initiative decisions (SOURCE_VOLUNTARY) had no demand.
_SLUG = re.compile(r"[^a-z0-9]+")
_REMOVED = "DECISION_VISIBILITY_CONTENT_REMOVED"


def _dsa_values(text: str | None) -> list[str]:
    if not text:
        return []
    text = text.strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):  # a cell, not the file: unreadable means none
            return []
        return [str(v) for v in parsed] if isinstance(parsed, list) else []
    return [v.strip() for v in text.split(",") if v.strip()]


def _dsa_row(row: Mapping[str, str | None], where: Where, out: _Collector) -> None:
    if (row.get("source_type") or "").strip() == "SOURCE_VOLUNTARY":
        out.result.skipped += 1
        return
    uuid = (row.get("uuid") or "").strip()
    platform = (row.get("platform_name") or "").strip()
    raw_date = (row.get("application_date") or "").strip()
    if not uuid or not platform or not raw_date:
        out.problem(
            "takedown-missing-field",
            "a DSA statement needs uuid, platform_name and application_date",
            where,
        )
        return
    try:
        # The database records the day a decision applied, not when the notice arrived.
        day = datetime.fromisoformat(raw_date[:10]).date()
    except ValueError:
        out.problem(
            "takedown-bad-time",
            f"bad application_date {raw_date!r}",
            _at(where, "application_date"),
        )
        return
    moment = datetime.combine(day, time(0, 0), tzinfo=UTC)
    ground = (row.get("decision_ground") or "").removeprefix("DECISION_GROUND_").lower()
    legal = row.get("illegal_content_legal_ground") or row.get("incompatible_content_ground") or ""
    item = (row.get("content_id_ean") or "").strip() or f"dsa:{uuid}"
    demand_id = f"dsa:{uuid}"
    company = _SLUG.sub("-", platform.lower()).strip("-") or "unknown"
    out.add_demand_row(
        {
            "demand_id": demand_id,
            "company": company,
            "received_at": moment.isoformat(),
            "basis": f"DSA {ground.replace('_', '-')}".strip(),
            "item": item,
        },
        where,
        DSA_SOURCE,
    )
    visibility = _dsa_values(row.get("decision_visibility"))
    restricting = [
        v
        for v in (
            *visibility,
            row.get("decision_account"),
            row.get("decision_provision"),
            row.get("decision_monetary"),
        )
        if v and v.strip()
    ]
    if not restricting:
        return
    action = "removed" if _REMOVED in visibility else "restricted"
    reason = "; ".join(x for x in (legal.strip(), *restricting) if x)
    out.add_action_row(
        {
            "demand_id": demand_id,
            "item": item,
            "action": action,
            "at": moment.isoformat(),
            "reason": reason,
        },
        where,
        DSA_SOURCE,
    )
