"""Closed-form sizing: from scenario parameters to a sized constellation.

:func:`size` is the sizing step of the pipeline (:mod:`skyrack.pipeline`). It takes the flat
parameters of :mod:`skyrack.params` (floats or arrays that broadcast) and returns a flat
mapping of sized quantities, so that one call sizes one design or a million.
The steps, in order: orbit and illumination; compute; power (array for the
worst orbit of the year, battery for its darkness); thermal (radiator
from the chip-to-radiator ladder, optional heat pump); shielding; bus and
dry mass; propellant for drag over the mission, avoidance and disposal, by the
rocket equation (:func:`_propulsion`; a stated flat ``satellite.bus.propulsion_fraction``
replaces it), and the launch (wet) mass; launches by mass and by volume; radiation (mission dose, margins
to the accelerator's dose thresholds, single-event error budget). Every
physical step is a function of :mod:`skyrack.physics` that cites its source.

Eclipse statistics (``orbit.eclipse_days_per_year``, ``orbit.max_eclipse_s``,
``orbit.sunlit_fraction``) count the time with less than half the solar disc
visible (:data:`skyrack.physics.illumination.ECLIPSE_DEFINITION`), as the
simulation does. Energy uses the penumbra too: the array and battery are sized
for the worst orbit's darkness, umbra plus half the penumbra
(``orbit.max_darkness_s``), and compute shed in eclipse runs for the mean
illumination (``orbit.mean_illumination``).

Published figures (``published.*``, :mod:`skyrack.scenario.published`) replace what the
steps would derive (satellite mass or W/kg, array and radiator areas, battery, compute
mass per kW, dose per year, launches, launch cost) and drive what follows from them; each
is checked against what the same physics needs, as a margin (``published.*_margin``)
and, below 1, a feasibility bit (:func:`skyrack.feasibility.published_code`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from .feasibility import (
    BAD_HEAT_PUMP,
    CHIPS_TOO_HOT,
    NO_SSO,
    NOT_ENOUGH_POWER,
    PROPELLANT_RUNAWAY,
    RADIATOR_BELOW_SINK,
    REASON_FIELDS,
    REASONS,
    SATELLITE_TOO_BIG,
    given_margin,
    not_given,
    published_code,
)
from .physics import (
    compute,
    debris,
    drag,
    launch,
    mass,
    orbit,
    power,
    radiation_effects,
    shielding,
    station_keeping,
    thermal,
)
from .physics._arrays import _FLOAT, _f as _a, _nan_to
from .physics.constants import MU_EARTH, R_EARTH, SIGMA, YEAR_S
from .physics.illumination import Shadow, YearlyIllumination, sso_illumination_interpolated, yearly_illumination
from .physics.orbit_dose import OrbitRadiation, orbit_radiation

Array = npt.NDArray[np.float64]

__all__ = ["REASONS", "REASON_FIELDS", "launch_price_per_flight", "size"]

# Above this many distinct orbits in one batch, SSO illumination comes from the
# interpolated table (checked against the direct computation in the tests).
DIRECT_ORBIT_LIMIT = 512


def _given(p: Mapping[str, Any], name: str) -> Array:
    """A published figure (``published.*``), NaN where the scenario does not give it."""
    return _a(p.get(f"published.{name}", np.nan))


def _choose(condition: Any, if_true: Any, if_false: Any) -> Any:
    """``np.where(condition, if_true, if_false)``, except that one condition for the whole batch (a scenario
    choice, a value given or not) takes its branch as it is instead of broadcasting it against the other.

    The values and dtype are np.where's; a branch that is one number stays one number (a numpy scalar),
    so quantities that do not vary over a batch stay scalars downstream and in the outputs.
    """
    if type(condition) is not np.bool_ and np.ndim(condition):
        return np.where(condition, if_true, if_false)
    if type(if_true) in _FLOAT and type(if_false) in _FLOAT:  # the usual case: np.result_type is float64
        return np.float64(if_true if condition else if_false)
    chosen = np.asarray(if_true if condition else if_false, dtype=np.result_type(if_true, if_false))
    return chosen[()] if chosen.ndim == 0 else chosen.copy()


@lru_cache(maxsize=1024)
def _one_orbit_illumination(
    h: float, inc: float, ltan: float, year: int, sso: bool, shadow: Shadow
) -> tuple[float, ...]:
    """:func:`yearly_illumination` of one orbit as floats (a pure function of its inputs: kept for the next
    design on the same orbit; single designs spend a third of their time here otherwise)."""
    ill = yearly_illumination(np.asarray(h), np.asarray(inc), np.asarray(ltan), year=year, sun_synchronous=sso,
                              shadow=shadow)  # fmt: skip
    return tuple(float(x) for x in ill)


@lru_cache(maxsize=1024)
def _one_orbit_radiation(h: float, inc: float, thickness: float) -> tuple[float, ...]:
    """:func:`orbit_radiation` of one orbit and shield as floats (pure; kept for the next design)."""
    return tuple(float(x) for x in orbit_radiation(np.asarray(h), np.asarray(inc), np.asarray(thickness)))


def _environment(h: Any, inc: Array, thickness: Array) -> OrbitRadiation:
    """:func:`orbit_radiation`, remembered for one orbit and shield (every argument one number)."""
    if np.ndim(h) or np.ndim(inc) or np.ndim(thickness):
        return orbit_radiation(h, inc, thickness)
    return OrbitRadiation(*(np.asarray(x) for x in _one_orbit_radiation(float(h), float(inc), float(thickness))))


def _orbit(p: Mapping[str, Any]) -> dict[str, Array]:
    h = _a(p["orbit.altitude"])
    sso = p["orbit.kind"] == "sun_synchronous"
    inc = orbit.sun_synchronous_inclination(h) if sso else _a(p["orbit.inclination"])
    year = int(np.max(p["mission.start_year"]))
    shadow = p["orbit.shadow"]
    ltan = _a(p["orbit.ltan"])
    shape = np.broadcast_shapes(h.shape, ltan.shape, np.shape(inc))
    n_orbits = int(np.prod(shape)) if shape else 1
    if sso and n_orbits > DIRECT_ORBIT_LIMIT:
        ill = sso_illumination_interpolated(h, ltan, year=year, shadow=shadow)
    elif not shape and isinstance(shadow, str):  # one orbit: the year's statistics, remembered
        stats = _one_orbit_illumination(float(h), float(_nan_to(inc, nan=np.pi / 2)), float(ltan), year, sso, shadow)
        ill = YearlyIllumination(*(np.asarray(x) for x in stats))
    else:
        ill = yearly_illumination(h, _nan_to(inc, nan=np.pi / 2), ltan, year=year, sun_synchronous=sso, shadow=shadow)
    return {
        "inclination": _a(inc),
        "period": _a(orbit.orbital_period(h)),
        "sunlit_fraction": _a(ill.sunlit_fraction),
        "max_eclipse": _a(ill.max_eclipse_s),
        "eclipse_days": _a(ill.eclipse_days_per_year),
        "mean_illumination": _a(ill.mean_illumination),
        "max_darkness": _a(ill.max_darkness_s),
    }


def _compute(p: Mapping[str, Any]) -> dict[str, Array]:
    per_unit_w = _a(p["satellite.compute.tdp"]) * (1.0 + _a(p["satellite.compute.server_overhead"]))
    given = _a(p["satellite.compute.accelerators"])
    from_power = np.maximum(1.0, np.floor(_a(p["satellite.compute.it_power"]) / per_unit_w + 1e-9))
    units = _choose(np.isnan(given), from_power, given)
    it_sat = units * per_unit_w
    sats_given = _a(p["constellation.satellites"])
    sats = _choose(np.isnan(sats_given), np.ceil(_a(p["constellation.it_power"]) / it_sat - 1e-9), sats_given)
    catalog_mass = _a(compute.compute_mass(units, p["satellite.compute.mass_per_unit"]))
    per_w = _given(p, "compute_mass_per_kw")
    return {
        "units": units,
        "it_sat": it_sat,
        "sats": sats,
        "peak_bf16_sat": _a(compute.peak_flops(units, p["satellite.compute.bf16_dense"])),
        "peak_fp8_sat": _a(compute.peak_flops(units, p["satellite.compute.fp8_dense"])),
        "mass": _choose(np.isnan(per_w), catalog_mass, per_w * it_sat),
        "catalog_mass": catalog_mass,
    }


def _thermal_loop(p: Mapping[str, Any], heat_w: Array) -> dict[str, Array]:
    ladder = thermal.radiator_temperature_from_ladder(
        p["satellite.thermal.junction_max"],
        p["satellite.thermal.delta_junction_to_coolant"],
        p["satellite.thermal.delta_coolant_to_radiator"],
    )
    loop_t = _choose(
        np.isnan(_a(p["satellite.thermal.radiator_temperature"])), ladder, p["satellite.thermal.radiator_temperature"]
    )
    use_hp = _a(p["satellite.thermal.heat_pump.enabled"]) > 0.5
    hot = _a(p["satellite.thermal.heat_pump.radiator_temperature"])
    cop_given = _a(p["satellite.thermal.heat_pump.cop"])
    safe_hot = _choose(hot > loop_t, hot, loop_t + 1.0)
    cop, work, _ = thermal.heat_pump(
        heat_w, loop_t, safe_hot, carnot_fraction=p["satellite.thermal.heat_pump.carnot_fraction"]
    )
    cop = _choose(np.isnan(cop_given), cop, cop_given)
    work = _choose(use_hp, heat_w / cop, 0.0)
    bad_hp = use_hp & (hot <= loop_t)
    return {
        "ladder_t": _a(ladder),
        "too_hot": _a(loop_t) > _a(ladder) + 1e-9,
        "loop_t": _a(loop_t),
        "radiator_t": _choose(use_hp, hot, loop_t),
        "hp_work": _a(work),
        "hp_cop": _choose(use_hp, cop, np.nan),
        "bad_hp": bad_hp,
    }


def _mean_degradation(p: Mapping[str, Any]) -> Array:
    """Life-average of (1 − d)^t: ((1 − d)^L − 1) / (L ln(1 − d)); 1 without degradation."""
    d, life = _a(p["satellite.power.degradation"]), _a(p["mission.lifetime"])
    k = np.log1p(-np.minimum(d, 0.999999))
    safe = _choose(k < -1e-12, k, -1.0)
    return _choose(k < -1e-12, np.expm1(safe * life) / (safe * life), 1.0)


def _power(p: Mapping[str, Any], o: Mapping[str, Array], it_sat: Array, hp_work: Array) -> dict[str, Array]:
    bus_w = it_sat * _a(p["satellite.power.bus_power_fraction"])
    load_sun = it_sat + bus_w + hp_work
    shed = np.asarray(p["satellite.compute.eclipse_policy"] == "shed")
    load_ecl = _choose(shed, bus_w, load_sun)
    # energy: the worst orbit's darkness (umbra + half the penumbra), not the eclipse count's definition
    t_ecl = o["max_darkness"]
    t_sun = o["period"] - t_ecl
    eta = _a(p["satellite.power.distribution_efficiency"])
    rte = _a(p["satellite.power.round_trip_efficiency"])
    p_eol = _a(power.array_power_sunlit(load_sun, load_ecl, t_sun, t_ecl, eta, eta * rte))
    life_factor = _a(power.degradation_factor(p["satellite.power.degradation"], p["mission.lifetime"]))
    size_eol = np.asarray(p["satellite.power.size_for"] == "eol")
    p_bol = _choose(size_eol, p_eol / life_factor, p_eol)
    areal = _a(
        power.array_areal_power(
            p["satellite.power.irradiance"],
            p["satellite.power.efficiency"],
            p["satellite.power.packing_factor"],
            p["satellite.power.temperature_derating"],
            p["satellite.power.pointing_factor"],
        )
    )
    area_needed = p_bol / areal
    given = _given(p, "array_area")
    area = _choose(np.isnan(given), np.minimum(area_needed, _a(p["satellite.power.max_array_area"])), given)
    p_bol_built = area * areal
    # An array sized for beginning of life falls short as it degrades: mean share of the load it carries.
    f_power_cap = np.minimum(1.0, area / area_needed) * _choose(size_eol, 1.0, _mean_degradation(p))
    spec_mass = _a(power.mass_from_specific_power(p_bol_built, p["satellite.power.specific_power"]))
    areal_mass = _a(power.mass_from_areal_density(area, p["satellite.power.areal_density"]))
    array_mass = _choose(np.isnan(_a(p["satellite.power.areal_density"])), spec_mass, areal_mass)
    needed_wh = _a(power.battery_capacity_wh(load_ecl, t_ecl, p["satellite.power.depth_of_discharge"], np.sqrt(rte)))
    given_wh = _given(p, "battery_capacity")
    capacity_wh = _choose(np.isnan(given_wh), needed_wh, given_wh)
    # When compute is shed in eclipse, it runs on the array's direct power: the mean illumination.
    f_shed = _choose(shed, o["mean_illumination"], 1.0)
    return {
        "bus_w": bus_w,
        "load_sun": load_sun,
        "load_eclipse": load_ecl,
        "p_eol": p_bol_built * life_factor,
        "p_bol": p_bol_built,
        "area": area,
        "array_mass": array_mass,
        "battery_wh": capacity_wh,
        "battery_mass": _a(power.battery_mass_kg(capacity_wh, p["satellite.power.battery_specific_energy"])),
        "f_power": f_power_cap * f_shed,
        "f_power_cap": f_power_cap,
        "f_shed": f_shed,
        "short_of_bus": f_power_cap * (it_sat + bus_w) < bus_w,
        "p_eol_needed": p_eol,
        "area_needed_eol": p_eol / (life_factor * areal),
        "given_eol": given if not_given(given) else given * areal * life_factor,
        "battery_needed": needed_wh,
        "battery_margin": given_margin(given_wh, needed_wh),
    }


def _radiator(p: Mapping[str, Any], h: Array, loop: Mapping[str, Array], heat_w: Array) -> dict[str, Array]:
    sides = _a(p["satellite.thermal.sides"])
    edge = p["satellite.thermal.orientation"] == "edge"
    if np.ndim(edge):  # an array of attitudes: both view factors, then pick
        orientation_vf = np.where(
            edge, thermal.earth_view_factor(h, "edge", sides=2) * sides / 2.0, thermal.earth_view_factor(h, "nadir")
        )
    elif edge:  # one attitude: only its view factor is computed
        orientation_vf = _a(thermal.earth_view_factor(h, "edge", sides=2) * sides / 2.0)
    else:
        orientation_vf = _a(thermal.earth_view_factor(h, "nadir"))
    vf = _choose(
        np.isnan(_a(p["satellite.thermal.earth_view_factor"])), orientation_vf, p["satellite.thermal.earth_view_factor"]
    )
    t_earth = (_a(p["satellite.thermal.earth_ir"]) / SIGMA) ** 0.25
    args = (
        p["satellite.thermal.emissivity"],
        p["satellite.thermal.solar_absorptivity"],
        sides,
        p["satellite.power.irradiance"],
        p["satellite.thermal.solar_incidence"],
        t_earth,
        vf,
        p["satellite.thermal.albedo"],
    )
    net = _a(thermal.radiator_net_flux(loop["radiator_t"], *args))
    sink = _a(thermal.sink_temperature(*args))
    rejected = heat_w + loop["hp_work"]
    feasible = net > 0
    area_needed = _choose(feasible, rejected / _choose(feasible, net, 1.0), np.inf)
    given = _given(p, "radiator_area")
    area = _choose(np.isnan(given), np.minimum(area_needed, _a(p["satellite.thermal.max_radiator_area"])), given)
    f_thermal = _choose(feasible, np.minimum(1.0, area / area_needed), 0.0)
    hp_mass = loop["hp_work"] * _a(p["satellite.thermal.heat_pump.mass_per_kw"])
    return {
        "view_factor": _a(vf),
        "net_flux": net,
        "sink_t": sink,
        "area": _choose(feasible, area, np.nan),
        "mass": _choose(feasible, area * _a(p["satellite.thermal.areal_density"]), np.nan),
        "hp_mass": hp_mass,
        "f_thermal": f_thermal,
        "below_sink": ~feasible,
        "rejected": rejected,
        "area_needed": area_needed,
        "capacity": given if not_given(given) else given * np.maximum(net, 0.0),
    }


def _shield(p: Mapping[str, Any], it_sat: Array, compute_mass: Array) -> Array:
    volume = shielding.compute_volume(compute_mass, p["satellite.shielding.packaging_density"])
    by_thickness = shielding.shield_mass(
        shielding.areal_density_aluminium(p["satellite.shielding.thickness"]), shielding.enclosure_area(volume)
    )
    per_w = _a(p["satellite.shielding.kg_per_kw"])
    return _choose(np.isnan(per_w), by_thickness, per_w * it_sat)


def _radiation(p: Mapping[str, Any], inc: Array, compute_mass: Array, shield: Array) -> dict[str, Array]:
    """Mission dose, margins to the accelerator's dose thresholds, single-event error budget.

    The shield is the aluminium-equivalent thickness (or, when sized in kg per
    kW, its mass spread over the enclosure); the environment is the orbit
    average of AE8/AP8 for each solar phase (:mod:`skyrack.physics.orbit_dose`),
    mixed by the mission's share of solar-maximum years; a published dose per year
    (``published.dose_per_year``) replaces the computed one downstream and is checked
    against it (``published.dose_margin``). Headroom in krad,
    the mission's failure probability 1 − exp(−λL) and the work between other
    events (throughput / rate) follow from these outputs.
    """
    area = shielding.enclosure_area(shielding.compute_volume(compute_mass, p["satellite.shielding.packaging_density"]))
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = shield / (_a(area) * shielding.ALUMINIUM_DENSITY_KG_M3)
    thickness = _choose(
        np.isnan(_a(p["satellite.shielding.kg_per_kw"])), _a(p["satellite.shielding.thickness"]), spread
    )
    env = _environment(p["orbit.altitude"], inc, thickness)
    life = _a(p["mission.lifetime"])
    f_max = _a(radiation_effects.solar_max_fraction(p["mission.start_year"], life))
    shield_krad_yr = _a(radiation_effects.mission_dose_rate(env.dose_min, env.dose_max, f_max)) * (YEAR_S / 10.0)
    given = _given(p, "dose_per_year") / 10.0  # Gy/yr to krad/yr (10 Gy/krad)
    krad_yr = _choose(np.isnan(given), shield_krad_yr, given)
    mission = krad_yr * life
    tolerance = _a(p["satellite.compute.tid_tolerance"]) / 10.0
    flux = radiation_effects.mission_dose_rate(env.see_min, env.see_max, f_max)
    errors = radiation_effects.error_budget(flux, p["satellite.compute.accelerators_per_unit"])
    flop_s = (
        _a(p["satellite.compute.bf16_dense"])
        / _a(p["satellite.compute.accelerators_per_unit"])
        * _a(p["satellite.compute.sustained_fraction"])
    )
    return {
        "published.shield_dose_krad_per_year": shield_krad_yr,
        "published.dose_margin": given_margin(given, shield_krad_yr),
        "radiation.shield_thickness_m": _a(thickness),
        "radiation.solar_max_fraction": f_max,
        "radiation.dose_krad_per_year": krad_yr,
        "radiation.mission_dose_krad": mission,
        "radiation.first_anomaly_margin": radiation_effects.dose_margin(
            mission, _a(p["satellite.compute.tid_first_anomaly"]) / 10.0
        )[0],
        "radiation.tolerance_margin": radiation_effects.dose_margin(mission, tolerance)[0],
        "radiation.tid_failure_rate_per_year": _a(radiation_effects.tid_failure_rate(krad_yr, life, tolerance)),
        "radiation.uncorrectable_errors_per_accelerator_year": errors["uncorrectable"],
        "radiation.sdc_per_accelerator_year": errors["sdc"],
        "radiation.interrupts_per_accelerator_year": errors["interrupts"],
        "radiation.mean_flop_between_uncorrectable_errors": _a(
            radiation_effects.work_between_events(errors["uncorrectable"], flop_s)
        ),
    }


def _isp(p: Mapping[str, Any]) -> Array:
    """Specific impulse: ``sustainability.isp`` where given, else the propulsion kind's [s]."""
    kind = p["sustainability.propulsion"]
    if isinstance(kind, str):  # one propulsion kind for the whole batch
        by_kind = _a(drag.ISP_S[kind])
    else:
        by_kind = np.vectorize(drag.ISP_S.__getitem__, otypes=[np.float64])(np.asarray(kind))
    given = _a(p["sustainability.isp"])
    return _choose(np.isnan(given), by_kind, given)


