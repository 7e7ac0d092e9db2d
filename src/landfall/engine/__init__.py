"""The engine: evaluate a rulebook over facts as of a date, explaining every conclusion."""

from landfall.engine.assess import Assessment, CompanyAssessment, assess
from landfall.engine.trace import FullTracer, StatusTracer, Tracer

__all__ = ["Assessment", "CompanyAssessment", "FullTracer", "StatusTracer", "Tracer", "assess"]
