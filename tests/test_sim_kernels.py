"""The compiled state machine against hand calculations: battery policy, charging, heat, dose, contacts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from skyrack.physics.constants import AU, R_EARTH
from skyrack.simulate import kernels

R = R_EARTH + 650e3
DT = 60.0


def _par(**values: float) -> np.ndarray:
    base = {
        "p_bol": 0.0,
        "it": 1000.0,
        "bus": 100.0,
        "hp_per_it": 0.0,
        "cap_j": 3.6e6,
        "floor_j": 1.8e6,
        "eta_dist": 1.0,
        "eta_half": 0.9,
        "shed": 0.0,
        "heat_cap": 1e9,
        "emit": 1e-8,
        "q_ir": 0.0,
        "q_sun": 0.0,
        "t_design": 400.0,
        "ladder": 10.0,
        "fail_t": math.inf,
        "n_acc": 0.0,
    }
    base.update(values)
    par = np.zeros((1, len(kernels.PAR)))
    for name, value in base.items():
        par[0, getattr(kernels.PAR, name)] = value
    return par


def _run(
    par: np.ndarray,
    steps: int,
    lit: bool,
    energy_j: float | None = None,
    temp_k: float = 300.0,
    dose_rate: float = 0.0,
    station_below: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pos = np.zeros((1, steps, 3), np.float32)
    pos[0, :, :] = (0.0, R, 0.0) if lit else (-R, 0.0, 0.0)  # Sun along +x: beside or behind the Earth
    sun = np.zeros((steps, 3))
    sun[:, 0] = 1.0
    t = np.arange(steps) * DT
    state = kernels.initial_state(par, np.array([temp_k]))
    if energy_j is not None:
        state[0, kernels.STATE.energy_j] = energy_j
    acc = kernels.new_accumulators(1)
    grid = np.full((3, 3, 1), dose_rate, np.float32)
    axes = np.array([-math.pi / 2, math.pi / 2, -math.pi, math.pi, 0.0, 1.0])
    if station_below:
        unit = np.array([[0.0, 1.0, 0.0]]) if lit else np.array([[-1.0, 0.0, 0.0]])
        st_pos, st_up = unit * R_EARTH, unit
    else:
        st_pos, st_up = np.zeros((0, 3)), np.zeros((0, 3))
    st_lat = np.arcsin(st_up[:, 2])
    st_lon = np.arctan2(st_up[:, 1], st_up[:, 0])
    off, idx = kernels.station_cells(st_lat, st_lon, 0.4, 18, 36)
    ts = np.zeros((1, steps, len(kernels.TS)), np.float32)
    steps_in = kernels.step_table(t, sun, np.full(steps, AU), np.zeros(steps), np.ones(steps))
    kernels.run_chunk(
        pos,
        np.zeros((0, 10)),
        0.0,
        steps_in,
        DT,
        par,
        (np.zeros(0), np.zeros(2, np.int64)),
        (grid, axes),
        (st_pos, st_up, off, idx, 36, math.sin(math.radians(10.0))),
        state,
        acc,
        1,
        ts,
    )
    return state[0], acc[0], ts[0]


def _a(acc: np.ndarray, name: str) -> float:
    return float(acc[getattr(kernels.ACC, name)])


def test_eclipse_policy_sheds_compute_first_and_the_bus_survives() -> None:
    """1.1 kW load in eclipse from a 1 kWh battery, 50 % DoD, discharge efficiency 0.9, 60 s steps.

    Full load needs 1100·60/0.9 = 73,333 J per step: 24 full steps take the battery to 1.84 MJ;
    the 25th can only use 40 kJ down to the 1.8 MJ floor, i.e. 600 W delivered: bus 100 W + IT
    500 W (f = 0.5). Then the bus alone (6,667 J per step) empties the floor's 1.8 MJ in 270 steps;
    the remaining 105 of 400 steps are bus outage.
    """
    _, acc, ts = _run(_par(), 400, lit=False)
    assert _a(acc, "compute_s") == pytest.approx(24.5 * DT, rel=1e-9)
    assert ts[24, kernels.TS.compute] == pytest.approx(0.5, rel=1e-6)
    assert _a(acc, "power_throttle_s") == pytest.approx(376 * DT, abs=DT)
    assert _a(acc, "bus_outage_s") == pytest.approx(105 * DT, abs=DT)
    assert _a(acc, "min_soc") == pytest.approx(0.0, abs=1e-9)
    assert _a(acc, "discharge_j") == pytest.approx(3.6e6, rel=1e-9)
    assert _a(acc, "sunlit_s") == 0.0


def test_shed_policy_runs_compute_on_array_power_only() -> None:
    state, acc, _ = _run(_par(shed=1.0), 10, lit=False)
    assert _a(acc, "compute_s") == 0.0
    assert state[kernels.STATE.energy_j] == pytest.approx(3.6e6 - 10 * 100 * DT / 0.9)
    # in sunlight with 1.5 kW of array, compute runs in full and the surplus charges the battery
    state, acc, _ = _run(_par(shed=1.0, p_bol=1500.0), 10, lit=True, energy_j=1.8e6)
    assert _a(acc, "compute_s") == pytest.approx(10 * DT)
    assert state[kernels.STATE.energy_j] == pytest.approx(1.8e6 + 10 * 400 * 0.9 * DT)


def test_charging_stops_at_full() -> None:
    # 2 kW array, 1.1 kW load: 900 W surplus stores 900·0.9·60 = 48,600 J per step; from 3.0 MJ the
    # battery is full (3.6 MJ) after 12.35 steps
    state, acc, _ = _run(_par(p_bol=2000.0), 20, lit=True, energy_j=3.0e6)
    assert state[kernels.STATE.energy_j] == pytest.approx(3.6e6)
    assert _a(acc, "charge_j") == pytest.approx(0.6e6)
    assert _a(acc, "array_j") == pytest.approx(2000.0 * 20 * DT)
    assert _a(acc, "sunlit_s") == pytest.approx(20 * DT)


def test_radiator_node_reaches_the_radiative_equilibrium() -> None:
    # 1.1 kW dissipated + 50 W Earth IR + 100 W sun/albedo = εσnA T^4 with εσnA set for T = 330 K
    emit = 1250.0 / 330.0**4
    state, acc, _ = _run(_par(p_bol=5000.0, heat_cap=2e4, emit=emit, q_ir=50.0, q_sun=100.0), 600, lit=True)
    assert state[kernels.STATE.temp_k] == pytest.approx(330.0, abs=1e-6)
    assert _a(acc, "max_temp") == pytest.approx(330.0, abs=1e-6)
    assert _a(acc, "thermal_throttle_s") == 0.0


def test_thermal_throttling_holds_the_junction_limit() -> None:
    """Design radiator temperature 320 K, ladder 10 K: compute is limited to f = 1 + (320 - T)/10.

    Equilibrium: 100 + 1000 f(T) + 150 = εσnA T^4 (solved here by root finding).
    """
    emit = 1250.0 / 330.0**4

    def balance(temp: float) -> float:
        return 250.0 + 1000.0 * min(1.0, 1.0 + (320.0 - temp) / 10.0) - emit * temp**4

    t_eq = brentq(balance, 300.0, 340.0)
    state, acc, ts = _run(
        _par(p_bol=5000.0, heat_cap=2e4, emit=emit, q_ir=50.0, q_sun=100.0, t_design=320.0), 400, lit=True
    )
    assert state[kernels.STATE.temp_k] == pytest.approx(t_eq, abs=1e-3)
    assert ts[-1, kernels.TS.compute] == pytest.approx(1.0 + (320.0 - t_eq) / 10.0, abs=1e-3)
    assert _a(acc, "thermal_throttle_s") > 0.0


def test_dose_and_contacts_accumulate() -> None:
    _, acc, _ = _run(_par(p_bol=5000.0), 50, lit=True, dose_rate=2e-8, station_below=True)
    assert _a(acc, "dose_gy") == pytest.approx(50 * DT * 2e-8, rel=1e-6)
    assert _a(acc, "contact_s") == pytest.approx(50 * DT)
    assert _a(acc, "passes") == 1.0


def test_failed_satellite_delivers_nothing() -> None:
    _, acc, _ = _run(_par(p_bol=5000.0, fail_t=10 * DT), 50, lit=True)
    assert _a(acc, "compute_s") == pytest.approx(10 * DT)
    assert _a(acc, "alive_s") == pytest.approx(10 * DT)


def test_station_cells_cover_the_visibility_circle() -> None:
    # stations at (78 N, 15 E), (0, 0) and (72 S, 2.5 E); 20° reach; 10° cells
    off, idx = kernels.station_cells(
        np.radians([78.0, 0.0, -72.0]), np.radians([15.0, 0.0, 2.5]), math.radians(20.0), n_lat=18, n_lon=36
    )

    def cell(lat_deg: float, lon_deg: float) -> set[int]:
        c = int((lat_deg + 90) // 10) * 36 + int((lon_deg + 180) // 10)
        return set(idx[off[c] : off[c + 1]].tolist())

    assert cell(85.0, -170.0) == {0}  # across the pole from Svalbard: still within reach
    assert cell(5.0, 5.0) == {1} and cell(-5.0, 15.0) == {1}
    assert cell(-75.0, 0.0) == {2}
    assert cell(0.0, 90.0) == set() and cell(45.0, 0.0) == set()


@pytest.mark.parametrize("ecc", [0.0, 0.02])
def test_orbit_inside_the_kernel_follows_j2_positions(ecc: float) -> None:
    """The kernel's own J2 propagation (from the element table; the series in e for an eccentric orbit)
    against the positions path fed by :func:`j2_positions`, the same theory evaluated outside it: the same
    eclipses over a day of 30 s steps (float32 positions move an eclipse edge by well under a second)."""
    from skyrack.physics.propagation import MeanElements, j2_element_table, j2_positions

    one = (np.array([x]) for x in (R, ecc, math.radians(53.0), 0.3, 1.1, 0.4))
    elements = MeanElements(*one, epoch_jd=2461000.5)  # a, e, i, node, perigee, mean anomaly
    steps, dt = 2880, 30.0
    sun = np.tile([0.6, 0.8, 0.0], (steps, 1))
    steps_in = kernels.step_table(np.arange(steps) * dt, sun, np.full(steps, AU), np.zeros(steps), np.ones(steps))
    pos = np.empty((1, steps, 3), np.float32)
    j2_positions(elements, 0.0, dt, pos)
    runs = []
    for block, elem in ((np.zeros((1, 1, 3), np.float32), j2_element_table(elements)), (pos, np.zeros((0, 10)))):
        par = _par()
        state, acc = kernels.initial_state(par, np.array([300.0])), kernels.new_accumulators(1)
        stations = (np.zeros((0, 3)), np.zeros((0, 3)), *kernels.station_cells(np.zeros(0), np.zeros(0), 0.4, 18, 36))
        kernels.run_chunk(
            block, elem, 0.0, steps_in, dt, par, (np.zeros(0), np.zeros(2, np.int64)),
            (np.zeros((3, 3, 1), np.float32), np.array([-math.pi / 2, math.pi / 2, -math.pi, math.pi, 0.0, 1.0])),
            (*stations, 36, math.sin(math.radians(10.0))), state, acc, steps,
            np.zeros((1, 1, len(kernels.TS)), np.float32),
        )  # fmt: skip
        runs.append(acc[0])
    inside, outside = runs
    assert _a(inside, "eclipses") == _a(outside, "eclipses") >= 14  # a 98-minute orbit, a day
    assert _a(inside, "eclipse_max_s") == pytest.approx(_a(outside, "eclipse_max_s"), abs=1.0)
    assert _a(inside, "sunlit_s") == pytest.approx(_a(outside, "sunlit_s"), abs=5.0)