def _propulsion(
    p: Mapping[str, Any], inc: Array, dry0: Array, array_area: Array, radiator_area: Array
) -> dict[str, Array]:
    """Propellant for the mission: drag make-up, avoidance manoeuvres and the disposal burn.

    - area on the flow: Sun-tracking array, radiator edge-on or nadir, bus
      (:func:`skyrack.physics.drag.projected_area`, orbit and year mean);
      B = m₀ / (C_D A) on the dry mass without propulsion (the lightest, so
      the most drag);
    - drag Δv per year ½ ρ̄ v² / B with ρ̄ the NRLMSISE-00 orbit average over
      the mission at the forecast solar activity
      (:func:`skyrack.physics.station_keeping.lifetime_drag_terms`);
    - avoidance: manoeuvres per year against tracked objects
      (:func:`skyrack.physics.debris.avoidance_manoeuvres_per_year`) times
      the Δv of one;
    - disposal: a low-thrust spiral down to the altitude from which a dead,
      tumbling satellite (mean area half its panels plus the bus) decays
      within ``sustainability.disposal_decay`` at the cycle-mean density
      (:func:`skyrack.physics.drag.spiral_delta_v`); none when the orbit
      already decays that fast;
    - propellant by the rocket equation with tanks that grow the dry mass
      (:func:`skyrack.physics.station_keeping.propellant_with_tanks`).
    """
    h = _a(p["orbit.altitude"])
    sso = p["orbit.kind"] == "sun_synchronous"
    ltan = _choose(sso, _a(p["orbit.ltan"]), np.nan) + 0.0 * h
    f_arr, f_edge, f_nadir = station_keeping.tracking_area_factors(inc, ltan)
    f_rad = _choose(np.asarray(p["satellite.thermal.orientation"]) == "nadir", f_nadir, f_edge)
    rad_area = _nan_to(radiator_area)
    bus_area = _a(p["sustainability.bus_area"])
    area = array_area * _a(f_arr) + rad_area * f_rad + bus_area
    b_live = _a(drag.ballistic_coefficient(dry0, area))
    b_dead = _a(drag.ballistic_coefficient(dry0, 0.5 * (array_area + rad_area) + bus_area))
    life = _a(p["mission.lifetime"])
    max_decay = p["sustainability.disposal_decay"]
    rho, decay, target = (
        _a(x)
        for x in station_keeping.lifetime_drag_terms(h, p["mission.start_year"], life, b_dead, max_decay, inc, ltan)
    )
    dv_drag = 0.5 * rho * MU_EARTH / (R_EARTH + h) / b_live * YEAR_S
    hbr = _a(p["sustainability.hard_body_radius"])
    hbr = _choose(np.isnan(hbr), np.sqrt((array_area + rad_area) / np.pi), hbr)
    sigma, threshold = p["sustainability.position_sigma"], p["sustainability.manoeuvre_threshold"]
    avoid = _a(debris.avoidance_manoeuvres_per_year(h, threshold, position_sigma_m=sigma, hard_body_radius_m=hbr))
    dv_avoid = avoid * _a(p["sustainability.avoidance_dv"])
    dv_deorbit = _a(drag.spiral_delta_v(h, np.minimum(target, h)))
    dv = (dv_drag + dv_avoid) * life + dv_deorbit
    isp, tanks = _isp(p), _a(p["sustainability.tank_fraction"])
    growth = (1.0 + _a(p["satellite.bus.margin"])) / (1.0 - _a(p["satellite.bus.structure_fraction"]))
    propellant = _a(station_keeping.propellant_with_tanks(dry0, dv, isp, tanks, growth))
    runaway = np.isinf(propellant)
    propellant = _choose(runaway, np.nan, propellant)  # a runaway has no mass: infeasible
    deorbit = _a(station_keeping.propellant_with_tanks(dry0, dv_deorbit, isp, 0.0))
    return {
        "area": area,
        "b_live": b_live,
        "b_dead": b_dead,
        "rho": rho,
        "dv_drag": dv_drag,
        "avoid": avoid,
        "dv_avoid": dv_avoid,
        "dv_deorbit": dv_deorbit,
        "dv": dv,
        "isp": isp,
        "decay": decay,
        "target": np.minimum(target, h),
        "propellant": propellant,
        "deorbit": deorbit,
        "tanks_dry": growth * tanks * propellant,
        "runaway": runaway,
    }


