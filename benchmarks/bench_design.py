"""Designs per second: 1,000,000 random designs through ``design_batch`` on one core,
against a loop over single designs measured in the same run.

Run: python3 tasks.py bench design   (target: >= 1,000,000 designs/s)
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[var] = "1"

import time  # noqa: E402

import numpy as np  # noqa: E402

from skyrack.model import design_batch, evaluate, load_scenario  # noqa: E402
from skyrack.params import catalog_for, resolve  # noqa: E402

N = 1_000_000
LOOP = 300
KEY_FIGURES = [
    "economics.usd_per_pflop_day", "terrestrial.usd_per_pflop_day", "economics.cost_ratio",
    "breakeven.launch_usd_per_kg", "economics.usd_per_accelerator_hour", "economics.infrastructure_usd_per_mwh",
    "mass.total_kg", "launch.launches", "power.array_area_m2", "thermal.radiator_area_m2",
    "orbit.sunlit_fraction", "feasibility.code",
]  # fmt: skip


def random_variations(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    return {
        "orbit.altitude": rng.uniform(450e3, 1500e3, n),
        "orbit.ltan": rng.uniform(0.0, 24.0, n),
        "launch.price_per_kg": 10 ** rng.uniform(1.3, 3.5, n),
        "thermal.radiator_temperature": rng.uniform(280.0, 360.0, n),
        "power.specific_power": rng.uniform(40.0, 300.0, n),
        "power.efficiency": rng.uniform(0.2, 0.32, n),
        "compute.it_power": rng.uniform(5e3, 200e3, n),
        "mission.lifetime": rng.uniform(3.0, 10.0, n),
        "economics.discount_rate": rng.uniform(0.03, 0.12, n),
        "terrestrial.electricity_price": rng.uniform(0.03, 0.15, n),
    }


def main() -> None:
    scenario = load_scenario("suncatcher")
    rng = np.random.default_rng(1)
    variations = random_variations(rng, N)
    design_batch(scenario, {k: v[:1000] for k, v in variations.items()})  # warm caches (SSO table)

    t0 = time.perf_counter()
    out = design_batch(scenario, variations)
    batch_s = time.perf_counter() - t0
    assert out["economics.usd_per_pflop_day"].shape == (N,)

    params = resolve(scenario, catalog_for(scenario))
    t0 = time.perf_counter()
    for i in range(LOOP):
        trial = dict(params)
        trial.update({k: float(v[i]) for k, v in variations.items()})
        evaluate(trial)
    loop_s = (time.perf_counter() - t0) / LOOP

    t0 = time.perf_counter()
    design_batch(scenario, variations, outputs=KEY_FIGURES)
    key_s = time.perf_counter() - t0

    fixed = {k: v for k, v in variations.items() if not k.startswith("orbit.")}
    t0 = time.perf_counter()
    design_batch(scenario, fixed)
    fixed_s = time.perf_counter() - t0

    rate = N / batch_s
    feasible = float(np.mean(out["feasibility.code"] == 0))
    print(
        f"batch, {len(variations)} random parameters incl. altitude and LTAN: {N:,} designs in {batch_s:.2f} s "
        f"= {rate:,.0f} designs/s on one core (target >= 1,000,000; {feasible:.1%} feasible)"
    )
    print(f"batch, the same keeping {len(KEY_FIGURES)} key outputs of {len(out)}: {N / key_s:,.0f} designs/s")
    print(f"batch, every output, without the two orbit parameters: {N / fixed_s:,.0f} designs/s")
    print(f"loop over single designs: {1 / loop_s:,.0f} designs/s ({loop_s * 1e3:.2f} ms each, {LOOP} timed)")
    print(f"ratio batch / loop: {rate * loop_s:,.0f}x")


if __name__ == "__main__":
    main()
