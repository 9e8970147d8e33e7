"""Probability distributions of uncertain inputs, and a one-line spec syntax for them.

A :class:`Distribution` is a pydantic model: ``kind`` plus its parameters,
given as numbers in the parameter's canonical unit or as unit strings
("500 USD/kg"). The CLI spelling is ``kind(name=value, ...)``, e.g.
``lognormal(median=500 USD/kg, sigma=0.8)``.

=============  ==========================  ===================================
kind           parameters                  meaning
=============  ==========================  ===================================
uniform        low, high                   flat on [low, high]
triangular     low, mode, high             triangular
normal         mean, sd                    Gaussian
lognormal      median, sigma               exp(N(ln median, sigma)); sigma is
                                           the standard deviation of the log
pert           low, mode, high (, lamb=4)  Beta-PERT [1]_
=============  ==========================  ===================================

References
----------
.. [1] D. Vose, *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley, 2008,
   ch. 9 (the PERT distribution: Beta with alpha = 1 + lamb (mode - low)/(high - low)).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import InputError
from ._params import normalise_name, to_canonical

Array = npt.NDArray[np.float64]

Kind = Literal["uniform", "triangular", "normal", "lognormal", "pert"]
_REQUIRED: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd"),
    "lognormal": ("median", "sigma"),
    "pert": ("low", "mode", "high"),
}
_DIMENSIONLESS = ("sigma", "lamb")


class Distribution(BaseModel):
    """An uncertain input: ``kind`` and its parameters (numbers or unit strings).

    Call :meth:`canonical` with the parameter's name to convert unit strings
    to floats in its canonical unit and check the parameters.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    low: float | str | None = None
    high: float | str | None = None
    mode: float | str | None = None
    mean: float | str | None = None
    sd: float | str | None = None
    median: float | str | None = None
    sigma: float | None = None
    lamb: float = 4.0

    def canonical(self, name: str) -> Distribution:
        """This distribution with every parameter a float in ``name``'s canonical unit, validated."""
        field = f"{name} ({self.kind})"
        missing = [p for p in _REQUIRED[self.kind] if getattr(self, p) is None]
        if missing:
            raise InputError(
                field, self.spec(), f"needs {', '.join(_REQUIRED[self.kind])}; missing {', '.join(missing)}"
            )
        values: dict[str, Any] = {"kind": self.kind, "lamb": self.lamb}
        for p in _REQUIRED[self.kind]:
            raw = getattr(self, p)
            if p in _DIMENSIONLESS:
                values[p] = float(raw)
            elif p == "sd":
                values[p] = _spread(name, raw, field)
            else:
                values[p] = to_canonical(name, raw, field=f"{field}.{p}")
        out = Distribution(**values)
        out._check(field)
        return out

    def _check(self, field: str) -> None:
        v = {p: float(getattr(self, p)) for p in _REQUIRED[self.kind]}
        if self.kind in ("uniform", "triangular", "pert") and not v["low"] < v["high"]:
            raise InputError(field, self.spec(), "needs low < high")
        if self.kind in ("triangular", "pert") and not v["low"] <= v["mode"] <= v["high"]:
            raise InputError(field, self.spec(), "needs low <= mode <= high")
        if self.kind == "normal" and not v["sd"] > 0:
            raise InputError(field, self.spec(), "needs sd > 0")
        if self.kind == "lognormal" and not (v["median"] > 0 and v["sigma"] > 0):
            raise InputError(field, self.spec(), "needs median > 0 and sigma > 0")
        if self.kind == "pert" and not self.lamb > 0:
            raise InputError(field, self.spec(), "needs lamb > 0")

    def _f(self, name: str) -> float:
        value = getattr(self, name)
        if not isinstance(value, (int, float)):
            raise InputError(self.kind, value, "call .canonical(parameter) first to convert units")
        return float(value)

    def _pert_shape(self) -> tuple[float, float]:
        low, mode, high = self._f("low"), self._f("mode"), self._f("high")
        alpha = 1.0 + self.lamb * (mode - low) / (high - low)
        beta = 1.0 + self.lamb * (high - mode) / (high - low)
        return alpha, beta

    def sample(self, rng: np.random.Generator, n: int) -> Array:
        """``n`` seeded draws (canonical units)."""
        k = self.kind
        if k == "uniform":
            return rng.uniform(self._f("low"), self._f("high"), n)
        if k == "triangular":
            return rng.triangular(self._f("low"), self._f("mode"), self._f("high"), n)
        if k == "normal":
            return rng.normal(self._f("mean"), self._f("sd"), n)
        if k == "lognormal":
            return rng.lognormal(math.log(self._f("median")), self._f("sigma"), n)
        alpha, beta = self._pert_shape()
        low, high = self._f("low"), self._f("high")
        return low + (high - low) * rng.beta(alpha, beta, n)

    def ppf(self, q: npt.ArrayLike) -> Array:
        """Quantile function (inverse CDF) at probabilities ``q`` (used by Sobol and tornado)."""
        from scipy import stats

        qq = np.asarray(q, dtype=np.float64)
        k = self.kind
        if k == "uniform":
            low, high = self._f("low"), self._f("high")
            return np.asarray(low + (high - low) * qq)
        if k == "triangular":
            low, mode, high = self._f("low"), self._f("mode"), self._f("high")
            c = (mode - low) / (high - low)
            return np.asarray(stats.triang.ppf(qq, c, loc=low, scale=high - low))
        if k == "normal":
            return np.asarray(stats.norm.ppf(qq, self._f("mean"), self._f("sd")))
        if k == "lognormal":
            return np.asarray(self._f("median") * np.exp(self._f("sigma") * stats.norm.ppf(qq)))
        alpha, beta = self._pert_shape()
        low, high = self._f("low"), self._f("high")
        return np.asarray(low + (high - low) * stats.beta.ppf(qq, alpha, beta))

    def mean_value(self) -> float:
        """The distribution's mean (canonical units)."""
        k = self.kind
        if k == "uniform":
            return 0.5 * (self._f("low") + self._f("high"))
        if k == "triangular":
            return (self._f("low") + self._f("mode") + self._f("high")) / 3.0
        if k == "normal":
            return self._f("mean")
        if k == "lognormal":
            return self._f("median") * math.exp(0.5 * self._f("sigma") ** 2)
        low, mode, high = self._f("low"), self._f("mode"), self._f("high")
        return (low + self.lamb * mode + high) / (self.lamb + 2.0)

    def spec(self) -> str:
        """The one-line spelling, ``kind(name=value, ...)``."""
        parts = [f"{p}={getattr(self, p)}" for p in _REQUIRED[self.kind] if getattr(self, p) is not None]
        if self.kind == "pert" and self.lamb != 4.0:
            parts.append(f"lamb={self.lamb}")
        return f"{self.kind}({', '.join(parts)})"


