"""One design per call: skyrack against spacedc-mdao's ``evaluate_space``, on this machine, in the same run.

spacedc-mdao 0.4.2 (import name ``orbitdc``, PyPI) is installed with pip into a
throwaway virtual environment in a temporary directory; it is never a skyrack
dependency. Its ``evaluate_space`` runs in a subprocess of that environment on
the 1 MW dawn-dusk inference cluster of its repository's examples (64
satellites x 18 H100, 650 km; the scenario's numbers are written out below, as
the wheel ships no examples). skyrack runs in this process on its Suncatcher
preset (81 satellites, 650 km dawn-dusk): ``design(scenario, parity=False)``
with the scenario already loaded, by preset name (the scenario read each
call), with the parity solve, and the raw ``evaluate`` of one resolved design
(the pipeline alone); and, per design, ``design_many`` of 90 Suncatcher designs
that differ in launch price and discount rate (one vectorised group; with the
parity values, the group's sizing is kept from the call before, as the service
keeps it), without and with the parity values: not the target, the cost of a
design when many come together. Last, a cold ``skyrack design suncatcher`` in
fresh processes (target under 0.8 s).

Rounds alternate between the two tools (``--rounds``, ``--calls`` calls each);
each round reports the wall time and the CPU time per call, and the figures are
the best and the median round. Target: skyrack at least as fast per call as
``evaluate_space`` (ratio skyrack / spacedc <= 1). If the install fails the
benchmark says so and exits 1.

Run: python3 tasks.py bench peers
     (or .venv/bin/python benchmarks/bench_peers.py [--rounds R] [--calls K] [--venv DIR] [--cold-only])
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cleanup import exit_on_sigterm

PEER = "spacedc-mdao==0.4.2"
MANY = 90
"""Designs per ``design_many`` call: Suncatcher at 90 launch prices and discount rates (its figures are per design)."""
PEER_SCENARIO: dict[str, Any] = {
    "name": "1 MW orbital inference cluster",
    "kind": "space",
    "mission_life_years": 5,
    "accelerator": "h100_sxm",
    "utilization": 0.85,
    "sustained_fraction": 0.55,
    "discount_rate": 0.08,
    "workload": {"type": "llm_inference", "comm_intensity_bits_per_flop": 2.0e-6},
    "space": {
        "orbit": {"type": "dawn_dusk_sso", "altitude_km": 650.0},
        "architecture": {
            "satellites": 64,
            "accelerators_per_satellite": 18,
            "crosslink": "optical",
            "crosslink_gbps": 50000.0,
            "downlink_gbps": 200.0,
            "radiator_area_m2_per_sat": 45.0,
        },
        "it_power_overhead_frac": 0.25,
        "non_it_power_frac": 0.10,
        "solar_array": "rigid_triple_junction",
        "battery": "li_ion_generic",
        "launch": "current_reusable",
        "radiator_panel": "deployable_osr",
        "coolant": "ammonia_single_phase",
        "chip_stack": "h100_direct_liquid",
        "thermal_environment": "conservative_leo",
        "thermal_eol": True,
        "annual_failure_rate": 0.05,
        "spare_fraction": 0.05,
        "reset_recovery_availability": 0.99,
    },
}
# Runs inside the peer's environment: answers each line "K" with the wall and CPU time per call of K calls.
PEER_LOOP = """
import json, sys, time
import orbitdc
scenario = orbitdc.load_scenario_dict(json.loads(sys.argv[1]))
result = orbitdc.evaluate_space(scenario)
print(json.dumps({"version": orbitdc.__version__, "lcoc": result.lcoc_per_pflop_day}), flush=True)
for line in sys.stdin:
    calls = int(line)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        orbitdc.evaluate_space(scenario)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall": wall / calls, "cpu": cpu / calls}), flush=True)
