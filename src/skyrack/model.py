"""The orchestrator: scenario in, sized and costed design out (single or batch).

``design`` and ``design_batch`` run the same pipeline (:func:`skyrack.pipeline.evaluate`:
:func:`skyrack.sizing.size` then :mod:`skyrack.economics`); a batch simply passes arrays.
Every parameter is named by its scenario path (:mod:`skyrack.scenario.registry`);
batch values are checked against the same ranges as a single scenario.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .errors import InputError
from .params import catalog_for, link, resolve
from .parity import parity_values
from .pipeline import evaluate
from .scenario import Scenario, apply_overrides, parse_scenario, read_yaml, set_path
from .scenario.registry import Param, canonical_name, override_path, parameters
from .sizing import CHIPS_TOO_HOT, INPUT_OUT_OF_RANGE, RADIATOR_BELOW_SINK, REASON_FIELDS, REASONS, SATELLITE_TOO_BIG
from .summary import summary

Array = npt.NDArray[np.float64]
Overrides = Sequence[str] | Mapping[str, Any]
"""``--set`` style ``"path=value"`` strings, or a mapping ``{path: value}`` (values taken as given)."""

__all__ = ["Result", "compare", "design", "design_batch", "evaluate", "load_scenario", "preset_names"]


def preset_names() -> list[str]:
    """Names of the built-in presets."""
    folder = resources.files("skyrack") / "presets"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def _preset_path(name: str) -> Path:
    return Path(str(resources.files("skyrack") / "presets" / f"{name}.yaml"))


def _read_source(source: str | Path | Mapping[str, Any]) -> tuple[Any, str]:
    if isinstance(source, Mapping):
        return dict(source), "scenario"
    text = str(source)
    path = Path(text)
    if not path.exists() and text in preset_names():
        path = _preset_path(text)
    elif not path.exists() and not text.endswith((".yaml", ".yml")):
        raise InputError("scenario", text, "not a preset or file; presets: " + ", ".join(preset_names()))
    data = read_yaml(path)
    if isinstance(data, Mapping) and isinstance(data.get("catalog_files"), list):
        # a scenario's own catalog files are named relative to the scenario file
        data = {**data, "catalog_files": [str(path.parent / f) for f in data["catalog_files"]]}
    return data, str(source)


def load_scenario(source: str | Path | Mapping[str, Any], overrides: Overrides = ()) -> Scenario:
    """A scenario from a preset name, a YAML file or a mapping, with overrides.

    ``overrides`` are ``"path=value"`` strings (values read as YAML scalars, as
    ``--set`` does) or a mapping ``{path: value}``; paths are scenario paths (old
    short names such as ``thermal.emissivity`` are accepted with a warning).
    """
    data, label = _read_source(source)
    if not isinstance(data, Mapping):
        raise InputError(label, type(data).__name__, "a scenario file must hold a mapping of sections")
    data = _deep_copy(data)
    if isinstance(overrides, Mapping):
        for path, value in overrides.items():
            set_path(data, override_path(str(path)), value)
    else:
        data = apply_overrides(data, overrides)
    return parse_scenario(data, source=label)


def _deep_copy(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, Mapping) else v for k, v in data.items()}


OnInvalid = Literal["raise", "infeasible"]


def _column(param: Param, values: Any, on_invalid: OnInvalid) -> tuple[Array, npt.NDArray[np.bool_] | None]:
    """A batch column in canonical units and the mask of values outside the parameter's range."""
    raw = np.asarray(values)
    if raw.dtype.kind in "OUS":  # unit strings: parse each through the one parser
        flat = [param.parse(v, f"variation {param.path}") for v in raw.reshape(-1).tolist()]
        return np.asarray(flat, dtype=np.float64).reshape(raw.shape), None
    column = np.asarray(raw, dtype=np.float64)
    ok = param.bounds.contains(column)
    if param.kind == "integer":
        ok &= np.mod(column, 1.0) == 0
    if param.kind == "flag":
        ok &= np.isin(column, (0.0, 1.0))
    if param.options is not None:
        ok &= np.isin(column, np.asarray(param.options, dtype=np.float64))
    if bool(np.all(ok)):
        return column, None
    if on_invalid == "raise":
        bad = float(column.reshape(-1)[int(np.argmin(ok.reshape(-1)))])
        param.check(bad, f"variation {param.path}")  # raises, naming the value and the range
    return column, ~ok


def _variations(
    params: Mapping[str, Any], variations: Mapping[str, Any], on_invalid: OnInvalid
) -> tuple[dict[str, Array], npt.NDArray[np.bool_] | None]:
    registry = parameters()
    columns: dict[str, Array] = {}
    invalid: npt.NDArray[np.bool_] | None = None
    for raw_name, values in variations.items():
        name = canonical_name(raw_name, field="variation")
        param = registry[name]
        if not param.numeric:
            raise InputError("variation", name, "is a choice, not a number; run one batch per choice")
        if name in columns:
            raise InputError("variation", raw_name, f"{name} is varied twice")
        columns[name], bad = _column(param, values, on_invalid)
        if bad is not None:
            invalid = bad if invalid is None else np.logical_or(invalid, bad)
    return columns, invalid


