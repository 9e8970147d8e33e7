"""Fleet-simulation benchmark: satellite-steps per second and peak memory, with baselines.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_simulate.py [--quick]``). Prints:

1. the full ``skyrack.simulate`` pipeline (propagation, conical shadow, power, battery, thermal,
   dose, failures, contacts, down-sampled time series) for the 81-satellite Suncatcher preset over
   one year at 30 s steps (85.2 million satellite-steps), after a warm-up run that compiles the
   kernels and builds the dose table;
2. baselines measured in the same run on the same satellites and steps: raw SGP4 propagation with
   ``sgp4.api.SatrecArray`` (positions only), and skyfield's ``is_sunlit`` (vectorised over time,
   one satellite at a time; measured on a subset and scaled, as it is ~10^4 times slower);
3. the peak resident memory of a subprocess simulating 10,000 satellites (a sample of the
   Blue Origin Sunrise fleet) over one year at 60 s steps (5.3 billion satellite-steps).

``--quick`` measures the SGP4 baseline on 30 days and the 10,000-satellite memory run on 30 days
instead of a year (memory does not grow with duration: see tests/test_sim_engine.py); it says so.
No timing is asserted anywhere: the figures are printed for the record.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings

import numpy as np

from skyrack.physics.constants import YEAR_S

TARGET_RATE = 10e6  # satellite-steps per second
TARGET_MEMORY = 1e9  # bytes
# orbital-compute 0.3.0 (PyPI), measured once on a 2-core machine: 6 satellites x 1 yr at 60 s in 635 s
ORBITAL_COMPUTE_RATE = 6 * 525_960 / 635.0

_MEMORY_SCRIPT = """
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
from skyrack import design
from skyrack.simulate import simulate
t0 = time.perf_counter()
run = simulate(design("blue-origin-sunrise", parity=False), duration=float(sys.argv[1]), step=60.0, satellites=10000,
               seed=0)
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "wall_s": time.perf_counter() - t0, "stepping_s": run.meta["stepping_s"],
                  "steps": run.meta["steps"], "rate": run.meta["stepping_satellite_steps_per_s"]}))