"""


def install(venv: Path) -> Path:
    """A virtual environment at ``venv`` with the peer installed; its python. Exits 1 if pip fails."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PEER],
        capture_output=True,
        text=True,
        check=False,
    )
    if pip.returncode != 0:
        print(f"could not install {PEER} into {venv} (pip exit {pip.returncode}):\n{pip.stderr[-3000:]}")
        sys.exit(1)
    return python


class Peer:
    """The peer's timing loop in a subprocess of its environment."""

    def __init__(self, python: Path) -> None:
        self.proc = subprocess.Popen(
            [str(python), "-c", PEER_LOOP, json.dumps(PEER_SCENARIO)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.info = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            print(f"the {PEER} subprocess exited ({self.proc.wait()}) before answering")
            sys.exit(1)
        return dict(json.loads(line))

    def round(self, calls: int) -> tuple[float, float]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{calls}\n")
        self.proc.stdin.flush()
        answer = self._read()
        return answer["wall"], answer["cpu"]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(30)


def timed(fn: Callable[[], object], calls: int) -> tuple[float, float]:
    """Wall and CPU time per call of ``calls`` calls of ``fn``, s."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - wall) / calls, (time.process_time() - cpu) / calls


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--venv", type=Path, help="reuse (or create) the peer's environment here")
    parser.add_argument("--cold-only", action="store_true", help="only the cold start (no peer to install)")
    args = parser.parse_args()
    if args.cold_only:
        cold_start()
        return

    from skyrack.batched import design_many
    from skyrack.model import design, load_scenario
    from skyrack.params import catalog_for, resolve
    from skyrack.pipeline import evaluate

    with tempfile.TemporaryDirectory(prefix="skyrack-peer-") as tmp:
        t0 = time.perf_counter()
        python = install(args.venv or Path(tmp) / "venv")
        peer = Peer(python)
        print(
            f"{PEER} installed in a throwaway environment and started in {time.perf_counter() - t0:.0f} s "
            f"(orbitdc {peer.info['version']}; its LCOC {peer.info['lcoc']:,.0f} $/PFLOP-day)"
        )
        scenario = load_scenario("suncatcher")
        params = resolve(scenario, catalog_for(scenario))
        variants = economic_variants(MANY)
        ours: dict[str, Callable[[], object]] = {
            "skyrack design(parity=False)": lambda: design(scenario, parity=False),
            "skyrack design(name, p=False)": lambda: design("suncatcher", parity=False),
            "skyrack design(parity=True)": lambda: design(scenario),
            "skyrack evaluate (pipeline)": lambda: evaluate(params),
            f"design_many/{MANY} (p=False)": lambda: design_many(variants, parity=False),
            f"design_many/{MANY} (p=True)": lambda: design_many(variants),
        }
        for fn in ours.values():
            timed(fn, 20)  # warm: caches, compiled kernels
        peer.round(50)
        rounds: dict[str, list[tuple[float, float]]] = {"spacedc evaluate_space": [], **{k: [] for k in ours}}
        print(f"  {args.rounds} alternating rounds of {args.calls} calls each; per call, wall / CPU:")
        for r in range(args.rounds):
            order: list[tuple[str, Callable[[], object] | None]] = [("spacedc evaluate_space", None), *ours.items()]
            for name, call in order if r % 2 == 0 else order[::-1]:
                if call is None:
                    got = peer.round(args.calls)
                elif name.startswith("design_many"):  # per design: calls of MANY designs each
                    wall, cpu = timed(call, max(1, args.calls // MANY))
                    got = (wall / MANY, cpu / MANY)
                else:
                    got = timed(call, args.calls)
                rounds[name].append(got)
            print("  " + "   ".join(f"{k}: {w * 1e6:,.0f} / {c * 1e6:,.0f} us" for k, ((w, c), *_) in _last(rounds)))
        peer.close()
    report(rounds)
    cold_start()


def economic_variants(n: int) -> list[Any]:
    """``n`` Suncatcher designs that differ in launch price and discount rate (one group of ``design_many``)."""
    from skyrack.model import load_scenario

    prices = [20.0 * (250.0 ** (k / max(n - 1, 1))) for k in range(n)]  # 20 to 5,000 USD/kg
    return [
        load_scenario(
            "suncatcher",
            {"launch.price_per_kg": f"{p:.6g} USD/kg", "economics.discount_rate": f"{0.04 + 0.01 * (k % 9):.4g} 1/yr"},
        )
        for k, p in enumerate(prices)
    ]


def _last(rounds: dict[str, list[tuple[float, float]]]) -> list[tuple[str, list[tuple[float, float]]]]:
    return [(k, v[-1:]) for k, v in rounds.items()]


def report(rounds: dict[str, list[tuple[float, float]]]) -> None:
    """Best and median per call, ratios to the peer, and the target with PASS/FAIL."""
    peer = rounds["spacedc evaluate_space"]
    print("  per call (best round / median round), wall and CPU time, and skyrack / spacedc:")
    for name, got in rounds.items():
        wall, cpu = [w for w, _ in got], [c for _, c in got]
        line = f"    {name:<30} wall {min(wall) * 1e6:8,.1f} / {statistics.median(wall) * 1e6:8,.1f} us"
        line += f"   CPU {min(cpu) * 1e6:8,.1f} / {statistics.median(cpu) * 1e6:8,.1f} us"
        if got is not peer:
            ratio = min(wall) / min(w for w, _ in peer)
            median = statistics.median(w / p for (w, _), (p, _) in zip(got, peer, strict=True))
            cpu_ratio = min(cpu) / min(c for _, c in peer)
            line += f"   ratio {ratio:6.2f} (median of rounds {median:.2f}; CPU {cpu_ratio:.2f})"
        print(line)
    best = min(w for w, _ in rounds["skyrack design(parity=False)"])
    ratio = best / min(w for w, _ in peer)
    verdict = "PASS" if ratio <= 1.0 else "FAIL"
    print(f"  {verdict}  skyrack design per call {ratio:.2f}x spacedc's evaluate_space, best wall times (target <= 1)")


def cold_start(runs: int = 5) -> None:
    """A first ``skyrack design suncatcher`` in fresh processes: after a cache wipe, then with warm caches.

    Each run is a new interpreter running the console command (``python -m skyrack``), its output checked.
    skyrack's cache folder (``SKYRACK_CACHE_DIR``: pint's definitions, the unit conversions pint made)
    starts empty in a temporary directory: the first run pays for filling it, as the first run after an
    install or upgrade does; the later ``runs`` find it filled, as every later start does. Bytecode is
    written and read as for an installed package (``PYTHONDONTWRITEBYTECODE`` is dropped: recompiling
    every module at each start is not a cold start users see). Wall time best and median, CPU time
    (user + system) best.
    """
    with tempfile.TemporaryDirectory(prefix="skyrack-cold-") as tmp:
        env = {**os.environ, "SKYRACK_CACHE_DIR": tmp}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        first, *warm = [_cold_run(env) for _ in range(runs + 1)]
    walls, cpus = [w for w, _ in warm], [c for _, c in warm]
    print(f"  first run after a cache wipe: wall {first[0]:.2f} s, CPU {first[1]:.2f} s")
    verdict = "PASS" if min(walls) < 0.8 else "FAIL"
    print(
        f"  {verdict}  cold `skyrack design suncatcher` (warm caches, {runs} fresh processes): wall best "
        f"{min(walls):.2f} s, median {statistics.median(walls):.2f} s; CPU best {min(cpus):.2f} s (target < 0.8 s wall)"
    )


def _cold_run(env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU time of one ``skyrack design suncatcher`` in a new process; exits 1 if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "skyrack", "design", "suncatcher"], capture_output=True, text=True, env=env, check=False
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0 or "skyrack design: suncatcher" not in proc.stdout:
        print(f"cold `skyrack design suncatcher` failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        sys.exit(1)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


if __name__ == "__main__":
    main()
