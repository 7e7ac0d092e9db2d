"""The takedown tracker: demands and actions in, ledger events and deadline status out."""

from landfall.takedown.importer import ImportResult, import_takedown, takedown_events
from landfall.takedown.items import DemandFate, ItemFate, demand_fate, on_time_rate
from landfall.takedown.model import (
    Action,
    Demand,
    DemandMet,
    actions_from_events,
    demands_from_events,
    event_key,
    met_from_events,
)
from landfall.takedown.parse import TakedownInput, read_takedown_file
from landfall.takedown.status import (
    DeadlineFor,
    ItemState,
    TakedownStatus,
    status_from_events,
    takedown_status,
)

__all__ = [
    "Action",
    "DeadlineFor",
    "Demand",
    "DemandFate",
    "DemandMet",
    "ImportResult",
    "ItemFate",
    "ItemState",
    "TakedownInput",
    "TakedownStatus",
    "actions_from_events",
    "demand_fate",
    "demands_from_events",
    "event_key",
    "import_takedown",
    "met_from_events",
    "on_time_rate",
    "read_takedown_file",
    "status_from_events",
    "takedown_events",
    "takedown_status",
]
