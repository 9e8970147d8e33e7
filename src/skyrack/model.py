"""The orchestrator: scenario in, sized and costed design out (single or batch).

``design`` and ``design_batch`` run the same pipeline (:func:`skyrack.pipeline.evaluate`:
:func:`skyrack.sizing.size` then :mod:`skyrack.economics`); a batch simply passes arrays.
Every parameter is named by its scenario path (:mod:`skyrack.scenario.registry`);
batch values are checked against the same ranges as a single scenario.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .errors import InputError, SkyrackWarning
from .feasibility import INPUT_OUT_OF_RANGE, LAUNCH_CADENCE, PRODUCTION_RATE, reasons
from .params import catalog_for, link, resolve
from .parity import parity_values
from .pipeline import check, evaluate, evaluate_sized, size_reading
from .scenario import Scenario, apply_overrides, parse_scenario, read_yaml, set_path
from .scenario.registry import Param, canonical_name, override_path, parameters
from .summary import summary

Array = npt.NDArray[np.float64]
Overrides = Sequence[str] | Mapping[str, Any]
"""``--set`` style ``"path=value"`` strings, or a mapping ``{path: value}`` (values taken as given)."""
Source = Scenario | str | Path | Mapping[str, Any]
"""A scenario as the entry points take it: a :class:`Scenario`, a preset name, a file path or a mapping."""

__all__ = ["Result", "as_scenario", "compare", "design", "design_batch", "evaluate", "load_scenario", "preset_names"]


def preset_names() -> list[str]:
    """Names of the built-in presets."""
    return list(_preset_names())


@cache
def _preset_names() -> tuple[str, ...]:
    folder = resources.files("skyrack") / "presets"
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")))


PRESET_ALIASES = {"terrestrial-1gw": "mccalip-1gw"}
"""Old preset names and the presets they now are (a warning says so once)."""


@cache
def _preset_path(name: str) -> Path:
    """The file of a built-in preset (the package's files do not move while it runs)."""
    return Path(str(resources.files("skyrack") / "presets" / f"{name}.yaml"))


def _read_source(source: str | Path | Mapping[str, Any]) -> tuple[Any, str]:
    if isinstance(source, Mapping):
        return dict(source), "scenario"
    text = str(source)
    if text in PRESET_ALIASES and not Path(text).exists():
        warnings.warn(
            f"preset '{text}' is now '{PRESET_ALIASES[text]}' (it is McCalip's 1 GW orbital reference; "
            "the ground campus alone is 'ground-campus-1gw')",
            SkyrackWarning,
            stacklevel=3,
        )
        text = PRESET_ALIASES[text]
    path = Path(text)
    if not path.exists() and text in preset_names():
        path = _preset_path(text)
    elif not path.exists() and not text.endswith((".yaml", ".yml")):
        raise InputError("scenario", text, "not a preset or file; presets: " + ", ".join(preset_names()))
    data = _read_yaml(path)
    if isinstance(data, Mapping) and isinstance(data.get("catalog_files"), list):
        # a scenario's own catalog files are named relative to the scenario file
        data = {**data, "catalog_files": [str(path.parent / f) for f in data["catalog_files"]]}
    return data, str(source)


_YAML_CACHE: dict[tuple[str, int, int, int], Any] = {}
_YAML_CACHE_SIZE = 64


def _read_yaml(path: Path) -> Any:
    """:func:`read_yaml`, remembered while the file keeps its inode, size and modification time.

    The data is shared: callers copy it (:func:`_deep_copy`) before changing anything.
    """
    try:
        st = path.stat()
    except OSError:
        return read_yaml(path)  # which names the problem
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in _YAML_CACHE:
        if len(_YAML_CACHE) >= _YAML_CACHE_SIZE:
            _YAML_CACHE.pop(next(iter(_YAML_CACHE)))
        _YAML_CACHE[key] = read_yaml(path)
    return _YAML_CACHE[key]


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


def as_scenario(scenario: Source, overrides: Overrides = ()) -> Scenario:
    """The scenario an entry point works on, with ``overrides`` applied whatever it was given.

    A preset name, file or mapping is loaded (:func:`load_scenario`); a :class:`Scenario` is taken as it
    is, or, with overrides, validated again with them set (its own values otherwise unchanged).
    """
    if not isinstance(scenario, Scenario):
        return load_scenario(scenario, overrides)
    if not overrides:
        return scenario
    return load_scenario(scenario.model_dump(), overrides)


def _deep_copy(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _copy(v) for k, v in data.items()}


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _deep_copy(value)
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


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
    variations: Mapping[str, Any], on_invalid: OnInvalid
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
    scn = as_scenario(scenario, overrides)
    params = resolve(scn, catalog_for(scn))
    check(params)
    columns, invalid = _variations(variations, on_invalid)
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

    def require_satellites(self, command: str) -> None:
        """Refuse, by name, a design without satellites to work on: a terrestrial scenario, or one whose
        satellites cannot be built (deployment verdicts aside: a fleet too big to launch is still simulable).

        Raises
        ------
        InputError
            Naming the scenario and why ``command`` cannot run on it.
        """
        name = str(getattr(self.scenario, "name", "scenario"))
        if self.params.get("kind") == "terrestrial":
            raise InputError("scenario", name, f"a terrestrial scenario has no satellites for {command}")
        if int(self.values["feasibility.code"]) & ~(LAUNCH_CADENCE | PRODUCTION_RATE):
            raise InputError(
                "scenario", name, f"the design is infeasible ({'; '.join(self.reasons)}); fix it before {command}"
            )

    def binding_limit(self) -> str:
        """The smallest factor between peak and delivered compute, the sustained fraction included."""
        factors = self.waterfall_factors()
        return min(factors, key=lambda k: factors[k])

    def waterfall_factors(self) -> dict[str, float]:
        """Each factor from peak to delivered compute, named for what it is (fractions, in order).

        ``sustained`` is the accelerator's sustained / peak throughput; ``power`` and ``thermal``
        what the array and radiator carry; ``service availability`` the time a working satellite
        serves (upsets and resets); ``interruptions`` the goodput between recoverable job
        interruptions (Young/Daly); ``hardware lost`` the life-average share of hardware still
        working after permanent losses; ``utilisation`` the share of time doing useful work.
        """
        v, p = self.values, self.params
        measured = float(p.get("simulation.delivery_factor", math.nan))
        if math.isfinite(measured):
            return {
                "sustained": float(p["satellite.compute.sustained_fraction"]),
                "simulated goodput": measured,
                "hardware lost": v["economics.mean_capacity"],
                "utilisation": float(p["satellite.compute.utilisation"]),
            }
        return {
            "sustained": float(p["satellite.compute.sustained_fraction"]),
            "power": v["factors.power"],
            "thermal": v["factors.thermal"],
            "service availability": float(p["economics.service_availability"]),
            "interruptions": v["economics.interruption_goodput"],
            "hardware lost": v["economics.mean_capacity"],
            "utilisation": float(p["satellite.compute.utilisation"]),
        }

    def waterfall(self) -> list[tuple[str, float]]:
        """Peak, then each factor of :meth:`waterfall_factors` in turn, down to delivered (FLOP/s)."""
        level = self.values["compute.peak_bf16_flops"]
        steps = [("peak (dense BF16)", level)]
        for name, factor in self.waterfall_factors().items():
            level *= factor
            steps.append((name, level))
        return steps

    def to_dict(self) -> dict[str, Any]:
        """The nested JSON-ready summary printed by ``skyrack design --json``."""
        return summary(self)


def _f(x: Any) -> float:
    if type(x) is float:
        return x
    if type(x) is np.float64:
        return float(x)
    if isinstance(x, np.ndarray) and x.ndim == 0:
        return float(x)
    return float(np.asarray(x).reshape(-1)[0])


def design(
    scenario: Source,
    overrides: Overrides = (),
    parity: bool = True,
    extra: Mapping[str, float] | None = None,
) -> Result:
    """Size and cost one scenario (a :class:`Scenario`, preset name, file path or mapping) with
    ``overrides`` (``"path=value"`` strings or a mapping, :func:`as_scenario`) set.

    ``extra`` adds flat keys the pipeline reads beyond the registry: a simulation's measured factors
    (:mod:`skyrack.simulated`) or a radiation model's failure multiplier.
    """
    scn = as_scenario(scenario, overrides)
    params = {**resolve(scn, catalog_for(scn)), **(extra or {})}
    check(params)
    scan = parity and params.get("kind") != "terrestrial"  # a ground-only design has no parity to scan
    sized = size_reading(params) if scan else None  # the scan reuses the sizing (and what it read)
    outputs = evaluate(params) if sized is None else evaluate_sized(params, sized[0])
    values = {k: float(v) if type(v) is np.float64 else _f(v) for k, v in outputs.items()}  # most are float64
    code = int(values["feasibility.code"])
    linked = link(params)
    result = Result(scn, linked, values, code == 0, reasons(code, values, linked))
    if parity and np.isfinite(values["economics.cost_ratio"]):
        result.parity = parity_values(params, sizing=sized)
    return result


def compare(scenarios: Sequence[Scenario | str | Path], overrides: Overrides = ()) -> list[Result]:
    """Design several scenarios (presets or files) with the same overrides."""
    return [design(s, overrides) for s in scenarios]