def _propulsion_outputs(prop: Mapping[str, Array], flat: Array, dry0: Array) -> dict[str, Array]:
    """The ``propulsion.*`` and ``disposal.*`` outputs; with a flat fraction, what it would take is still shown."""
    modelled = np.isnan(flat)
    return {
        "propulsion.projected_area_m2": prop["area"],
        "propulsion.ballistic_coefficient_kg_per_m2": prop["b_live"],
        "propulsion.mean_density_kg_per_m3": prop["rho"],
        "propulsion.drag_dv_m_per_s_per_year": prop["dv_drag"],
        "propulsion.avoidance_manoeuvres_per_year": prop["avoid"],
        "propulsion.avoidance_dv_m_per_s_per_year": prop["dv_avoid"],
        "propulsion.deorbit_dv_m_per_s": prop["dv_deorbit"],
        "propulsion.dv_m_per_s": prop["dv"],
        "propulsion.isp_s": prop["isp"],
        "propulsion.propellant_kg": prop["propellant"],
        "propulsion.modelled": modelled.astype(np.float64) + 0.0 * dry0,
        "disposal.dead_ballistic_coefficient_kg_per_m2": prop["b_dead"],
        "disposal.natural_decay_years": prop["decay"],
        "disposal.target_altitude_m": prop["target"],
        "disposal.deorbit_propellant_kg": prop["deorbit"],
    }


