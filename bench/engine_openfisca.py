"""The named peer of bench/engine.py: the same 236-FZ core rules as an OpenFisca model.

OpenFisca (openfisca-core) computes a rule for every entity at once, as numpy arrays: one
company entity, a day's audience as a DAY variable (one input array per day, read back by the
formulas), the threshold as a dated parameter, and the four duties' status as formulas. It is
the optional `bench` extra (`pip install -e .[bench]`); without it, bench/engine.py says so
and measures the rest. The rules are those of bench/engine.py's floor: subject when the
as-of day's audience is above the threshold with a Russian-language signal (owed from the
first day above it, not before the law's entry into force) or when listed; each duty met,
violated once due, or pending; the counter and the local presence not before their dates.
"""

# OpenFisca names a variable by its class, as the formulas ask for it (snake_case), and
# calls a formula with the population first:
# ruff: noqa: N801, N805

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

NEVER = np.datetime64("9999-12-31")
IN_FORCE = np.datetime64("2021-07-01")
NOT_BEFORE = {
    "local_presence": np.datetime64("2022-01-01"),
    "audience_counter": np.datetime64("2021-08-02"),
}
DUTIES = ("feedback_form", "rkn_account", "local_presence", "audience_counter")
STATUSES = ("not_applicable", "met", "violated", "pending")

Company = build_entity(key="company", plural="companies", label="A foreign company", is_person=True)


class daily_users_ru(Variable):
    value_type = int
    entity = Company
    definition_period = DAY
    label = "Daily users located in Russia"


class russian_language(Variable):
    value_type = bool
    entity = Company
    definition_period = ETERNITY
    label = "The resource disseminates information in Russian"


class listed_on(Variable):
    value_type = dt.date
    default_value = dt.date(9999, 12, 31)
    entity = Company
    definition_period = ETERNITY
    label = "The day the regulator listed the company (none: 9999-12-31)"


class series_start(Variable):
    value_type = dt.date
    entity = Company
    definition_period = ETERNITY
    label = "The first day with an audience figure"


def _done(name: str) -> type[Variable]:
    return type(
        f"{name}_done",
        (Variable,),
        {
            "value_type": bool,
            "entity": Company,
            "definition_period": ETERNITY,
            "label": f"A {name} is in place on the as-of day",
        },
    )


class first_day_above(Variable):
    value_type = dt.date
    entity = Company
    definition_period = DAY
    label = "The first day up to this one with more users than the threshold"

    def formula(company: Any, period: Any, parameters: Any) -> Any:
        threshold = parameters(period).landing.threshold
        starts = company("series_start", period)
        found = np.full(len(starts), NEVER)
        day: dt.date = starts.min().astype(dt.date)
        while day <= period.start.date:
            users = company("daily_users_ru", periods.period(day.isoformat()))
            found = np.where((found == NEVER) & (users > threshold), np.datetime64(day), found)
            day += dt.timedelta(days=1)
        return found


class subject_since(Variable):
    value_type = dt.date
    entity = Company
    definition_period = DAY
    label = "The day the duties are owed from (none: 9999-12-31)"

    def formula(company: Any, period: Any, parameters: Any) -> Any:
        threshold = parameters(period).landing.threshold
        eternity = period
        today = np.datetime64(period.start.date.isoformat())
        by_audience = (company("daily_users_ru", period) > threshold) * company(
            "russian_language", eternity
        )
        met = np.where(by_audience, np.maximum(company("first_day_above", period), IN_FORCE), NEVER)
        listed = company("listed_on", eternity)
        return np.minimum(met, np.where(listed <= today, listed, NEVER))


def _status(duty: str) -> type[Variable]:
    def formula(company: Any, period: Any, parameters: Any) -> Any:
        today = np.datetime64(period.start.date.isoformat())
        since = company("subject_since", period)
        due = np.maximum(since, NOT_BEFORE.get(duty, since))
        done = company(f"{duty}_done", period)
        return np.select(
            [since == NEVER, done, due <= today], [0, 1, 2], default=3
        )  # STATUSES' order

    return type(
        f"{duty}_status",
        (Variable,),
        {
            "value_type": int,
            "entity": Company,
            "definition_period": DAY,
            "label": f"Status of the {duty} duty",
            "formula": formula,
        },
    )


