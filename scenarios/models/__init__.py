"""Scenarios for the future of the DVO: who delivers each service, at what cost, by which procurement route,
what it means for the employees, and how each scores on the research areas and functions."""

from finance.models import Service

from .assessments import AreaWeight, Assessment, FunctionAssessment
from .common import SHARE, YEAR
from .providers import Provider, ProviderTariff, StaffLine
from .scenario import BudgetCover, OneOffCost, ProviderTurnover, Scenario, Sourcing, StabilityImpact
from .uncertainty import UncertainDriver

__all__ = [
    "SHARE",
    "YEAR",
    "AreaWeight",
    "Assessment",
    "BudgetCover",
    "FunctionAssessment",
    "OneOffCost",
    "Provider",
    "ProviderTariff",
    "ProviderTurnover",
    "Scenario",
    "Service",
    "Sourcing",
    "StabilityImpact",
    "StaffLine",
    "UncertainDriver",
]