def launch_price_per_flight(p: Mapping[str, Any]) -> Array:
    """What one flight costs the vehicle's owner (``deployment.pricing: at_cost``) [USD].

    :func:`skyrack.physics.launch.at_cost_per_flight` of the launcher's catalog breakdown;
    NaN when the launcher's catalog entry has no at-cost breakdown.

    References
    ----------
    .. [1] Agüera y Arcas et al., arXiv:2511.19468 (2025), sec. 2.4 (cost per kg against reuse).
    .. [2] SpaceX/Musk statements on Starship propellant and fully burdened cost per flight.
    """
    return _a(
        launch.at_cost_per_flight(
            p["launch.propellant_cost"],
            p["launch.refurbishment_cost"],
            p["launch.vehicle_cost"],
            p["launch.reuses"],
            p["launch.operations_cost"],
        )
    )


def _launch(p: Mapping[str, Any], inc: Array, sats: Array, sat_mass: Array, sat_volume: Array) -> dict[str, Array]:
    payload = _a(launch.payload_for_inclination(p["launch.payload_leo"], p["launch.payload_sso"], inc))
    fairing = _a(p["launch.fairing_volume"]) * _a(p["launch.packing_efficiency"])
    total_mass, total_volume = sats * sat_mass, sats * sat_volume
    by_mass = _a(launch.launches_by_mass(total_mass, payload))
    by_volume = _a(launch.launches_by_volume(total_volume, p["launch.fairing_volume"], p["launch.packing_efficiency"]))
    per_launch = np.floor(np.minimum(payload / sat_mass, fairing / sat_volume) + 1e-9)
    assembled = _a(p["launch.in_orbit_assembly"]) > 0.5
    whole = np.ceil(sats / np.maximum(per_launch, 1.0) - 1e-9)
    needed = _choose(assembled, np.maximum(by_mass, by_volume), whole)
    given = _given(p, "launches")
    launches = _choose(np.isnan(given), needed, given)
    too_big = ~assembled & (per_launch < 1)
    return {
        "payload": payload,
        "by_mass": by_mass,
        "by_volume": by_volume,
        "launches": launches,
        "needed": needed,
        "margin": given_margin(given, needed),
        "sats_per_launch": per_launch,
        "too_big": too_big,
    }


