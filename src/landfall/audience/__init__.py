"""The audience meter: distinct daily users in Russia from web server access logs."""

from landfall.audience.logs import JsonFields
from landfall.audience.meter import (
    DEFAULT_EXACT_LIMIT,
    DEFAULT_LG_K,
    AudienceReport,
    DailyAudience,
    MalformedLine,
    hll_relative_error,
    measure_audience,
)

__all__ = [
    "DEFAULT_EXACT_LIMIT",
    "DEFAULT_LG_K",
    "AudienceReport",
    "DailyAudience",
    "JsonFields",
    "MalformedLine",
    "hll_relative_error",
    "measure_audience",
]
