"""The compiled per-satellite state machine: power, battery, heat, dose and contacts, step by step.

:func:`run_chunk` advances every satellite through one chunk of time steps,
given their positions for that chunk, and carries the state (battery energy,
radiator temperature, eclipse and contact bookkeeping) to the next chunk. It
is compiled with numba and runs in parallel over satellites; each satellite's
loop over steps is sequential because the state depends on the step before.

The arrays share one column layout, declared once below as integer enums and
used by the kernel and by the Python side alike: :class:`PAR` (per-satellite
parameters), :class:`STATE` (carried between chunks), :class:`ACC` (run
accumulators), :class:`TS` (time-series bins) and :class:`STEP` (per-step
inputs common to the fleet). The kernel is a loop over steps: the orbit, the
eclipse bookkeeping and the time-series sums are written out in it, and one
inlined helper per subsystem does the rest (ground track, dose, contacts, power
and battery, heat, writing a time-series bin); the power and heat state and
accumulators travel as tuples that their helpers take and return.

Model, per satellite and step of length Δt (all powers in W):

Position
    Read from a positions array (SGP4, TLE/OMM fleets), or computed in the
    kernel from mean elements with the formulas of
    :func:`skyrack.physics.propagation.j2_positions` (secular J2, J3 frozen
    eccentricity, short-period J2), so design fleets need no positions array.

Array and loads
    P_array = P_BOL · s(t) · ν, with ν the visible fraction of the solar disc
    (:mod:`skyrack.physics.shadow`) and s(t) = (1 − D)^t_yr · (1 AU/d☉)² the
    degradation since beginning of life (SMAD eq. L_d = (1 − D)^L) and the
    seasonal irradiance, computed once per step for the fleet. The power that
    reaches the loads is η_dist · P_array. The loads are the IT power
    P_IT · f (f the compute fraction, 0..1 of the design IT power), the heat
    pump's work (proportional to f) and the bus P_bus.
Battery
    Energy E between 0 and the capacity C_bat from the design. Charging
    stores √η_rt of the surplus; discharging delivers √η_rt of what it takes
    (the round-trip efficiency split evenly between both directions). Surplus
    beyond a full battery is not collected (the array is off-pointed).
Policy when power runs short (stated, in this order)
    1. With ``shed_in_eclipse`` the IT load runs only on the array's direct
       power; the battery carries the bus alone.
    2. Otherwise the battery carries the deficit while E stays above the
       depth-of-discharge floor C_bat (1 − DoD).
    3. When the floor would be crossed, compute is shed first: f drops to what
       the array plus the battery down to the floor can supply.
    4. The bus always survives: with compute at zero it may take the battery
       below the floor down to empty; time with an empty battery and unmet
       bus load is counted as a bus outage.
Heat
    One lumped node for the radiator and coolant loop at temperature T:
    C dT/dt = Q + q_IR + ν q☉ − ε σ n A T⁴, where Q is the electric power used
    (every watt ends as heat), q_IR the absorbed Earth infrared and
    ν q☉ the absorbed direct solar and albedo of the design's radiator
    (Gilmore 2002, ch. 2), A the radiator area, n its emitting faces and C the
    heat capacity. It is integrated with a linearised backward-Euler step,
    T' = T + Δt (net) / (C + Δt · 4 ε σ n A T³), stable for any Δt.
Thermal throttling
    The junction sits above the radiator by the ladder ΔT = ΔT_j→c + ΔT_c→r
    at full load, proportionally less at partial load, so the junction limit
    T_j,max is kept when f ≤ (T_j,max − T)/ΔT, that is
    f ≤ 1 + (T_design − T)/ΔT with T_design the design radiator temperature.
Dose
    dD = Ḋ(lat, lon, alt) Δt, bilinear in latitude and longitude and linear in
    altitude on a table sampled from the dose model.
Contacts
    A station sees the satellite when the elevation is at least the mask:
    (d · û) ≥ sin(mask) |d|, with d the station-to-satellite vector and û the
    station's local vertical (Earth-fixed frame from the GMST rotation).

References
----------
.. [1] J. R. Wertz, W. J. Larson (eds.), *Space Mission Analysis and Design*,
       3rd ed., 1999, sec. 11.4 (array degradation, battery depth of
       discharge, charge and discharge paths).
.. [2] D. G. Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I,
       2nd ed., 2002, ch. 2 (environmental loads) and ch. 6 (radiators).
.. [3] F. P. Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th
       ed., 2007, sec. 5.3 (lumped capacitance) and table A.1 (specific heats).
.. [4] D. A. Vallado (2013), sec. 4.4 (site-track: elevation from the
       topocentric vector).
.. [5] M. Abramowitz, I. A. Stegun, *Handbook of Mathematical Functions*,
       NBS, 1964, eq. 4.4.47 (arctangent polynomial, |ε| ≤ 1e-5; used for the
       latitude and longitude that index the dose table).
"""

from __future__ import annotations

import math
from enum import IntEnum
from typing import Any

import numba
import numpy as np

from ..physics.constants import R_EARTH, WGS84_FLATTENING
from ..physics.propagation import ELEM, eccentric_position, osculating_position, short_period_constants
from ..physics.shadow import illumination_scalar
from ._common import Float32Array, FloatArray