PRICED = ("launch.cost_usd", "launch.usd_per_kg", "launch.billed_mass_kg", "launch.usd_per_kw_year",
          "published.launch_cost_priced_usd")  # fmt: skip
"""The outputs of :func:`size` that the launch prices move (:func:`launch_prices`); no other output depends on them."""


def launch_prices(p: Mapping[str, Any], s: Mapping[str, Array]) -> dict[str, Array]:
    """What the fleet's launches cost (:data:`PRICED`), from the sized launches and masses in ``s``.

    At market prices per kg or per flight, or at cost (:func:`launch_price_per_flight`), with the
    Wright learning curve over the launched mass [1]_; a published launch cost replaces the priced one.

    References
    ----------
    .. [1] Wright, T. P., "Factors affecting the cost of airplanes", J. Aeronautical Sciences 3(4),
           122-128, 1936.
    """
    launches, payload, total_mass = s["launch.launches"], s["launch.payload_kg"], s["mass.total_kg"]
    learning = _a(
        launch.wright_average_price(1.0, p["launch.prior_cumulative_mass"], total_mass, p["launch.learning_rate"])
    )
    per_kg = _a(p["launch.price_per_kg"])
    at_cost = np.asarray(p["deployment.pricing"] == "at_cost")
    market = _choose(np.isnan(per_kg), launches * _a(p["launch.price"]), per_kg * total_mass)
    priced = _choose(at_cost, launches * launch_price_per_flight(p), market) * learning
    given_cost = _given(p, "launch_cost")
    cost = _choose(np.isnan(given_cost), priced, given_cost)
    usd_per_kg = cost / total_mass
    wet, p_bol = s["mass.per_satellite_kg"], s["power.array_power_bol_w"]
    return {
        "launch.cost_usd": cost,
        "launch.usd_per_kg": usd_per_kg,
        "launch.billed_mass_kg": _choose(np.isnan(per_kg) | at_cost, launches * payload, total_mass),
        "launch.usd_per_kw_year": _a(launch.launched_power_price(wet, usd_per_kg, p_bol, p["mission.lifetime"])),
        "published.launch_cost_priced_usd": priced,
    }


