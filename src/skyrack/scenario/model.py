"""The whole scenario: every section, the uncertain inputs and catalog overrides."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .claims import Claim
from .costs import Economics, Launch, Terrestrial
from .deployment import Deployment
from .fields import _Model, sourced
from .orbit import Constellation, Mission, Orbit
from .published import Published
from .satellite import Compute, Satellite
from .simulation import Simulation
from .sustainability import Sustainability
from .uncertainty import Distribution


class Scenario(_Model):
    """A complete orbital data-center scenario and its terrestrial baseline."""

    name: str = "unnamed"
    description: str = ""
    sources: list[str] = Field(default_factory=list, description="Citations for the scenario's numbers")
    kind: Literal["orbital", "terrestrial"] = sourced(
        "orbital",
        "skyrack: an orbital design is always costed against its terrestrial twin; a terrestrial scenario "
        "is a ground site alone",
        "What the scenario describes: orbital (a constellation and its ground twin) or terrestrial "
        "(a ground site of terrestrial.it_power, no orbit)",
        side="both",
    )
    mission: Mission = Field(default_factory=Mission)
    orbit: Orbit = Field(default_factory=Orbit)
    constellation: Constellation = Field(default_factory=Constellation)
    satellite: Satellite
    launch: Launch = Field(default_factory=Launch)
    economics: Economics = Field(default_factory=Economics)
    terrestrial: Terrestrial = Field(default_factory=Terrestrial)
    deployment: Deployment = Field(default_factory=Deployment)
    sustainability: Sustainability = Field(default_factory=Sustainability)
    simulation: Simulation = Field(default_factory=Simulation)
    published: Published = Field(default_factory=Published)
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

    @model_validator(mode="before")
    @classmethod
    def _ground_only_needs_no_satellite(cls, data: Any) -> Any:
        """A terrestrial scenario may leave ``satellite`` out: its compute section names the ground's chip."""
        if not isinstance(data, dict) or data.get("kind") != "terrestrial" or data.get("satellite") is not None:
            return data
        section = data.get("terrestrial")
        ground: dict[str, Any] = section if isinstance(section, dict) else {}
        chip = ground.get("accelerator") or Compute.model_fields["accelerator"].get_default()
        return {**data, "satellite": {"compute": {"accelerator": chip, "accelerators": 1}}}

    @model_validator(mode="after")
    def _ground_size(self) -> Scenario:
        if self.kind == "terrestrial" and self.terrestrial.it_power is None:
            raise ValueError("a terrestrial scenario needs terrestrial.it_power, e.g. '1 GW'")
        if self.kind == "orbital" and self.terrestrial.it_power is not None:
            raise ValueError(
                "terrestrial.it_power is for kind: terrestrial; an orbital scenario sizes the ground to deliver "
                "what the orbit delivers"
            )
        return self