def _spread(name: str, raw: Any, field: str) -> float:
    """A standard deviation: a plain number, or a quantity in the parameter's unit (offset-free)."""
    from ._params import unit_of

    if isinstance(raw, (int, float)) or re.match(r"^\s*[-+]?[\d.]+([eE][-+]?\d+)?\s*$", str(raw)):
        return float(raw)
    unit = unit_of(name)
    if unit == "K":  # a temperature spread is a difference: "5 K" or "5 delta_degC"
        return to_canonical(name, str(raw).replace("degC", "delta_degC"), field=f"{field}.sd")
    return to_canonical(name, raw, field=f"{field}.sd")


_SPEC = re.compile(r"^\s*([A-Za-z_]+)\s*\((.*)\)\s*$")


def parse_distribution(text: str, field: str = "distribution") -> Distribution:
    """Parse ``kind(name=value, ...)``, e.g. ``"pert(low=0.05, mode=0.1, high=0.3 1/yr)"``."""
    match = _SPEC.match(text)
    if match is None:
        raise InputError(field, text, "expected kind(name=value, ...), e.g. 'uniform(low=100 USD/kg, high=500 USD/kg)'")
    kind = match.group(1).lower()
    if kind not in _REQUIRED:
        raise InputError(field, kind, "unknown distribution; use " + ", ".join(_REQUIRED))
    args: dict[str, Any] = {"kind": kind}
    body = match.group(2).strip()
    for part in filter(None, (p.strip() for p in body.split(",") if body)):
        key, eq, value = part.partition("=")
        if not eq:
            raise InputError(field, part, "expected name=value inside the parentheses")
        args[key.strip()] = value.strip()
    try:
        return Distribution(**args)
    except ValidationError as error:
        bad = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise InputError(
            field, text, f"invalid distribution ({bad}); {kind} takes {', '.join(_REQUIRED[kind])}"
        ) from None