def _mass(p: Mapping[str, Any], payload: Array, it_sat: Array) -> dict[str, Array]:
    """Dry mass per satellite from the parts (before the propellant and its tanks), and the published
    mass (or W/kg) when given (``stated``, NaN otherwise).

    A published mass is the whole satellite: it leaves the bus, structure and margin what the parts and
    the propellant do not use (never less than 0).
    """
    fractions = _a(p["satellite.bus.adcs_fraction"]) + _nan_to(_a(p["satellite.bus.propulsion_fraction"]))
    subsystems = payload * (1.0 + fractions) + _a(p["satellite.bus.avionics"]) + _a(p["satellite.bus.comms"])
    bottom_up = _a(mass.dry_mass(subsystems, p["satellite.bus.structure_fraction"], p["satellite.bus.margin"]))
    given = _given(p, "satellite_mass")
    stated = _choose(np.isnan(given), it_sat / _given(p, "specific_power"), given)
    return {"bottom_up": bottom_up, "stated": stated}


def _published(
    p: Mapping[str, Any],
    c: Mapping[str, Array],
    pw: Mapping[str, Array],
    rad: Mapping[str, Array],
    la: Mapping[str, Array],
    m: Mapping[str, Array],
    payload: Array,
) -> dict[str, Array]:
    """Published figures against what physics needs: capacities, needs and margins (``published.*``).

    Each margin is the figure's capacity over the need (:func:`skyrack.feasibility.given_margin`),
    NaN where the scenario does not give the figure. The mass check compares the published (or
    W/kg-implied) satellite mass with the mass of the parts physics sizes (the payload: compute,
    shielding, array, battery, radiator, heat pump), which no bus can make lighter.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, sec. 11.4 (array at end of life, battery
           capacity from eclipse load and depth of discharge) and ch. 18 (launch mass).
    .. [2] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 2 and 6 (radiator balance).
    .. [3] Sawyer & Vette, NSSDC/WDC-A-R&S 76-06 (1976), AP-8; Vette, NSSDC/WDC-A-R&S 91-24 (1991), AE-8.
    """
    launches = _given(p, "launches")
    return {
        "published.radiator_heat_capacity_w": rad["capacity"],
        "published.radiator_area_needed_m2": rad["area_needed"],
        "published.radiator_margin": given_margin(rad["capacity"], rad["rejected"]),
        "published.array_power_eol_w": pw["given_eol"],
        "published.array_power_needed_w": pw["p_eol_needed"],
        "published.array_area_needed_m2": pw["area_needed_eol"],
        "published.array_margin": given_margin(pw["given_eol"], pw["p_eol_needed"]),
        "published.battery_needed_wh": pw["battery_needed"],
        "published.battery_margin": pw["battery_margin"],
        "published.launches_needed": la["needed"],
        "published.launch_capacity_kg": launches if not_given(launches) else launches * la["payload"],
        "published.launch_margin": la["margin"],
        "published.launch_cost_priced_usd": _PRICED_LATER,
        "published.compute_mass_catalog_kg": c["catalog_mass"],
        "published.bottom_up_mass_kg": m["bottom_up"],
        "published.parts_specific_power_w_per_kg": c["it_sat"] / payload,
        "published.mass_margin": given_margin(m["stated"], payload),
    }


