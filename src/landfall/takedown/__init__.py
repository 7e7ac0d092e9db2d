"""The takedown tracker: demands and actions in, ledger events and deadline status out."""

from landfall.takedown.importer import ImportResult, import_takedown, takedown_events
from landfall.takedown.model import (
    Action,
    Demand,
    actions_from_events,
    demands_from_events,
    event_key,
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
    "ImportResult",
    "ItemState",
    "TakedownInput",
    "TakedownStatus",
    "actions_from_events",
    "demands_from_events",
    "event_key",
    "import_takedown",
    "read_takedown_file",
    "status_from_events",
    "takedown_events",
    "takedown_status",
]
