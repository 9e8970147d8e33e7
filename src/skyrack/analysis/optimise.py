"""Design optimisation: minimise an output over design variables, never over assumptions.

A *design variable* is something the designer of the data center chooses:
orbit altitude and local time of the ascending node, radiator temperature,
satellite size (IT power or accelerators per satellite), constellation size,
shielding thickness, battery depth of discharge, and the solar cell, radiator
and battery technology (catalog choices, evaluated one run per choice).
Everything else (launch price, failure rates, prices, discount rate, the
properties of a technology) is an *assumption*: :func:`optimise` refuses to
vary it, and its robust mode instead averages the objective over the
assumptions' distributions.

Method, per combination of technology choices:

1. a scrambled Sobol population [1]_ over the box of the continuous
   variables, evaluated at once through the vectorised pipeline
   (:func:`skyrack.model.evaluate`);
2. the best feasible point refined by Nelder-Mead [2]_ (scipy [3]_) in the
   unit box, with infeasible or constraint-violating points rejected.

Robust mode evaluates every candidate against the same ``draws`` Monte Carlo
samples of the assumptions (common random numbers) and minimises their mean
or P90; a candidate must be feasible under every draw. :func:`pareto_front`
filters a large vectorised sample down to the designs no other design beats
on both of two objectives [4]_.

References
----------
.. [1] I. M. Sobol', "On the distribution of points in a cube and the approximate
   evaluation of integrals", *USSR Comput. Math. Math. Phys.* 7(4), 86-112, 1967.
.. [2] J. A. Nelder and R. Mead, "A simplex method for function minimization",
   *Comput. J.* 7(4), 308-313, 1965.
.. [3] P. Virtanen et al., "SciPy 1.0: fundamental algorithms for scientific
   computing in Python", *Nat. Methods* 17, 261-272, 2020.
.. [4] K. Deb, *Multi-Objective Optimization Using Evolutionary Algorithms*,
   Wiley, 2001, sec. 2.4 (non-dominated sorting).
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .._json import finite_or_none
from ..errors import InputError
from ..scenario.registry import Param, canonical_name, parameter, parameters
from .sweep import Vary, parse_vary

Array = npt.NDArray[np.float64]
Robust = Literal["mean", "p90"]

DEFAULT_OBJECTIVE = "economics.usd_per_pflop_day"
FEASIBILITY = "feasibility.code"

_CONSTRAINT = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*(<=|>=)\s*(.+?)\s*$")


def design_variables() -> list[str]:
    """Numeric design variables the optimiser may vary (from the registry's ``role``)."""
    return [
        p.path
        for p in parameters().values()
        if p.role == "design" and p.kind in ("number", "integer") and p.options is None
    ]


def design_choices() -> dict[str, Param]:
    """Design choices (technologies, policies, flags): one optimisation run per value."""
    return {p.path: p for p in parameters().values() if p.role == "design" and p.path not in design_variables()}


def check_design_variable(name: str) -> str:
    """``name`` as a scenario path if it is a numeric design variable; an :class:`InputError` naming it if not."""
    param = parameter(name, field="--vary").path
    if param in design_variables():
        return param
    if param in design_choices():
        raise InputError("--vary", param, f"is a design choice; give it as --choice {param}=a,b")
    raise InputError(
        "--vary",
        param,
        "is an assumption (a price, rate, market or technology property), not a design variable: "
        "the optimiser never tunes assumptions (use --robust to average over them); "
        "design variables: " + ", ".join(design_variables()),
    )


@dataclass(frozen=True)
class Constraint:
    """``output <= bound`` or ``output >= bound``; ``bound`` a number or the name of another output or parameter."""

    output: str
    op: str
    bound: float | str

    def violation(self, values: Mapping[str, Any], params: Mapping[str, Any]) -> Array:
        """True where the constraint is violated (NaN counts as violated)."""
        lhs = np.asarray(values[self.output], dtype=np.float64)
        if isinstance(self.bound, str):
            source = values if self.bound in values else params
            rhs = np.asarray(source[self.bound], dtype=np.float64)
        else:
            rhs = np.asarray(self.bound, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            ok = lhs <= rhs if self.op == "<=" else lhs >= rhs
        return np.asarray(~ok)


def parse_constraint(spec: str) -> Constraint:
    """Parse ``output<=value`` / ``output>=value`` (value: a number or an output or parameter name)."""
    match = _CONSTRAINT.match(spec)
    if match is None:
        raise InputError("--constraint", spec, "expected output<=value or output>=value, e.g. mass.total_kg<=5e6")
    out, op, rhs = match.groups()
    try:
        bound: float | str = float(rhs)
    except ValueError:
        bound = _parameter_or_output(rhs)
    return Constraint(out, op, bound)


def _parameter_or_output(name: str) -> str:
    """A parameter's scenario path, or ``name`` unchanged (an output key, checked against the outputs later)."""
    try:
        return canonical_name(name, field="--constraint")
    except InputError:
        return name


@dataclass
class Optimum:
    """The best design found.

    ``variables`` are the design variables' values (canonical units),
    ``choices`` the technology choices, ``value`` the objective there (the
    mean or P90 over draws in robust mode), ``outputs`` the objective and
    constrained outputs at the nominal assumptions. ``candidates`` has one
    row per combination of choices (its best design), ``evaluations`` counts
    designs evaluated; ``at_bounds`` names the variables whose optimum sits on
    the ``"low"`` or ``"high"`` end of its range (the best design may lie beyond).
    """

    objective: str
    value: float
    variables: dict[str, float]
    choices: dict[str, str]
    outputs: dict[str, float]
    robust: str | None
    evaluations: int
    candidates: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    at_bounds: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "objective": self.objective,
            "robust": self.robust,
            "value": finite_or_none(self.value),
            "variables": self.variables,
            "choices": self.choices,
            "outputs": {k: finite_or_none(v) for k, v in self.outputs.items()},
            "evaluations": self.evaluations,
            "at_bounds": self.at_bounds,
            "candidates": None
            if self.candidates is None
            else [
                {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
                for row in self.candidates.to_dict("records")
            ],
        }


def _choice_scenario(scn: Any, path: str, value: Any) -> Any:
    """``scn`` with the field at dotted ``path`` set to ``value`` (a new, validated scenario)."""
    from ..scenario import parse_scenario, set_path

    options = parameter(path).options
    if options is not None and all(isinstance(o, int) for o in options) and str(value).isdigit():
        value = int(value)
    data = scn.model_dump()
    set_path(data, path, value)
    return parse_scenario(data, source=f"--choice {path}")


def _choice_grid(scn: Any, choices: Mapping[str, Sequence[str]] | None) -> list[dict[str, str]]:
    from ..params import catalog_for

    if not choices:
        return [{}]
    catalog = catalog_for(scn)
    lists: list[list[tuple[str, str]]] = []
    allowed = design_choices()
    for raw, values in choices.items():
        name = parameter(raw, field="--choice").path
        if name not in allowed:
            raise InputError("--choice", name, "design choices are " + ", ".join(allowed) + " (one run per choice)")
        param = allowed[name]
        known = catalog.names(param.entry_kind) if param.entry_kind else [str(o) for o in param.options or ()]
        for v in values:
            if str(v) not in known and not (param.kind == "flag" and str(v).lower() in ("true", "false")):
                raise InputError(
                    f"--choice {name}", v, "not allowed; choose from " + ", ".join(known or ["true", "false"])
                )
        lists.append([(name, v) for v in values])
    return [dict(combo) for combo in itertools.product(*lists)]


def _choice_variants(scn: Any, choices: Mapping[str, Sequence[str]] | None) -> Iterator[tuple[dict[str, str], Any]]:
    """Each combination of the design choices, with ``scn`` made to follow it (built as the caller reaches it)."""
    for combo in _choice_grid(scn, choices):
        variant = scn
        for name, value in combo.items():
            variant = _choice_scenario(variant, name, value)
        yield combo, variant


class _Problem:
    """One combination of choices: flat parameters, the box and a vectorised penalised objective."""

    def __init__(
        self,
        scn: Any,
        varies: Sequence[Vary],
        objective: str,
        constraints: Sequence[Constraint],
        draws: Mapping[str, Array] | None,
        robust: Robust | None,
    ) -> None:
        from ..params import catalog_for, resolve

        self.params = resolve(scn, catalog_for(scn))
        self.varies = list(varies)
        self.objective = objective
        self.constraints = list(constraints)
        self.draws = draws
        self.robust = robust
        self.evaluations = 0
        for c in self.constraints:
            if isinstance(c.bound, str) and c.bound not in self.params:
                self._check_output(c.bound)

    def _check_output(self, key: str) -> None:
        from ..model import evaluate

        probe = evaluate(self.params)
        if key not in probe:
            raise InputError("output", key, "unknown output or parameter")

    def point(self, u: Array) -> dict[str, Array]:
        """Design variables at unit-box coordinates ``u`` (shape (n, d))."""
        out: dict[str, Array] = {}
        for i, v in enumerate(self.varies):
            x = v.scale(np.clip(u[:, i], 0.0, 1.0))
            out[v.name] = np.round(x) if parameter(v.name).kind == "integer" else x
        return out

    def values(self, x: Mapping[str, Array], keys: Sequence[str]) -> dict[str, Array]:
        """Chosen outputs at design points ``x`` (nominal assumptions)."""
        from ..model import evaluate

        trial = dict(self.params)
        trial.update(x)
        got = evaluate(trial)
        n = len(next(iter(x.values())))
        self.evaluations += n
        return {k: np.broadcast_to(np.asarray(got[k], dtype=np.float64), (n,)) for k in keys}

    def score(self, u: Array, block: int = 1 << 16) -> Array:
        """Penalised objective at unit-box points ``u``: inf where infeasible or a constraint fails."""
        n = u.shape[0]
        out = np.empty(n)
        if self.draws is None:
            for s in range(0, n, block):
                out[s : s + block] = self._nominal(u[s : s + block])
            return out
        m = len(next(iter(self.draws.values())))
        per = max(1, block // m)
        for s in range(0, n, per):
            out[s : s + per] = self._robust(u[s : s + per], m)
        return out

    def _keys(self) -> list[str]:
        keys = [self.objective, FEASIBILITY]
        for c in self.constraints:
            keys.append(c.output)
            if isinstance(c.bound, str) and c.bound not in self.params:
                keys.append(c.bound)
        return list(dict.fromkeys(keys))

    def _penalised(self, trial_values: Mapping[str, Array]) -> Array:
        bad = np.asarray(trial_values[FEASIBILITY]) != 0
        for c in self.constraints:
            bad |= c.violation(trial_values, self.params)
        f = np.asarray(trial_values[self.objective], dtype=np.float64)
        return np.where(bad | ~np.isfinite(f), np.inf, f)

    def _nominal(self, u: Array) -> Array:
        return self._penalised(self.values(self.point(u), self._keys()))

    def _robust(self, u: Array, m: int) -> Array:
        from ..model import evaluate

        assert self.draws is not None
        b = u.shape[0]
        x = self.point(u)
        trial = dict(self.params)
        trial.update({k: np.repeat(v, m) for k, v in x.items()})
        trial.update({k: np.tile(v, b) for k, v in self.draws.items()})
        got = evaluate(trial)
        self.evaluations += b * m
        vals = {k: np.broadcast_to(np.asarray(got[k], dtype=np.float64), (b * m,)) for k in self._keys()}
        f = self._penalised(vals).reshape(b, m)
        with np.errstate(invalid="ignore"):
            stat = f.mean(axis=1) if self.robust == "mean" else np.quantile(f, 0.9, axis=1)
        return np.where(np.isfinite(f).all(axis=1), stat, np.inf)


def _sobol_unit(d: int, n: int, seed: int) -> Array:
    from scipy.stats import qmc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return np.asarray(qmc.Sobol(d, scramble=True, seed=seed).random(n))


def _refine(problem: _Problem, u0: Array, f0: float, maxiter: int) -> tuple[Array, float]:
    """Nelder-Mead from ``u0`` in the unit box over the continuous (non-list) variables."""
    from scipy.optimize import minimize

    free = [i for i, v in enumerate(problem.varies) if v.values is None]
    if not free or maxiter <= 0:
        return u0, f0
    scale = f0 if math.isfinite(f0) and f0 != 0 else 1.0

    def fun(z: Array) -> float:
        u = u0.copy()
        u[free] = z
        if np.any(u < 0.0) or np.any(u > 1.0):
            return math.inf
        return float(problem.score(u[None, :])[0]) / abs(scale)

    res = minimize(
        fun,
        u0[free],
        method="Nelder-Mead",
        options={"maxiter": maxiter, "xatol": 1e-6, "fatol": 1e-10, "initial_simplex": _simplex(u0[free])},
    )
    u = u0.copy()
    u[free] = np.clip(res.x, 0.0, 1.0)
    f = float(problem.score(u[None, :])[0])
    return (u, f) if f <= f0 else (u0, f0)


def _simplex(z0: Array, step: float = 0.05) -> Array:
    """A simplex of ``step`` around ``z0`` that stays inside the unit box."""
    d = z0.size
    pts = np.repeat(z0[None, :], d + 1, axis=0)
    for i in range(d):
        pts[i + 1, i] += step if z0[i] + step <= 1.0 else -step
    return pts


def _prepare(
    scenario: Any,
    vary: Sequence[Vary | str],
    overrides: Sequence[str],
    constraints: Sequence[Constraint | str],
) -> tuple[Any, list[Vary], list[Constraint]]:
    from ..model import as_scenario

    scn = as_scenario(scenario, overrides)
    varies = []
    for v in vary:
        if isinstance(v, str):
            check_design_variable(v.partition("=")[0])
        vv = v if isinstance(v, Vary) else parse_vary(v)
        check_design_variable(vv.name)
        varies.append(vv)
    if not varies:
        raise InputError("--vary", [], "give at least one design variable to optimise over")
    cons = [c if isinstance(c, Constraint) else parse_constraint(c) for c in constraints]
    return scn, varies, cons


def optimise(
    scenario: Any,
    vary: Sequence[Vary | str],
    objective: str = DEFAULT_OBJECTIVE,
    *,
    choices: Mapping[str, Sequence[str]] | None = None,
    constraints: Sequence[Constraint | str] = (),
    robust: Robust | None = None,
    uncertain: Mapping[str, Any] | None = None,
    draws: int = 128,
    n: int = 4096,
    seed: int = 0,
    maxiter: int = 400,
    overrides: Sequence[str] = (),
) -> Optimum:
    """Minimise ``objective`` over design variables, feasible and within ``constraints``.

    Parameters
    ----------
    scenario : Scenario or str
        Scenario, preset name or file; its values of every other input are held.
    vary : sequence of Vary or str
        Design variables and their ranges (``--vary`` specs, e.g.
        ``"orbit.altitude=500..1200 km"``). Assumptions are refused.
    objective : str
        Output to minimise (default ``economics.usd_per_pflop_day``).
    choices : mapping, optional
        Technology choices to compare, ``{"power.cell": ["tj-gaas", ...]}``;
        every combination is optimised separately.
    constraints : sequence of str or Constraint
        ``output<=value`` / ``output>=value`` bounds, besides feasibility.
    robust : {"mean", "p90"}, optional
        Minimise the mean or P90 of the objective over ``draws`` Monte Carlo
        samples of the ``uncertain`` assumptions (required then).
    uncertain : mapping, optional
        ``{parameter: Distribution or spec}`` as in :func:`skyrack.analysis.monte_carlo`.
    draws : int
        Monte Carlo samples of the assumptions in robust mode (shared by all candidates).
    n : int
        Sobol population per combination of choices.
    seed : int
        Seed of the population and of the draws.
    maxiter : int
        Nelder-Mead iterations of the refinement (0: population only).

    Returns
    -------
    Optimum

    References
    ----------
    .. [1] Sobol', *USSR Comput. Math. Math. Phys.* 7(4), 86-112, 1967.
    .. [2] Nelder and Mead, *Comput. J.* 7(4), 308-313, 1965.
    """
    import pandas as pd

    scn, varies, cons = _prepare(scenario, vary, overrides, constraints)
    if n < 1:
        raise InputError("-n", n, "the population must have at least 1 point")
    samples = _assumption_draws(uncertain, robust, draws, seed, {v.name for v in varies})
    rows = []
    best: tuple[float, dict[str, str], _Problem, Array] | None = None
    evaluations = 0
    for combo, variant in _choice_variants(scn, choices):
        problem = _Problem(variant, varies, objective, cons, samples, robust)
        u = _sobol_unit(len(varies), n, seed)
        f = problem.score(u)
        i = int(np.argmin(f))
        u_best, f_best = u[i], float(f[i])
        if math.isfinite(f_best):
            u_best, f_best = _refine(problem, u_best, f_best, maxiter)
        evaluations += problem.evaluations
        row: dict[str, Any] = dict(combo)
        row.update({k: float(v[0]) for k, v in problem.point(u_best[None, :]).items()})
        row.update({objective: f_best, "feasible": math.isfinite(f_best)})
        rows.append(row)
        if best is None or f_best < best[0]:
            best = (f_best, combo, problem, u_best)
    assert best is not None
    f_best, combo, problem, u_best = best
    if not math.isfinite(f_best):
        raise InputError(
            "--vary",
            [v.name for v in varies],
            "no feasible design satisfies the constraints in these ranges; widen them or relax the constraints",
        )
    at = problem.point(u_best[None, :])
    keys = list(dict.fromkeys([objective, FEASIBILITY, *(c.output for c in cons), "mass.per_satellite_kg"]))
    nominal = problem.values(at, keys)
    return Optimum(
        objective=objective,
        value=f_best,
        variables={k: float(v[0]) for k, v in at.items()},
        choices=dict(combo),
        outputs={k: float(v[0]) for k, v in nominal.items()},
        robust=robust,
        evaluations=evaluations,
        candidates=pd.DataFrame(rows),
        at_bounds=at_bounds({k: float(v[0]) for k, v in at.items()}, varies),
    )


def at_bounds(variables: Mapping[str, float], varies: Sequence[Vary], rtol: float = 1e-3) -> dict[str, str]:
    """The variables within ``rtol`` of their range's width of its ``"low"`` or ``"high"`` end.

    Listed values (``a,b,c``) have no ends to speak of and are left out.

    >>> from skyrack.analysis.sweep import parse_vary
    >>> at_bounds({"orbit.altitude": 1.2e6}, [parse_vary("orbit.altitude=500..1200 km")])
    {'orbit.altitude': 'high'}
    """
    out: dict[str, str] = {}
    for vary in varies:
        if vary.values is not None or vary.name not in variables or vary.high <= vary.low:
            continue
        value, tol = variables[vary.name], rtol * (vary.high - vary.low)
        if value <= vary.low + tol:
            out[vary.name] = "low"
        elif value >= vary.high - tol:
            out[vary.name] = "high"
    return out


def _assumption_draws(
    uncertain: Mapping[str, Any] | None, robust: Robust | None, draws: int, seed: int, design: set[str]
) -> dict[str, Array] | None:
    from .distributions import as_distributions
    from .montecarlo import chunk_rng, draw

    if robust is None:
        return None
    if robust not in ("mean", "p90"):
        raise InputError("--robust", robust, "use mean or p90")
    dists = as_distributions(uncertain or {})
    if not dists:
        raise InputError("--uncertain", None, "robust optimisation needs uncertain assumptions (-u param=kind(...))")
    clash = sorted(set(dists) & design)
    if clash:
        raise InputError("--uncertain", clash, "a design variable cannot also be uncertain")
    if draws < 1:
        raise InputError("--draws", draws, "must be at least 1")
    return draw(dists, draws, chunk_rng(seed, 0))


def non_dominated(f1: npt.ArrayLike, f2: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Mask of the points no other point beats on both objectives (both minimised; NaN/inf excluded).

    Sort by ``f1`` (ties by ``f2``) and keep each point whose ``f2`` is below
    every ``f2`` seen before it: O(n log n) [1]_.

    References
    ----------
    .. [1] H. T. Kung, F. Luccio and F. P. Preparata, "On finding the maxima of
       a set of vectors", *J. ACM* 22(4), 469-476, 1975.
    """
    a = np.asarray(f1, dtype=np.float64)
    b = np.asarray(f2, dtype=np.float64)
    ok = np.isfinite(a) & np.isfinite(b)
    idx = np.flatnonzero(ok)
    order = idx[np.lexsort((b[idx], a[idx]))]
    keep = np.zeros(a.shape, dtype=bool)
    best = math.inf
    for j in order:
        if b[j] < best:
            keep[j] = True
            best = float(b[j])
    return keep


def pareto_front(
    scenario: Any,
    vary: Sequence[Vary | str],
    objectives: tuple[str, str],
    *,
    choices: Mapping[str, Sequence[str]] | None = None,
    constraints: Sequence[Constraint | str] = (),
    n: int = 1 << 16,
    seed: int = 0,
    overrides: Sequence[str] = (),
) -> Any:
    """The non-dominated designs for two objectives (both minimised) over a Sobol sample of the design space.

    Returns a pandas DataFrame of the front (choices, design variables, the two
    objectives), sorted by the first objective; only feasible designs within
    the constraints are considered.

    References
    ----------
    .. [1] K. Deb, *Multi-Objective Optimization Using Evolutionary Algorithms*,
       Wiley, 2001, sec. 2.4.
    """
    import pandas as pd

    scn, varies, cons = _prepare(scenario, vary, overrides, constraints)
    o1, o2 = objectives
    if o1 == o2:
        raise InputError("--pareto", f"{o1},{o2}", "give two different outputs")
    frames = []
    for combo, variant in _choice_variants(scn, choices):
        problem = _Problem(variant, varies, o1, cons, None, None)
        u = _sobol_unit(len(varies), n, seed)
        x = problem.point(u)
        vals = problem.values(x, list(dict.fromkeys([o1, o2, FEASIBILITY, *(c.output for c in cons)])))
        bad = np.asarray(vals[FEASIBILITY]) != 0
        for c in cons:
            bad |= c.violation(vals, problem.params)
        frame = pd.DataFrame({**{k: str(v) for k, v in combo.items()}, **x})
        frame[o1] = np.where(bad, np.nan, vals[o1])
        frame[o2] = np.where(bad, np.nan, vals[o2])
        frames.append(frame)
    every = pd.concat(frames, ignore_index=True)
    keep = non_dominated(every[o1].to_numpy(), every[o2].to_numpy())
    return every[keep].sort_values(o1, kind="stable").reset_index(drop=True)