def size(p: Mapping[str, Any]) -> dict[str, Array]:
    """Size the constellation described by flat parameters ``p`` (see :mod:`skyrack.params`).

    Returns a flat mapping of arrays (broadcast over any array parameters) whose
    keys carry their units; ``feasibility`` is a bit mask of :data:`REASONS`.
    """
    s = physical_size(p)
    s.update(launch_prices(p, s))
    return s


_PRICED_LATER = np.full((), np.nan)  # the place of a PRICED output until launch_prices fills it


def physical_size(p: Mapping[str, Any]) -> dict[str, Array]:
    """:func:`size` without the launch prices: the outputs of :data:`PRICED` are NaN placeholders.

    Nothing here reads a launch price, so a scan over the prices sizes once and prices each point
    (:func:`launch_prices`).
    """
    o = _orbit(p)
    c = _compute(p)
    heat = c["it_sat"] * (1.0 + _a(p["satellite.power.bus_power_fraction"]))
    loop = _thermal_loop(p, heat)
    pw = _power(p, o, c["it_sat"], loop["hp_work"])
    rad = _radiator(p, _a(p["orbit.altitude"]), loop, heat)
    shield = _shield(p, c["it_sat"], c["mass"])
    rads = _radiation(p, o["inclination"], c["mass"], shield)
    payload = c["mass"] + shield + pw["array_mass"] + pw["battery_mass"] + rad["mass"] + rad["hp_mass"]
    flat = _a(p["satellite.bus.propulsion_fraction"])
    m = _mass(p, payload, c["it_sat"])
    dry0 = m["bottom_up"]
    prop = _propulsion(p, o["inclination"], dry0, pw["area"], rad["area"])
    modelled = np.isnan(flat)
    propellant = _choose(modelled, prop["propellant"], 0.0)
    bottom_wet = dry0 + _choose(modelled, prop["tanks_dry"], 0.0) + propellant
    wet = _choose(np.isnan(m["stated"]), bottom_wet, m["stated"])  # a published mass is the whole satellite
    m = {**m, "bottom_up": bottom_wet}
    dry = wet - propellant
    bus_mass = np.maximum(dry - payload, 0.0)
    volume = (
        c["mass"] / _a(p["satellite.shielding.packaging_density"])
        + pw["p_bol"] / _a(p["satellite.power.stowed_power_density"])
        + rad["area"] / _a(p["satellite.thermal.stowed_area_density"])
        + pw["battery_wh"] / _a(p["satellite.power.battery_energy_density"])
        + (bus_mass + propellant) / _a(p["satellite.bus.stowed_density"])
    )
    la = _launch(p, o["inclination"], c["sats"], wet, volume)
    given = _published(p, c, pw, rad, la, m, payload)
    code = (
        published_code({**given, "published.dose_margin": rads["published.dose_margin"]})
        | _choose(np.isnan(o["inclination"]), NO_SSO, 0)
        | _choose(rad["below_sink"], RADIATOR_BELOW_SINK, 0)
        | _choose(la["too_big"], SATELLITE_TOO_BIG, 0)
        | _choose(pw["short_of_bus"], NOT_ENOUGH_POWER, 0)
        | _choose(loop["bad_hp"], BAD_HEAT_PUMP, 0)
        | _choose(loop["too_hot"], CHIPS_TOO_HOT, 0)
        | _choose(modelled & prop["runaway"], PROPELLANT_RUNAWAY, 0)
    )
    sats = c["sats"]
    return {
        "orbit.inclination_rad": o["inclination"],
        "orbit.period_s": o["period"],
        "orbit.sunlit_fraction": o["sunlit_fraction"],
        "orbit.max_eclipse_s": o["max_eclipse"],
        "orbit.eclipse_days_per_year": o["eclipse_days"],
        "orbit.mean_illumination": o["mean_illumination"],
        "orbit.max_darkness_s": o["max_darkness"],
        "constellation.satellites": sats,
        "compute.units_per_satellite": c["units"],
        "compute.units": sats * c["units"],
        "compute.accelerators": sats * c["units"] * _a(p["satellite.compute.accelerators_per_unit"]),
        "compute.it_power_per_satellite_w": c["it_sat"],
        "compute.it_power_w": sats * c["it_sat"],
        "compute.peak_bf16_flops": sats * c["peak_bf16_sat"],
        "compute.peak_fp8_flops": sats * c["peak_fp8_sat"],
        "compute.mass_kg": c["mass"],
        "power.array_area_m2": pw["area"],
        "power.array_mass_kg": pw["array_mass"],
        "power.array_power_bol_w": pw["p_bol"],
        "power.array_power_eol_w": pw["p_eol"],
        "power.battery_wh": pw["battery_wh"],
        "power.battery_mass_kg": pw["battery_mass"],
        "power.load_sunlit_w": pw["load_sun"],
        "power.load_eclipse_w": pw["load_eclipse"],
        "power.battery_depth_of_discharge": _choose(
            pw["battery_wh"] > 0, _a(p["satellite.power.depth_of_discharge"]), 0.0
        ),
        "thermal.radiator_temperature_k": loop["radiator_t"],
        "thermal.ladder_temperature_k": loop["ladder_t"],
        "thermal.loop_temperature_k": loop["loop_t"],
        "thermal.sink_temperature_k": rad["sink_t"],
        "thermal.earth_view_factor": rad["view_factor"],
        "thermal.radiator_net_flux_w_per_m2": rad["net_flux"],
        "thermal.radiator_area_m2": rad["area"],
        "thermal.radiator_mass_kg": rad["mass"],
        "thermal.heat_rejected_w": rad["rejected"],
        "thermal.heat_pump_work_w": loop["hp_work"],
        "thermal.heat_pump_cop": loop["hp_cop"],
        "thermal.heat_pump_mass_kg": rad["hp_mass"],
        "shielding.mass_kg": shield,
        **rads,
        "mass.payload_kg": payload,
        "mass.bus_kg": bus_mass,
        "mass.dry_kg": dry,
        "mass.propellant_kg": propellant,
        "mass.per_satellite_kg": wet,
        "mass.total_kg": sats * wet,
        **_propulsion_outputs(prop, flat, dry0),
        "mass.stowed_volume_m3": volume,
        "launch.payload_kg": la["payload"],
        "launch.launches_by_mass": la["by_mass"],
        "launch.launches_by_volume": la["by_volume"],
        "launch.launches": la["launches"],
        "launch.satellites_per_launch": la["sats_per_launch"],
        **dict.fromkeys(PRICED[:4], _PRICED_LATER),
        "factors.power": pw["f_power"],
        "factors.power_cap": pw["f_power_cap"],
        "factors.eclipse": pw["f_shed"],
        "factors.thermal": rad["f_thermal"],
        **given,
        "feasibility.code": code.astype(np.int64),
    }
