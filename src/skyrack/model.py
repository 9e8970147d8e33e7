"""The orchestrator: scenario in, sized and costed design out (single or batch).

``design`` and ``design_batch`` run the same pipeline (:func:`skyrack.design.size`
then :mod:`skyrack.economics`); a batch simply passes arrays.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import economics
from ._json import json_safe
from .design import (
    CHIPS_TOO_HOT,
    NO_USEFUL_COMPUTE,
    RADIATOR_BELOW_SINK,
    REASON_FIELDS,
    REASONS,
    SATELLITE_TOO_BIG,
    size,
)
from .errors import InputError
from .params import CHOICES, catalog_for, resolve
from .physics.illumination import ECLIPSE_DEFINITION
from .scenario import Scenario, apply_overrides, parse_scenario, read_yaml

Array = npt.NDArray[np.float64]

# Drivers whose parity value ``design`` reports: (parameter, label, unit, low, high).
PARITY_DRIVERS: tuple[tuple[str, str, str, float, float], ...] = (
    ("economics.satellite_failure_rate", "satellite failure rate", "1/yr", 0.0, 1.0),
    ("mission.lifetime", "mission lifetime", "yr", 0.5, 50.0),
    ("power.specific_power", "array specific power", "W/kg", 5.0, 1.0e5),
    ("economics.bus_cost_per_kg", "bus cost", "USD/kg", 0.0, 1.0e6),
    ("terrestrial.electricity_price", "ground electricity price", "USD/kWh", 0.0, 10.0),
    ("terrestrial.facility_capex", "ground facility capex", "USD/W", 0.0, 1000.0),
)


def preset_names() -> list[str]:
    """Names of the built-in presets."""
    folder = resources.files("skyrack") / "presets"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def _preset_path(name: str) -> Path:
    return Path(str(resources.files("skyrack") / "presets" / f"{name}.yaml"))


def load_scenario(source: str | Path | Mapping[str, Any], overrides: Sequence[str] = ()) -> Scenario:
    """A scenario from a preset name, a YAML file or a mapping, with ``path=value`` overrides."""
    if isinstance(source, Mapping):
        data: Any = dict(source)
        label = "scenario"
    else:
        text = str(source)
        path = Path(text)
        if not path.exists() and text in preset_names():
            path = _preset_path(text)
        elif not path.exists() and not text.endswith((".yaml", ".yml")):
            raise InputError("scenario", text, "not a preset or file; presets: " + ", ".join(preset_names()))
        data = read_yaml(path)
        label = str(source)
        if isinstance(data, Mapping) and isinstance(data.get("catalog_files"), list):
            # a scenario's own catalog files are named relative to the scenario file
            data = {**data, "catalog_files": [str(path.parent / f) for f in data["catalog_files"]]}
    if not isinstance(data, Mapping):
        raise InputError(label, type(data).__name__, "a scenario file must hold a mapping of sections")
    data = apply_overrides(_deep_copy(data), overrides)
    return parse_scenario(data, source=label)


def _deep_copy(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, Mapping) else v for k, v in data.items()}


def evaluate(params: Mapping[str, Any]) -> dict[str, Array]:
    """Size and cost flat parameters (scalars or arrays): the one pipeline behind every design.

    Infeasible designs carry NaN in the quantities that do not exist (and a
    non-zero ``feasibility.code``), so numpy's warnings about them are silenced.
    """
    with np.errstate(all="ignore"):
        return _evaluate(params)


def _evaluate(params: Mapping[str, Any]) -> dict[str, Array]:
    s = size(params)
    orb = economics.orbital(params, s)
    ground = economics.terrestrial(params, orb["delivered_flops"])
    lev_o, lev_g = economics.levelised(orb), economics.levelised(ground)
    out: dict[str, Array] = dict(s)
    out.update({f"economics.{k}": v for k, v in orb.items()})
    out.update({f"economics.{k}": v for k, v in lev_o.items()})
    out.update({f"terrestrial.{k}": v for k, v in ground.items()})
    out.update({f"terrestrial.{k}": v for k, v in lev_g.items()})
    out["breakeven.launch_usd_per_kg"] = economics.breakeven_launch_usd_per_kg(
        orb, lev_g["usd_per_pflop_day"], s["mass.total_kg"]
    )
    out["economics.cost_ratio"] = lev_o["usd_per_pflop_day"] / lev_g["usd_per_pflop_day"]
    priced = np.isfinite(lev_o["usd_per_pflop_day"]) & np.isfinite(lev_g["usd_per_pflop_day"])
    code = out["feasibility.code"]
    out["feasibility.code"] = np.where((code == 0) & ~priced, NO_USEFUL_COMPUTE, code)
    return out


def design_batch(
    scenario: Scenario | str,
    variations: Mapping[str, npt.ArrayLike],
    overrides: Sequence[str] = (),
    chunk: int = 32768,
    outputs: Sequence[str] | None = None,
) -> dict[str, Array]:
    """Evaluate arrays of numeric parameters at once through the single-design pipeline.

    ``variations`` maps parameter names (``skyrack.params`` names, e.g.
    ``"launch.price_per_kg"``, ``"orbit.altitude"``; SI/canonical units) to
    arrays that broadcast together; they are evaluated ``chunk`` designs at a
    time to bound memory. Returns arrays of the broadcast shape, keyed like
    :func:`evaluate`; ``outputs`` keeps only the named keys (a million designs
    with every output take about 1 GB). Outputs that do not depend on the
    varied parameters come back as read-only broadcast views.
    """
    scn = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    params = resolve(scn, catalog_for(scn))
    for name in variations:
        if name not in params:
            raise InputError("variation", name, "unknown parameter; see skyrack.params.resolve for names")
        if name in CHOICES:
            raise InputError("variation", name, "is a choice, not a number; run one batch per choice")
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in variations.values()))
    shape = arrays[0].shape if arrays else ()
    flat = [a.reshape(-1) for a in arrays]
    n = flat[0].size if flat else 1
    out: dict[str, Array] = {}
    constant: dict[str, Array] = {}
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        trial = dict(params)
        trial.update({name: a[start:stop] for name, a in zip(variations, flat, strict=True)})
        values = evaluate(trial)
        if outputs is not None:
            unknown = sorted(set(outputs) - set(values))
            if unknown:
                raise InputError("outputs", unknown, "unknown output keys; valid: " + ", ".join(sorted(values)))
            values = {key: values[key] for key in outputs}
        for key, value in values.items():
            if key not in out and key not in constant and np.ndim(value) == 0:
                constant[key] = np.asarray(value)  # the same for every design: broadcast, not stored n times
            elif key in constant:
                continue
            else:
                if key not in out:
                    out[key] = np.empty(n, dtype=np.asarray(value).dtype)
                out[key][start:stop] = value
    result = {key: value.reshape(shape) for key, value in out.items()}
    result.update({key: np.broadcast_to(value, shape) for key, value in constant.items()})
    return result


@dataclass
class Result:
    """One sized and costed design, with its parameters and feasibility."""

    scenario: Scenario
    params: dict[str, Any]
    values: dict[str, float]
    feasible: bool
    reasons: list[str]
    parity: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> float:
        return self.values[key]

    def binding_limit(self) -> str:
        """The smallest of the power, thermal, availability and utilisation factors."""
        factors = self.waterfall_factors()
        return min(factors, key=lambda k: factors[k])

    def waterfall_factors(self) -> dict[str, float]:
        v = self.values
        return {
            "power": v["factors.power"],
            "thermal": v["factors.thermal"],
            "availability": v["economics.availability"],
            "utilisation": float(self.params["compute.utilisation"]),
        }

    def waterfall(self) -> list[tuple[str, float]]:
        """Peak → sustained → power → thermal → availability → utilisation → delivered (FLOP/s)."""
        v = self.values
        steps = [
            ("peak (dense BF16)", v["compute.peak_bf16_flops"]),
            ("sustained", v["compute.peak_bf16_flops"] * float(self.params["compute.sustained_fraction"])),
        ]
        level = steps[-1][1]
        for name, factor in self.waterfall_factors().items():
            level *= factor
            steps.append((name, level))
        return steps

    def to_dict(self) -> dict[str, Any]:
        """The nested JSON-ready summary printed by ``skyrack design --json``."""
        return summary(self)


def _f(x: Any) -> float:
    return float(np.asarray(x).reshape(-1)[0])


def _reasons(code: int, v: Mapping[str, float], p: Mapping[str, Any]) -> list[str]:
    out = []
    for bit, text in REASONS.items():
        if not code & bit:
            continue
        if bit == RADIATOR_BELOW_SINK:
            text = (
                f"radiator at {v['thermal.radiator_temperature_k']:.1f} K is at or below its sink "
                f"temperature {v['thermal.sink_temperature_k']:.1f} K: it cannot reject heat"
            )
        elif bit == CHIPS_TOO_HOT:
            text = (
                f"a radiator loop at {v['thermal.loop_temperature_k']:.1f} K puts the junctions above their limit: "
                f"the ladder allows at most {v['thermal.ladder_temperature_k']:.1f} K (junction_max minus the "
                "junction-to-coolant and coolant-to-radiator rises); lower it or lift heat with a heat pump"
            )
        elif bit == SATELLITE_TOO_BIG:
            text = (
                f"one satellite ({v['mass.per_satellite_kg']:,.0f} kg, {v['mass.stowed_volume_m3']:,.1f} m3) "
                f"exceeds {p['launch.vehicle']}'s payload ({v['launch.payload_kg']:,.0f} kg) or usable "
                "fairing; "
                "use a bigger vehicle, smaller satellites or launch.in_orbit_assembly: true"
            )
        out.append(f"{REASON_FIELDS[bit]}: {text}")
    return out


def design(
    scenario: Scenario | str | Path | Mapping[str, Any], overrides: Sequence[str] = (), parity: bool = True
) -> Result:
    """Size and cost one scenario (a :class:`Scenario`, preset name, file path or mapping)."""
    scn = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    params = resolve(scn, catalog_for(scn))
    values = {k: _f(v) for k, v in evaluate(params).items()}
    code = int(values["feasibility.code"])
    result = Result(scn, params, values, code == 0, _reasons(code, values, params))
    if parity and result.feasible:
        result.parity = parity_values(params)
    return result


def _ratio(params: Mapping[str, Any], name: str, values: Array) -> Array:
    trial = dict(params)
    trial[name] = values
    return evaluate(trial)["economics.cost_ratio"]


def parity_values(
    params: Mapping[str, Any], drivers: Iterable[tuple[str, str, str, float, float]] = PARITY_DRIVERS
) -> dict[str, dict[str, Any]]:
    """For each driver, the value at which orbit's $/PFLOP-day equals the ground's (None if none in range).

    Every driver is scanned over its range on one grid (linear and geometric points) in a single
    vectorised evaluation; the crossing nearest the current value is then bracketed and refined for
    all drivers at once by regula falsi with the Illinois modification [1]_ (bisection where the
    ratio is not finite), to a relative tolerance of about 1e-9.

    References
    ----------
    .. [1] Dowell and Jarratt, BIT 11, 168-174 (1971): the Illinois method.
    """
    active = [(d, float(params[d[0]])) for d in drivers if math.isfinite(float(params[d[0]]))]
    grids = [
        np.unique(np.concatenate([np.linspace(low, high, 97), np.geomspace(max(low, 1e-6), high, 97)]))
        for (_, _, _, low, high), _ in active
    ]
    ratio = _ratio_batch(params, active, grids) - 1.0
    a, b, fa, fb, slot = [], [], [], [], []
    for k, (grid, f) in enumerate(zip(grids, np.split(ratio, np.cumsum([g.size for g in grids])[:-1]), strict=True)):
        sign = np.sign(np.nan_to_num(f, nan=np.inf))
        crossings = np.nonzero(sign[:-1] * sign[1:] < 0)[0]
        if crossings.size:
            i = crossings[np.argmin(np.abs(grid[crossings] - active[k][1]))]
            a.append(grid[i])
            b.append(grid[i + 1])
            fa.append(f[i])
            fb.append(f[i + 1])
            slot.append(k)
    roots = _refine(params, [active[k] for k in slot], np.array(a), np.array(b), np.array(fa), np.array(fb))
    found = dict(zip(slot, roots, strict=True))
    return {
        name: {"label": label, "unit": unit, "current": current, "parity": found.get(k)}
        for k, ((name, label, unit, _, _), current) in enumerate(active)
    }


def _ratio_batch(params: Mapping[str, Any], active: Sequence[Any], values: Sequence[Array]) -> Array:
    """Cost ratio with driver ``k`` set to ``values[k]`` (others at their current values), one evaluation."""
    if not active:
        return np.empty(0)
    sizes = [np.size(v) for v in values]
    trial = dict(params)
    for k, ((name, *_), current) in enumerate(active):
        column = np.full(sum(sizes), current)
        start = sum(sizes[:k])
        column[start : start + sizes[k]] = values[k]
        trial[name] = column
    return np.asarray(evaluate(trial)["economics.cost_ratio"], dtype=float)


def _refine(params: Mapping[str, Any], active: Sequence[Any], a: Array, b: Array, fa: Array, fb: Array) -> list[float]:
    """Roots of ratio - 1 inside the brackets [a, b] (sign change), all drivers per evaluation."""
    tol = 1e-9 * np.maximum(1.0, np.abs(a))
    last = np.zeros(a.size, dtype=int)  # which end moved last (Illinois halving), 0 none
    for _ in range(200):
        todo = [int(i) for i in np.nonzero(np.abs(b - a) > tol)[0]]
        if not todo:
            break
        x = (a + b) / 2.0
        finite = np.isfinite(fa) & np.isfinite(fb) & (fa != fb)
        falsi = b - fb * (b - a) / np.where(finite, fb - fa, 1.0)
        use = finite & (falsi > np.minimum(a, b)) & (falsi < np.maximum(a, b))
        x = np.where(use, falsi, x)
        fx = _ratio_batch(params, [active[i] for i in todo], [np.array([x[i]]) for i in todo]) - 1.0
        for j, i in enumerate(todo):
            f = fx[j] if math.isfinite(fx[j]) else math.inf
            if abs(f) <= 1e-13:  # at parity to within rounding of the cost ratio
                a[i] = b[i] = x[i]
            elif np.sign(f) == np.sign(fa[i] if math.isfinite(fa[i]) else math.inf):
                a[i], fa[i] = x[i], f
                if last[i] == -1:
                    fb[i] /= 2.0
                last[i] = -1
            else:
                b[i], fb[i] = x[i], f
                if last[i] == 1:
                    fa[i] /= 2.0
                last[i] = 1
    return [float((ai + bi) / 2.0) for ai, bi in zip(a, b, strict=True)]


def _nan_to_none(x: float) -> float | None:
    return None if not math.isfinite(x) else x


def _count(x: float) -> int | None:
    return int(x) if math.isfinite(x) else None


def cost_breakdown(v: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """Present-value cost of orbit and of ground, split by what it buys [USD].

    Insurance and operations that scale with hardware are carried with the hardware they cover
    (accelerators and bus in proportion to their purchase prices); the parts sum to the TCO.
    """
    pv_cost, pv_infra, pv_launch = (
        v["economics.pv_cost_usd"],
        v["economics.pv_infrastructure_usd"],
        v["economics.pv_launch_usd"],
    )
    pv_acc = pv_cost - pv_infra
    acc_hw = v["economics.hardware_accelerators_usd"]
    pv_bus = v["economics.hardware_bus_usd"] * (pv_acc / acc_hw if acc_hw > 0 else 1.0)
    orbit = {
        "accelerators (+ insurance, ops)": pv_acc,
        "satellite bus, array, radiator (+ insurance, ops)": pv_bus,
        "launch (+ insurance)": pv_launch,
        "NRE and ground segment": pv_infra - pv_bus - pv_launch,
    }
    ground = {
        "facility, energy, O&M": v["terrestrial.pv_infrastructure_usd"],
        "accelerators and repairs": v["terrestrial.pv_cost_usd"] - v["terrestrial.pv_infrastructure_usd"],
    }
    return orbit, ground


def summary(result: Result) -> dict[str, Any]:
    """Nested summary with unit-suffixed keys (the ``--json`` output)."""
    v, p = result.values, result.params
    breakdown = {
        "compute": v["compute.mass_kg"],
        "shielding": v["shielding.mass_kg"],
        "solar_array": v["power.array_mass_kg"],
        "battery": v["power.battery_mass_kg"],
        "radiator": v["thermal.radiator_mass_kg"],
        "heat_pump": v["thermal.heat_pump_mass_kg"],
        "bus_structure_and_margin": v["mass.bus_kg"],
    }
    launch_kg = v["breakeven.launch_usd_per_kg"]
    orbit_pv, ground_pv = cost_breakdown(v)
    return json_safe(
        {
            "scenario": result.scenario.name,
            "orbit": {
                "kind": p["orbit.kind"],
                "altitude_km": float(p["orbit.altitude"]) / 1e3,
                "inclination_deg": math.degrees(v["orbit.inclination_rad"]),
                "period_s": v["orbit.period_s"],
                "sunlit_fraction": v["orbit.sunlit_fraction"],
                "max_eclipse_s": v["orbit.max_eclipse_s"],
                "eclipse_days_per_year": v["orbit.eclipse_days_per_year"],
                "eclipse_definition": ECLIPSE_DEFINITION,
                "mean_illumination": v["orbit.mean_illumination"],
            },
            "constellation": {"satellites": _count(v["constellation.satellites"])},
            "power": {
                "array_area_m2": v["power.array_area_m2"],
                "array_mass_kg": v["power.array_mass_kg"],
                "array_power_bol_w": v["power.array_power_bol_w"],
                "array_power_eol_w": v["power.array_power_eol_w"],
                "battery_wh": v["power.battery_wh"],
                "battery_mass_kg": v["power.battery_mass_kg"],
            },
            "thermal": {
                "radiator_temperature_k": v["thermal.radiator_temperature_k"],
                "sink_temperature_k": v["thermal.sink_temperature_k"],
                "radiator_net_flux_w_per_m2": v["thermal.radiator_net_flux_w_per_m2"],
                "radiator_area_m2": v["thermal.radiator_area_m2"],
                "radiator_mass_kg": v["thermal.radiator_mass_kg"],
                "heat_pump_work_w": v["thermal.heat_pump_work_w"],
            },
            "compute": {
                "accelerator": p["compute.accelerator"],
                "accelerators": v["compute.accelerators"],
                "units_per_satellite": v["compute.units_per_satellite"],
                "accelerators_per_satellite": v["compute.units_per_satellite"]
                * float(p["compute.accelerators_per_unit"]),
                "it_power_w": v["compute.it_power_w"],
                "peak_bf16_flops": v["compute.peak_bf16_flops"],
                "peak_fp8_flops": v["compute.peak_fp8_flops"],
                "delivered_flops": v["economics.delivered_flops"],
                "binding_limit": result.binding_limit(),
                "mass_kg": v["compute.mass_kg"],
                "waterfall_flops": dict(result.waterfall()),
            },
            "mass": {
                "total_kg": v["mass.total_kg"],
                "per_satellite_kg": v["mass.per_satellite_kg"],
                "breakdown_kg": breakdown,
            },
            "launch": {
                "vehicle": p["launch.vehicle"],
                "launches": _count(v["launch.launches"]),
                "launches_by_mass": _count(v["launch.launches_by_mass"]),
                "launches_by_volume": _count(v["launch.launches_by_volume"]),
                "cost_usd": v["launch.cost_usd"],
                "usd_per_kg": v["launch.usd_per_kg"],
                "usd_per_kw_year": v["launch.usd_per_kw_year"],
            },
            "economics": {
                "capex_usd": v["economics.capex_usd"],
                "opex_usd_per_year": v["economics.opex_usd_per_year"],
                "tco_usd": v["economics.pv_cost_usd"],
                "tco_undiscounted_usd": v["economics.tco_undiscounted_usd"],
                "lcoe_usd_per_mwh": v["economics.lcoe_usd_per_mwh"],
                "usd_per_accelerator_hour": v["economics.usd_per_accelerator_hour"],
                "usd_per_pflop_day": v["economics.usd_per_pflop_day"],
                "co2e_kg": v["economics.co2e_kg"],
                "tco_breakdown_usd": orbit_pv,
            },
            "terrestrial": {
                "kind": p["terrestrial.kind"],
                "accelerators": v["terrestrial.accelerators"],
                "it_power_w": v["terrestrial.it_power_w"],
                "capex_usd": v["terrestrial.capex_usd"],
                "opex_usd_per_year": v["terrestrial.opex_usd_per_year"],
                "tco_usd": v["terrestrial.pv_cost_usd"],
                "tco_undiscounted_usd": v["terrestrial.tco_undiscounted_usd"],
                "lcoe_usd_per_mwh": v["terrestrial.lcoe_usd_per_mwh"],
                "usd_per_accelerator_hour": v["terrestrial.usd_per_accelerator_hour"],
                "usd_per_pflop_day": v["terrestrial.usd_per_pflop_day"],
                "water_m3": v["terrestrial.water_m3"],
                "co2e_kg": v["terrestrial.co2e_kg"],
                "tco_breakdown_usd": ground_pv,
            },
            "breakeven": {
                "launch_usd_per_kg": _nan_to_none(launch_kg),
                "launch": "none" if not math.isfinite(launch_kg) else f"{launch_kg:,.0f} USD/kg",
                "parity": {
                    k: {
                        "label": d["label"],
                        "unit": d["unit"],
                        "current": d["current"],
                        "parity": d["parity"],
                    }
                    for k, d in result.parity.items()
                },
            },
            "environment": {
                "water_avoided_m3": v["terrestrial.water_m3"],
                "co2e_orbit_kg": v["economics.co2e_kg"],
                "co2e_ground_kg": v["terrestrial.co2e_kg"],
                "co2e_avoided_kg": v["terrestrial.co2e_kg"] - v["economics.co2e_kg"],
            },
            "feasibility": {"feasible": result.feasible, "reasons": result.reasons},
        }
    )


def compare(scenarios: Sequence[Scenario | str | Path], overrides: Sequence[str] = ()) -> list[Result]:
    """Design several scenarios (presets or files) with the same overrides."""
    return [design(s, overrides) for s in scenarios]
