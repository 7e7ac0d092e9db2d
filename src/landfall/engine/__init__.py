"""The engine: evaluate a rulebook over facts as of a date, explaining every conclusion."""

from landfall.engine.assess import Assessment, CompanyAssessment, assess

__all__ = ["Assessment", "CompanyAssessment", "assess"]
