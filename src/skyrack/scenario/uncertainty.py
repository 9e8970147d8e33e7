"""The ``uncertainty:`` section: probability distributions of uncertain inputs.

A :class:`Distribution` is ``kind`` plus its parameters, given as numbers in the
parameter's canonical unit or as unit strings ("500 USD/kg").

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
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, PrivateAttr

from ..errors import InputError
from ..units import Unit

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
    _canonical: bool = PrivateAttr(default=False)

    @property
    def is_canonical(self) -> bool:
        """True once every parameter is a float in the canonical unit (from :meth:`canonical` or :meth:`checked`)."""
        return self._canonical

    def canonical(self, name: str, unit: str | None) -> Distribution:
        """This distribution with every parameter a float in ``unit`` (the canonical unit of ``name``), validated."""
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
                values[p] = _spread(unit, raw, field)
            else:
                values[p] = _quantity(name, unit, raw, f"{field}.{p}")
        return Distribution.checked(field, **values)

    @classmethod
    def checked(cls, field: str, **values: Any) -> Distribution:
        """A distribution from parameters already in the canonical unit (floats), validated."""
        out = cls(**values)
        out._check(field)
        out._canonical = True
        return out

    def _check(self, field: str) -> None:
        v = {p: self._f(p) for p in _REQUIRED[self.kind]}
        for name, number in {**v, "lamb": float(self.lamb)}.items():
            if not math.isfinite(number):
                raise InputError(field, self.spec(), f"needs finite parameters; {name} is {number}")
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
            raise InputError(self.kind, value, "call .canonical(parameter, unit) first to convert units")
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


def _quantity(name: str, unit: str | None, raw: Any, field: str) -> float:
    """A distribution parameter as a float in ``unit`` (a plain number only where ``unit`` is dimensionless)."""
    if unit is None:
        raise InputError(field, raw, f"{name} is a choice, not a number: it cannot have a distribution")
    return Unit(unit).parse(raw, field)


def _spread(unit: str | None, raw: Any, field: str) -> float:
    """A standard deviation: a plain number, or a quantity in the parameter's unit (offset-free)."""
    if unit == "K":  # a temperature spread is a difference: "5 K" or "5 delta_degC"
        raw = str(raw).replace("degC", "delta_degC")
    return _quantity(field, unit, raw, f"{field}.sd")
