"""The localization scanner: find Russian users' personal data and where it is stored."""

from landfall.scanner.report import ScanReport, StoreResult
from landfall.scanner.scan import scan_stores
from landfall.scanner.stores import Store, load_stores

__all__ = ["ScanReport", "Store", "StoreResult", "load_stores", "scan_stores"]
