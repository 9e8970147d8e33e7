"""Would the model run faster written design by design? One stage measured: the ground side's costing.

``skyrack.economics.terrestrial`` (given the compute to deliver and the job's size) is written out
below as one scalar function of one design, a transcription of the numpy code line by line, and
run three ways against skyrack's own path on the same inputs (Suncatcher, ``bench_design``'s random
designs):

- a batch: the scalar function compiled by numba and looped over a chunk of ``-n`` designs, the
  inputs that do not vary passed as numbers, each design's outputs written side by side; against
  ``economics.terrestrial`` on the same chunk (numpy, one vectorised operation after another);
- one design: the scalar function as Python on floats, against ``economics.terrestrial`` on one
  design (numpy scalars, as ``skyrack.design`` runs it).

It prints the CPU time per design of each (the best of its repetitions) and how closely the
transcription agrees with the model (the largest relative difference, and how many outputs are the
same bits); it exits 1 if they differ by more than 1e-12 (the transcription is out of date). No
target: the figures decide whether fusing the pipeline into compiled code is worth doing
(docs/performance.md). The Python version is not a way to run the model: on floats a division by
zero raises instead of giving inf (numpy gives IEEE results).

Run: .venv/bin/python benchmarks/bench_fusion.py [-n N] [--repeats R]
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import math  # noqa: E402
import types  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numba  # noqa: E402
import numpy as np  # noqa: E402
from bench_design import random_variations  # noqa: E402
from bench_latency import best  # noqa: E402

from skyrack import economics, pipeline  # noqa: E402
from skyrack.model import load_scenario  # noqa: E402
from skyrack.params import catalog_for, link, resolve  # noqa: E402
from skyrack.physics.constants import YEAR_S  # noqa: E402

HOURS, DAYS, GJ = economics.HOURS_PER_YEAR, economics.DAYS_PER_YEAR, economics.GJ_PER_KWH
FIXED = [
    "terrestrial.interruption_rate",
    "economics.checkpoint_time",
    "economics.restart_time",
    "terrestrial.availability",
    "satellite.compute.utilisation",
    "terrestrial.bf16_dense",
    "terrestrial.sustained_fraction",
    "terrestrial.tdp",
    "terrestrial.server_overhead",
    "terrestrial.pue",
    "terrestrial.unit_price",
    "terrestrial.capacity_factor",
    "terrestrial.generation_capex",
    "terrestrial.facility_capex",
    "deployment.generation_build_time",
    "deployment.interconnection_wait",
    "deployment.permitting_time",
    "terrestrial.build_time",
    "deployment.max_power_per_year",
    "terrestrial.facility_life",
    "satellite.compute.idle_fraction",
    "terrestrial.heat_rate",
    "terrestrial.fuel_price",
    "terrestrial.generation_fixed_om",
    "terrestrial.fixed_om",
    "terrestrial.accelerators_per_unit",
    "terrestrial.wue",
    "terrestrial.co2_per_kwh",
]
OUTPUTS = [
    "units",
    "accelerators",
    "it_power_w",
    "capex_usd",
    "facility_usd",
    "accelerators_usd",
    "capex_charged_usd",
    "opex_usd_per_year",
    "tco_undiscounted_usd",
    "pv_cost_usd",
    "pv_infrastructure_usd",
    "pv_energy_system_usd",
    "pv_pflop_days",
    "pv_accelerator_hours",
    "pv_energy_mwh",
    "energy_mwh",
    "water_m3",
    "co2e_kg",
    "interruption_goodput",
    "first_power_yr",
    "full_power_yr",
]


def _annuity(k: float, years: float) -> float:
    return -math.expm1(-k * years) / k if k > 1e-12 else years


def _ramp(rho: float, duration: float) -> float:
    x = rho * duration
    return -math.expm1(-x) / x if x > 1e-12 else 1.0 - x / 2.0


def _goodput(rate: float, job: float, checkpoint: float, restart: float) -> float:
    inv_m = rate * job / YEAR_S
    waste = math.sqrt(2.0 * checkpoint * inv_m) + restart * inv_m
    return min(max(1.0 - (math.inf if math.isnan(waste) else waste), 0.0), 1.0)


def ground(d: float, job: float, rho: float, life: float, a_life: float, loss: float, elec: float,
           x: Any, out: Any, i: int) -> None:  # fmt: skip
    """economics.terrestrial of one design (``x``: the FIXED inputs), into ``out[i]`` in OUTPUTS' order."""
    (rate, ck, rs, avail, util, bf16, sf, tdp, ovh, pue, price, cf, gcap, fcap, gbuild, wait, permit, build, maxp,
     flife, idle, heat, fuel, gom, fom, apu, wue, co2) = x  # fmt: skip
    goodput = _goodput(rate, job, ck, rs)
    units = d / (bf16 * sf * avail * goodput * util)
    it_w = units * tdp * (1.0 + ovh)
    acc_hw = units * price
    generation_w = it_w * pue / cf
    gen_capex = generation_w * gcap
    built = it_w * fcap + gen_capex
    first = permit + max(build, gbuild) if gcap > 0 else max(permit + build, wait)
    ramp_yr = it_w / maxp
    ramp = _ramp(rho, ramp_yr)
    online = math.exp(-rho * first) * ramp
    building = math.exp(-rho * max(first - build, 0.0)) * ramp
    share = min(1.0, a_life / _annuity(rho, flife))
    it_kwh = it_w * avail * (util + (1.0 - util) * idle) / 1e3 * HOURS
    site_kwh = it_kwh * pue
    energy_usd = site_kwh * (elec + heat * GJ * fuel)
    generation_om = generation_w * gom
    om = it_w * fom + generation_om
    repairs = loss * acc_hw
    running = online * a_life
    pv_infra = built * share * building + running * (energy_usd + om)
    o = out[i]
    o[0], o[1], o[2], o[3], o[4], o[5] = units, units * apu, it_w, built + acc_hw, built, acc_hw
    o[6], o[7] = built * share + acc_hw, energy_usd + om + repairs
    o[8] = built * share + acc_hw + (energy_usd + om + repairs) * life
    o[9], o[10] = pv_infra + acc_hw * online + running * repairs, pv_infra
    o[11] = gen_capex * share * building + running * (energy_usd + generation_om)
    o[12] = d / 1e15 * DAYS * running
    o[13] = units * apu * avail * goodput * util * HOURS * running
    o[14], o[15], o[16] = it_kwh / 1e3 * running, site_kwh / 1e3 * life, it_kwh * wue / 1e3 * life
    o[17], o[18], o[19], o[20] = site_kwh * co2 * life, goodput, first, first + ramp_yr


