"""The fixed cost of one design: CPU time of ``evaluate``, ``design(parity=False)`` and ``design()`` per preset.

Each figure is the best of several repetitions of a loop (``time.process_time``: CPU, not wall time, so
other work on the machine matters less). ``--dump FILE`` also writes every output of every preset, its
parity values and a small batch of each; ``--compare A B`` checks two such dumps bit for bit (run the
dump against two trees with ``PYTHONPATH``: a change that only speeds things up must report 0 differ).

Run: .venv/bin/python benchmarks/bench_latency.py [--presets NAME ...] [--dump FILE]
     .venv/bin/python benchmarks/bench_latency.py --compare A B
"""

from __future__ import annotations

import argparse
import pickle  # our own dumps only: they hold numpy scalars and arrays whose bits are compared
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from skyrack.model import design, load_scenario, preset_names
from skyrack.params import catalog_for, resolve
from skyrack.pipeline import evaluate


def best(fn: Callable[[], object], loops: int, repeats: int) -> float:
    """Best CPU seconds per call of ``fn`` over ``repeats`` loops of ``loops`` calls (after one warm call)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(loops):
            fn()
        times.append((time.process_time() - start) / loops)
    return min(times)


def timings(name: str, repeats: int) -> str:
    """One preset's line: µs per ``evaluate``, ms per ``design(parity=False)`` and per ``design()``."""
    scenario = load_scenario(name)
    params = resolve(scenario, catalog_for(scenario))
    one = best(lambda: evaluate(params), 100, repeats)
    plain = best(lambda: design(scenario, parity=False), 50, repeats)
    full = best(lambda: design(scenario), 5, max(1, repeats // 2))
    return (f"{name:22s} evaluate {one * 1e6:6.0f} us   design(parity=False) {plain * 1e3:5.2f} ms   "
            f"design() {full * 1e3:6.1f} ms")  # fmt: skip


def outputs(name: str) -> dict[str, Any]:
    """Every output of a preset's design, its parity values, and a 4-design batch (altitude and lifetime vary)."""
    result = design(name)
    scenario = load_scenario(name)
    params = resolve(scenario, catalog_for(scenario))
    batch = {**params, "mission.lifetime": np.array([1.0, 5.0, 10.0, 3.0])}
    if params.get("kind") != "terrestrial":
        batch["orbit.altitude"] = np.array([float(params["orbit.altitude"]), 500e3, 650e3, 900e3])
    with np.errstate(all="ignore"):
        evaluated = evaluate(batch)
    return {
        "values": {k: np.asarray(v) for k, v in result.values.items()},
        "parity": repr(result.parity),
        "batch": {k: np.asarray(v) for k, v in evaluated.items()},
    }


def differences(a: dict[str, Any], b: dict[str, Any]) -> tuple[int, list[str]]:
    """How many outputs two dumps hold, and those whose bits, dtype or shape differ."""
    count, differ = 0, []
    for name in sorted(a.keys() | b.keys()):
        for part in ("values", "batch"):
            left, right = a.get(name, {}).get(part, {}), b.get(name, {}).get(part, {})
            for key in sorted(left.keys() | right.keys()):
                count += 1
                x, y = left.get(key), right.get(key)
                same = x is not None and y is not None and x.dtype == y.dtype and x.shape == y.shape
                if not (same and x.tobytes() == y.tobytes()):
                    differ.append(f"{name} {part} {key}")
        count += 1
        if a.get(name, {}).get("parity") != b.get(name, {}).get("parity"):
            differ.append(f"{name} parity")
    return count, differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="*", default=None, help="presets to time (default: all)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--dump", help="write every output of every preset to this file")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two dumps bit for bit")
    args = parser.parse_args()
    if args.compare:
        dumps = []
        for path in args.compare:
            with open(path, "rb") as f:
                dumps.append(pickle.load(f))
        count, differ = differences(*dumps)
        print("\n".join(differ[:50]))
        print(f"{count} outputs and parity sets compared, {len(differ)} differ")
        raise SystemExit(1 if differ else 0)
    for name in args.presets or preset_names():
        print(timings(name, args.repeats), flush=True)
    if args.dump:
        with open(args.dump, "wb") as f:
            pickle.dump({name: outputs(name) for name in preset_names()}, f)
        print(f"every output of {len(preset_names())} presets written to {args.dump}")


if __name__ == "__main__":
    main()