"""


def _fmt_rate(x: float) -> str:
    return f"{x / 1e6:,.2f} M sat-steps/s" if x >= 1e5 else f"{x:,.0f} sat-steps/s"


def _pipeline() -> tuple[float, dict[str, float], object]:
    from skyrack.model import design
    from skyrack.simulate import simulate

    result = design("suncatcher", parity=False)
    t0 = time.perf_counter()
    simulate(result, duration=86400.0, step=30.0)  # compile (or load cached) kernels, build dose table
    warm = time.perf_counter() - t0
    run = simulate(result, duration=YEAR_S, step=30.0)
    return warm, run.meta, result


def _sgp4_baseline(result: object, seconds: float) -> tuple[float, int]:
    """Raw SatrecArray propagation of the same 81 satellites at the same 30 s steps (chunked)."""
    from sgp4.api import SatrecArray

    from skyrack.physics.sun import julian_date
    from skyrack.simulate.fleet import design_elements
    from skyrack.simulate.propagate import satrecs_from_elements

    jd0 = float(julian_date(2035, 1.0))
    elements, _ = design_elements(result, "auto", jd0, 1000.0, None)
    array = SatrecArray(satrecs_from_elements(elements))
    steps = int(seconds / 30.0)
    chunk = 4096
    t0 = time.perf_counter()
    for k0 in range(0, steps, chunk):
        t = (k0 + np.arange(min(chunk, steps - k0))) * 30.0 / 86400.0
        array.sgp4(np.full(t.size, jd0), t)
    return time.perf_counter() - t0, len(elements) * steps


def _skyfield_baseline(result: object, n_sat: int = 3, days: float = 2.0) -> tuple[float, int]:
    """skyfield EarthSatellite.at(...).is_sunlit(de421), vectorised over time, looping over satellites."""
    from skyfield.api import EarthSatellite, load
    from skyfield.iokit import load_file
    from skyfield_data import get_skyfield_data_path

    from skyrack.physics.sun import julian_date
    from skyrack.simulate.fleet import design_elements
    from skyrack.simulate.propagate import satrecs_from_elements

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eph = load_file(os.path.join(get_skyfield_data_path(), "de421.bsp"))
        ts = load.timescale(builtin=True)
    jd0 = float(julian_date(2035, 1.0))
    elements, _ = design_elements(result, "auto", jd0, 1000.0, None)
    sats = [EarthSatellite.from_satrec(s, ts) for s in satrecs_from_elements(elements.take(range(n_sat)))]
    t = ts.ut1_jd(jd0 + np.arange(0.0, days * 86400.0, 30.0) / 86400.0)
    t0 = time.perf_counter()
    for sat in sats:
        sat.at(t).is_sunlit(eph)
    return time.perf_counter() - t0, n_sat * len(t)


def _memory(duration_s: float) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, str(duration_s)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30-day SGP4 baseline and memory run")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start")

    warm, meta, result = _pipeline()
    rate = meta["stepping_satellite_steps_per_s"]
    total_rate = meta["satellite_steps_per_s"]
    n_ss = meta["satellites_simulated"] * meta["steps"]
    print(f"\n1. full pipeline: Suncatcher, 81 satellites x 1 year at 30 s ({n_ss / 1e6:,.1f} M satellite-steps)")
    print(f"   warm-up (1 day; compile/load kernels, build the dose table): {warm:.1f} s")
    print(
        f"   stepping {meta['stepping_s']:.2f} s -> {_fmt_rate(rate)}  "
        f"(target {_fmt_rate(TARGET_RATE)}: {'met' if rate >= TARGET_RATE else 'NOT met'})"
    )
    print(f"   whole call incl. set-up {meta['wall_time_s']:.2f} s -> {_fmt_rate(total_rate)}")

    span = 30 * 86400.0 if args.quick else YEAR_S
    sgp4_s, sgp4_n = _sgp4_baseline(result, span)
    sgp4_rate = sgp4_n / sgp4_s
    label = "30 days" if args.quick else "1 year"
    print(
        f"\n2a. raw sgp4 SatrecArray, same 81 satellites, 30 s steps over {label} (positions only): "
        f"{sgp4_s:.2f} s -> {_fmt_rate(sgp4_rate)}"
    )
    print(f"    pipeline / raw SGP4 = {rate / sgp4_rate:,.1f}x")
    sky_s, sky_n = _skyfield_baseline(result)
    sky_rate = sky_n / sky_s
    print(
        f"2b. skyfield is_sunlit (de421), 3 of the satellites x 2 days at 30 s ({sky_n:,} sat-steps), "
        f"scaled: {sky_s:.2f} s -> {_fmt_rate(sky_rate)}; a year of 81 would take "
        f"{85.2e6 / sky_rate / 3600:,.1f} h"
    )
    print(f"    pipeline / skyfield is_sunlit = {rate / sky_rate:,.0f}x")
    print(
        f"2c. orbital-compute 0.3.0 (measured once, 2 cores, 6 sats x 1 yr at 60 s in 635 s; not re-measured): "
        f"{_fmt_rate(ORBITAL_COMPUTE_RATE)}; pipeline / orbital-compute = {rate / ORBITAL_COMPUTE_RATE:,.0f}x"
    )

    mem_span = 30 * 86400.0 if args.quick else YEAR_S
    mem = _memory(mem_span)
    peak = mem["maxrss_kb"] * 1024.0
    print(
        f"\n3. peak memory, 10,000 satellites (Blue Origin Sunrise sample) x "
        f"{'30 days' if args.quick else '1 year'} at 60 s ({10000 * mem['steps'] / 1e9:,.2f} G sat-steps), "
        "subprocess maxrss:"
    )
    print(
        f"   {peak / 1e6:,.0f} MB (target < {TARGET_MEMORY / 1e6:,.0f} MB: "
        f"{'met' if peak < TARGET_MEMORY else 'NOT met'}); stepping {mem['stepping_s']:.1f} s -> "
        f"{_fmt_rate(mem['rate'])}"
    )
    load = os.getloadavg()
    print(
        f"\nload average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other jobs on the machine slow the "
        "figures down)"
    )


if __name__ == "__main__":
    main()
