"""Canonical units of the flat design parameters, and unit-aware number parsing.

Parameters are named like :func:`skyrack.params.resolve` names them
(``"launch.price_per_kg"``, ``"thermal.radiator_temperature"``). Their canonical
units come from the scenario schema's ``x-unit`` (the parameter ``thermal.x``
lives at ``satellite.thermal.x``), or, for catalog-only parameters, from the
catalog's provenance records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..errors import InputError

# Parameters in the satellite section of the scenario are flat-named without "satellite.".
_SATELLITE_SECTIONS = ("compute", "power", "thermal", "shielding", "bus")

# Catalog-derived parameters: param -> (catalog kind, choice parameter naming the entry, catalog field).
CATALOG_FIELDS: dict[str, tuple[str, str, str]] = {
    "compute.tdp": ("accelerators", "compute.accelerator", "tdp"),
    "compute.unit_price": ("accelerators", "compute.accelerator", "unit_price"),
    "compute.sustained_fraction": ("accelerators", "compute.accelerator", "sustained_fraction"),
    "compute.server_overhead": ("accelerators", "compute.accelerator", "server_overhead"),
    "compute.bf16_dense": ("accelerators", "compute.accelerator", "bf16_dense"),
    "economics.accelerator_failure_rate": ("accelerators", "compute.accelerator", "annual_failure_rate"),
    "power.specific_power": ("solar_cells", "power.cell", "array_specific_power"),
    "power.degradation": ("solar_cells", "power.cell", "degradation"),
    "power.efficiency": ("solar_cells", "power.cell", "efficiency"),
    "power.array_cost": ("solar_cells", "power.cell", "array_cost"),
    "power.battery_specific_energy": ("batteries", "power.battery", "specific_energy"),
    "power.battery_cost": ("batteries", "power.battery", "cost"),
    "thermal.areal_density": ("radiators", "thermal.radiator", "areal_density"),
    "thermal.radiator_cost": ("radiators", "thermal.radiator", "cost"),
    "thermal.emissivity": ("radiators", "thermal.radiator", "emissivity"),
    "launch.price": ("launchers", "launch.vehicle", "price"),
    "launch.payload_leo": ("launchers", "launch.vehicle", "payload_leo"),
    "terrestrial.facility_capex": ("terrestrial", "terrestrial.kind", "facility_capex"),
    "terrestrial.pue": ("terrestrial", "terrestrial.kind", "pue"),
    "terrestrial.electricity_price": ("terrestrial", "terrestrial.kind", "electricity_price"),
    "terrestrial.unit_price": ("accelerators", "terrestrial.accelerator", "unit_price"),
    "terrestrial.accelerator_failure_rate": ("accelerators", "terrestrial.accelerator", "annual_failure_rate"),
}

_QUANTITY = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def _schema_units(schema: Mapping[str, Any]) -> dict[str, str]:
    defs = schema.get("$defs", {})
    out: dict[str, str] = {}

    def find_unit(node: Any) -> str | None:
        if isinstance(node, dict):
            if "x-unit" in node:
                return str(node["x-unit"])
            for key in ("anyOf", "allOf", "oneOf"):
                for child in node.get(key, []):
                    unit = find_unit(child)
                    if unit is not None:
                        return unit
        return None

    def ref(node: Any) -> Any:
        if isinstance(node, dict) and "$ref" in node:
            return defs[node["$ref"].rsplit("/", 1)[-1]]
        if isinstance(node, dict):
            for key in ("anyOf", "allOf"):
                for child in node.get(key, []):
                    if isinstance(child, dict) and "$ref" in child:
                        return defs[child["$ref"].rsplit("/", 1)[-1]]
        return None

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for name, prop in node.get("properties", {}).items():
            target = ref(prop)
            if target is not None:
                walk(target, f"{prefix}{name}.")
                continue
            unit = find_unit(prop)
            if unit is not None:
                out[f"{prefix}{name}"] = unit

    walk(schema, "")
    return out


@lru_cache(maxsize=1)
def canonical_units() -> dict[str, str]:
    """Canonical unit of every parameter skyrack knows the unit of (``"1"`` for ratios)."""
    from ..catalog import load_default
    from ..scenario import json_schema

    units: dict[str, str] = {}
    for path, unit in _schema_units(json_schema()).items():
        head, _, rest = path.partition(".")
        if head == "satellite":
            units[rest] = unit
        else:
            units[path] = unit
    records = {(r.kind, r.field): r.unit for r in load_default().records()}
    for param, (kind, _, field) in CATALOG_FIELDS.items():
        if param not in units and (kind, field) in records:
            units[param] = records[(kind, field)]
    return units


def normalise_name(name: str) -> str:
    """A parameter name as :func:`skyrack.params.resolve` spells it (``satellite.thermal.x`` -> ``thermal.x``)."""
    name = name.strip()
    head, _, rest = name.partition(".")
    if head == "satellite" and rest.partition(".")[0] in _SATELLITE_SECTIONS:
        return rest
    return name


def scenario_path(name: str) -> str:
    """Where parameter ``name`` lives in a scenario (``thermal.x`` -> ``satellite.thermal.x``), for ``--set``."""
    name = normalise_name(name)
    return f"satellite.{name}" if name.partition(".")[0] in _SATELLITE_SECTIONS else name


def unit_of(name: str) -> str | None:
    """The canonical unit of parameter ``name``, or None if skyrack does not know it."""
    return canonical_units().get(name)


def to_canonical(name: str, value: Any, field: str | None = None) -> float:
    """A parameter value as a float in the parameter's canonical unit.

    Plain numbers (or numeric strings) are taken as already canonical; strings
    with a unit ("300 K", "20 USD/kg") are converted with pint.
    """
    from ..units import to_unit

    where = field or name
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return to_unit(float(value), "1", field=where)
    text = str(value).strip()
    if _QUANTITY.match(text):
        return to_unit(float(text), "1", field=where)
    unit = unit_of(name)
    if unit is None:
        raise InputError(where, value, f"skyrack does not know the unit of {name}; give a plain number in its unit")
    return to_unit(text, unit, field=where)
