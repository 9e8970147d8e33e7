"""The compiled per-satellite state machine: power, battery, heat, dose and contacts, step by step.

:func:`run_chunk` advances every satellite through one chunk of time steps,
given their positions for that chunk, and carries the state (battery energy,
radiator temperature, eclipse and contact bookkeeping) to the next chunk. It
is compiled with numba and runs in parallel over satellites; each satellite's
loop over steps is sequential because the state depends on the step before.

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

import numba
import numpy as np

from ..physics.constants import R_EARTH, WGS84_FLATTENING
from ..physics.propagation import osculating_position, short_period_constants
from ..physics.shadow import illumination_scalar
from ._common import Float32Array, FloatArray

__all__ = ["ACC", "PAR", "STATE", "TS", "initial_state", "new_accumulators", "run_chunk", "station_cells"]


class _Index:
    """Column names of the parameter, state, accumulator and time-series arrays (``PAR.it`` -> column)."""

    def __init__(self, *names: str) -> None:
        self.names = names
        self._columns = {n: k for k, n in enumerate(names)}

    def __getattr__(self, name: str) -> int:
        try:
            return int(self.__dict__["_columns"][name])
        except KeyError:
            raise AttributeError(name) from None

    def __len__(self) -> int:
        return len(self.names)


PAR = _Index(
    "p_bol",
    "it",
    "bus",
    "hp_per_it",
    "cap_j",
    "floor_j",
    "eta_dist",
    "eta_half",
    "shed",
    "heat_cap",
    "emit",
    "q_ir",
    "q_sun",
    "t_design",
    "ladder",
    "fail_t",
    "n_acc",
)
STATE = _Index("energy_j", "temp_k", "in_eclipse", "eclipse_start", "prev_nu", "acc_ptr", "in_contact")
ACC = _Index(
    "sunlit_s",
    "eclipse_max_s",
    "eclipses",
    "min_soc",
    "max_temp",
    "power_throttle_s",
    "thermal_throttle_s",
    "bus_outage_s",
    "array_j",
    "used_j",
    "it_j",
    "compute_s",
    "dose_gy",
    "contact_s",
    "passes",
    "alive_s",
    "steps",
    "min_temp",
    "charge_j",
    "discharge_j",
)
TS = _Index("nu", "soc", "temp", "compute", "array_w", "dose_rate", "contact")

# integer column indices as plain module constants for the compiled kernel
(_P_BOL, _IT, _BUS, _HP, _CAP, _FLOOR, _ETA_D, _ETA_H, _SHED, _HC, _EMIT, _QIR, _QSUN, _TDES, _LADDER, _FAIL, _NACC) = (
    range(len(PAR))
)
_E, _T, _INE, _ES, _PNU, _PTR, _INC = range(len(STATE))
(
    _SUN,
    _EMAX,
    _NECL,
    _MINSOC,
    _MAXT,
    _PTHR,
    _TTHR,
    _BUSOUT,
    _ARR,
    _USED,
    _ITJ,
    _COMP,
    _DOSE,
    _CONT,
    _PASS,
    _ALIVE,
    _STEPS,
    _MINT,
    _CHG,
    _DIS,
) = range(len(ACC))
_VNU, _VSOC, _VT, _VC, _VARR, _VDOSE, _VCONT = range(len(TS))


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
    st[:, _E] = params[:, _CAP]
    st[:, _T] = temp_k
    st[:, _PNU] = 1.0
    st[:, _ES] = np.nan
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
def _dose_lookup(
    grid: Float32Array,
    lat: float,
    lon: float,
    alt: float,
    lat0: float,
    inv_dlat: float,
    lon0: float,
    inv_dlon: float,
    alt0: float,
    inv_dalt: float,
) -> float:  # pragma: no cover
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


@numba.njit(cache=True)
def _advance_satellite(
    s: int,
    pos: Float32Array,
    elem: FloatArray,
    elem_t0: float,
    sun: FloatArray,
    sun_dist: FloatArray,
    cos_g: FloatArray,
    sin_g: FloatArray,
    t_s: FloatArray,
    scale: FloatArray,
    dt: float,
    par: FloatArray,
    acc_times: FloatArray,
    acc_off: np.ndarray,
    dose_grid: Float32Array,
    dose_axes: FloatArray,
    st_pos: FloatArray,
    st_up: FloatArray,
    st_band_off: np.ndarray,
    st_band_idx: np.ndarray,
    st_cell_nlon: int,
    sin_mask: float,
    state: FloatArray,
    acc: FloatArray,
    bin_len: int,
    ts: Float32Array,
) -> None:  # pragma: no cover - compiled
    """Advance satellite ``s`` through the chunk (the body of :func:`run_chunk`'s parallel loop)."""
    nstep = t_s.shape[0]
    n_cell_lon = st_cell_nlon
    n_cell_lat = (st_band_off.shape[0] - 1) // n_cell_lon
    lat_scale = n_cell_lat / math.pi
    lon_scale = n_cell_lon / (2.0 * math.pi)
    nbins = ts.shape[1]
    lat0, inv_dlat, lon0 = dose_axes[0], 1.0 / dose_axes[1], dose_axes[2]
    inv_dlon, alt0, inv_dalt = 1.0 / dose_axes[3], dose_axes[4], 1.0 / dose_axes[5]
    sin_mask2 = sin_mask * sin_mask
    p_bol = par[s, _P_BOL]
    it_w = par[s, _IT]
    bus_w = par[s, _BUS]
    it_full = it_w * (1.0 + par[s, _HP])
    inv_it_full = 1.0 / it_full if it_full > 0.0 else 0.0
    cap = par[s, _CAP]
    inv_cap = 1.0 / cap if cap > 0.0 else 0.0
    floor = par[s, _FLOOR]
    eta_d = par[s, _ETA_D]
    eta_h = par[s, _ETA_H]
    inv_eta_h = 1.0 / eta_h
    shed = par[s, _SHED] > 0.5
    heat_cap = par[s, _HC]
    emit = par[s, _EMIT]
    q_ir = par[s, _QIR]
    q_sun = par[s, _QSUN]
    t_des = par[s, _TDES]
    inv_ladder = 1.0 / par[s, _LADDER]
    fail_t = par[s, _FAIL]
    n_acc = par[s, _NACC]
    a_lo = acc_off[s]
    n_fail = acc_off[s + 1] - a_lo
    first_step = acc[s, _STEPS] == 0.0
    # state
    energy = state[s, _E]
    temp = state[s, _T]
    in_ecl = state[s, _INE] > 0.5
    ecl_start = state[s, _ES]
    prev_nu = state[s, _PNU]
    ptr = int(state[s, _PTR])
    in_cont = state[s, _INC] > 0.5
    # accumulators (kept in registers, written back at the end)
    a_sun = 0.0
    a_emax = acc[s, _EMAX]
    a_necl = 0.0
    a_minsoc = acc[s, _MINSOC]
    a_maxt = acc[s, _MAXT]
    a_mint = acc[s, _MINT]
    a_pthr = 0.0
    a_tthr = 0.0
    a_busout = 0.0
    a_arr = 0.0
    a_used = 0.0
    a_itj = 0.0
    a_comp = 0.0
    a_dose = 0.0
    a_cont = 0.0
    a_pass = 0.0
    a_alive = 0.0
    a_chg = 0.0
    a_dis = 0.0
    b_nu = 0.0
    b_soc = 0.0
    b_t = 0.0
    b_c = 0.0
    b_arr = 0.0
    b_dose = 0.0
    b_cont = 0.0
    bi = 0
    nb = 0
    use_elem = elem.shape[0] > 0
    if use_elem:
        a_m = elem[s, 0]
        ecc = elem[s, 1]
        ci = elem[s, 2]
        si = elem[s, 3]
        u_rate = elem[s, 7] + elem[s, 9]
        cdu, sdu = math.cos(u_rate * dt), math.sin(u_rate * dt)
        cdn, sdn = math.cos(elem[s, 5] * dt), math.sin(elem[s, 5] * dt)
        k1, k2, beta, ey = short_period_constants(a_m, ecc, si)
    else:
        a_m = ecc = ci = si = u_rate = cdu = sdu = cdn = sdn = k1 = k2 = beta = ey = 0.0
    cu = su = co = so = 0.0
    for k in range(nstep):
        t = t_s[k]
        if use_elem:
            te = elem_t0 + k * dt
            if ecc == 0.0:
                # circular: rotate (cos u, sin u) and (cos Ω, sin Ω) by fixed angles per step,
                # re-anchored with exact values every 256 steps
                if k % 256 == 0:
                    uu = elem[s, 6] + elem[s, 8] + u_rate * te
                    node = elem[s, 4] + elem[s, 5] * te
                    cu, su = math.cos(uu), math.sin(uu)
                    co, so = math.cos(node), math.sin(node)
                x, y, z = osculating_position(a_m, cu, su, co, so, ci, si, k1, k2, beta, ey)
                cu, su = cu * cdu - su * sdu, su * cdu + cu * sdu
                co, so = co * cdn - so * sdn, so * cdn + co * sdn
            else:
                mean = elem[s, 8] + elem[s, 9] * te
                sm, cm = math.sin(mean), math.cos(mean)
                nu_true = mean + 2.0 * ecc * sm + 2.5 * ecc * ecc * sm * cm
                rr = a_m * (1.0 - ecc * cm + ecc * ecc * (1.0 - cm * cm))
                uu = elem[s, 6] + elem[s, 7] * te + nu_true
                node = elem[s, 4] + elem[s, 5] * te
                co, so = math.cos(node), math.sin(node)
                x, y, z = osculating_position(rr, math.cos(uu), math.sin(uu), co, so, ci, si, k1, k2, beta, ey)
        else:
            x = np.float64(pos[s, k, 0])
            y = np.float64(pos[s, k, 1])
            z = np.float64(pos[s, k, 2])
        nu = illumination_scalar(x, y, z, sun[k, 0], sun[k, 1], sun[k, 2], sun_dist[k])
        # eclipse bookkeeping: the eclipse is nu < 1/2 (umbra plus half the penumbra)
        if nu < 0.5:
            if not in_ecl:
                in_ecl = True
                if prev_nu >= 0.5 and not (first_step and k == 0):
                    ecl_start = t - dt * (0.5 - nu) / max(prev_nu - nu, 1e-12)
                else:
                    ecl_start = np.nan  # began before the run: not a complete eclipse
        elif in_ecl:
            in_ecl = False
            t_end = t - dt * (nu - 0.5) / max(nu - prev_nu, 1e-12)
            if not math.isnan(ecl_start):
                dur = t_end - ecl_start
                if dur > a_emax:
                    a_emax = dur
                a_necl += 1.0
        prev_nu = nu
        a_sun += nu

        # Earth-fixed position, latitude, longitude, altitude
        cg = cos_g[k]
        sg = sin_g[k]
        xe = cg * x + sg * y
        ye = -sg * x + cg * y
        rho2 = xe * xe + ye * ye
        r2 = rho2 + z * z
        r = math.sqrt(r2)
        lat = _atan2(z, math.sqrt(rho2))
        lon = _atan2(ye, xe)
        alt = r - R_EARTH * (1.0 - WGS84_FLATTENING * z * z / r2)
        rate = _dose_lookup(dose_grid, lat, lon, alt, lat0, inv_dlat, lon0, inv_dlon, alt0, inv_dalt)
        a_dose += rate
        b_dose += rate

        # ground contacts: only the stations listed for this cell can see the satellite
        seen = False
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
                seen = True
                break
        if seen:
            a_cont += 1.0
            b_cont += 1.0
            if not in_cont:
                a_pass += 1.0
        in_cont = seen

        f = 0.0
        p_array = 0.0
        used = 0.0
        q_env = q_ir + nu * q_sun
        if t < fail_t:
            a_alive += 1.0
            while ptr < n_fail and acc_times[a_lo + ptr] <= t:
                ptr += 1
            capacity = 1.0 - ptr / n_acc if n_acc > 0 else 1.0
            p_array = p_bol * scale[k] * nu
            p_avail = eta_d * p_array
            # thermal limit on the compute fraction
            f_th = 1.0 + (t_des - temp) * inv_ladder
            f = capacity
            if f_th < f:
                f = max(f_th, 0.0)
                a_tthr += 1.0
            load_it = it_full * f
            power_limited = False
            if shed and load_it > p_avail - bus_w:
                load_it = max(p_avail - bus_w, 0.0)
                power_limited = True
            net = p_avail - bus_w - load_it
            bus_out = 0.0
            if net >= 0.0:
                charge = min(net * eta_h * dt, cap - energy)
                energy += charge
                a_chg += charge
            else:
                need = -net * dt * inv_eta_h
                if energy - need >= floor:
                    energy -= need
                    a_dis += need
                else:
                    # shed compute first, down to what the array and the battery (to its floor) supply
                    power_limited = True
                    avail = max(energy - floor, 0.0) * eta_h / dt
                    supply_it = p_avail + avail - bus_w
                    if supply_it > 0.0:
                        load_it = min(load_it, supply_it)
                        draw = (bus_w + load_it - p_avail) * dt * inv_eta_h
                    else:
                        # the bus survives: it may empty the battery
                        load_it = 0.0
                        draw = (bus_w - p_avail) * dt * inv_eta_h
                    if draw > energy:
                        bus_out = 1.0 - energy / draw
                        draw = energy
                    energy -= draw
                    a_dis += draw
            used = bus_w * (1.0 - bus_out) + load_it
            f_new = load_it * inv_it_full
            if power_limited and f_new < f - 1e-9:
                a_pthr += 1.0
            f = f_new
            a_busout += bus_out
            a_arr += p_array
            a_used += used
            a_itj += it_w * f
            a_comp += f

        # radiator / coolant node (linearised backward Euler)
        t3 = temp * temp * temp
        temp += dt * (used + q_env - emit * t3 * temp) / (heat_cap + dt * 4.0 * emit * t3)

        soc = energy * inv_cap if cap > 0.0 else 1.0
        if soc < a_minsoc:
            a_minsoc = soc
        if temp > a_maxt:
            a_maxt = temp
        if temp < a_mint:
            a_mint = temp
        b_nu += nu
        b_soc += soc
        b_t += temp
        b_c += f
        b_arr += p_array
        nb += 1
        if nb == bin_len or k == nstep - 1:
            if bi < nbins:
                inv = 1.0 / nb
                ts[s, bi, _VNU] = b_nu * inv
                ts[s, bi, _VSOC] = b_soc * inv
                ts[s, bi, _VT] = b_t * inv
                ts[s, bi, _VC] = b_c * inv
                ts[s, bi, _VARR] = b_arr * inv
                ts[s, bi, _VDOSE] = b_dose * inv
                ts[s, bi, _VCONT] = b_cont * inv
            bi += 1
            nb = 0
            b_nu = 0.0
            b_soc = 0.0
            b_t = 0.0
            b_c = 0.0
            b_arr = 0.0
            b_dose = 0.0
            b_cont = 0.0
    acc[s, _SUN] += a_sun * dt
    acc[s, _EMAX] = a_emax
    acc[s, _NECL] += a_necl
    acc[s, _MINSOC] = a_minsoc
    acc[s, _MAXT] = a_maxt
    acc[s, _MINT] = a_mint
    acc[s, _PTHR] += a_pthr * dt
    acc[s, _TTHR] += a_tthr * dt
    acc[s, _BUSOUT] += a_busout * dt
    acc[s, _ARR] += a_arr * dt
    acc[s, _USED] += a_used * dt
    acc[s, _ITJ] += a_itj * dt
    acc[s, _COMP] += a_comp * dt
    acc[s, _DOSE] += a_dose * dt
    acc[s, _CONT] += a_cont * dt
    acc[s, _PASS] += a_pass
    acc[s, _ALIVE] += a_alive * dt
    acc[s, _STEPS] += nstep
    acc[s, _CHG] += a_chg
    acc[s, _DIS] += a_dis
    state[s, _E] = energy
    state[s, _T] = temp
    state[s, _INE] = 1.0 if in_ecl else 0.0
    state[s, _ES] = ecl_start
    state[s, _PNU] = prev_nu
    state[s, _PTR] = ptr
    state[s, _INC] = 1.0 if in_cont else 0.0


@numba.njit(parallel=True, cache=True)
def run_chunk(
    pos: Float32Array,
    elem: FloatArray,
    elem_t0: float,
    sun: FloatArray,
    sun_dist: FloatArray,
    cos_g: FloatArray,
    sin_g: FloatArray,
    t_s: FloatArray,
    scale: FloatArray,
    dt: float,
    par: FloatArray,
    acc_times: FloatArray,
    acc_off: np.ndarray,
    dose_grid: Float32Array,
    dose_axes: FloatArray,
    st_pos: FloatArray,
    st_up: FloatArray,
    st_band_off: np.ndarray,
    st_band_idx: np.ndarray,
    st_cell_nlon: int,
    sin_mask: float,
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
    elem : float64 array (n_sat, 10) or (0, 10)
        Secular-J2 mean elements and rates, columns a (m), e, cos i, sin i, Ω0, dΩ/dt, ω0, dω/dt,
        M0, dM/dt (rad, rad/s): positions are then computed here, as by
        :func:`skyrack.physics.propagation.j2_positions`, without a positions array.
    elem_t0 : float
        Time of the chunk's first step since the elements' epoch, s.
    sun : float64 array (n_step, 3)
        Unit vector to the Sun.
    sun_dist : float64 array (n_step,)
        Earth–Sun distance, m.
    cos_g, sin_g : float64 arrays (n_step,)
        Cosine and sine of the Earth rotation angle (GMST) at each step.
    t_s : float64 array (n_step,)
        Time since the start of the run, s.
    scale : float64 array (n_step,)
        Array power factor (degradation and seasonal irradiance).
    dt : float
        Step, s.
    par : float64 array (n_sat, len(PAR))
        Per-satellite parameters (columns of :data:`PAR`).
    acc_times : float64 array
        Accelerator failure times since the start, s, sorted within each satellite.
    acc_off : int64 array (n_sat + 1,)
        Satellite s owns ``acc_times[acc_off[s]:acc_off[s + 1]]``.
    dose_grid : float32 array (n_lat, n_lon, n_alt)
        Dose rate, Gy/s.
    dose_axes : float64 array (6,)
        lat0, dlat, lon0, dlon (rad), alt0, dalt (m) of the grid.
    st_pos, st_up : float64 arrays (n_station, 3)
        Earth-fixed station positions (m) and local vertical unit vectors.
    st_band_off, st_band_idx : int64 arrays
        Stations that may see a satellite above cell c are
        ``st_band_idx[st_band_off[c]:st_band_off[c + 1]]`` (see :func:`station_cells`).
    st_cell_nlon : int
        Number of longitude cells (the latitude cells follow from the offsets' length).
    sin_mask : float
        Sine of the elevation mask.
    state : float64 array (n_sat, len(STATE))
        Carried across chunks; updated in place.
    acc : float64 array (n_sat, len(ACC))
        Accumulators; updated in place.
    bin_len : int
        Steps per time-series bin.
    ts : float32 array (n_sat, n_bins, len(TS))
        Per-satellite bin means; overwritten.
    """
    for s in numba.prange(par.shape[0]):
        _advance_satellite(
            s,
            pos,
            elem,
            elem_t0,
            sun,
            sun_dist,
            cos_g,
            sin_g,
            t_s,
            scale,
            dt,
            par,
            acc_times,
            acc_off,
            dose_grid,
            dose_axes,
            st_pos,
            st_up,
            st_band_off,
            st_band_idx,
            st_cell_nlon,
            sin_mask,
            state,
            acc,
            bin_len,
            ts,
        )
