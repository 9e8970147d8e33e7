"""Designs per second: 1,000,000 random designs through ``design_batch`` on one core, every output kept,
against a loop over single designs measured in the same run.

Ten parameters vary at random (altitude and LTAN among them, so every design has
its own orbit and illumination). Each batch configuration runs ``--repeats``
times, interleaved with the single-design loop; the figures are the best wall
time and the best CPU time (user + system) of the repetitions. Where the time of
one all-outputs batch goes is printed beside them: checking the variations, the
pipeline (``skyrack.pipeline.evaluate``, chunk by chunk), copying each chunk's
outputs into the result (whose first touch of the result's fresh pages is system
time: the kernel zeroing 8 bytes per output per design).

Run: python3 tasks.py bench design   (target: >= 1,000,000 designs/s with every output)
     (or .venv/bin/python benchmarks/bench_design.py [--repeats R] [-n N])
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402
from key_outputs import KEY_OUTPUTS  # noqa: E402

import skyrack.model as model  # noqa: E402
from skyrack.model import design_batch, evaluate, load_scenario  # noqa: E402
from skyrack.params import catalog_for, resolve  # noqa: E402

TARGET = 1_000_000
LOOP = 300
KEY_FIGURES = [*KEY_OUTPUTS, "orbit.sunlit_fraction", "feasibility.code"]


def random_variations(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    return {
        "orbit.altitude": rng.uniform(450e3, 1500e3, n),
        "orbit.ltan": rng.uniform(0.0, 24.0, n),
        "launch.price_per_kg": 10 ** rng.uniform(1.3, 3.5, n),
        "satellite.thermal.radiator_temperature": rng.uniform(280.0, 360.0, n),
        "satellite.power.specific_power": rng.uniform(40.0, 300.0, n),
        "satellite.power.efficiency": rng.uniform(0.2, 0.32, n),
        "satellite.compute.it_power": rng.uniform(5e3, 200e3, n),
        "mission.lifetime": rng.uniform(3.0, 10.0, n),
        "economics.discount_rate": rng.uniform(0.03, 0.12, n),
        "terrestrial.electricity_price": rng.uniform(0.03, 0.15, n),
    }


def cpu() -> tuple[float, float]:
    """User and system CPU time of this process, s."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_stime


def timed(fn: Callable[[], object]) -> tuple[float, float, float]:
    """Wall, user and system time of one call, s."""
    u0, s0 = cpu()
    t0 = time.perf_counter()
    fn()
    wall = time.perf_counter() - t0
    u1, s1 = cpu()
    return wall, u1 - u0, s1 - s0


def breakdown(scenario: object, variations: dict[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """User and system CPU seconds of one all-outputs batch by stage (each stage's function timed as called)."""
    spent = {"variations": [0.0, 0.0], "pipeline": [0.0, 0.0], "storing": [0.0, 0.0]}
    originals = {"variations": model._variations, "pipeline": model.evaluate, "storing": model._store}

    def clocked(stage: str) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            u0, s0 = cpu()
            try:
                return originals[stage](*args, **kwargs)  # type: ignore[operator]
            finally:
                u1, s1 = cpu()
                spent[stage][0] += u1 - u0
                spent[stage][1] += s1 - s0

        return run

    model._variations, model.evaluate, model._store = (clocked(s) for s in originals)  # type: ignore[assignment]
    try:
        _, user, system = timed(lambda: design_batch(scenario, variations))  # type: ignore[arg-type]
    finally:
        model._variations, model.evaluate, model._store = originals.values()  # type: ignore[assignment]
    out = {k: (u, s) for k, (u, s) in spent.items()}
    out["rest"] = (user - sum(u for u, _ in out.values()), system - sum(s for _, s in out.values()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("-n", type=int, default=1_000_000, help="designs per batch")
    args = parser.parse_args()
    n = args.n
    scenario = load_scenario("suncatcher")
    variations = random_variations(np.random.default_rng(1), n)
    design_batch(scenario, {k: v[:1000] for k, v in variations.items()})  # warm caches (SSO table, kernels)
    params = resolve(scenario, catalog_for(scenario))

    def loop() -> None:
        for i in range(LOOP):
            trial = dict(params)
            trial.update({k: float(v[i]) for k, v in variations.items()})
            evaluate(trial)

    fixed = {k: v for k, v in variations.items() if not k.startswith("orbit.")}
    configs: dict[str, Callable[[], object]] = {
        "every output": lambda: design_batch(scenario, variations),
        f"{len(KEY_FIGURES)} key outputs": lambda: design_batch(scenario, variations, outputs=KEY_FIGURES),
        "every output, orbit fixed": lambda: design_batch(scenario, fixed),
        "single designs (loop)": loop,
    }
    best: dict[str, list[float]] = {k: [np.inf, np.inf] for k in configs}
    for rep in range(args.repeats):
        for name, fn in configs.items() if rep % 2 == 0 else reversed(configs.items()):
            wall, user, system = timed(fn)
            best[name] = [min(best[name][0], wall), min(best[name][1], user + system)]
    out = design_batch(scenario, variations, outputs=["feasibility.code"])
    feasible, n_outputs = float(np.mean(out["feasibility.code"] == 0)), len(design_batch(scenario, {}))
    print(
        f"design_batch on one core, {n:,} random designs over {len(variations)} parameters incl. altitude and LTAN "
        f"({feasible:.1%} feasible, {n_outputs} outputs); best of {args.repeats}, load average "
        f"{os.getloadavg()[0]:.2f}:"
    )
    loop_wall, loop_cpu = (x / LOOP for x in best["single designs (loop)"])
    for name, (wall, cpu_s) in best.items():
        if name.startswith("single"):
            print(f"  {name:<28} {1 / loop_wall:>11,.0f} designs/s wall, {1 / loop_cpu:>11,.0f} per CPU-second")
            continue
        print(
            f"  {name:<28} {n / wall:>11,.0f} designs/s wall, {n / cpu_s:>11,.0f} per CPU-second   "
            f"({n / wall * loop_wall:,.0f}x the loop)"
        )
    stages = breakdown(scenario, variations)
    total = sum(u + s for u, s in stages.values())
    print(f"  where one all-outputs batch spends its {total:.2f} CPU-s (user + system, the system part in brackets):")
    for stage, (user, system) in stages.items():
        print(f"    {stage:<12} {user + system:6.3f} s ({system:5.3f} s)  {(user + system) / total:6.1%}")
    wall, cpu_s = best["every output"]
    for label, rate in (("wall", n / wall), ("CPU", n / cpu_s)):
        verdict = "PASS" if rate >= TARGET else "FAIL"
        print(f"  {verdict}  every output: {rate:,.0f} designs/s ({label} time) >= {TARGET:,}")


if __name__ == "__main__":
    main()
