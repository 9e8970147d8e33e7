"""The whole scenario: every section, the uncertain inputs and catalog overrides."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .claims import Claim
from .costs import Economics, Launch, Terrestrial
from .deployment import Deployment
from .fields import _Model
from .orbit import Constellation, Mission, Orbit
from .satellite import Satellite
from .sustainability import Sustainability
from .uncertainty import Distribution


class Scenario(_Model):
    """A complete orbital data-center scenario and its terrestrial baseline."""

    name: str = "unnamed"
    description: str = ""
    sources: list[str] = Field(default_factory=list, description="Citations for the scenario's numbers")
    mission: Mission = Field(default_factory=Mission)
    orbit: Orbit = Field(default_factory=Orbit)
    constellation: Constellation = Field(default_factory=Constellation)
    satellite: Satellite
    launch: Launch = Field(default_factory=Launch)
    economics: Economics = Field(default_factory=Economics)
    terrestrial: Terrestrial = Field(default_factory=Terrestrial)
    deployment: Deployment = Field(default_factory=Deployment)
    sustainability: Sustainability = Field(default_factory=Sustainability)
    uncertainty: dict[str, Distribution | str] = Field(
        default_factory=dict,
        description="Uncertain inputs for Monte Carlo and sensitivity: {parameter: distribution}, "
        "e.g. 'launch.price_per_kg: lognormal(median=500 USD/kg, sigma=0.8)'",
    )
    catalog: dict[str, dict[str, dict[str, Any]]] = Field(
        default_factory=dict, description="Catalog overrides: {kind: {entry: {field: value}}}"
    )
    catalog_files: list[str] = Field(default_factory=list, description="Extra catalog YAML files")
    claims: list[Claim] = Field(default_factory=list, max_length=50, description="Published claims to check")