class Landing(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__([Company])
        self.parameters = ParameterNode(
            "",
            data={
                "landing": {
                    "threshold": {
                        "description": "236-FZ daily audience threshold",
                        "values": {"2021-07-01": {"value": 500_000}},
                    }
                }
            },
        )
        self.add_variables(
            daily_users_ru,
            russian_language,
            listed_on,
            series_start,
            first_day_above,
            subject_since,
            *(_done(d) for d in DUTIES),
            *(_status(d) for d in DUTIES),
        )


def assess(data: dict[str, Any], as_of: dt.date) -> tuple[dict[str, dict[str, str]], float]:
    """Each company's four duty statuses as OpenFisca computes them (the data as parsed),
    and the seconds of the computation alone (the inputs are arrays by then)."""
    system = Landing()
    companies = data["companies"]
    n = len(companies)
    simulation = SimulationBuilder().build_default_simulation(system, n)
    index = {c["id"]: i for i, c in enumerate(companies)}
    owner = {r["id"]: index[r["company"]] for r in data["resources"]}
    language = np.zeros(n, dtype=bool)
    for r in data["resources"]:
        language[owner[r["id"]]] |= bool(r.get("russian_language"))
    listed = np.full(n, NEVER)
    done = {d: np.zeros(n, dtype=bool) for d in DUTIES}
    starts = np.full(n, NEVER)
    series = []
    for e in data["events"]:
        on = dt.date.fromisoformat(e["date"])
        if e["type"] == "audience_series":
            series.append((owner[e["resource"]], on, e["daily_users_ru"]))
        elif on > as_of:
            continue
        elif e["type"] == "list_inclusion":
            listed[index[e["company"]]] = np.datetime64(on.isoformat())
        elif e["type"] in done:
            i = index[e["company"]] if "company" in e else owner[e["resource"]]
            done[e["type"]][i] = True
    # one row of daily figures per company, from the first series' day to the as-of day; the
    # last figure holds until the next one, as in the facts format
    first = min(on for _, on, _ in series)
    width = (as_of - first).days + 1
    users = np.zeros((n, width), dtype=np.int64)
    for i, on, figures in series:
        offset = (on - first).days
        row = np.asarray(figures[: width - offset], dtype=np.int64)
        users[i, offset : offset + len(row)] = row
        users[i, offset + len(row) :] = row[-1]
        starts[i] = np.datetime64(on)
    year = str(as_of.year)
    simulation.set_input("russian_language", year, language)
    simulation.set_input("listed_on", year, listed)
    simulation.set_input("series_start", year, starts)
    for duty, flags in done.items():
        simulation.set_input(f"{duty}_done", year, flags)
    for k in range(width):
        day = (first + dt.timedelta(days=k)).isoformat()
        simulation.set_input("daily_users_ru", day, np.ascontiguousarray(users[:, k]))
    t0 = time.perf_counter()
    codes = {d: simulation.calculate(f"{d}_status", as_of.isoformat()) for d in DUTIES}
    seconds = time.perf_counter() - t0
    statuses = {
        c["id"]: {f"ru-236-fz.{d.replace('_', '-')}": STATUSES[codes[d][i]] for d in DUTIES}
        for i, c in enumerate(companies)
    }
    return statuses, seconds


def main() -> None:
    """``python bench/engine_openfisca.py FACTS.json AS_OF OUT.json``: the statuses to OUT
    and the seconds (parse, inputs, compute) on stdout, for bench/engine.py to run the peer
    in an interpreter of its own (``--openfisca-python``)."""
    import json
    import sys

    path, as_of, out = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), sys.argv[3]
    t0 = time.perf_counter()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    t1 = time.perf_counter()
    found, compute = assess(data, as_of)
    inputs = time.perf_counter() - t1 - compute
    Path(out).write_text(json.dumps(found), encoding="utf-8")
    print(f"{t1 - t0} {inputs} {compute}")


if __name__ == "__main__":
    main()
