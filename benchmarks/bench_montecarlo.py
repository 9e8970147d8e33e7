"""Monte Carlo throughput: 10,000,000 draws of the Suncatcher preset, five uncertain inputs, a dozen outputs.

Prints wall time and peak memory against the target (< 10 s on this machine) in
one process, the same run on a process pool of every core (the CLI default for
a job this size; statistics checked identical), and the speed-up over a Python
loop of single designs (the peer approach) measured on a small subset in the same run.

Run: python3 tasks.py bench montecarlo   (or .venv/bin/python benchmarks/bench_montecarlo.py [N])
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[var] = "1"

import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from key_outputs import KEY_OUTPUTS  # noqa: E402

from skyrack.analysis.distributions import as_distributions  # noqa: E402
from skyrack.analysis.montecarlo import draw, monte_carlo  # noqa: E402
from skyrack.model import evaluate, load_scenario  # noqa: E402
from skyrack.params import catalog_for, resolve  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
LOOP = 300
TARGET_S = 10.0
UNCERTAIN = {
    "launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)",
    "satellite.power.specific_power": "pert(low=60 W/kg, mode=100 W/kg, high=150 W/kg)",
    "economics.accelerator_failure_rate": "triangular(low=0.05 1/yr, mode=0.1 1/yr, high=0.3 1/yr)",
    "satellite.thermal.radiator_temperature": "normal(mean=330 K, sd=8 K)",
    "terrestrial.electricity_price": "uniform(low=0.03 USD/kWh, high=0.12 USD/kWh)",
}
OUTPUTS = [*KEY_OUTPUTS, "thermal.radiator_mass_kg", "power.array_mass_kg"]


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def main() -> None:
    scenario = load_scenario("suncatcher")
    monte_carlo(scenario, UNCERTAIN, n=1000, seed=0, outputs=OUTPUTS)  # warm caches and imports
    before = _maxrss_mb()

    t0 = time.perf_counter()
    result = monte_carlo(scenario, UNCERTAIN, n=N, seed=1, outputs=OUTPUTS, keep_samples=False)
    mc_s = time.perf_counter() - t0
    peak = _maxrss_mb()

    # the same run on a local process pool of every core (the CLI's default for a job this size)
    from skyrack.analysis.executor import PoolExecutor

    workers = os.cpu_count() or 1
    with PoolExecutor(workers) as pool:
        monte_carlo(scenario, UNCERTAIN, n=workers << 18, seed=0, outputs=OUTPUTS, executor=pool)  # start, warm
        t0 = time.perf_counter()
        pooled = monte_carlo(scenario, UNCERTAIN, n=N, seed=1, outputs=OUTPUTS, keep_samples=False, executor=pool)
        pool_s = time.perf_counter() - t0
    same = pooled.stats == result.stats

    # the peer approach: one Python call per draw through the same single-design pipeline
    params = resolve(scenario, catalog_for(scenario))
    inputs = draw(as_distributions(UNCERTAIN), LOOP, np.random.Generator(np.random.PCG64(2)))
    t0 = time.perf_counter()
    ratios = []
    for i in range(LOOP):
        trial = dict(params)
        trial.update({k: float(v[i]) for k, v in inputs.items()})
        ratios.append(float(evaluate(trial)["economics.cost_ratio"]))
    loop_s = (time.perf_counter() - t0) / LOOP

    status = "meets" if mc_s < TARGET_S else "MISSES"
    print(
        f"Monte Carlo, suncatcher, {len(UNCERTAIN)} uncertain inputs, {len(OUTPUTS)} outputs: {N:,} draws in "
        f"{mc_s:.2f} s = {N / mc_s:,.0f} draws/s ({status} the target < {TARGET_S:.0f} s)"
    )
    print(
        f"on a pool of {workers} worker processes: {pool_s:.2f} s = {mc_s / pool_s:.2f}x one process; "
        f"statistics {'identical' if same else 'DIFFERENT'} to the one-process run"
    )
    print(f"peak RSS {peak:,.0f} MB (before the run {before:,.0f} MB; +{peak - before:,.0f} MB)")
    print(
        f"P(orbit wins) = {result.p_orbit_wins:.4f}, P(infeasible) = {result.p_infeasible:.4f}, "
        f"cost ratio P10/P50/P90 = {result.stats['economics.cost_ratio']['p10']:.3f} / "
        f"{result.stats['economics.cost_ratio']['p50']:.3f} / {result.stats['economics.cost_ratio']['p90']:.3f}"
    )
    print(f"loop over single designs: {loop_s * 1e6:,.0f} us per draw ({LOOP} timed); peer spacedc-mdao: 84 us")
    print(f"ratio vectorised / loop: {loop_s * N / mc_s:,.0f}x; the loop would take {loop_s * N:,.0f} s for {N:,}")


if __name__ == "__main__":
    main()