def design_batch(
    scenario: Scenario | str,
    variations: Mapping[str, Any],
    overrides: Overrides = (),
    chunk: int = 32768,
    outputs: Sequence[str] | None = None,
    on_invalid: OnInvalid = "raise",
) -> dict[str, Array]:
    """Evaluate arrays of numeric parameters at once through the single-design pipeline.

    ``variations`` maps parameter names (scenario paths, e.g. ``"launch.price_per_kg"``,
    ``"orbit.altitude"``) to arrays that broadcast together: numbers in the
    parameter's canonical unit (``skyrack.scenario.registry.parameter(name).unit``),
    or unit strings ("500 km"). Values outside a parameter's allowed range raise an
    :class:`~skyrack.errors.InputError` (``on_invalid="raise"``) or mark those designs
    infeasible with the reason (``on_invalid="infeasible"``, for drawn values).
    Designs are evaluated ``chunk`` at a time to bound memory. Returns arrays of the
    broadcast shape, keyed like :func:`evaluate`; ``outputs`` keeps only the named keys
    (a million designs with every output take about 1 GB). Outputs that do not depend
    on the varied parameters come back as read-only broadcast views.
    """
    scn = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    params = resolve(scn, catalog_for(scn))
    columns, invalid = _variations(params, variations, on_invalid)
    if outputs is not None:
        _check_outputs(params, outputs)
    arrays = np.broadcast_arrays(*columns.values(), *(() if invalid is None else (invalid,)))
    shape = arrays[0].shape if arrays else ()
    flat = [a.reshape(-1) for a in arrays]
    mask = flat.pop() if invalid is not None else None
    n = flat[0].size if flat else 1
    out: dict[str, Array] = {}
    constant: dict[str, Array] = {}
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        trial = dict(params)
        trial.update({name: a[start:stop] for name, a in zip(columns, flat, strict=True)})
        values = evaluate(trial)
        if mask is not None:
            code = np.asarray(values["feasibility.code"], dtype=np.int64)
            values["feasibility.code"] = np.where(mask[start:stop], code | INPUT_OUT_OF_RANGE, code)
        if outputs is not None:
            values = {key: values[key] for key in outputs}
        _store(values, out, constant, n, start, stop)
    result = {key: value.reshape(shape) for key, value in out.items()}
    result.update({key: np.broadcast_to(value, shape) for key, value in constant.items()})
    return result


def _check_outputs(params: Mapping[str, Any], outputs: Sequence[str]) -> None:
    known = evaluate(params)
    unknown = sorted(set(outputs) - set(known))
    if unknown:
        raise InputError("outputs", unknown, "unknown output keys; valid: " + ", ".join(sorted(known)))


def _store(
    values: Mapping[str, Any], out: dict[str, Array], constant: dict[str, Array], n: int, start: int, stop: int
) -> None:
    for key, value in values.items():
        if key not in out and key not in constant and np.ndim(value) == 0:
            constant[key] = np.asarray(value)  # the same for every design: broadcast, not stored n times
        elif key in constant:
            continue
        else:
            if key not in out:
                out[key] = np.empty(n, dtype=np.asarray(value).dtype)
            out[key][start:stop] = value


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
            "utilisation": float(self.params["satellite.compute.utilisation"]),
        }

    def waterfall(self) -> list[tuple[str, float]]:
        """Peak → sustained → power → thermal → availability → utilisation → delivered (FLOP/s)."""
        v = self.values
        steps = [
            ("peak (dense BF16)", v["compute.peak_bf16_flops"]),
            ("sustained", v["compute.peak_bf16_flops"] * float(self.params["satellite.compute.sustained_fraction"])),
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
    scenario: Scenario | str | Path | Mapping[str, Any], overrides: Overrides = (), parity: bool = True
) -> Result:
    """Size and cost one scenario (a :class:`Scenario`, preset name, file path or mapping)."""
    scn = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    params = resolve(scn, catalog_for(scn))
    values = {k: _f(v) for k, v in evaluate(params).items()}
    code = int(values["feasibility.code"])
    linked = link(params)
    result = Result(scn, linked, values, code == 0, _reasons(code, values, linked))
    if parity and result.feasible:
        result.parity = parity_values(params)
    return result


def compare(scenarios: Sequence[Scenario | str | Path], overrides: Overrides = ()) -> list[Result]:
    """Design several scenarios (presets or files) with the same overrides."""
    return [design(s, overrides) for s in scenarios]
