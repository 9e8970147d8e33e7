"""Scenario schema: one YAML file describes an orbital data center and its ground rival.

Unit strings ("650 km", "40 MW", "0.04 USD/kWh") are converted once, here, to
plain floats in each field's canonical unit (shown in the JSON Schema as
``x-unit``). A field left empty (``null``) takes its value from the catalog
entry the scenario names; every other default carries its source, listed by
``skyrack provenance``.

The sections live in small modules (:mod:`.orbit`, :mod:`.satellite`,
:mod:`.costs`, :mod:`.deployment`, :mod:`.uncertainty`); :mod:`.loading` reads
files and overrides. This package imports nothing above the units layer.
"""

from .costs import Economics, Launch, Terrestrial
from .deployment import Deployment
from .fields import MAX_ALTITUDE_M, MIN_ALTITUDE_M
from .loading import (
    apply_overrides,
    format_validation_error,
    json_schema,
    load_yaml_text,
    parse_scenario,
    read_yaml,
    set_path,
    walk_defaults,
)
from .model import Scenario
from .orbit import Constellation, Mission, Orbit
from .published import Published
from .satellite import Bus, Compute, HeatPump, Power, Satellite, Shielding, Thermal
from .uncertainty import Distribution

__all__ = [
    "MAX_ALTITUDE_M",
    "MIN_ALTITUDE_M",
    "Bus",
    "Compute",
    "Constellation",
    "Deployment",
    "Distribution",
    "Economics",
    "HeatPump",
    "Launch",
    "Mission",
    "Orbit",
    "Power",
    "Published",
    "Satellite",
    "Scenario",
    "Shielding",
    "Terrestrial",
    "Thermal",
    "apply_overrides",
    "format_validation_error",
    "json_schema",
    "load_yaml_text",
    "parse_scenario",
    "read_yaml",
    "set_path",
    "walk_defaults",
]