__all__ = [
    "ACC",
    "PAR",
    "STATE",
    "STEP",
    "TS",
    "initial_state",
    "new_accumulators",
    "run_chunk",
    "station_cells",
    "step_table",
]


class PAR(IntEnum):
    """Columns of the per-satellite parameters ``par``, shape (n_sat, len(PAR))."""

    p_bol = 0  # array power at beginning of life in full Sun, W
    it = 1  # design IT power, W
    bus = 2  # bus power, W
    hp_per_it = 3  # heat-pump work per watt of IT power
    cap_j = 4  # battery capacity, J
    floor_j = 5  # depth-of-discharge floor, J
    eta_dist = 6  # power distribution efficiency
    eta_half = 7  # sqrt(round-trip efficiency): charge and discharge each
    shed = 8  # 1: compute runs on the array's direct power only
    heat_cap = 9  # heat capacity of the radiator and coolant node, J/K
    emit = 10  # ε σ n A of the radiator, W/K^4
    q_ir = 11  # absorbed Earth infrared, W
    q_sun = 12  # absorbed direct solar and albedo in full Sun, W
    t_design = 13  # design radiator temperature, K
    ladder = 14  # junction-to-radiator temperature rise at full load, K
    fail_t = 15  # failure time of the satellite since the start, s (inf: none)
    n_acc = 16  # accelerators on the satellite


class STATE(IntEnum):
    """Columns of the state ``state`` carried from chunk to chunk, shape (n_sat, len(STATE))."""

    energy_j = 0  # battery energy, J
    temp_k = 1  # radiator temperature, K
    in_eclipse = 2  # 1 while in eclipse
    eclipse_start = 3  # start of the current eclipse, s (NaN: began before the run)
    prev_nu = 4  # illuminated fraction at the previous step
    acc_ptr = 5  # accelerator failures so far
    in_contact = 6  # 1 while a station sees the satellite


class ACC(IntEnum):
    """Columns of the run accumulators ``acc``, shape (n_sat, len(ACC))."""

    sunlit_s = 0  # time-integrated illuminated fraction, s
    eclipse_max_s = 1  # longest complete eclipse, s
    eclipses = 2  # complete eclipses
    min_soc = 3  # lowest state of charge
    max_temp = 4  # highest radiator temperature, K
    power_throttle_s = 5  # time with compute cut for want of power, s
    thermal_throttle_s = 6  # time with compute cut by the junction limit, s
    bus_outage_s = 7  # time with the bus load unmet, s
    array_j = 8  # array energy, J
    used_j = 9  # energy used by the loads, J
    it_j = 10  # IT energy, J
    compute_s = 11  # time-integrated compute fraction, s
    dose_gy = 12  # dose, Gy
    contact_s = 13  # time seen by a station, s
    passes = 14  # station passes begun
    alive_s = 15  # time before the satellite's failure, s
    steps = 16  # steps done
    min_temp = 17  # lowest radiator temperature, K
    charge_j = 18  # energy stored in the battery, J
    discharge_j = 19  # energy taken from the battery, J
    lit_s = 20  # time out of eclipse (at least half the solar disc visible), s


class TS(IntEnum):
    """Columns of the per-satellite time-series bins ``ts``, shape (n_sat, n_bins, len(TS)).

    The first seven are means over the bin's steps; the last four are extremes over its steps.
    """

    nu = 0  # illuminated fraction
    soc = 1  # state of charge
    temp = 2  # radiator temperature, K
    compute = 3  # compute fraction
    array_w = 4  # array power, W
    dose_rate = 5  # dose rate, Gy/s
    contact = 6  # fraction of the bin seen by a station
    soc_min = 7  # lowest state of charge of any step in the bin
    temp_max = 8  # highest radiator temperature of any step in the bin, K
    compute_min = 9  # lowest compute fraction of any step in the bin
    dose_rate_max = 10  # highest dose rate of any step in the bin, Gy/s


class STEP(IntEnum):
    """Columns of the per-step inputs common to the fleet (:func:`step_table`), shape (n_step, len(STEP))."""

    t_s = 0  # time since the start of the run, s
    sun_x = 1  # unit vector to the Sun, inertial frame
    sun_y = 2
    sun_z = 3
    sun_dist = 4  # Earth-Sun distance, m
    cos_gmst = 5  # cosine and sine of the Earth rotation angle
    sin_gmst = 6
    scale = 7  # array power factor: degradation and seasonal irradiance


_N_TS_MEANS = int(TS.contact) + 1  # the mean columns of TS come first
_NO_ORBIT = (0.0,) * 13  # orbit constants of satellites whose positions are given
_HALF_DISC = 0.5
"""An eclipse is an illuminated fraction below one half (umbra plus half the penumbra)."""