def ground_batch(d: Any, job: Any, rho: Any, life: Any, a_life: Any, loss: float, elec: Any, x: Any, out: Any) -> None:
    for i in range(d.size):
        ground(d[i], job[i], rho[i], life[i], a_life[i], loss, elec[i], x, out, i)


def compiled() -> Callable[..., None]:
    """``ground_batch`` compiled, over a copy of this module's names in which the functions it calls are
    compiled too (numba reads them from its globals); the module's own functions stay Python."""
    namespace = dict(globals())

    def jit(function: Callable[..., Any]) -> Any:
        return numba.njit(types.FunctionType(function.__code__, namespace, function.__name__))

    for function in (_annuity, _ramp, _goodput, ground):
        namespace[function.__name__] = jit(function)
    return jit(ground_batch)


def inputs(n: int) -> tuple[dict[str, Any], Any, Any]:
    """Linked parameters of ``n`` random Suncatcher designs, their rates, and the compute the ground delivers."""
    scenario = load_scenario("suncatcher")
    params = link({**resolve(scenario, catalog_for(scenario)), **random_variations(np.random.default_rng(1), n)})
    with np.errstate(all="ignore"):
        sized = pipeline.size(params)
        shared, sched, job = pipeline._scheduled(params, sized)
        delivered = economics.orbital(params, sized, sched, job, shared)["delivered_flops"]
    return params, shared, delivered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=32768, help="designs in the batch (a pipeline chunk)")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    n = args.n
    p, shared, d = inputs(n)
    whole = p["terrestrial.bf16_dense"] * p["terrestrial.sustained_fraction"] * p["terrestrial.availability"]
    job = np.minimum(p["economics.job_accelerators"], d / (whole * p["satellite.compute.utilisation"]) * p[
        "terrestrial.accelerators_per_unit"])  # fmt: skip
    x = tuple(float(p[k]) for k in FIXED)
    per = [np.ascontiguousarray(np.broadcast_to(v, (n,)), dtype=float) for v in (d, job, shared.rho, shared.life,
                                                                                  shared.a_life)]  # fmt: skip
    loss, elec = float(shared.losses["ground"]), np.ascontiguousarray(p["terrestrial.electricity_price"], dtype=float)
    with np.errstate(all="ignore"):
        reference = economics.terrestrial(p, d, shared=shared)
    batch, out = compiled(), np.empty((n, len(OUTPUTS)))
    batch(*per, loss, elec, x, out)
    got = {name: out[:, j] for j, name in enumerate(OUTPUTS)}

    def numpy_batch() -> None:
        with np.errstate(all="ignore"):
            economics.terrestrial(p, d, shared=shared)

    t_numpy, t_fused = (
        best(numpy_batch, 1, args.repeats),
        best(lambda: batch(*per, loss, elec, x, out), 1, args.repeats),
    )
    one = {k: (float(v[0]) if np.ndim(v) else v) for k, v in p.items()}
    one_rates = economics.rates(one)
    one_x = tuple(float(one[k]) for k in FIXED)
    one_args = (float(d[0]), float(job[0]), float(one_rates.rho), float(one_rates.life), float(one_rates.a_life))
    one_out = np.empty((1, len(OUTPUTS)))

    def numpy_one() -> None:
        with np.errstate(all="ignore"):
            economics.terrestrial(one, d[0], shared=one_rates)

    def python_one() -> None:
        ground(*one_args, loss, float(elec[0]), one_x, one_out, 0)

    t_one_numpy, t_one_python = best(numpy_one, 300, 7), best(python_one, 300, 7)
    worst = max(float(np.nanmax(np.abs(got[k] / reference[k] - 1.0))) for k in OUTPUTS)
    same = sum(np.array_equal(got[k], np.broadcast_to(reference[k], (n,)), equal_nan=True) for k in OUTPUTS)
    print(f"economics.terrestrial, {n:,} random Suncatcher designs, {len(OUTPUTS)} outputs:")
    print(f"  batch   numpy (skyrack)            {t_numpy / n * 1e9:7.1f} ns a design")
    print(
        f"  batch   one function, compiled     {t_fused / n * 1e9:7.1f} ns a design   ({t_fused / t_numpy:.2f}x numpy)"
    )
    print(f"  single  numpy scalars (skyrack)    {t_one_numpy * 1e6:7.2f} us")
    print(
        f"  single  one function, Python       {t_one_python * 1e6:7.2f} us   ({t_one_python / t_one_numpy:.2f}x numpy)"
    )
    with np.errstate(all="ignore"):
        one_reference = economics.terrestrial(one, d[0], shared=one_rates)
    python_one()
    same_one = sum(float(one_out[0, j]) == float(one_reference[k]) for j, k in enumerate(OUTPUTS))
    print(f"  agreement: batch, largest relative difference {worst:.1e}, {same} of {len(OUTPUTS)} outputs the same "
          f"bits; one design, {same_one} of {len(OUTPUTS)} the same bits")  # fmt: skip
    if not worst <= 1e-12:
        print("  FAIL  the transcription no longer matches economics.terrestrial")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