def parse_uncertain(spec: str) -> tuple[str, Distribution]:
    """Parse a CLI ``--uncertain`` spec: ``param=kind(name=value, ...)``."""
    name, eq, dist = spec.partition("=")
    if not eq or not name.strip():
        raise InputError(
            "--uncertain", spec, "expected param=kind(...), e.g. launch.price_per_kg=uniform(low=50, high=500)"
        )
    param = normalise_name(name)
    return param, parse_distribution(dist, field=f"--uncertain {param}")


def as_distributions(uncertain: Mapping[str, Distribution | Mapping[str, Any] | str]) -> dict[str, Distribution]:
    """Normalise ``{param: Distribution | mapping | spec string}`` to canonical :class:`Distribution` objects."""
    out: dict[str, Distribution] = {}
    for raw_name, value in uncertain.items():
        name = normalise_name(raw_name)
        if isinstance(value, Distribution):
            dist = value
        elif isinstance(value, str):
            dist = parse_distribution(value, field=name)
        elif isinstance(value, Mapping):
            try:
                dist = Distribution(**dict(value))
            except ValidationError as error:
                bad = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
                raise InputError(name, dict(value), f"invalid distribution ({bad})") from None
        else:
            raise InputError(name, value, "expected a Distribution, a mapping or a 'kind(...)' string")
        out[name] = dist.canonical(name)
    return out


def scenario_distributions(scenario: Any) -> dict[str, Distribution]:
    """The distributions a scenario declares in its ``uncertainty:`` section (empty if it has none).

    The section maps parameter names to distributions, e.g.
    ``launch.price_per_kg: {kind: lognormal, median: 200 USD/kg, sigma: 0.8}``
    or ``launch.price_per_kg: "lognormal(median=200 USD/kg, sigma=0.8)"``.
    """
    section = getattr(scenario, "uncertainty", None)
    if not section:
        return {}
    items = {k: (v.model_dump(exclude_none=True) if isinstance(v, BaseModel) else v) for k, v in dict(section).items()}
    return as_distributions(items)


def catalog_distributions(scenario: Any, names: list[str] | None = None) -> dict[str, Distribution]:
    """Distributions from the catalog's provenance records for catalog-derived parameters.

    A parameter gets one when the catalog entry the scenario uses carries a
    ``distribution`` and the scenario does not override the catalog value. A
    catalog number that feeds two parameters (the same accelerator in orbit and
    on the ground) is given to the first only: sampling both independently
    would break their identity.
    """
    from ..params import catalog_for, resolve
    from ._params import CATALOG_FIELDS

    catalog = catalog_for(scenario)
    params = resolve(scenario, catalog)
    records = {(r.kind, r.entry, r.field): r for r in catalog.records()}
    out: dict[str, Distribution] = {}
    seen: set[tuple[str, str, str]] = set()
    for param, (kind, choice, field) in CATALOG_FIELDS.items():
        if names is not None and param not in names:
            continue
        key = (kind, str(params[choice]), field)
        rec = records.get(key)
        if key in seen:  # one number feeding two parameters (same accelerator in orbit and on the ground)
            continue
        seen.add(key)
        if rec is None or not rec.distribution or not math.isclose(float(params[param]), rec.value, rel_tol=1e-12):
            continue
        spec = {k: v for k, v in rec.distribution.items() if k in Distribution.model_fields}
        try:
            out[param] = Distribution(**spec).canonical(param)
        except (ValidationError, InputError):
            continue
    return out
