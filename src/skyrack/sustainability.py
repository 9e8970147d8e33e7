"""Sustainability of a constellation: shells, drag and propellant, collisions, dead satellites, brightness.

:func:`assess` is the orchestrator (pvlib's ModelChain in miniature): it takes
a constellation's shells and one satellite's numbers and returns a flat dict of
outputs whose keys carry their units, each computed by a cited function of
:mod:`skyrack.physics` (``shells``, ``thermosphere``, ``drag``, ``debris``,
``brightness``). :func:`costs` prices what it implies for the economics, and
:func:`starlink_avoidance_comparison` is the validation case against SpaceX's
reported Starlink manoeuvres.

Modelling choices stated once (each also a parameter):

- a dead satellite tumbles: its mean projected area is half its panels' area
  plus the bus (Cauchy: a convex body's mean projection is a quarter of its
  surface; a thin plate's surface is twice its area) [1]_;
- disposal lowers a working satellite by a low-thrust spiral to the altitude
  from which it decays within ``disposal_decay_years``; satellites that fail,
  or whose disposal fails (1 − reliability), stay and decay naturally;
- the FCC rule is met when every shell decays naturally within five years, or
  when disposal is planned with at least 0.9 reliability (NASA-STD-8719.14's
  success threshold) [2]_ [3]_.

References
----------
.. [1] Cauchy, A., "Mémoire sur la rectification des courbes et la
       quadrature des surfaces courbes", 1841 (mean projected area = S/4 for
       convex bodies).
.. [2] FCC, Second Report and Order FCC 22-74, "Space Innovation; Mitigation
       of Orbital Debris in the New Space Age", 29 Sep 2022 (five-year
       post-mission disposal rule in LEO).
.. [3] NASA-STD-8719.14C, *Process for Limiting Orbital Debris*, 2021,
       requirement 4.6-4 (disposal success probability ≥ 0.9).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .physics import brightness, debris, drag, shells
from .physics.orbit import sun_synchronous_inclination

__all__ = ["SatelliteNumbers", "ShellSet", "assess", "costs", "shell_set", "starlink_avoidance_comparison"]

FCC_DISPOSAL_YEARS = 5.0
NASA_DISPOSAL_RELIABILITY = 0.9


@dataclass(frozen=True)
class ShellSet:
    """Shells as arrays (one entry per shell). ``ltan_h`` is NaN for a shell of drifting planes."""

    altitude_m: np.ndarray
    thickness_m: np.ndarray
    inclination_rad: np.ndarray
    planes: np.ndarray
    per_plane: np.ndarray
    phasing: np.ndarray
    ltan_h: np.ndarray

    @property
    def satellites(self) -> np.ndarray:
        return self.planes * self.per_plane


def shell_set(rows: Sequence[Mapping[str, Any]]) -> ShellSet:
    """Shells from mappings (``dict(shell)`` of a :class:`skyrack.scenario.shells.Shell`), SI units.

    Keys: ``altitude`` m, ``thickness`` m, ``inclination`` rad (None for a
    sun-synchronous shell: from J2), ``planes``, ``per_plane``, ``phasing``,
    ``kind`` ("walker" or "sso") and ``ltan`` hours for SSO.
    """
    alt = np.array([float(r["altitude"]) for r in rows])
    sso = np.array([r.get("kind", "walker") == "sso" for r in rows])
    inc = np.array([np.nan if r.get("inclination") is None else float(r["inclination"]) for r in rows])
    inc = np.where(sso & np.isnan(inc), sun_synchronous_inclination(alt), inc)
    ltan = np.array([float(r.get("ltan") or 18.0) if s else np.nan for r, s in zip(rows, sso, strict=True)])
    return ShellSet(
        altitude_m=alt,
        thickness_m=np.array([float(r.get("thickness", 0.0)) for r in rows]),
        inclination_rad=inc,
        planes=np.array([int(r["planes"]) for r in rows]),
        per_plane=np.array([int(r["per_plane"]) for r in rows]),
        phasing=np.array([int(r.get("phasing", 0)) for r in rows]),
        ltan_h=ltan,
    )


@dataclass(frozen=True)
class SatelliteNumbers:
    """One satellite's numbers and the operator's choices (SI; see the module notes)."""

    mass_kg: float
    array_area_m2: float
    radiator_area_m2: float
    bus_area_m2: float = 4.0
    radiator_orientation: str = "edge"
    lifetime_years: float = 5.0
    start_year: float = 2030.0
    failure_rate_per_year: float = 0.02
    disposal_reliability: float = 0.9
    disposal_decay_years: float = 1.0
    isp_s: float = drag.ISP_S["hall-argon"]
    tank_fraction: float = 0.1
    pc_threshold: float = 1e-4
    position_sigma_m: float = 100.0
    hard_body_radius_m: float | None = None
    avoidance_dv_m_s: float = 0.1
    min_separation_m: float = 1000.0
    array_albedo: float = 0.05
    radiator_albedo: float = 0.1
    bus_albedo: float = 0.2
    observer_latitude_rad: float = float(np.radians(40.0))
    min_elevation_rad: float = float(np.radians(30.0))


def _geometry(s: ShellSet, sat: SatelliteNumbers) -> dict[str, Any]:
    seps = [
        shells.walker_min_separation(h, i, int(p), int(q), int(f))[0]
        for h, i, p, q, f in zip(s.altitude_m, s.inclination_rad, s.planes, s.per_plane, s.phasing, strict=True)
    ]
    gaps = shells.shell_gaps(s.altitude_m, s.thickness_m)
    capacity = np.asarray(shells.packing_capacity(s.altitude_m, sat.min_separation_m))
    return {
        "sustainability.shells": float(len(s.altitude_m)),
        "sustainability.satellites": float(np.sum(s.satellites)),
        "sustainability.min_separation_in_shell_m": float(np.min(seps)),
        "sustainability.min_shell_gap_m": float(np.min(gaps)) if len(s.altitude_m) > 1 else float("inf"),
        "sustainability.shells_overlap": bool(len(s.altitude_m) > 1 and np.min(gaps) < 0),
        "sustainability.capacity_used_fraction": float(np.max(s.satellites / capacity)),
    }


def _drag(s: ShellSet, sat: SatelliteNumbers) -> tuple[dict[str, Any], np.ndarray]:
    area = np.asarray(
        drag.projected_area(
            sat.array_area_m2,
            sat.radiator_area_m2,
            sat.bus_area_m2,
            s.inclination_rad,
            s.ltan_h,
            radiator="nadir" if sat.radiator_orientation == "nadir" else "edge",
        )
    )
    b_live = np.asarray(drag.ballistic_coefficient(sat.mass_kg, area))
    b_dead = float(
        drag.ballistic_coefficient(sat.mass_kg, 0.5 * (sat.array_area_m2 + sat.radiator_area_m2) + sat.bus_area_m2)
    )
    years = max(1, round(sat.lifetime_years))
    dv_year = np.array(
        [
            float(drag.drag_delta_v_per_year(h, b, sat.start_year, i, None if np.isnan(lt) else lt, years=years))
            for h, b, i, lt in zip(s.altitude_m, b_live, s.inclination_rad, s.ltan_h, strict=True)
        ]
    )
    decay = np.array(
        [
            float(drag.decay_time(h, b_dead, sat.start_year + sat.lifetime_years, i, None if np.isnan(lt) else lt))
            for h, i, lt in zip(s.altitude_m, s.inclination_rad, s.ltan_h, strict=True)
        ]
    )
    target = np.array(
        [
            float(drag.disposal_altitude(b_dead, i, None if np.isnan(lt) else lt, max_years=sat.disposal_decay_years))
            for i, lt in zip(s.inclination_rad, s.ltan_h, strict=True)
        ]
    )
    deorbit = np.asarray(drag.spiral_delta_v(s.altitude_m, np.minimum(target, s.altitude_m)))
    w = s.satellites / np.sum(s.satellites)
    out = {
        "sustainability.projected_area_m2": float(np.sum(w * area)),
        "sustainability.ballistic_coefficient_kg_per_m2": float(np.sum(w * b_live)),
        "sustainability.dead_ballistic_coefficient_kg_per_m2": b_dead,
        "sustainability.dv_m_per_s_per_year": float(np.sum(w * dv_year)),
        "sustainability.dv_max_m_per_s_per_year": float(np.max(dv_year)),
        "sustainability.deorbit_dv_m_per_s": float(np.sum(w * deorbit)),
        "sustainability.decay_years": float(np.max(decay)),
        "sustainability.decay_years_min": float(np.min(decay)),
    }
    return out, np.stack([dv_year, deorbit, decay, area])


def _risk(s: ShellSet, sat: SatelliteNumbers, area: np.ndarray, decay: np.ndarray) -> dict[str, Any]:
    n = s.satellites
    hbr = sat.hard_body_radius_m or float(np.sqrt((sat.array_area_m2 + sat.radiator_area_m2) / np.pi))
    hits_1cm = np.asarray(debris.collisions_per_year(area, debris.debris_density(s.altitude_m, "1cm")))
    hits_tracked = np.asarray(debris.collisions_per_year(area, debris.debris_density(s.altitude_m, "tracked")))
    manoeuvres = np.asarray(
        debris.avoidance_manoeuvres_per_year(
            s.altitude_m, sat.pc_threshold, position_sigma_m=sat.position_sigma_m, hard_body_radius_m=hbr
        )
    )
    conj = np.asarray(
        debris.shell_conjunctions_per_year(n, s.altitude_m, s.thickness_m, s.inclination_rad, sat.min_separation_m)
    )
    per_year, standing = debris.dead_satellites(
        n, sat.failure_rate_per_year, sat.lifetime_years, sat.disposal_reliability, decay
    )
    return {
        "sustainability.hard_body_radius_m": hbr,
        "sustainability.collisions_per_year": float(np.sum(n * hits_1cm)),
        "sustainability.collisions_tracked_per_year": float(np.sum(n * hits_tracked)),
        "sustainability.avoidance_manoeuvres_per_year": float(np.sum(n * manoeuvres)),
        "sustainability.avoidance_manoeuvres_per_satellite_year": float(np.sum(n * manoeuvres) / np.sum(n)),
        "sustainability.conjunctions_in_shell_per_year": float(np.sum(n * conj) / 2.0),
        "sustainability.dead_satellites_per_year": float(np.sum(per_year)),
        "sustainability.dead_satellites": float(np.sum(standing)),
    }


def _sky(s: ShellSet, sat: SatelliteNumbers) -> dict[str, Any]:
    rho_a = sat.array_albedo * sat.array_area_m2 + sat.radiator_albedo * sat.radiator_area_m2
    rho_a += sat.bus_albedo * sat.bus_area_m2
    visible, bright, over = 0.0, np.inf, 0.0
    for dec in np.radians([-23.44, 0.0, 23.44]):
        for sun_alt in np.radians([-12.0, -18.0]):
            sky = brightness.twilight_sky(
                sat.observer_latitude_rad,
                dec,
                sun_alt,
                s.altitude_m,
                s.inclination_rad,
                s.satellites,
                np.full(s.altitude_m.shape, rho_a),
                min_elevation_rad=sat.min_elevation_rad,
            )
            visible = max(visible, float(np.sum(sky.visible)))
            over = max(over, float(np.sum(sky.brighter_than_limit)))
            bright = min(bright, float(np.min(sky.brightest_magnitude)))
    return {
        "sustainability.albedo_area_m2": rho_a,
        "sustainability.brightest_magnitude": bright,
        "sustainability.visible_at_twilight": visible,
        "sustainability.visible_brighter_than_limit": over,
        "sustainability.brightness_ok": bool(over < 0.5),
    }


def assess(s: ShellSet, sat: SatelliteNumbers) -> dict[str, Any]:
    """Every sustainability output of a constellation: flat, unit-suffixed keys.

    Parameters
    ----------
    s : ShellSet
        The shells (:func:`shell_set`).
    sat : SatelliteNumbers
        The satellite and the operator's choices.

    Returns
    -------
    dict
        ``sustainability.*`` keys: geometry (separations, gaps, capacity used),
        drag (projected area, B, Δv per year, deorbit Δv, decay years),
        propellant and propulsion mass per satellite, collisions, avoidance
        manoeuvres, in-shell conjunctions, dead satellites, FCC compliance and
        brightness. Fleet totals are per year; Δv and masses per satellite.
    """
    out = _geometry(s, sat)
    drag_out, (dv_year, deorbit, decay, area) = _drag(s, sat)
    out.update(drag_out)
    out.update(_risk(s, sat, area, decay))
    w = s.satellites / np.sum(s.satellites)
    per_sat_manoeuvres = out["sustainability.avoidance_manoeuvres_per_satellite_year"]
    dv_life = (dv_year + per_sat_manoeuvres * sat.avoidance_dv_m_s) * sat.lifetime_years + deorbit
    prop = np.asarray(drag.propulsion_mass(sat.mass_kg, dv_life, sat.isp_s, tank_fraction=sat.tank_fraction))
    propellant = prop / (1.0 + sat.tank_fraction)
    out.update(
        {
            "sustainability.dv_lifetime_m_per_s": float(np.sum(w * dv_life)),
            "sustainability.propellant_kg_per_year": float(np.sum(w * propellant) / sat.lifetime_years),
            "sustainability.propellant_kg": float(np.sum(w * propellant)),
            "sustainability.deorbit_propellant_kg": float(
                np.sum(w * np.asarray(drag.propulsion_mass(sat.mass_kg, deorbit, sat.isp_s, tank_fraction=0.0)))
            ),
            "sustainability.propulsion_mass_kg": float(np.sum(w * prop)),
            "sustainability.passive_5yr_compliant": bool(out["sustainability.decay_years"] <= FCC_DISPOSAL_YEARS),
            "sustainability.fcc_5yr_compliant": bool(
                out["sustainability.decay_years"] <= FCC_DISPOSAL_YEARS
                or sat.disposal_reliability >= NASA_DISPOSAL_RELIABILITY
            ),
        }
    )
    out.update(_sky(s, sat))
    return out


def costs(
    outputs: Mapping[str, Any],
    *,
    satellite_cost_usd: float,
    satellite_mass_kg: float,
    launch_usd_per_kg: float,
    failure_rate_per_year: float,
    years: float,
) -> dict[str, float]:
    """What sustainability adds to the bill over ``years``, USD.

    - propulsion: launching the propulsion mass (propellant, tanks) of every
      satellite: N m_prop c_launch;
    - replacements: satellites that fail early are replaced at the satellite
      price plus launch, N λ T (c_sat + m c_launch) — failures before the end
      of life, which the flat lifetime replacement does not count.

    Parameters
    ----------
    outputs : mapping
        :func:`assess` outputs.
    satellite_cost_usd, satellite_mass_kg : float
        One satellite's price (USD) and dry mass (kg).
    launch_usd_per_kg : float
        Launch price, USD/kg.
    failure_rate_per_year : float
        Random failure rate, 1/yr.
    years : float
        Period, yr.

    Returns
    -------
    dict
        ``sustainability.propulsion_launch_usd``, ``sustainability.replacement_usd``,
        ``sustainability.total_usd``.
    """
    n = float(outputs["sustainability.satellites"])
    propulsion = n * float(outputs["sustainability.propulsion_mass_kg"]) * launch_usd_per_kg
    replaced = n * failure_rate_per_year * years
    replacement = replaced * (satellite_cost_usd + satellite_mass_kg * launch_usd_per_kg)
    return {
        "sustainability.propulsion_launch_usd": propulsion,
        "sustainability.replacement_usd": replacement,
        "sustainability.total_usd": propulsion + replacement,
    }


STARLINK_REPORT: dict[str, Any] = {
    "source": "SpaceX, semi-annual Starlink constellation status report to the FCC (filed 31 Dec 2025) covering "
    "1 Jun - 30 Nov 2025: 148,696 collision-avoidance manoeuvres; ~9,400 satellites on orbit; SpaceX manoeuvres "
    "at Pc >= 3e-7 (industry practice 1e-4). Figures as reported by Space Intel Report and New Scientist",
    "manoeuvres": 148_696.0,
    "half_years": 1.0,
    "satellites": 9_400.0,
    "pc_threshold": 3e-7,
    "altitude_m": 550e3,
}
"""The published validation figures (the filing's numbers, as reported in the press; see the source text)."""


def starlink_avoidance_comparison(
    report: Mapping[str, Any] | None = None, *, position_sigma_m: float = 100.0, hard_body_radius_m: float = 10.0
) -> dict[str, float | str]:
    """A megaconstellation's reported avoidance manoeuvres per satellite-year against skyrack's prediction.

    The prediction is :func:`skyrack.physics.debris.avoidance_manoeuvres_per_year`
    at the report's altitude and manoeuvre threshold (SpaceX: Pc 3e-7), with the
    shipped tracked-object density — a **skyrack estimate** (ESA's population
    totals spread over altitude, see :mod:`skyrack.physics.debris`), not ORDEM or
    MASTER output, which already holds the Starlink shells — and the stated
    covariance and hard-body radius (skyrack assumptions: 100 m, 10 m).

    Parameters
    ----------
    report : mapping, optional
        ``manoeuvres`` in ``half_years`` six-month periods by ``satellites``
        satellites at ``altitude_m`` and ``pc_threshold``, with its ``source``;
        default :data:`STARLINK_REPORT`.
    position_sigma_m : float
        1-σ combined position uncertainty, m.
    hard_body_radius_m : float
        Combined hard-body radius, m.

    Returns
    -------
    dict
        ``reported_per_satellite_year``, ``predicted_per_satellite_year``,
        ``ratio`` (predicted / reported) and ``source``.

    References
    ----------
    .. [4] SpaceX, semi-annual constellation status reports to the FCC, filed
           under FCC 21-48 ¶ 97u (27 Apr 2021) and 37 FCC Rcd 14882 ¶ 135
           (1 Dec 2022); the period is given in ``source``.
    """
    r = STARLINK_REPORT if report is None else report
    reported = float(r["manoeuvres"]) / (float(r["half_years"]) * 0.5) / float(r["satellites"])
    predicted = float(
        debris.avoidance_manoeuvres_per_year(
            float(r["altitude_m"]),
            float(r["pc_threshold"]),
            position_sigma_m=position_sigma_m,
            hard_body_radius_m=hard_body_radius_m,
        )
    )
    return {
        "source": str(r["source"]),
        "reported_per_satellite_year": reported,
        "predicted_per_satellite_year": predicted,
        "ratio": predicted / reported,
    }