def step_table(
    t_s: FloatArray, sun: FloatArray, sun_dist: FloatArray, gmst_rad: FloatArray, scale: FloatArray
) -> FloatArray:
    """The per-step inputs of :func:`run_chunk`, columns as :class:`STEP`.

    Parameters
    ----------
    t_s : numpy.ndarray
        Time since the start of the run, s, shape (n_step,).
    sun : numpy.ndarray
        Unit vector to the Sun, shape (n_step, 3).
    sun_dist : numpy.ndarray
        Earth–Sun distance, m.
    gmst_rad : numpy.ndarray
        Earth rotation angle (GMST), rad.
    scale : numpy.ndarray
        Array power factor (degradation and seasonal irradiance).
    """
    table = np.empty((t_s.shape[0], len(STEP)))
    table[:, STEP.t_s] = t_s
    table[:, STEP.sun_x : STEP.sun_z + 1] = sun
    table[:, STEP.sun_dist] = sun_dist
    table[:, STEP.cos_gmst] = np.cos(gmst_rad)
    table[:, STEP.sin_gmst] = np.sin(gmst_rad)
    table[:, STEP.scale] = scale
    return table


def new_accumulators(n: int) -> FloatArray:
    """Zeroed accumulators for ``n`` satellites (minima start at +inf, maxima at -inf)."""
    acc = np.zeros((n, len(ACC)))
    acc[:, ACC.min_soc] = np.inf
    acc[:, ACC.min_temp] = np.inf
    acc[:, ACC.max_temp] = -np.inf
    return acc


def initial_state(params: FloatArray, temp_k: FloatArray) -> FloatArray:
    """State at the start of the run: full battery, radiator at ``temp_k``, lit, no contact."""
    st = np.zeros((params.shape[0], len(STATE)))
    st[:, STATE.energy_j] = params[:, PAR.cap_j]
    st[:, STATE.temp_k] = temp_k
    st[:, STATE.prev_nu] = 1.0
    st[:, STATE.eclipse_start] = np.nan
    return st


def station_cells(
    station_lat_rad: FloatArray,
    station_lon_rad: FloatArray,
    max_central_angle_rad: float,
    n_lat: int = 36,
    n_lon: int = 72,
) -> tuple[np.ndarray, np.ndarray]:
    """For each latitude-longitude cell, the stations that may see a satellite above it.

    A station sees a satellite only if the Earth-central angle between them is at most
    λ_max = acos(R cos ε / r) − ε (elevation mask ε, orbit radius r; Vallado 2013, sec. 11.2).
    A station is listed for a cell when its great-circle distance to the cell's centre is at most
    λ_max plus the cell's half-diagonal, a conservative test; the kernel then checks the
    elevation of just those stations.

    Parameters
    ----------
    station_lat_rad, station_lon_rad : numpy.ndarray
        Station geodetic latitudes and longitudes, rad.
    max_central_angle_rad : float
        λ_max for the highest satellite, rad.
    n_lat, n_lon : int, optional
        Cells from −90° to 90° in latitude and −180° to 180° in longitude.

    Returns
    -------
    offsets : numpy.ndarray
        int64, shape ``(n_lat * n_lon + 1,)``; cell (i, k) is number i * n_lon + k.
    index : numpy.ndarray
        int64 station indices, cell by cell.
    """
    lat = np.asarray(station_lat_rad, dtype=np.float64)
    lon = np.asarray(station_lon_rad, dtype=np.float64)
    dlat, dlon = np.pi / n_lat, 2.0 * np.pi / n_lon
    c_lat = -0.5 * np.pi + (np.arange(n_lat) + 0.5) * dlat
    c_lon = -np.pi + (np.arange(n_lon) + 0.5) * dlon
    glat, glon = np.meshgrid(c_lat, c_lon, indexing="ij")
    glat, glon = glat.reshape(-1, 1), glon.reshape(-1, 1)
    cos_d = np.sin(glat) * np.sin(lat) + np.cos(glat) * np.cos(lat) * np.cos(glon - lon)
    dist = np.arccos(np.clip(cos_d, -1.0, 1.0))  # (cells, stations)
    reach = max_central_angle_rad + 0.5 * math.hypot(dlat, dlon) + 1e-3
    members = [np.nonzero(row <= reach)[0] for row in dist]
    offsets = np.zeros(n_lat * n_lon + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([m.size for m in members])
    index = np.concatenate(members).astype(np.int64) if members else np.zeros(0, np.int64)
    return offsets, index


# Abramowitz & Stegun (1964) 4.4.47: arctan x on [-1, 1] with |error| <= 1e-5 rad
_AT1, _AT3, _AT5, _AT7, _AT9 = 0.9998660, -0.3302995, 0.1801410, -0.0851330, 0.0208351


@numba.njit(cache=True, inline="always")
def _atan2(y: float, x: float) -> float:  # pragma: no cover - compiled
    """atan2 to 1e-5 rad from the polynomial of Abramowitz & Stegun (1964), eq. 4.4.47."""
    ax = abs(x)
    ay = abs(y)
    if ax == 0.0 and ay == 0.0:
        return 0.0
    swap = ay > ax
    q = ax / ay if swap else ay / ax
    q2 = q * q
    a = q * (_AT1 + q2 * (_AT3 + q2 * (_AT5 + q2 * (_AT7 + q2 * _AT9))))
    if swap:
        a = 0.5 * math.pi - a
    if x < 0.0:
        a = math.pi - a
    return -a if y < 0.0 else a


@numba.njit(cache=True, inline="always")
def _dose_lookup(grid: Float32Array, axes: Any, lat: float, lon: float, alt: float) -> float:  # pragma: no cover
    """Dose rate at (lat, lon, alt), bilinear in latitude and longitude, linear in altitude.

    ``axes`` is (lat0, 1/dlat, lon0, 1/dlon, alt0, 1/dalt) from :func:`_dose_axes`.
    """
    lat0, inv_dlat, lon0, inv_dlon, alt0, inv_dalt = axes
    nlat, nlon, nalt = grid.shape[0], grid.shape[1], grid.shape[2]
    fi = (lat - lat0) * inv_dlat
    fj = (lon - lon0) * inv_dlon
    i = min(max(math.floor(fi), 0), nlat - 2)
    j = min(max(math.floor(fj), 0), nlon - 2)
    u = min(max(fi - i, 0.0), 1.0)
    v = min(max(fj - j, 0.0), 1.0)
    if nalt > 1:
        fk = (alt - alt0) * inv_dalt
        k = min(max(math.floor(fk), 0), nalt - 2)
        w = min(max(fk - k, 0.0), 1.0)
    else:
        k = 0
        w = 0.0
    total = 0.0
    for kk in range(2 if nalt > 1 else 1):
        wk = (1.0 - w) if kk == 0 else w
        g00 = grid[i, j, k + kk]
        g01 = grid[i, j + 1, k + kk]
        g10 = grid[i + 1, j, k + kk]
        g11 = grid[i + 1, j + 1, k + kk]
        total += wk * ((1 - u) * ((1 - v) * g00 + v * g01) + u * ((1 - v) * g10 + v * g11))
    return total


# --------------------------------------------------------------------------- per-satellite constants


@numba.njit(cache=True, inline="always")
def _dose_axes(dose_axes: FloatArray) -> Any:  # pragma: no cover - compiled
    """(lat0, 1/dlat, lon0, 1/dlon, alt0, 1/dalt) of the dose table."""
    return (
        dose_axes[0],
        1.0 / dose_axes[1],
        dose_axes[2],
        1.0 / dose_axes[3],
        dose_axes[4],
        1.0 / dose_axes[5],
    )


@numba.njit(cache=True, inline="always")
def _cell_geometry(st_band_off: np.ndarray, st_cell_nlon: int, sin_mask: float) -> Any:  # pragma: no cover
    """(latitude cells, longitude cells, cells per rad of latitude and of longitude, sin² of the mask)."""
    n_lat = (st_band_off.shape[0] - 1) // st_cell_nlon
    return n_lat, st_cell_nlon, n_lat / math.pi, st_cell_nlon / (2.0 * math.pi), sin_mask * sin_mask


@numba.njit(cache=True, inline="always")
def _orbit_constants(elem: FloatArray, s: int, dt: float) -> Any:  # pragma: no cover - compiled
    """Per-satellite constants of the in-kernel J2 position: a, e, cos i, sin i, du/dt, the per-step
    rotations of u and of the node (cos, sin), and the short-period constants K1, K2, β, e_y."""
    a_m = elem[s, ELEM.a_m]
    ecc = elem[s, ELEM.ecc]
    si = elem[s, ELEM.sin_i]
    u_rate = elem[s, ELEM.argp_rate] + elem[s, ELEM.mean_anomaly_rate]
    node_rate = elem[s, ELEM.raan_rate]
    k1, k2, beta, ey = short_period_constants(a_m, ecc, si)
    return (
        a_m,
        ecc,
        elem[s, ELEM.cos_i],
        si,
        u_rate,
        math.cos(u_rate * dt),
        math.sin(u_rate * dt),
        math.cos(node_rate * dt),
        math.sin(node_rate * dt),
        k1,
        k2,
        beta,
        ey,
    )


@numba.njit(cache=True, inline="always")
def _power_constants(par: FloatArray, s: int, acc_off: np.ndarray) -> Any:  # pragma: no cover - compiled
    """Per-satellite constants of :func:`_power_step`."""
    it_w = par[s, PAR.it]
    it_full = it_w * (1.0 + par[s, PAR.hp_per_it])
    eta_h = par[s, PAR.eta_half]
    return (
        par[s, PAR.p_bol],
        it_w,
        it_full,
        1.0 / it_full if it_full > 0.0 else 0.0,
        par[s, PAR.bus],
        par[s, PAR.cap_j],
        par[s, PAR.floor_j],
        par[s, PAR.eta_dist],
        eta_h,
        1.0 / eta_h,
        par[s, PAR.shed] > 0.5,
        par[s, PAR.t_design],
        1.0 / par[s, PAR.ladder],
        par[s, PAR.n_acc],
        acc_off[s],
        acc_off[s + 1] - acc_off[s],
    )


# --------------------------------------------------------------------------- one step, subsystem by subsystem


@numba.njit(cache=True, inline="always")
def _ground_track(x: float, y: float, z: float, cg: float, sg: float) -> Any:  # pragma: no cover - compiled
    """Earth-fixed x, y (m), geocentric latitude and longitude (rad) and height above WGS-84 (m).

    The height uses the ellipsoid radius to first order in the flattening, R (1 − f sin²φ).
    """
    xe = cg * x + sg * y
    ye = -sg * x + cg * y
    rho2 = xe * xe + ye * ye
    r2 = rho2 + z * z
    r = math.sqrt(r2)
    lat = _atan2(z, math.sqrt(rho2))
    lon = _atan2(ye, xe)
    alt = r - R_EARTH * (1.0 - WGS84_FLATTENING * z * z / r2)
    return xe, ye, lat, lon, alt


@numba.njit(cache=True, inline="always")
def _in_view(
    xe: float,
    ye: float,
    z: float,
    lat: float,
    lon: float,
    st_pos: FloatArray,
    st_up: FloatArray,
    st_band_off: np.ndarray,
    st_band_idx: np.ndarray,
    cells: Any,
) -> bool:  # pragma: no cover - compiled
    """Whether a station listed for the satellite's cell sees it above the mask: (d·û)² ≥ sin²(mask) |d|²."""
    n_cell_lat, n_cell_lon, lat_scale, lon_scale, sin_mask2 = cells
    cell_i = min(max(int((lat + 0.5 * math.pi) * lat_scale), 0), n_cell_lat - 1)
    cell_k = min(max(int((lon + math.pi) * lon_scale), 0), n_cell_lon - 1)
    band = cell_i * n_cell_lon + cell_k
    for jj in range(st_band_off[band], st_band_off[band + 1]):
        j = st_band_idx[jj]
        dx = xe - st_pos[j, 0]
        dy = ye - st_pos[j, 1]
        dz = z - st_pos[j, 2]
        num = dx * st_up[j, 0] + dy * st_up[j, 1] + dz * st_up[j, 2]
        if num > 0.0 and num * num >= sin_mask2 * (dx * dx + dy * dy + dz * dz):
            return True
    return False


@numba.njit(cache=True, inline="always")
def _battery(energy: float, load_it: float, p_avail: float, pc: Any, dt: float) -> Any:  # pragma: no cover - compiled
    """Battery over one step: (IT load W, energy J, charged J, discharged J, bus outage fraction, power-limited).

    Charging stores √η of the surplus up to the capacity; a deficit is drawn at 1/√η down to the
    depth-of-discharge floor; below it compute is shed first, and the bus alone may empty the battery.
    """
    cap, floor, eta_h, inv_eta_h = pc[5], pc[6], pc[8], pc[9]
    bus_w = pc[4]
    net = p_avail - bus_w - load_it
    if net >= 0.0:
        charge = min(net * eta_h * dt, cap - energy)
        return load_it, energy + charge, charge, 0.0, 0.0, False
    need = -net * dt * inv_eta_h
    if energy - need >= floor:
        return load_it, energy - need, 0.0, need, 0.0, False
    # shed compute first, down to what the array and the battery (to its floor) supply
    avail = max(energy - floor, 0.0) * eta_h / dt
    supply_it = p_avail + avail - bus_w
    if supply_it > 0.0:
        load_it = min(load_it, supply_it)
        draw = (bus_w + load_it - p_avail) * dt * inv_eta_h
    else:
        load_it = 0.0  # the bus survives: it may empty the battery
        draw = (bus_w - p_avail) * dt * inv_eta_h
    bus_out = 0.0
    if draw > energy:
        bus_out = 1.0 - energy / draw
        draw = energy
    return load_it, energy - draw, 0.0, draw, bus_out, True


@numba.njit(cache=True, inline="always")
def _power_step(
    power: Any, t: float, scale: float, nu: float, temp: float, pc: Any, acc_times: FloatArray, dt: float
) -> Any:  # pragma: no cover - compiled
    """Power over one step of a working satellite: returns (power tuple, compute fraction f, array W, used W).

    power = (energy J, failed accelerators, Σalive, Σthermal-throttled, Σpower-throttled, Σbus outage,
    Σarray W, Σused W, ΣIT W, Σf, charged J, discharged J), sums over steps.
    """
    energy, ptr, alive, t_thr, p_thr, bus_out_sum, arr, used_sum, it_sum, comp, chg, dis = power
    p_bol, it_w, it_full, inv_it_full, bus_w = pc[0], pc[1], pc[2], pc[3], pc[4]
    eta_d, shed, t_des, inv_ladder, n_acc, a_lo, n_fail = pc[7], pc[10], pc[11], pc[12], pc[13], pc[14], pc[15]
    alive += 1.0
    while ptr < n_fail and acc_times[a_lo + ptr] <= t:
        ptr += 1
    capacity = 1.0 - ptr / n_acc if n_acc > 0 else 1.0
    p_array = p_bol * scale * nu
    p_avail = eta_d * p_array
    # thermal limit on the compute fraction: the junction rises by f·ladder above the radiator
    f_th = 1.0 + (t_des - temp) * inv_ladder
    f = capacity
    if f_th < f:
        f = max(f_th, 0.0)
        t_thr += 1.0
    load_it = it_full * f
    power_limited = False
    if shed and load_it > p_avail - bus_w:
        load_it = max(p_avail - bus_w, 0.0)
        power_limited = True
    load_it, energy, charge, draw, bus_out, short = _battery(energy, load_it, p_avail, pc, dt)
    power_limited = power_limited or short
    used = bus_w * (1.0 - bus_out) + load_it
    f_new = load_it * inv_it_full
    if power_limited and f_new < f - 1e-9:
        p_thr += 1.0
    f = f_new
    power = (
        energy,
        ptr,
        alive,
        t_thr,
        p_thr,
        bus_out_sum + bus_out,
        arr + p_array,
        used_sum + used,
        it_sum + it_w * f,
        comp + f,
        chg + charge,
        dis + draw,
    )
    return power, f, p_array, used


@numba.njit(cache=True, inline="always")
def _heat_step(
    heat: Any, used: float, q_env: float, emit: float, heat_cap: float, dt: float
) -> Any:  # pragma: no cover
    """Radiator and coolant node, linearised backward Euler: T' = T + Δt·net / (C + 4 Δt ε σ n A T³).

    heat = (T K, highest T, lowest T); ``used`` W of electric power and ``q_env`` W absorbed from
    the environment heat the node.
    """
    temp, max_t, min_t = heat
    t3 = temp * temp * temp
    temp = temp + dt * (used + q_env - emit * t3 * temp) / (heat_cap + dt * 4.0 * emit * t3)
    if temp > max_t:
        max_t = temp
    if temp < min_t:
        min_t = temp
    return temp, max_t, min_t


@numba.njit(cache=True, inline="always")
def _write_bin(
    ts: Float32Array, s: int, bi: int, sums: Any, nb: int, extremes: Any
) -> None:  # pragma: no cover - compiled
    """Write bin ``bi`` if ``ts`` has room: means (``sums`` over ``nb`` steps) and ``extremes``, as :class:`TS`."""
    if bi < ts.shape[1]:
        inv = 1.0 / nb
        for c in range(_N_TS_MEANS):
            ts[s, bi, c] = sums[c] * inv
        ts[s, bi, TS.soc_min] = extremes[0]
        ts[s, bi, TS.temp_max] = extremes[1]
        ts[s, bi, TS.compute_min] = extremes[2]
        ts[s, bi, TS.dose_rate_max] = extremes[3]


# --------------------------------------------------------------------------- state in and out


@numba.njit(cache=True, inline="always")
def _load(state: FloatArray, acc: FloatArray, s: int) -> Any:  # pragma: no cover - compiled
    """The light, power and heat tuples at the start of a chunk (sums at zero, extrema carried).

    light = (in eclipse, eclipse start s, previous ν, Σν, longest eclipse s, eclipses, steps lit); power as
    :func:`_power_step`; heat = (radiator temperature K, highest, lowest).
    """
    in_ecl, ecl_start, prev_nu = state[s, STATE.in_eclipse], state[s, STATE.eclipse_start], state[s, STATE.prev_nu]
    light = (in_ecl, ecl_start, prev_nu, 0.0, acc[s, ACC.eclipse_max_s], 0.0, 0.0)
    energy, ptr = state[s, STATE.energy_j], int(state[s, STATE.acc_ptr])
    power = (energy, ptr, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    heat = (state[s, STATE.temp_k], acc[s, ACC.max_temp], acc[s, ACC.min_temp])
    return light, power, heat


@numba.njit(cache=True, inline="always")
def _save(
    state: FloatArray,
    acc: FloatArray,
    s: int,
    light: Any,
    power: Any,
    heat: Any,
    ground: Any,
    dt: float,
    n: int,
) -> None:  # pragma: no cover - compiled
    """Write the chunk's tuples back: state for the next chunk, sums (× Δt for time integrals) to ``acc``.

    ground = (Σ dose rate, steps in contact, passes, in contact, lowest state of charge).
    """
    in_ecl, ecl_start, prev_nu, sunlit, longest, count, lit = light
    energy, ptr, alive, t_thr, p_thr, bus_out, arr, used, it, comp, chg, dis = power
    temp, max_t, min_t = heat
    dose, contact, passes, in_cont, min_soc = ground
    acc[s, ACC.sunlit_s] += sunlit * dt
    acc[s, ACC.lit_s] += lit * dt
    acc[s, ACC.eclipse_max_s] = longest
    acc[s, ACC.eclipses] += count
    acc[s, ACC.min_soc] = min_soc
    acc[s, ACC.max_temp] = max_t
    acc[s, ACC.min_temp] = min_t
    acc[s, ACC.power_throttle_s] += p_thr * dt
    acc[s, ACC.thermal_throttle_s] += t_thr * dt
    acc[s, ACC.bus_outage_s] += bus_out * dt
    acc[s, ACC.array_j] += arr * dt
    acc[s, ACC.used_j] += used * dt
    acc[s, ACC.it_j] += it * dt
    acc[s, ACC.compute_s] += comp * dt
    acc[s, ACC.dose_gy] += dose * dt
    acc[s, ACC.contact_s] += contact * dt
    acc[s, ACC.passes] += passes
    acc[s, ACC.alive_s] += alive * dt
    acc[s, ACC.steps] += n
    acc[s, ACC.charge_j] += chg
    acc[s, ACC.discharge_j] += dis
    state[s, STATE.energy_j] = energy
    state[s, STATE.temp_k] = temp
    state[s, STATE.in_eclipse] = in_ecl
    state[s, STATE.eclipse_start] = ecl_start
    state[s, STATE.prev_nu] = prev_nu
    state[s, STATE.acc_ptr] = ptr
    state[s, STATE.in_contact] = in_cont


# --------------------------------------------------------------------------- the kernel


@numba.njit(cache=True)
def _advance_satellite(
    s: int,
    pos: Float32Array,
    elem: FloatArray,
    elem_t0: float,
    steps: FloatArray,
    dt: float,
    par: FloatArray,
    failures: Any,
    dose: Any,
    stations: Any,
    state: FloatArray,
    acc: FloatArray,
    bin_len: int,
    ts: Float32Array,
) -> None:  # pragma: no cover - compiled
    """Advance satellite ``s`` through the chunk (the body of :func:`run_chunk`'s parallel loop).

    The orbit, the eclipse bookkeeping and the time-series sums are written out in the loop: as
    helpers passing their state in tuples they cost about 8 % of the kernel's speed (measured on
    one thread); the other subsystems are helpers.
    """
    acc_times, acc_off = failures
    dose_grid, dose_axes = dose
    st_pos, st_up, st_band_off, st_band_idx, st_cell_nlon, sin_mask = stations
    axes = _dose_axes(dose_axes)
    cells = _cell_geometry(st_band_off, st_cell_nlon, sin_mask)
    pc = _power_constants(par, s, acc_off)
    q_ir, q_sun, emit, heat_cap = par[s, PAR.q_ir], par[s, PAR.q_sun], par[s, PAR.emit], par[s, PAR.heat_cap]
    fail_t, cap = par[s, PAR.fail_t], par[s, PAR.cap_j]
    inv_cap = 1.0 / cap if cap > 0.0 else 0.0
    run_start = acc[s, ACC.steps] == 0.0
    light, power, heat = _load(state, acc, s)
    in_ecl, ecl_start, prev_nu, sunlit, longest, count, lit = light
    in_cont, min_soc = state[s, STATE.in_contact], acc[s, ACC.min_soc]
    dose_sum, contact, passes = 0.0, 0.0, 0.0
    bi, nb = 0, 0
    b_nu = b_soc = b_t = b_c = b_arr = b_dose = b_cont = 0.0  # sums over the open time-series bin
    lo_soc, hi_t, lo_c, hi_dose = np.inf, -np.inf, np.inf, -np.inf  # its extremes
    use_elem = elem.shape[0] > 0
    a_m, ecc, ci, si, u_rate, cdu, sdu, cdn, sdn, k1, k2, beta, ey = (
        _orbit_constants(elem, s, dt) if use_elem else _NO_ORBIT
    )
    cu = su = co = so = 0.0
    nstep = steps.shape[0]
    for k in range(nstep):
        t = steps[k, STEP.t_s]
        # orbit: J2 mean elements (positions of skyrack.physics.propagation.j2_positions) or given positions
        if use_elem:
            te = elem_t0 + k * dt
            if ecc == 0.0:
                if k % 256 == 0:  # circular: exact every 256 steps, rotated by fixed angles in between
                    uu = elem[s, ELEM.argp] + elem[s, ELEM.mean_anomaly] + u_rate * te
                    node = elem[s, ELEM.raan] + elem[s, ELEM.raan_rate] * te
                    cu, su = math.cos(uu), math.sin(uu)
                    co, so = math.cos(node), math.sin(node)
                x, y, z = osculating_position(a_m, cu, su, co, so, ci, si, k1, k2, beta, ey)
                cu, su = cu * cdu - su * sdu, su * cdu + cu * sdu
                co, so = co * cdn - so * sdn, so * cdn + co * sdn
            else:
                mean = elem[s, ELEM.mean_anomaly] + elem[s, ELEM.mean_anomaly_rate] * te
                argp = elem[s, ELEM.argp] + elem[s, ELEM.argp_rate] * te
                node = elem[s, ELEM.raan] + elem[s, ELEM.raan_rate] * te
                x, y, z = eccentric_position(a_m, ecc, mean, argp, node, (ci, si, k1, k2, beta, ey))
        else:
            x, y, z = np.float64(pos[s, k, 0]), np.float64(pos[s, k, 1]), np.float64(pos[s, k, 2])
        sx, sy, sz, sd = steps[k, STEP.sun_x], steps[k, STEP.sun_y], steps[k, STEP.sun_z], steps[k, STEP.sun_dist]
        nu = illumination_scalar(x, y, z, sx, sy, sz, sd)
        # light: the eclipse is ν < 1/2, less than half the solar disc visible
        # (skyrack.physics.illumination.ECLIPSE_DEFINITION, the design's definition too); ingress and
        # egress interpolated in ν; an eclipse under way at the start is not counted
        if nu < _HALF_DISC:
            if in_ecl == 0.0:
                in_ecl = 1.0
                ecl_start = np.nan  # began before the run: not a complete eclipse
                if prev_nu >= _HALF_DISC and not (run_start and k == 0):
                    ecl_start = t - dt * (_HALF_DISC - nu) / max(prev_nu - nu, 1e-12)
        else:
            lit += 1.0
            if in_ecl != 0.0:
                in_ecl = 0.0
                t_end = t - dt * (nu - _HALF_DISC) / max(nu - prev_nu, 1e-12)
                if not math.isnan(ecl_start):
                    dur = t_end - ecl_start
                    if dur > longest:
                        longest = dur
                    count += 1.0
        prev_nu = nu
        sunlit += nu
        # ground track, dose and contacts
        xe, ye, lat, lon, alt = _ground_track(x, y, z, steps[k, STEP.cos_gmst], steps[k, STEP.sin_gmst])
        rate = _dose_lookup(dose_grid, axes, lat, lon, alt)
        dose_sum += rate
        seen = _in_view(xe, ye, z, lat, lon, st_pos, st_up, st_band_off, st_band_idx, cells)
        if seen:
            contact += 1.0
            if in_cont == 0.0:
                passes += 1.0
        in_cont = 1.0 if seen else 0.0
        # power, battery and heat
        f, p_array, used = 0.0, 0.0, 0.0
        if t < fail_t:
            power, f, p_array, used = _power_step(power, t, steps[k, STEP.scale], nu, heat[0], pc, acc_times, dt)
        heat = _heat_step(heat, used, q_ir + nu * q_sun, emit, heat_cap, dt)
        soc = power[0] * inv_cap if cap > 0.0 else 1.0
        if soc < min_soc:
            min_soc = soc
        b_nu, b_soc, b_t, b_c = b_nu + nu, b_soc + soc, b_t + heat[0], b_c + f
        b_arr, b_dose, b_cont, nb = b_arr + p_array, b_dose + rate, b_cont + in_cont, nb + 1
        lo_soc, hi_t, lo_c, hi_dose = min(lo_soc, soc), max(hi_t, heat[0]), min(lo_c, f), max(hi_dose, rate)
        if nb == bin_len or k == nstep - 1:
            _write_bin(ts, s, bi, (b_nu, b_soc, b_t, b_c, b_arr, b_dose, b_cont), nb, (lo_soc, hi_t, lo_c, hi_dose))
            bi, nb = bi + 1, 0
            b_nu = b_soc = b_t = b_c = b_arr = b_dose = b_cont = 0.0
            lo_soc, hi_t, lo_c, hi_dose = np.inf, -np.inf, np.inf, -np.inf
    light = (in_ecl, ecl_start, prev_nu, sunlit, longest, count, lit)
    _save(state, acc, s, light, power, heat, (dose_sum, contact, passes, in_cont, min_soc), dt, nstep)


@numba.njit(parallel=True, cache=True)
def run_chunk(
    pos: Float32Array,
    elem: FloatArray,
    elem_t0: float,
    steps: FloatArray,
    dt: float,
    par: FloatArray,
    failures: Any,
    dose: Any,
    stations: Any,
    state: FloatArray,
    acc: FloatArray,
    bin_len: int,
    ts: Float32Array,
) -> None:  # pragma: no cover - compiled
    """Advance every satellite through one chunk of steps (see the module docstring).

    Parameters
    ----------
    pos : float32 array (n_sat, n_step, 3)
        Inertial positions, m (SGP4 or file input). Ignored when ``elem`` has rows.
    elem : float64 array (n_sat, len(ELEM)) or (0, len(ELEM))
        Secular-J2 mean elements and rates, columns as
        :class:`skyrack.physics.propagation.ELEM`: positions are then computed here, as by
        :func:`skyrack.physics.propagation.j2_positions`, without a positions array.
    elem_t0 : float
        Time of the chunk's first step since the elements' epoch, s.
    steps : float64 array (n_step, len(STEP))
        Per-step inputs common to the fleet, columns as :class:`STEP` (see :func:`step_table`).
    dt : float
        Step, s.
    par : float64 array (n_sat, len(PAR))
        Per-satellite parameters, columns as :class:`PAR`.
    failures : tuple (acc_times, acc_off)
        Accelerator failure times since the start, s, sorted within each satellite (float64), and
        int64 offsets (n_sat + 1,): satellite s owns ``acc_times[acc_off[s]:acc_off[s + 1]]``.
    dose : tuple (grid, axes)
        Dose rate, Gy/s, float32 (n_lat, n_lon, n_alt), and the grid's lat0, dlat, lon0, dlon (rad),
        alt0, dalt (m) as a float64 array (6,).
    stations : tuple (st_pos, st_up, st_band_off, st_band_idx, st_cell_nlon, sin_mask)
        Earth-fixed station positions (m) and local vertical unit vectors, float64 (n_station, 3);
        the stations that may see a satellite above cell c,
        ``st_band_idx[st_band_off[c]:st_band_off[c + 1]]`` (see :func:`station_cells`); the number
        of longitude cells; the sine of the elevation mask.
    state : float64 array (n_sat, len(STATE))
        Carried across chunks, columns as :class:`STATE`; updated in place.
    acc : float64 array (n_sat, len(ACC))
        Accumulators, columns as :class:`ACC`; updated in place.
    bin_len : int
        Steps per time-series bin.
    ts : float32 array (n_sat, n_bins, len(TS))
        Per-satellite bin means and extremes, columns as :class:`TS`; overwritten.
    """
    for s in numba.prange(par.shape[0]):
        _advance_satellite(s, pos, elem, elem_t0, steps, dt, par, failures, dose, stations, state, acc, bin_len, ts)
